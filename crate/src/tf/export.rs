//! The `tf_resize` export: its argument block, as TypeScript writes it, and
//! the checks that keep the kernel inside the blocks it names.

use super as tf;
use crate::error::KernelError;
use crate::record;
use crate::seam::{io, path, run, sizes};
use wasm_bindgen::prelude::*;

record! {
    /// `tf.image.resize` of `batch` NHWC images (`[in_height, in_width,
    /// channels]` → `[out_height, out_width, channels]`). `uint8` != 0: x is
    /// bytes; y is float32, or bytes for `Nearest` on bytes.
    pub struct TfResizeArgs for tf_resize {
        pub path: u32,
        pub x: u32,
        pub y: u32,
        pub method: u32,
        pub antialias: u32,
        pub uint8: u32,
        pub batch: u32,
        pub channels: u32,
        pub in_height: u32,
        pub in_width: u32,
        pub out_height: u32,
        pub out_width: u32,
    }
}

#[wasm_bindgen]
pub fn tf_resize(args: usize) -> u32 {
    run(args, |a: &TfResizeArgs| {
        let method = tf::Method::from_code(a.method).ok_or(KernelError::BadArgument)?;
        let [batch, channels, ih, iw, oh, ow] = sizes([a.batch, a.channels, a.in_height, a.in_width, a.out_height, a.out_width]);
        let spec = tf::Spec { method, antialias: a.antialias != 0, batch, channels, height: (ih, oh), width: (iw, ow) };
        let (n_in, n_out) = spec.checked_lens()?;
        let uint8 = a.uint8 != 0;
        if method == tf::Method::Nearest {
            let bytes = if uint8 { 1 } else { 4 };
            let [n_in, n_out] = [n_in, n_out].map(|n| n.checked_mul(bytes).ok_or(KernelError::BadArgument));
            let (x, y) = io::<u8, u8>(a.x, n_in?, a.y, n_out?)?;
            return tf::nearest(x, y, &spec, bytes);
        }
        if uint8 {
            let (x, y) = io::<u8, f32>(a.x, n_in, a.y, n_out)?;
            return tf::resize_u8(path(a.path)?, x, y, &spec);
        }
        let (x, y) = io::<f32, f32>(a.x, n_in, a.y, n_out)?;
        tf::resize(path(a.path)?, x, y, &spec)
    })
}
