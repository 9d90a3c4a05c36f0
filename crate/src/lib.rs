//! Resample: up- and down-sampling kernels over buffers in wasm linear memory.
//!
//! This file is the whole exported boundary. Exports take pointers (offsets
//! into linear memory, from `alloc`) and numbers, and return a status: the
//! TypeScript layer validates arguments and sizes outputs; here we re-check
//! only what could make a kernel read or write outside its blocks.

pub mod interpolate;
pub mod mem;
pub mod simd;

use wasm_bindgen::prelude::*;

/// Status codes returned by every kernel export.
pub const OK: u32 = 0;
/// A pointer is not a live block, or a block is too small for the shape.
pub const BAD_BUFFER: u32 = 1;
/// Parameters the TS layer should have rejected.
pub const BAD_ARGUMENT: u32 = 2;
/// A kernel's scratch memory could not be allocated; nothing was written.
pub const OUT_OF_MEMORY: u32 = 3;

#[wasm_bindgen]
pub fn alloc(bytes: usize) -> usize {
    mem::alloc(bytes)
}

#[wasm_bindgen]
pub fn free(ptr: usize) {
    mem::free(ptr)
}

/// Test hook: run kernels on their scalar path (`false`) or vector path.
#[wasm_bindgen]
pub fn set_simd(on: bool) {
    simd::set_enabled(on)
}

/// Input and output must be distinct live blocks holding the given lengths.
fn io<'a>(x: usize, x_len: usize, y: usize, y_len: usize) -> Result<(&'a [f32], &'a mut [f32]), u32> {
    if x == y {
        return Err(BAD_BUFFER);
    }
    match (mem::slice(x, x_len), mem::slice_mut(y, y_len)) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(BAD_BUFFER),
    }
}

fn status(r: Result<(), u32>) -> u32 {
    r.err().unwrap_or(OK)
}

/// Scale factors cross as f64; anything not positive means "none given".
fn scale(s: f64) -> Option<f64> {
    (s > 0.0).then_some(s)
}

/// `rank` spatial axes (1..=3), lengths given outermost first in `d, h, w`
/// (unused leading ones are 1). `flags`: bit 0 align_corners, bit 1 channels_last,
/// bit 2 antialias.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn interpolate(
    x: usize, y: usize, mode: u32, flags: u32, rank: u32, batch: u32, channels: u32,
    id: u32, ih: u32, iw: u32, od: u32, oh: u32, ow: u32, sd: f64, sh: f64, sw: f64,
) -> u32 {
    let Some(mode) = interpolate::Mode::from_code(mode) else { return BAD_ARGUMENT };
    let all = [(id, od, sd), (ih, oh, sh), (iw, ow, sw)];
    let rank = rank as usize;
    if !(1..=3).contains(&rank) {
        return BAD_ARGUMENT;
    }
    let axes = all[3 - rank..]
        .iter()
        .map(|&(i, o, s)| interpolate::AxisSpec::new(i as usize, o as usize, scale(s)))
        .collect();
    let spec = interpolate::Spec {
        mode,
        align_corners: flags & 1 != 0,
        channels_last: flags & 2 != 0,
        antialias: flags & 4 != 0,
        batch: batch as usize,
        channels: channels as usize,
        axes,
    };
    status(io(x, spec.in_len(), y, spec.out_len()).and_then(|(x, y)| {
        interpolate::interpolate(x, y, &spec).map_err(|e| match e {
            interpolate::Error::InvalidSpec => BAD_ARGUMENT,
            interpolate::Error::OutOfMemory => OUT_OF_MEMORY,
        })
    }))
}
