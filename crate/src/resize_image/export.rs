//! The `resize_image` export: its argument block, as TypeScript writes it, and the
//! checks that keep the kernel inside the blocks it names.

use super as resize_image;
use crate::error::KernelError;
use crate::record;
use crate::seam::{io, path, run, sizes};
use wasm_bindgen::prelude::*;

record! {
    /// Interleaved u8 resize (`channels` bytes per pixel, 1 to 4). `src` holds source rows `src_y0 ..
    /// src_y0 + src_rows` of an `in_width × in_height` image; `dst`
    /// receives output rows `dst_y0 .. dst_y0 + dst_rows` of the
    /// `out_width × out_height` result.
    pub struct ResizeImageArgs for resize_image {
        pub path: u32,
        pub src: u32,
        pub dst: u32,
        pub filter: u32,
        pub premultiply: u32,
        pub linear_light: u32,
        pub in_width: u32,
        pub in_height: u32,
        pub out_width: u32,
        pub out_height: u32,
        pub src_y0: u32,
        pub src_rows: u32,
        pub dst_y0: u32,
        pub dst_rows: u32,
        pub channels: u32,
    }
}

#[wasm_bindgen]
pub fn resize_image(args: usize) -> u32 {
    run(args, |a: &ResizeImageArgs| {
        let [in_w, in_h, out_w, out_h, src_y0, src_rows, dst_y0, dst_rows] =
            sizes([a.in_width, a.in_height, a.out_width, a.out_height, a.src_y0, a.src_rows, a.dst_y0, a.dst_rows]);
        let spec = resize_image::Spec {
            filter: resize_image::Filter::from_code(a.filter).ok_or(KernelError::BadArgument)?,
            premultiply: a.premultiply != 0,
            linear: a.linear_light != 0,
            in_w,
            in_h,
            out_w,
            out_h,
            src_y0,
            src_rows,
            dst_y0,
            dst_rows,
            channels: a.channels as usize,
        };
        let (src_len, dst_len) = spec.src_len().zip(spec.dst_len()).ok_or(KernelError::BadArgument)?;
        let (src, dst) = io::<u8, u8>(a.src, src_len, a.dst, dst_len)?;
        resize_image::resize_image(path(a.path)?, src, dst, &spec)
    })
}
