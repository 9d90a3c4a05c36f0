//! `nearest` and `nearest-exact`: one tap per output, indices computed in
//! float32 exactly as PyTorch's CPU kernels do, so ties land where PyTorch's do.

use super::{ratio, AxisSpec};
use crate::error::KernelResult;
use crate::interpolate::separable::AxisTable;
use crate::mem;

/// `nearest`: floor(float32(j · ratio)), PyTorch's legacy rule.
pub fn table(a: &AxisSpec) -> KernelResult<AxisTable> {
    let r = ratio(a);
    let last = a.in_len - 1;
    gather(a, |j| ((j as f32 * r).floor() as usize).min(last))
}

/// The single-tap table that reads source `source(j)` for output `j`.
fn gather(a: &AxisSpec, source: impl Fn(usize) -> usize) -> KernelResult<AxisTable> {
    AxisTable::gather(a.in_len, mem::try_collect((0..a.out_len).map(|j| source(j) as u32))?)
}

/// PyTorch's `nearest_idx` short-cuts two cases that its other kernels
/// compute in float32: same length (identity) and exact doubling (j >> 1).
/// With a scale factor of 2.1 on length 5 the two rules pick different
/// pixels; `Spec::nearest_shortcuts` says which one PyTorch runs.
pub fn shortcut_table(a: &AxisSpec) -> KernelResult<AxisTable> {
    if a.out_len == a.in_len {
        gather(a, |j| j)
    } else if a.out_len == 2 * a.in_len {
        gather(a, |j| j >> 1)
    } else {
        table(a)
    }
}

/// `nearest-exact`: floor(float32((j + 0.5) · ratio)), the product taken in
/// float64 as PyTorch's `(dst_index + 0.5) * scale` is, then narrowed.
pub fn exact_table(a: &AxisSpec) -> KernelResult<AxisTable> {
    let r = ratio(a) as f64;
    let last = a.in_len - 1;
    gather(a, |j| ((((j as f64 + 0.5) * r) as f32).floor() as usize).min(last))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idx(t: KernelResult<AxisTable>) -> Vec<u32> {
        t.unwrap().index
    }

    #[test]
    fn legacy_nearest_matches_pytorch_ties() {
        // 14 -> 2: float32(14/2) = 7 exactly, torch picks 7 for output 1.
        assert_eq!(idx(table(&AxisSpec::new(14, 2, None))), [0, 7]);
        // size (3,5) from 2x2: rows [0,0,1], cols [0,0,0,1,1] (PyTorch's nn.Upsample example).
        assert_eq!(idx(table(&AxisSpec::new(2, 3, None))), [0, 0, 1]);
        assert_eq!(idx(table(&AxisSpec::new(2, 5, None))), [0, 0, 0, 1, 1]);
        // scale 2.1 on 5 -> 10 (contiguous kernel, no shortcut).
        assert_eq!(idx(table(&AxisSpec::new(5, 10, Some(2.1)))), [0, 0, 0, 1, 1, 2, 2, 3, 3, 4]);
        // ...and the doubling short-cut.
        assert_eq!(idx(shortcut_table(&AxisSpec::new(5, 10, Some(2.1)))), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    }

    #[test]
    fn exact_nearest_rounds_half_pixel_centres() {
        // 2x downsampling picks 2i+1.
        assert_eq!(idx(exact_table(&AxisSpec::new(8, 4, None))), [1, 3, 5, 7]);
        // 2 -> 41, output 20: float32(2/41) rounds down, torch gives 0.
        assert_eq!(idx(exact_table(&AxisSpec::new(2, 41, None)))[20], 0);
    }
}
