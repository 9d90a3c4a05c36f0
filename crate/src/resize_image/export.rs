//! The `resize_image` export: its argument block, as TypeScript writes it, and the
//! checks that keep the kernel inside the blocks it names.

use super as resize_image;
use super::float::SampleFormat;
use crate::error::KernelError;
use crate::record;
use crate::seam::{io, path, run, sizes};
use crate::threads;
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
        /// The source rectangle resampled: left, top, width, height in source pixels.
        pub window: [f64; 4],
        /// `src` holds columns `src_x0 .. src_x0 + src_cols` of its rows.
        pub src_x0: u32,
        pub src_cols: u32,
        /// A `SampleFormat`: u8 samples, or u16 / f32 ones (whose
        /// `premultiply` is applied as given, with no opacity scan).
        pub format: u32,
        /// Samples per pixel, 1 to 4 (16-bit and float: 4).
        pub channels: u32,
    }
}

#[wasm_bindgen]
pub fn resize_image(args: usize) -> u32 {
    run(args, |a: &ResizeImageArgs| {
        let [in_w, in_h, out_w, out_h, src_y0, src_rows, dst_y0, dst_rows, src_x0, src_cols] =
            sizes([a.in_width, a.in_height, a.out_width, a.out_height, a.src_y0, a.src_rows, a.dst_y0, a.dst_rows, a.src_x0, a.src_cols]);
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
            window: a.window,
            src_x0,
            src_cols,
            channels: a.channels as usize,
        };
        let format = SampleFormat::from_code(a.format).ok_or(KernelError::BadArgument)?;
        let bytes = |len: Option<usize>| len.and_then(|n| n.checked_mul(format.bytes())).ok_or(KernelError::BadArgument);
        let (src, dst) = io::<u8, u8>(a.src, bytes(spec.src_len())?, a.dst, bytes(spec.dst_len())?)?;
        let path = path(a.path)?;
        let axes = resize_image::Axes::new(&spec, format)?;
        let resize = |dst: &mut [u8], s: &resize_image::Spec| resize_image::resize(path, src, dst, s, format, &axes);
        if dst_rows == 0 {
            return resize(dst, &spec);
        }
        // Bands of output rows to threads (one band on one thread), all on
        // the whole image's tables: they join bit for bit (as a pool's do).
        let (dst_len, row) = (dst.len(), dst.len() / dst_rows);
        let dst = threads::Disjoint::new(dst);
        threads::try_runs(dst_rows, src.len() + dst_len * axes.taps(), &|rows, _| {
            let band = resize_image::Spec { dst_y0: dst_y0 + rows.start, dst_rows: rows.len(), ..spec };
            // SAFETY: a run writes its own output rows.
            resize(unsafe { &mut dst.get()[rows.start * row..rows.end * row] }, &band)
        })
    })
}

record! {
    /// pica's unsharp mask, in place on an interleaved RGBA u8 image.
    /// `amount`: amount / 100 in 4.12 fixed point (at most 20480);
    /// `threshold`: threshold << 8; `coef`: pica's Gaussian coefficients.
    pub struct SharpenImageArgs for sharpen_image {
        pub path: u32,
        pub image: u32,
        pub width: u32,
        pub height: u32,
        pub amount: u32,
        pub threshold: u32,
        pub coef: [f64; 8],
    }
}

#[wasm_bindgen]
pub fn sharpen_image(args: usize) -> u32 {
    run(args, |a: &SharpenImageArgs| {
        let [w, h] = sizes([a.width, a.height]);
        if w == 0 || h == 0 || a.amount > 20480 || a.threshold > 0xffff || a.coef.iter().any(|c| !c.is_finite()) {
            return Err(KernelError::BadArgument);
        }
        let len = w.checked_mul(h).and_then(|n| n.checked_mul(4)).ok_or(KernelError::BadArgument)?;
        let img = crate::mem::slice_mut::<u8>(a.image as usize, len)?;
        let u = resize_image::sharpen::Unsharp { amount: a.amount as i32, threshold: a.threshold as i32, coef: a.coef };
        resize_image::sharpen::unsharp(path(a.path)?.vector(), img, w, h, &u)
    })
}
