//! The `interpolate` export: its argument block, as TypeScript writes it, and the
//! checks that keep the kernel inside the blocks it names.

use super as interpolate;
use crate::error::KernelError;
use crate::mem;
use crate::record;
use crate::seam::{io, path, run, scale};
use wasm_bindgen::prelude::*;

record! {
    /// `F.interpolate` over `rank` spatial axes (1..=3). Per-axis arrays are
    /// outermost first (D, H, W); the unused leading entries are ignored.
    /// `scale` > 0 is the scale factor the kernel uses on that axis
    /// (PyTorch's scale_factor without recompute); 0 means in/out.
    /// `uint8` != 0: x and y are bytes (PyTorch's uint8 kernels).
    pub struct InterpolateArgs for interpolate {
        pub path: u32,
        pub x: u32,
        pub y: u32,
        pub mode: u32,
        pub align_corners: u32,
        pub channels_last: u32,
        pub antialias: u32,
        pub uint8: u32,
        pub rank: u32,
        pub batch: u32,
        pub channels: u32,
        pub input: [u32; 3],
        pub output: [u32; 3],
        pub scale: [f64; 3],
    }
}

#[wasm_bindgen]
pub fn interpolate(args: usize) -> u32 {
    run(args, |a: &InterpolateArgs| {
        let mode = interpolate::Mode::from_code(a.mode).ok_or(KernelError::BadArgument)?;
        let rank = a.rank as usize;
        if !(1..=3).contains(&rank) {
            return Err(KernelError::BadArgument);
        }
        let axes = (3 - rank..3).map(|k| interpolate::AxisSpec::new(a.input[k] as usize, a.output[k] as usize, scale(a.scale[k])));
        let spec = interpolate::Spec {
            mode,
            align_corners: a.align_corners != 0,
            channels_last: a.channels_last != 0,
            antialias: a.antialias != 0,
            batch: a.batch as usize,
            channels: a.channels as usize,
            axes: mem::try_collect(axes)?,
        };
        if a.uint8 != 0 {
            let (x, y) = io(a.x, spec.in_len(), a.y, spec.out_len())?;
            return interpolate::uint8::interpolate(path(a.path)?, x, y, &spec);
        }
        let (x, y) = io(a.x, spec.in_len(), a.y, spec.out_len())?;
        interpolate::interpolate(path(a.path)?, x, y, &spec)
    })
}
