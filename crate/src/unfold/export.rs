//! The `unfold` export (im2col, and col2im with `fold` 1): its argument block,
//! as TypeScript writes it, and the checks that keep the kernel inside the
//! blocks it names.

use super::{self as unfold, Geometry};
use crate::error::KernelError;
use crate::record;
use crate::seam::{io, path, run, sizes};
use wasm_bindgen::prelude::*;

record! {
    /// unfold (`fold` 0: image `x` to columns `y`) or fold (1: columns `x`
    /// to image `y`) over `planes` planes of `image` = [d, h, w] and
    /// `blocks` = [od, oh, ow] sliding blocks; every triple is [depth,
    /// height, width] (2-D: depth 1, kernel, stride and dilation 1,
    /// padding 0). `padding` is each axis's start (the end is what `blocks`
    /// implies).
    pub struct UnfoldArgs for unfold {
        pub path: u32,
        pub x: u32,
        pub y: u32,
        pub fold: u32,
        pub planes: u32,
        pub image: [u32; 3],
        pub blocks: [u32; 3],
        pub kernel: [u32; 3],
        pub stride: [u32; 3],
        pub padding: [u32; 3],
        pub dilation: [u32; 3],
    }
}

#[wasm_bindgen]
pub fn unfold(args: usize) -> u32 {
    run(args, |a: &UnfoldArgs| {
        let [planes] = sizes([a.planes]);
        let g = Geometry {
            planes,
            image: sizes(a.image),
            blocks: sizes(a.blocks),
            kernel: sizes(a.kernel),
            stride: sizes(a.stride),
            padding: sizes(a.padding),
            dilation: sizes(a.dilation),
        };
        let (image, cols) = g.lens().ok_or(KernelError::BadBuffer)?;
        let fold = a.fold != 0;
        let (x, y) = if fold { io(a.x, cols, a.y, image)? } else { io(a.x, image, a.y, cols)? };
        unfold::apply(path(a.path)?, &g, x, y, fold)
    })
}
