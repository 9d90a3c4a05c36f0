//! The `pad` export: its argument block, as TypeScript writes it, and the
//! checks that keep the kernel inside the blocks it names.

use super as pad;
use crate::error::KernelError;
use crate::mem;
use crate::record;
use crate::seam::{io, path, run};
use pad::MAX_AXES;
use wasm_bindgen::prelude::*;

record! {
    /// F.pad over `outer` blocks of `axes` padded axes (outermost first):
    /// per axis the input and output lengths and the left padding (an
    /// integer, negative to crop). `mode` a `PadMode` code.
    pub struct PadArgs for pad {
        pub path: u32,
        pub x: u32,
        pub y: u32,
        pub mode: u32,
        pub value: f64,
        pub outer: u32,
        pub axes: u32,
        pub input: [u32; MAX_AXES],
        pub output: [u32; MAX_AXES],
        pub left: [f64; MAX_AXES],
    }
}

#[wasm_bindgen]
pub fn pad(args: usize) -> u32 {
    run(args, |a: &PadArgs| {
        let mode = pad::Mode::from_code(a.mode).ok_or(KernelError::BadArgument)?;
        let k = a.axes as usize;
        if k > MAX_AXES || a.left[..k.min(MAX_AXES)].iter().any(|l| l.fract() != 0.0 || l.abs() > i32::MAX as f64) {
            return Err(KernelError::BadArgument);
        }
        let axes = mem::try_collect((0..k).map(|i| pad::Axis { in_len: a.input[i] as usize, out_len: a.output[i] as usize, left: a.left[i] as isize }))?;
        let spec = pad::Spec { mode, value: a.value as f32, outer: a.outer as usize, axes };
        let (n_in, n_out) = spec.lens().ok_or(KernelError::BadArgument)?;
        let (x, y) = io(a.x, n_in, a.y, n_out)?;
        pad::pad(path(a.path)?, x, y, &spec)
    })
}
