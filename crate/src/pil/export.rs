//! The `pil_resize` export: its argument block, as TypeScript writes it, and the
//! checks that keep the kernel inside the blocks it names.

use super as pil;
use crate::error::KernelError;
use crate::interpolate::uint8::Plane;
use crate::record;
use crate::seam::{io, path, run, sizes};
use wasm_bindgen::prelude::*;

record! {
    /// `Image.resize` of an `in_width × in_height` image of `channels`
    /// values a pixel (`float32` != 0: mode F, one f32 channel; else
    /// bytes). `region` is the final resize's source region as float32 values;
    /// `reduce_factor` [fx, fy] both 0 means no `reduce`, else it reads
    /// `reduce_box` [x0, y0, w, h] first.
    pub struct PilResizeArgs for pil_resize {
        pub path: u32,
        pub src: u32,
        pub dst: u32,
        pub float32: u32,
        pub channels: u32,
        pub in_width: u32,
        pub in_height: u32,
        pub out_width: u32,
        pub out_height: u32,
        pub resample: u32,
        pub premultiply: u32,
        pub pillow12: u32,
        pub reduce_factor: [u32; 2],
        pub reduce_box: [u32; 4],
        pub region: [f64; 4],
    }
}

#[wasm_bindgen]
pub fn pil_resize(args: usize) -> u32 {
    run(args, |a: &PilResizeArgs| {
        let [c, in_w, in_h, out_w, out_h] = sizes([a.channels, a.in_width, a.in_height, a.out_width, a.out_height]);
        let plane = Plane { in_h, in_w, out_h, out_w, c };
        let reduce = (a.reduce_factor != [0, 0]).then(|| (sizes(a.reduce_factor), sizes(a.reduce_box)));
        let spec = pil::Spec {
            resample: pil::coeffs::Resample::from_code(a.resample).ok_or(KernelError::BadArgument)?,
            plane,
            bx: a.region.map(|v| v as f32),
            reduce,
            premultiply: a.premultiply != 0,
            pillow12: a.pillow12 != 0,
        };
        let n = |w: usize, h: usize| w.checked_mul(h).and_then(|n| n.checked_mul(c)).ok_or(KernelError::BadArgument);
        let (src_len, dst_len) = (n(in_w, in_h)?, n(out_w, out_h)?);
        if a.float32 != 0 {
            let (x, y) = io::<f32, f32>(a.src, src_len, a.dst, dst_len)?;
            return pil::resize_f32(x, y, &spec);
        }
        let (x, y) = io::<u8, u8>(a.src, src_len, a.dst, dst_len)?;
        pil::resize(path(a.path)?, x, y, &spec)
    })
}
