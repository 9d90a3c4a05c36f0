//! TF2's `tf.image.resize` on NHWC images: the kernels TensorFlow's
//! `resize_images_v2` picks per method, each as a tap table per axis
//! (tables.rs) run through the separable runner of `interpolate`, with the
//! channels as the lane axis. Nearest copies elements (any dtype).
//!
//! TensorFlow's own kernels sum in other orders than the runner (bilinear
//! as `a + (b - a)·t`, bicubic and area height first, area with its
//! normalising factor applied last); those differ by float32 rounding only.

pub mod export;
mod tables;

use crate::error::{KernelError, KernelResult};
use crate::interpolate::{resample, uint8::gather_planes, Layout};
use crate::mem;
use crate::simd::{Path, LANES};

crate::codes! {
    /// `tf.image.ResizeMethod`.
    pub enum Method {
        Bilinear = 0,
        Nearest = 1,
        Bicubic = 2,
        Area = 3,
        Lanczos3 = 4,
        Lanczos5 = 5,
        Gaussian = 6,
        MitchellCubic = 7,
    }
}

/// One call: `batch` images of `[height.0, width.0, channels]` resized to
/// `[height.1, width.1, channels]`.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub method: Method,
    pub antialias: bool,
    pub batch: usize,
    pub channels: usize,
    pub height: (usize, usize),
    pub width: (usize, usize),
}

impl Spec {
    fn lens(&self) -> Option<(usize, usize)> {
        let [h, w] = [self.height, self.width];
        let n = |a: usize, b: usize| self.batch.checked_mul(self.channels)?.checked_mul(a)?.checked_mul(b);
        Some((n(h.0, w.0)?, n(h.1, w.1)?))
    }

    /// Input and output lengths, if every size is positive and they fit.
    pub fn checked_lens(&self) -> KernelResult<(usize, usize)> {
        let sizes = [self.batch, self.channels, self.height.0, self.height.1, self.width.0, self.width.1];
        if sizes.contains(&0) {
            return Err(KernelError::BadArgument);
        }
        self.lens().ok_or(KernelError::BadArgument)
    }
}

/// Every method but nearest, on float32 images (float32 out). (Not inlined
/// into its two callers: one copy of the runner's set-up.)
#[inline(never)]
pub fn resize(path: Path, x: &[f32], out: &mut [f32], spec: &Spec) -> KernelResult {
    let (n_in, n_out) = spec.checked_lens()?;
    if x.len() < n_in || out.len() < n_out || spec.method == Method::Nearest {
        return Err(KernelError::BadArgument);
    }
    let [h, w] = tables::axes(spec)?;
    let c = spec.channels;
    // Few channels: the width axis as one axis of W·C floats, so that it
    // takes the contiguous-axis paths. That pays where the width pass reads
    // most of each row (the four-rows path transposes whole rows); sparse
    // reads (plain bilinear or bicubic downscales) and many channels combine
    // channel vectors instead.
    let lane = if c >= 2 * LANES || w.taps * w.out_len * 2 < w.in_len { c } else { 1 };
    let w = if lane == 1 && c > 1 { w.interleaved(c)? } else { w };
    let width = (spec.width.0 * c / lane, spec.width.1 * c / lane);
    resample(path, x, out, Layout { planes: spec.batch, lane, lens: &[spec.height, width] }, &[Some(h), Some(w)])
}

/// Every method but nearest on uint8 images: TensorFlow's kernels read
/// each byte as a float, so this converts once and runs the float path.
pub fn resize_u8(path: Path, x: &[u8], out: &mut [f32], spec: &Spec) -> KernelResult {
    let (n_in, _) = spec.checked_lens()?;
    let x = x.get(..n_in).ok_or(KernelError::BadBuffer)?;
    let mut xf = mem::try_vec(n_in)?;
    // (Within the reservation; `extend` of a slice's map vectorises, pushes one by one do not.)
    xf.extend(x.iter().map(|&v| f32::from(v)));
    resize(path, &xf, out, spec)
}

/// `ResizeNearestNeighbor` with half-pixel centres, on elements of
/// `bytes` bytes (1: uint8, 4: float32) given as their bytes: a copy, so
/// one byte gather serves every dtype.
pub fn nearest(x: &[u8], out: &mut [u8], spec: &Spec, bytes: usize) -> KernelResult {
    let (n_in, n_out) = spec.checked_lens()?;
    let lane = spec.channels.checked_mul(bytes).ok_or(KernelError::BadArgument)?;
    if x.len() / bytes < n_in || out.len() / bytes < n_out {
        return Err(KernelError::BadBuffer);
    }
    let index = [mem::try_collect(0..1)?, tables::nearest(spec.height)?, tables::nearest(spec.width)?];
    gather_planes(x, out, spec.batch, lane, [1, spec.height.0, spec.width.0], &index);
    Ok(())
}

#[cfg(test)]
mod tests;
