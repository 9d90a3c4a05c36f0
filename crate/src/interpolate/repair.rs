//! Windows shorter than their table's tap count are padded with
//! zero-weight taps, so every output runs the same vector loop. For finite
//! sources a padding tap adds exactly +0, but it turns a ±inf source into
//! 0·inf = NaN, where PyTorch (which sums only the window) gives ±inf. Only
//! NaN outputs can be affected, so after the passes each NaN output of a
//! padded table is recomputed with the real taps alone, pass by pass in
//! the kernels' order, so the repaired value rounds as the kernels would.

use super::separable::AxisTable;
use super::Spec;

/// Recomputes the NaN outputs of `out` when some table has padding taps.
/// `tables` outermost axis first, None for axes copied unchanged.
pub fn repair(x: &[f32], out: &mut [f32], spec: &Spec, tables: &[Option<AxisTable>], lane: usize) {
    if tables.iter().flatten().all(|t| t.lens.is_empty()) {
        return;
    }
    let rank = spec.axes.len();
    let in_dims: [usize; 3] = core::array::from_fn(|k| spec.axes.get(k).map_or(1, |a| a.in_len));
    let out_dims: [usize; 3] = core::array::from_fn(|k| spec.axes.get(k).map_or(1, |a| a.out_len));
    let (in_plane, out_plane) = (lane * in_dims.iter().product::<usize>(), lane * out_dims.iter().product::<usize>());
    for (o, v) in out[..spec.out_len()].iter_mut().enumerate() {
        if !v.is_nan() {
            continue;
        }
        let (plane, mut rest) = (o / out_plane, o % out_plane);
        let c = rest % lane;
        rest /= lane;
        let mut at = [0usize; 3];
        for k in (0..rank).rev() {
            at[k] = rest % out_dims[k];
            rest /= out_dims[k];
        }
        let source = &x[plane * in_plane..(plane + 1) * in_plane];
        *v = value(source, &in_dims[..rank], tables, lane, c, at, 0);
    }
}

/// The value at `at` (source indices on axes before `k`, output indices
/// from `k` on): the innermost axis is resampled first, as the passes do.
fn value(x: &[f32], dims: &[usize], tables: &[Option<AxisTable>], lane: usize, c: usize, at: [usize; 3], k: usize) -> f32 {
    if k == dims.len() {
        let flat = at[..k].iter().zip(dims).fold(0, |i, (&a, &d)| i * d + a);
        return x[flat * lane + c];
    }
    let Some(t) = &tables[k] else { return value(x, dims, tables, lane, c, at, k + 1) };
    let j = at[k];
    let tap = |s: usize| {
        let i = s * t.out_len + j;
        let mut from = at;
        from[k] = t.index[i] as usize;
        t.weight[i] * value(x, dims, tables, lane, c, from, k + 1)
    };
    (0..t.real_taps(j)).map(tap).reduce(|acc, v| acc + v).unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::super::{interpolate, AxisSpec, Mode, Spec};
    use crate::simd::Path;

    fn run(path: Path, mode: Mode, antialias: bool, x: &[f32], axes: Vec<AxisSpec>) -> Vec<f32> {
        let spec = Spec { mode, align_corners: false, antialias, channels_last: false, batch: 1, channels: 1, axes };
        let mut out = vec![f32::NAN; spec.out_len()];
        interpolate(path, x, &mut out, &spec).unwrap();
        out
    }

    #[test]
    fn infinities_survive_padded_windows() {
        let inf = f32::INFINITY;
        for path in [Path::Vector, Path::Scalar] {
            // area 5 -> 3: windows [0,2), [1,4), [3,5), padded to 3 taps.
            let out = run(path, Mode::Area, false, &[1.0, inf, 2.0, 3.0, 4.0], vec![AxisSpec::new(5, 3, None)]);
            assert_eq!(out, [inf, inf, 3.5]);
            // Opposite infinities in one window still make NaN, as in PyTorch.
            let out = run(path, Mode::Area, false, &[-inf, inf, 2.0, 3.0, 4.0], vec![AxisSpec::new(5, 3, None)]);
            assert!(out[0].is_nan() && out[1] == inf && out[2] == 3.5);
            // Antialiased 9 -> 3: windows [0,5), [2,8), [5,9), the last padded
            // to 6 taps by repeating its last source, here the infinite one.
            let mut x = vec![1.0; 9];
            x[8] = -inf;
            let out = run(path, Mode::Linear, true, &x, vec![AxisSpec::new(1, 1, None), AxisSpec::new(9, 3, None)]);
            assert!((out[0] - 1.0).abs() < 1e-6 && (out[1] - 1.0).abs() < 1e-6 && out[2] == -inf, "{out:?}");
            // A real tap of weight 0 (source 4 at the end of the first
            // window) makes 0·inf = NaN in PyTorch too.
            x.swap(4, 8);
            let out = run(path, Mode::Linear, true, &x, vec![AxisSpec::new(1, 1, None), AxisSpec::new(9, 3, None)]);
            assert!(out[0].is_nan() && out[1] == -inf && (out[2] - 1.0).abs() < 1e-6, "{out:?}");
        }
    }
}
