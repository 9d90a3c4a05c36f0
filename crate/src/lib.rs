//! Resample: up- and down-sampling kernels over buffers in wasm linear memory.
//!
//! This file is the whole exported boundary. Exports take pointers (offsets
//! into linear memory, from `alloc`) and numbers, and return a status: the
//! TypeScript layer validates arguments and sizes outputs; here we re-check
//! only what could make a kernel read or write outside its blocks.

pub mod image;
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
/// (unused leading ones are 1). `flags`: bit 0 align_corners, bit 1 channels_last.
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
        batch: batch as usize,
        channels: channels as usize,
        axes,
    };
    status(io(x, spec.in_len(), y, spec.out_len()).and_then(|(x, y)| {
        interpolate::interpolate(x, y, &spec).map_err(|_| BAD_ARGUMENT)
    }))
}

/// RGBA u8 resize. `src` holds source rows `src_y0 .. src_y0 + src_rows` of
/// an `in_w × in_h` image; `dst` receives output rows `dst_y0 .. dst_y0 +
/// dst_rows` of the `out_w × out_h` result. `flags`: bit 0 premultiply alpha,
/// bit 1 linear light.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn resize_image(
    src: usize, dst: usize, filter: u32, flags: u32, in_w: u32, in_h: u32, out_w: u32, out_h: u32,
    src_y0: u32, src_rows: u32, dst_y0: u32, dst_rows: u32,
) -> u32 {
    let Some(filter) = image::Filter::from_code(filter) else { return BAD_ARGUMENT };
    let spec = image::Spec {
        filter,
        premultiply: flags & 1 != 0,
        linear: flags & 2 != 0,
        in_w: in_w as usize,
        in_h: in_h as usize,
        out_w: out_w as usize,
        out_h: out_h as usize,
        src_y0: src_y0 as usize,
        src_rows: src_rows as usize,
        dst_y0: dst_y0 as usize,
        dst_rows: dst_rows as usize,
    };
    let (Some(src_len), Some(dst_len)) = (spec.src_len(), spec.dst_len()) else { return BAD_ARGUMENT };
    if src == dst {
        return BAD_BUFFER;
    }
    match (mem::slice::<u8>(src, src_len), mem::slice_mut::<u8>(dst, dst_len)) {
        (Some(x), Some(y)) => status(image::resize(x, y, &spec).map_err(|_| BAD_ARGUMENT)),
        _ => BAD_BUFFER,
    }
}
