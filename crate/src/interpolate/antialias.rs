//! `antialias=True` (bilinear, bicubic) and `lanczos`: Pillow's resampling
//! filters with PyTorch's conventions (`_compute_indices_min_size_weights_aa`).
//!
//! When downsampling by `scale = in/out > 1` the filter is stretched by
//! `scale`, so every input pixel contributes; output `j` is centred on
//! `scale·(j + 0.5)` (also with align_corners, where `scale` becomes
//! (in-1)/(out-1) but the half-pixel centre stays), covers the source
//! window [trunc(centre - support + 0.5), trunc(centre + support + 0.5)),
//! clipped to the input, and its weights are renormalised to sum to 1 over
//! that window. The mixed float32/float64 steps below are PyTorch's.
//!
//! `lanczos` is not a PyTorch mode: it is this same scheme with Pillow's
//! Lanczos3 kernel, sinc(x)·sinc(x/3) on [-3, 3), i.e. what
//! `antialias=True` would compute with a third filter, and what Pillow's
//! `Image.resize(..., LANCZOS)` computes on float images.

use super::{pixel_ratio, AxisSpec};
use crate::error::KernelResult;
use crate::filters::{lanczos, triangle};
use crate::interpolate::separable::AxisTable;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Filter {
    /// `bilinear`: the tent 1 - |x|.
    Triangle,
    /// `bicubic`: Keys' cubic with Pillow's a = -0.5 (not the -0.75 of plain bicubic).
    Cubic,
    /// `lanczos`: Lanczos3.
    Lanczos3,
}

impl Filter {
    /// Half the filter's width at scale 1 (PyTorch's `interp_size / 2`).
    fn radius(self) -> f32 {
        match self {
            Filter::Triangle => 1.0,
            Filter::Cubic => 2.0,
            Filter::Lanczos3 => 3.0,
        }
    }

    /// The filter at `x`, as PyTorch's float32 kernel evaluates it. Its
    /// wheels run the cubic in float32 with fused multiply-adds (the
    /// compiler contracts `a·x + b` in the AVX2 build), so it does too:
    /// where the exact weight is 0 (|x| = 1) only this gets the sign of the
    /// rounding residue right, and with it the sign of that weight times
    /// an infinity.
    fn eval(self, x: f32) -> f32 {
        match self {
            Filter::Triangle => triangle(x as f64) as f32,
            Filter::Cubic => {
                const A: f32 = -0.5;
                let x = x.abs();
                if x < 1.0 {
                    let t = (A + 2.0).mul_add(x, -(A + 3.0));
                    (t * x).mul_add(x, 1.0)
                } else if x < 2.0 {
                    A.mul_add(x, -5.0 * A).mul_add(x, 8.0 * A).mul_add(x, -4.0 * A)
                } else {
                    0.0
                }
            }
            // Pillow's half-open interval, so the window edges match its.
            Filter::Lanczos3 if (-3.0..3.0).contains(&x) => lanczos(x as f64, 3.0) as f32,
            Filter::Lanczos3 => 0.0,
        }
    }
}

pub fn table(a: &AxisSpec, align_corners: bool, filter: Filter) -> KernelResult<AxisTable> {
    let scale = pixel_ratio(a, align_corners);
    let (support, invscale) = if scale >= 1.0 { (filter.radius() * scale, (1.0 / scale as f64) as f32) } else { (filter.radius(), 1.0) };
    let widest = support.ceil() as i64 * 2 + 1;
    let last = a.in_len - 1;
    // Output j's centre and window of sources [lo, lo + size).
    let window = |j: usize| {
        let centre = (scale as f64 * (j as f64 + 0.5)) as f32;
        // `as i64` truncates toward zero, as PyTorch's static_cast does.
        let lo = (((centre - support) as f64 + 0.5) as i64).max(0);
        let hi = (((centre + support) as f64 + 0.5) as i64).min(a.in_len as i64);
        (centre, lo, (hi - lo).clamp(0, widest) as usize)
    };
    let taps = (0..a.out_len).map(|j| window(j).2).max().unwrap_or(0);
    AxisTable::windows(a.in_len, a.out_len, taps, |j, w| {
        let (centre, lo, size) = window(j);
        let w = &mut w[..size];
        for (s, v) in (lo..).zip(w.iter_mut()) {
            let x = (((s as f32 - centre) as f64 + 0.5) * invscale as f64) as f32;
            *v = filter.eval(x);
        }
        let total = w.iter().fold(0.0f32, |t, &v| t + v);
        if total != 0.0 {
            w.iter_mut().for_each(|v| *v /= total);
        }
        ((lo as usize).min(last), size)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights(t: &AxisTable, j: usize) -> Vec<f32> {
        (0..t.taps).map(|k| t.weight[k * t.out_len + j]).collect()
    }

    #[test]
    fn downscale_by_two_is_a_stretched_tent() {
        // 8 -> 4: centre 2j + 1, support 2: taps 2j-1..2j+2 with weights 1/8, 3/8, 3/8, 1/8.
        let t = table(&AxisSpec::new(8, 4, None), false, Filter::Triangle).unwrap();
        assert_eq!(t.taps, 4);
        assert_eq!(weights(&t, 1), [0.125, 0.375, 0.375, 0.125]);
        assert_eq!(t.index[1], 1);
        // At the border the window is clipped and renormalised: 3/7, 3/7, 1/7.
        let w = weights(&t, 0);
        assert_eq!(t.index[0], 0);
        assert!((w[0] - 3.0 / 7.0).abs() < 1e-7 && (w[2] - 1.0 / 7.0).abs() < 1e-7 && w[3] == 0.0);
    }

    #[test]
    fn filters_are_pillows() {
        assert_eq!(Filter::Cubic.eval(0.0), 1.0);
        assert_eq!(Filter::Cubic.eval(1.5), -0.0625);
        assert_eq!(Filter::Lanczos3.eval(-3.0), (crate::filters::sinc(-3.0) * crate::filters::sinc(-1.0)) as f32);
        assert_eq!(Filter::Lanczos3.eval(3.0), 0.0);
        assert!(Filter::Lanczos3.eval(1.0).abs() < 1e-15 && Filter::Triangle.eval(0.25) == 0.75);
    }
}
