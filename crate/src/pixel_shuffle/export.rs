//! The `pixel_shuffle` export: its argument block, as TypeScript writes it, and the
//! checks that keep the kernel inside the blocks it names.

use super as pixel_shuffle;
use crate::error::KernelError;
use crate::record;
use crate::seam::{io, path, run, sizes};
use wasm_bindgen::prelude::*;

record! {
    /// pixel_shuffle (`unshuffle` 0) or pixel_unshuffle (1) over `groups`
    /// groups of factor² planes of `height × width` (the small side).
    pub struct PixelShuffleArgs for pixel_shuffle {
        pub path: u32,
        pub x: u32,
        pub y: u32,
        pub unshuffle: u32,
        pub groups: u32,
        pub factor: u32,
        pub height: u32,
        pub width: u32,
    }
}

#[wasm_bindgen]
pub fn pixel_shuffle(args: usize) -> u32 {
    run(args, |a: &PixelShuffleArgs| {
        let [groups, r, h, w] = sizes([a.groups, a.factor, a.height, a.width]);
        let n = [r, r, h, w].iter().try_fold(groups, |n, &d| n.checked_mul(d)).ok_or(KernelError::BadBuffer)?;
        let (x, y) = io(a.x, n, a.y, n)?;
        pixel_shuffle::pixel_shuffle(path(a.path)?, x, y, groups, r, h, w, a.unshuffle == 0)
    })
}
