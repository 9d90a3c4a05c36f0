//! `bicubic` without antialias: Keys' cubic convolution with A = -0.75
//! (OpenCV's choice, PyTorch's), four taps around an unclamped source
//! coordinate, taps past the border clamped onto it (PyTorch's
//! `upsample_get_value_bounded`), all in float32 as PyTorch computes it.

use super::{pixel_ratio, AxisSpec};
use crate::error::KernelResult;
use crate::interpolate::separable::AxisTable;
use crate::mem;

const A: f32 = -0.75;

pub fn table(a: &AxisSpec, align_corners: bool) -> KernelResult<AxisTable> {
    let (n, last) = (a.out_len, a.in_len as i64 - 1);
    let r = pixel_ratio(a, align_corners);
    // (Four taps of a 2^30-output axis overflow wasm32's usize: saturated, the allocation fails.)
    let (mut index, mut weight) = mem::try_filled_pair(n.saturating_mul(4), 0u32, 0f32)?;
    for j in 0..n {
        // Unlike the linear modes, a negative coordinate is kept: the taps clamp instead.
        let real = if align_corners { r * j as f32 } else { r * (j as f32 + 0.5) - 0.5 };
        let i0 = (real.floor() as i64).min(last);
        let t = (real - i0 as f32).clamp(0.0, 1.0);
        for (k, w) in coefficients(t).into_iter().enumerate() {
            index[k * n + j] = (i0 - 1 + k as i64).clamp(0, last) as u32;
            weight[k * n + j] = w;
        }
    }
    AxisTable::new(a.in_len, n, 4, index, weight)
}

/// Weights of the taps at offsets -1, 0, 1, 2 from the pixel left of `t`.
pub(crate) fn coefficients(t: f32) -> [f32; 4] {
    let near = |x: f32| ((A + 2.0) * x - (A + 3.0)) * x * x + 1.0;
    let far = |x: f32| ((A * x - 5.0 * A) * x + 8.0 * A) * x - 4.0 * A;
    let u = 1.0 - t;
    [far(t + 1.0), near(t), near(u), far(u + 1.0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_interpolate_and_sum_to_one() {
        assert_eq!(coefficients(0.0), [0.0, 1.0, 0.0, 0.0]);
        for t in [0.1f32, 0.25, 0.5, 0.9] {
            let w = coefficients(t);
            assert!((w.iter().sum::<f32>() - 1.0).abs() < 1e-6);
            // Mirror symmetry: the weights for 1 - t are those for t reversed.
            let mut m = coefficients(1.0 - t);
            m.reverse();
            assert!(w.iter().zip(m).all(|(a, b)| (a - b).abs() < 1e-6));
        }
    }

    #[test]
    fn border_taps_clamp_and_source_is_not_clamped() {
        // 2 -> 4 half-pixel: output 0 sits at -0.25, so its taps are -2..1 clamped to 0,0,0,1.
        let t = table(&AxisSpec::new(2, 4, None), false).unwrap();
        assert_eq!([t.index[0], t.index[4], t.index[8], t.index[12]], [0, 0, 0, 1]);
        assert_eq!(t.weight[4], coefficients(0.75)[1]);
    }
}
