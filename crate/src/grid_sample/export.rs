//! The `grid_sample` export: its argument block, as TypeScript writes it, and
//! the checks that keep the kernel inside the blocks it names.

use super as grid_sample;
use super::{GridMode, GridPadding, GridRule, Spec};
use crate::error::KernelError;
use crate::mem;
use crate::record;
use crate::seam::{io, path, run, sizes};
use wasm_bindgen::prelude::*;

record! {
    /// `F.grid_sample` of `x` [batch, channels, *input] at `grid`
    /// [batch, *output, rank] into `y` [batch, channels, *output]. Per-axis
    /// arrays are D, H, W; D is 1 when `rank` is 2.
    pub struct GridSampleArgs for grid_sample {
        pub path: u32,
        pub x: u32,
        pub grid: u32,
        pub y: u32,
        pub mode: u32,
        pub padding: u32,
        pub rule: u32,
        pub align_corners: u32,
        pub rank: u32,
        pub batch: u32,
        pub channels: u32,
        pub input: [u32; 3],
        pub output: [u32; 3],
    }
}

#[wasm_bindgen]
pub fn grid_sample(args: usize) -> u32 {
    run(args, |a: &GridSampleArgs| {
        let spec = Spec {
            mode: GridMode::from_code(a.mode).ok_or(KernelError::BadArgument)?,
            padding: GridPadding::from_code(a.padding).ok_or(KernelError::BadArgument)?,
            rule: GridRule::from_code(a.rule).ok_or(KernelError::BadArgument)?,
            align_corners: a.align_corners != 0,
            rank: a.rank as usize,
            batch: a.batch as usize,
            channels: a.channels as usize,
            input: sizes(a.input),
            output: sizes(a.output),
        };
        let [nx, ng, ny] = spec.lens().ok_or(KernelError::BadBuffer)?;
        if a.grid == a.x || a.grid == a.y {
            return Err(KernelError::BadBuffer);
        }
        let grid = mem::slice::<f32>(a.grid as usize, ng)?;
        let (x, y) = io(a.x, nx, a.y, ny)?;
        grid_sample::grid_sample(path(a.path)?, x, grid, y, &spec)
    })
}
