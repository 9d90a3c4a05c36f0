//! The `cv_resize` export: its argument block, as TypeScript writes it, and
//! the checks that keep the kernel inside the blocks it names.

use super as cv;
use crate::error::KernelError;
use crate::record;
use crate::seam::{io, path, run, sizes};
use wasm_bindgen::prelude::*;

record! {
    /// `cv2.resize` of `height × width` pixels of `channels` to
    /// `out_height × out_width`; `inv` is OpenCV's (inv_scale_y,
    /// inv_scale_x). `uint8` != 0: x and y are bytes, else f32.
    pub struct CvResizeArgs for cv_resize {
        pub path: u32,
        pub x: u32,
        pub y: u32,
        pub method: u32,
        pub uint8: u32,
        pub height: u32,
        pub width: u32,
        pub channels: u32,
        pub out_height: u32,
        pub out_width: u32,
        pub inv: [f64; 2],
    }
}

#[wasm_bindgen]
pub fn cv_resize(args: usize) -> u32 {
    run(args, |a: &CvResizeArgs| {
        let method = cv::CvMethod::from_code(a.method).ok_or(KernelError::BadArgument)?;
        let [h, w, c, oh, ow] = sizes([a.height, a.width, a.channels, a.out_height, a.out_width]);
        let s = cv::Spec { method, h, w, c, oh, ow, inv: a.inv };
        let (n, m) = (h.checked_mul(w).and_then(|n| n.checked_mul(c)), oh.checked_mul(ow).and_then(|n| n.checked_mul(c)));
        let (n, m) = (n.ok_or(KernelError::BadBuffer)?, m.ok_or(KernelError::BadBuffer)?);
        if a.uint8 != 0 {
            let (x, y) = io::<u8, u8>(a.x, n, a.y, m)?;
            return cv::resize(path(a.path)?, x, y, &s);
        }
        let (x, y) = io::<f32, f32>(a.x, n, a.y, m)?;
        cv::resize(path(a.path)?, x, y, &s)
    })
}
