//! The `affine_grid` export: its argument block, as TypeScript writes it, and
//! the checks that keep the kernel inside the blocks it names.

use super as affine_grid;
use crate::error::KernelError;
use crate::record;
use crate::seam::{io, run, sizes};
use wasm_bindgen::prelude::*;

record! {
    /// `F.affine_grid`: `theta` [batch, rank, rank + 1] to `grid`
    /// [batch, *size, rank], `size` D, H, W (D is 1 when `rank` is 2).
    pub struct AffineGridArgs for affine_grid {
        pub theta: u32,
        pub grid: u32,
        pub align_corners: u32,
        pub rank: u32,
        pub batch: u32,
        pub size: [u32; 3],
    }
}

#[wasm_bindgen]
pub fn affine_grid(args: usize) -> u32 {
    run(args, |a: &AffineGridArgs| {
        let rank = a.rank as usize;
        let [batch] = sizes([a.batch]);
        let size = sizes(a.size);
        let lens = affine_grid::lens(rank, batch, size).ok_or(KernelError::BadBuffer)?;
        let (theta, grid) = io(a.theta, lens[0], a.grid, lens[1])?;
        affine_grid::affine_grid(theta, grid, rank, batch, size, a.align_corners != 0)
    })
}
