//! `linear`, `bilinear`, `trilinear`: two taps per output, PyTorch's
//! `compute_source_index_and_lambda` in float32.

use super::{pixel_ratio, AxisSpec};
use crate::error::KernelResult;
use crate::interpolate::separable::AxisTable;
use crate::mem;

pub fn table(a: &AxisSpec, align_corners: bool) -> KernelResult<AxisTable> {
    let (n, last) = (a.out_len, a.in_len - 1);
    let r = pixel_ratio(a, align_corners);
    let (mut index, mut weight) = mem::try_filled_pair(n.saturating_mul(2), 0u32, 0f32)?;
    for j in 0..n {
        let real = if align_corners {
            r * j as f32
        } else {
            // Half-pixel centres; negative coordinates clamp to the first pixel.
            (r * (j as f32 + 0.5) - 0.5).max(0.0)
        };
        let i0 = (real.floor() as usize).min(last);
        let l1 = (real - i0 as f32).clamp(0.0, 1.0);
        index[j] = i0 as u32;
        index[n + j] = (i0 + usize::from(i0 < last)) as u32;
        weight[j] = 1.0 - l1;
        weight[n + j] = l1;
    }
    AxisTable::new(a.in_len, n, 2, index, weight)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_pixel_weights_for_doubling() {
        let t = table(&AxisSpec::new(2, 4, Some(2.0)), false).unwrap();
        assert_eq!(t.index, [0, 0, 0, 1, 1, 1, 1, 1]);
        assert_eq!(t.weight, [1.0, 0.75, 0.25, 0.75, 0.0, 0.25, 0.75, 0.25]);
    }

    #[test]
    fn one_output_samples_the_centre() {
        // [0,1,2,3] -> 1 gives 1.5 in PyTorch (half_pixel, not pytorch_half_pixel).
        let t = table(&AxisSpec::new(4, 1, None), false).unwrap();
        assert_eq!((t.index[0], t.index[1], t.weight[1]), (1, 2, 0.5));
        let c = table(&AxisSpec::new(4, 1, None), true).unwrap();
        assert_eq!((c.index[0], c.weight[0]), (0, 1.0));
    }
}
