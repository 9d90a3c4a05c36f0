//! The `pixel_shuffle` export: its argument block, as TypeScript writes it, and the
//! checks that keep the kernel inside the blocks it names.

use super as pixel_shuffle;
use crate::error::KernelError;
use crate::record;
use crate::seam::{io, path, run, sizes};
use wasm_bindgen::prelude::*;

record! {
    /// pixel_shuffle (`unshuffle` 0) or pixel_unshuffle (1) over `batch` ×
    /// `channels` groups of factor² planes of `height × width` (the small
    /// side), channels after the spatial axes with `channels_last`; the small
    /// side's channels in ONNX's DCR order with `blocks_outer`.
    pub struct PixelShuffleArgs for pixel_shuffle {
        pub path: u32,
        pub x: u32,
        pub y: u32,
        pub unshuffle: u32,
        pub batch: u32,
        pub channels: u32,
        pub channels_last: u32,
        pub blocks_outer: u32,
        pub factor: u32,
        pub height: u32,
        pub width: u32,
    }
}

#[wasm_bindgen]
pub fn pixel_shuffle(args: usize) -> u32 {
    run(args, |a: &PixelShuffleArgs| {
        let [batch, channels, r, h, w] = sizes([a.batch, a.channels, a.factor, a.height, a.width]);
        let n = [channels, r, r, h, w].iter().try_fold(batch, |n, &d| n.checked_mul(d)).ok_or(KernelError::BadBuffer)?;
        let (x, y) = io(a.x, n, a.y, n)?;
        let shape = pixel_shuffle::Shuffle { batch, channels, r, h, w, channels_last: a.channels_last != 0, blocks_outer: a.blocks_outer != 0 };
        pixel_shuffle::pixel_shuffle(path(a.path)?, x, y, &shape, a.unshuffle == 0)
    })
}
