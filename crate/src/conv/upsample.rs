//! The source of `upsampleConv2d`: rows of `interpolate(x)` computed when the
//! convolution asks for them (a band at a time), never the whole tensor.
//! Each value is formed exactly as `interpolate` forms it (W pass, then H
//! pass, taps in order), so fused and unfused results agree bit for bit.

use super::Source;
use crate::error::{KernelError, KernelResult};
use crate::interpolate::separable::AxisTable;
use crate::interpolate::{self, AxisSpec, Mode};
use crate::mem;

pub struct Upsampled<'a> {
    x: &'a [f32],
    channels: usize,
    in_hw: [usize; 2],
    out_w: usize,
    h: Option<AxisTable>,
    w: Option<AxisTable>,
}

impl<'a> Upsampled<'a> {
    /// `axes` are H and W of `interpolate`: BadArgument if they are not a
    /// valid 2-D spec, BadBuffer if `x` is too short for it.
    pub fn new(x: &'a [f32], mode: Mode, align_corners: bool, batch: usize, channels: usize, axes: [AxisSpec; 2]) -> KernelResult<Self> {
        let spec = interpolate::Spec { mode, align_corners, antialias: false, channels_last: false, batch, channels, axes: mem::try_collect(axes)? };
        if !spec.valid() {
            return Err(KernelError::BadArgument);
        }
        if x.len() < spec.in_len() {
            return Err(KernelError::BadBuffer);
        }
        let (h, w) = (interpolate::table(&spec, &axes[0])?, interpolate::table(&spec, &axes[1])?);
        Ok(Upsampled { x, channels, in_hw: axes.map(|a| a.in_len), out_w: axes[1].out_len, h, w })
    }

    fn w_pass(&self, n: usize, c: usize, h: usize, dst: &mut [f32]) {
        let [ih, iw] = self.in_hw;
        let at = ((n * self.channels + c) * ih + h) * iw;
        let row = &self.x[at..at + iw];
        match &self.w {
            None => dst.copy_from_slice(row),
            Some(t) => {
                for (j, d) in dst.iter_mut().enumerate() {
                    *d = dot(t, j, |_, s| row[s]);
                }
            }
        }
    }
}

/// Σ_k weight·value in tap order, or the value itself for one tap (an
/// exact copy); `at(k, s)` is tap k's value, read from source index s.
#[inline]
fn dot(t: &AxisTable, j: usize, at: impl Fn(usize, usize) -> f32) -> f32 {
    let n = t.out_len;
    let tap = |k: usize| at(k, t.index[k * n + j] as usize);
    if t.taps == 1 {
        return tap(0);
    }
    let mut acc = tap(0) * t.weight[j];
    for k in 1..t.taps {
        acc += tap(k) * t.weight[k * n + j];
    }
    acc
}

