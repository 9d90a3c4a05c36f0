//! Pillow's resampling filters and per-axis coefficients
//! (`precompute_coeffs` in Resample.c): windows rounded from the box's
//! float32 edges, weights normalised in f64, then 22-bit fixed point for
//! 8-bit images (split into wide i16 halves for the integer passes).

use crate::error::KernelResult;
use crate::filters::{lanczos, sinc, triangle};
use crate::interpolate::uint8::weights::Weights;
use crate::mem;
use crate::resize_image::coeffs::Table;
use crate::resize_image::conv::LOW_BITS;
use core::f64::consts::PI;

crate::codes! {
    /// `Image.Resampling`, with Pillow's own numbers.
    pub enum Resample {
        Nearest = 0,
        Lanczos = 1,
        Bilinear = 2,
        Bicubic = 3,
        Box = 4,
        Hamming = 5,
    }
}

/// Fractional bits of the 8-bit passes' weights (`PRECISION_BITS`).
pub const PRECISION: u32 = 32 - 8 - 2;

impl Resample {
    fn support(self) -> f64 {
        match self {
            Resample::Nearest | Resample::Box => 0.5,
            Resample::Bilinear | Resample::Hamming => 1.0,
            Resample::Bicubic => 2.0,
            Resample::Lanczos => 3.0,
        }
    }

    fn weight(self, x: f64) -> f64 {
        let a = x.abs();
        match self {
            Resample::Nearest | Resample::Box => f64::from(u8::from(x > -0.5 && x <= 0.5)),
            Resample::Bilinear => triangle(x),
            Resample::Hamming if a == 0.0 => 1.0,
            Resample::Hamming if a >= 1.0 => 0.0,
            // (Pillow's constants are float literals.)
            Resample::Hamming => sinc(a) * (0.54f32 as f64 + 0.46f32 as f64 * (a * PI).cos()),
            Resample::Bicubic if a < 1.0 => (1.5 * a - 2.5) * a * a + 1.0,
            Resample::Bicubic if a < 2.0 => (((a - 5.0) * a + 8.0) * a - 4.0) * -0.5,
            Resample::Bicubic => 0.0,
            Resample::Lanczos if (-3.0..3.0).contains(&x) => lanczos(x, 3.0),
            Resample::Lanczos => 0.0,
        }
    }
}

/// One axis: output `j` reads `len[j]` source positions from `start[j]`
/// with weights `kk[j * ksize..]` (zero past `len[j]`).
pub struct Axis {
    pub in_len: usize,
    pub start: Vec<usize>,
    pub len: Vec<usize>,
    pub ksize: usize,
    pub kk: Vec<f64>,
}

impl Axis {
    /// Source positions `[in0, in1)` (float32, as Pillow parses the box) onto `out_len` outputs.
    pub fn new(r: Resample, in_len: usize, in0: f32, in1: f32, out_len: usize) -> KernelResult<Self> {
        let scale = (in1 - in0) as f64 / out_len as f64;
        let filterscale = scale.max(1.0);
        let support = r.support() * filterscale;
        let ksize = support.ceil() as usize * 2 + 1;
        let inv = 1.0 / filterscale;
        let mut kk = mem::try_filled(out_len.saturating_mul(ksize), 0f64)?;
        let (mut start, mut len) = (mem::try_filled(out_len, 0usize)?, mem::try_filled(out_len, 0usize)?);
        for (j, k) in kk.chunks_exact_mut(ksize).enumerate() {
            let center = in0 as f64 + (j as f64 + 0.5) * scale;
            // (C's int casts truncate toward zero.)
            let lo = ((center - support + 0.5) as i64).max(0);
            let hi = ((center + support + 0.5) as i64).min(in_len as i64);
            let n = (hi - lo).clamp(0, ksize as i64) as usize;
            let mut total = 0.0;
            for (x, w) in k[..n].iter_mut().enumerate() {
                *w = r.weight(((x as i64 + lo) as f64 - center + 0.5) * inv);
                total += *w;
            }
            if total != 0.0 {
                k[..n].iter_mut().for_each(|w| *w /= total);
            }
            (start[j], len[j]) = (lo as usize, n);
        }
        Ok(Axis { in_len, start, len, ksize, kk })
    }

    /// The 22-bit weights as `Weights` for the byte passes: every window
    /// `taps` long (the longest), moved left where it would leave the axis
    /// and padded with zero weights, each weight split in wide halves.
    pub fn weights(&self) -> KernelResult<Weights> {
        let out_len = self.start.len();
        let taps = self.len.iter().copied().max().unwrap_or(1).clamp(1, self.in_len);
        let stride = taps + taps % 2;
        let mut start = mem::try_filled(out_len, 0u32)?;
        let mut coef = mem::try_filled(out_len.saturating_mul(stride), 0i16)?;
        let mut low = mem::try_filled(out_len.saturating_mul(stride), 0i16)?;
        let one = (1u32 << PRECISION) as f64;
        for (j, (first, &lo)) in start.iter_mut().zip(&self.start).enumerate() {
            let s = lo.min(self.in_len - taps);
            *first = s as u32;
            let at = j * stride + lo - s;
            for (i, &v) in self.kk[j * self.ksize..][..self.len[j]].iter().enumerate() {
                let q = if v < 0.0 { -0.5 + v * one } else { 0.5 + v * one } as i32;
                coef[at + i] = (q >> LOW_BITS) as i16;
                low[at + i] = (q & ((1 << LOW_BITS) - 1)) as i16;
            }
        }
        let table = Table { in_len: self.in_len, out_len, taps, stride, start, coef, fcoef: Vec::new() };
        Ok(Weights { table, shift: PRECISION, low: Some(low) })
    }
}