impl Source for Upsampled<'_> {
    fn width(&self) -> usize {
        self.out_w
    }

    /// The row, then the `taps` W-resampled rows it combines.
    fn scratch_len(&self) -> usize {
        self.out_w.saturating_mul(self.h.as_ref().map_or(1, |t| t.taps) + 1)
    }

    fn row<'b>(&'b self, n: usize, c: usize, _d: usize, h: usize, tmp: &'b mut Vec<f32>) -> &'b [f32] {
        let w = self.out_w;
        let taps = self.h.as_ref().map_or(1, |t| t.taps);
        // Within the `scratch_len` the caller reserved: nothing reallocates.
        tmp.resize(w * (taps + 1), 0.0);
        let (out, rows) = tmp.split_at_mut(w);
        match &self.h {
            None => self.w_pass(n, c, h, out),
            Some(t) if t.taps == 1 => self.w_pass(n, c, t.index[h] as usize, out),
            Some(t) => {
                for k in 0..taps {
                    self.w_pass(n, c, t.index[k * t.out_len + h] as usize, &mut rows[k * w..(k + 1) * w]);
                }
                for (i, o) in out.iter_mut().enumerate() {
                    *o = dot(t, h, |k, _| rows[k * w + i]);
                }
            }
        }
        &tmp[..w]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv::{self, tests::axis, Axis, Dense, Spec};

    /// An infinite weight next to the padding of the upsampled input: the
    /// vector path gives the scalar path's numbers.
    #[test]
    fn infinite_weights_agree_on_both_paths() {
        let x: Vec<f32> = (0..2 * 3 * 4).map(|i| (i as f32 * 0.37).sin()).collect();
        let axes = [AxisSpec::new(3, 6, Some(2.0)), AxisSpec::new(4, 8, Some(2.0))];
        let src = Upsampled::new(&x, Mode::Linear, false, 1, 2, axes).unwrap();
        let spec = Spec {
            transposed: false,
            batch: 1,
            in_channels: 2,
            out_channels: 3,
            groups: 1,
            axes: [Axis::UNIT, axis(6, 3, 1, 1, 1, 0, false), axis(8, 3, 1, 1, 1, 0, false)],
        };
        let mut w: Vec<f32> = (0..spec.weight_len()).map(|i| (i as f32 * 0.61).cos()).collect();
        w[0] = f32::NEG_INFINITY;
        let [a, b] = [crate::simd::Path::Scalar, crate::simd::Path::Vector].map(|path| {
            let mut out = vec![f32::NAN; spec.out_len()];
            conv::run(path, &src, &w, None, &mut out, &spec).unwrap();
            out
        });
        assert_eq!(conv::tests::pattern(&a), conv::tests::pattern(&b));
        assert!(a[0].is_finite() && a.iter().any(|v| v.is_infinite()));
    }

    #[test]
    fn tables_that_cannot_be_allocated_are_out_of_memory() {
        let axes = [AxisSpec::new(1, 1, None), AxisSpec::new(2, usize::MAX / 4, None)];
        assert!(matches!(Upsampled::new(&[1.0, 2.0], Mode::Nearest, false, 1, 1, axes), Err(KernelError::OutOfMemory { .. })));
    }

    /// Fused equals interpolate-then-conv2d bit for bit, on both paths.
    #[test]
    fn fused_equals_materialised() {
        let (n, c, ih, iw) = (2, 3, 5, 7);
        let x: Vec<f32> = (0..n * c * ih * iw).map(|i| (i as f32 * 0.37).sin()).collect();
        for (mode, align, scale) in [(Mode::Nearest, false, 2.0), (Mode::Linear, false, 2.0), (Mode::Linear, true, 1.5), (Mode::Nearest, false, 3.0)] {
            let (uh, uw) = ((ih as f64 * scale) as usize, (iw as f64 * scale) as usize);
            let axes = [AxisSpec::new(ih, uh, Some(scale)), AxisSpec::new(iw, uw, Some(scale))];
            let ispec = interpolate::Spec { mode, align_corners: align, antialias: false, channels_last: false, batch: n, channels: c, axes: axes.to_vec() };
            let mut u = vec![0.0; ispec.out_len()];
            interpolate::interpolate(crate::simd::Path::Vector, &x, &mut u, &ispec).unwrap();
            let spec = Spec {
                transposed: false,
                batch: n,
                in_channels: c,
                out_channels: 4,
                groups: 1,
                axes: [Axis::UNIT, axis(uh, 3, 2, 1, 1, 0, false), axis(uw, 3, 1, 1, 1, 0, false)],
            };
            let w: Vec<f32> = (0..spec.weight_len()).map(|i| (i as f32 * 0.61).cos()).collect();
            let src = Upsampled::new(&x, mode, align, n, c, axes).unwrap();
            let dense = Dense { x: &u, channels: c, dims: [1, uh, uw] };
            for vector in [false, true] {
                let mut fused = vec![f32::NAN; spec.out_len()];
                let mut plain = fused.clone();
                if vector {
                    conv::simd128::run(&src, &w, None, &mut fused, &spec).unwrap();
                    conv::simd128::run(&dense, &w, None, &mut plain, &spec).unwrap();
                } else {
                    conv::scalar::run(&src, &w, None, &mut fused, &spec).unwrap();
                    conv::scalar::run(&dense, &w, None, &mut plain, &spec).unwrap();
                }
                assert_eq!(fused.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), plain.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
            }
        }
    }
}
