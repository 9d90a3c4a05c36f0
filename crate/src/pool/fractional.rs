//! `fractional_max_pool{2,3}d` (Graham, "Fractional Max-Pooling", 2014) with
//! PyTorch's pseudo-random windows: per (n, c) plane and axis, one sample
//! `u` in [0, 1) places `out` windows of length `k` at
//! `⌊(i + u)·α⌋ − ⌊u·α⌋`, `α = (in − k)/(out − 1)`, the last one flush with
//! the end. Each plane then runs the shared window walk with its own tables.

use super::{plane, Axis, Spec, Window};
use crate::error::{KernelError, KernelResult};
use crate::mem;
use crate::simd::Path;
use crate::threads;

/// Rewrites `axis`'s windows for sample `u`, in f32 as PyTorch's float
/// kernel computes them. BadArgument if the kernel is longer than the axis
/// or a window would leave it (the formula keeps them inside; the check
/// keeps memory safe whatever the block holds).
fn place(axis: &mut Axis, u: f32, kernel: usize) -> KernelResult {
    let (n, out) = (axis.in_len, axis.windows.len());
    let last = n.checked_sub(kernel).ok_or(KernelError::BadArgument)?;
    let alpha = if out > 1 { last as f32 / (out - 1) as f32 } else { 0.0 };
    let shift = (u * alpha) as i64;
    for (i, w) in axis.windows.iter_mut().enumerate() {
        let start = if i + 1 == out { last as i64 } else { ((i as f32 + u) * alpha) as i64 - shift };
        if start < 0 || start as usize > last {
            return Err(KernelError::BadArgument);
        }
        let start = start as usize;
        *w = Window { start, end: start + kernel, padded: kernel };
    }
    Ok(())
}

/// Where fractional windows go: `samples` holds `rank` (2 or 3) values per
/// plane in PyTorch's order (2-D W then H; 3-D D, H, W); `kernel` is per
/// axis, outermost first.
pub struct Placement<'a> {
    pub samples: &'a [f32],
    pub rank: usize,
    pub kernel: [usize; 3],
}

/// Fractional max pooling of `spec.planes` NC* planes (`spec.op` Max, `lane`
/// 1, the axes' windows only sized: they are placed here per plane).
pub fn fractional_max(path: Path, x: &[f32], out: &mut [f32], indices: Option<&mut [i32]>, spec: Spec, at: &Placement) -> KernelResult {
    let (Some(n_in), Some(n_out)) = (spec.in_len(), spec.out_len()) else {
        return Err(KernelError::BadBuffer);
    };
    let rank = at.rank;
    let short = indices.as_ref().is_some_and(|ix| ix.len() < n_out);
    if !(rank == 2 || rank == 3) || spec.lane != 1 || x.len() < n_in || out.len() < n_out || short || at.samples.len() < spec.planes * rank {
        return Err(KernelError::BadArgument);
    }
    if spec.planes == 0 {
        return Ok(());
    }
    let (in_plane, out_plane) = (n_in / spec.planes, n_out / spec.planes);
    // Planes to threads, each thread placing windows in its own copy of the axes.
    let specs = threads::PerThread::new(|| {
        let axes = spec.axes.each_ref().map(|a| Ok(Axis { windows: mem::try_collect(a.windows.iter().copied())?, ..*a }));
        let [d, h, w] = axes;
        Ok(Spec { axes: [d?, h?, w?], ..spec })
    })?;
    let out = threads::Disjoint::new(out);
    let indices = indices.map(threads::Disjoint::new);
    threads::try_runs(spec.planes, n_in + n_out, &|planes, slot| {
        let spec = specs.get(&slot);
        for p in planes {
            let u = &at.samples[p * rank..(p + 1) * rank];
            for k in 3 - rank..3 {
                // 2-D samples are (W, H): reversed axis order; 3-D ones are in it.
                let sample = if rank == 2 { u[2 - k] } else { u[k] };
                place(&mut spec.axes[k], sample, at.kernel[k])?;
            }
            // SAFETY: plane p is written by the run that holds it.
            let ix = indices.as_ref().map(|ix| unsafe { &mut ix.get()[p * out_plane..(p + 1) * out_plane] });
            let dst = unsafe { &mut out.get()[p * out_plane..(p + 1) * out_plane] };
            plane::<super::fold::Max>(path.vector(), &x[p * in_plane..(p + 1) * in_plane], dst, ix, spec, &[]);
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pool::Op;

    fn starts(in_len: usize, out: usize, k: usize, u: f32) -> KernelResult<Vec<usize>> {
        let mut a = Axis::adaptive(in_len, out)?;
        place(&mut a, u, k)?;
        Ok(a.windows.iter().map(|w| w.start).collect())
    }

    #[test]
    fn windows_follow_the_float32_formula() {
        // α = (10 − 2)/3 = 8/3: ⌊(i + u)α⌋ − ⌊uα⌋, the last at in − k.
        assert_eq!(starts(10, 4, 2, 0.0).unwrap(), [0, 2, 5, 8]);
        assert_eq!(starts(10, 4, 2, 0.5).unwrap(), [0, 3, 5, 8]);
        // Near 1, 2 + u rounds to 3 in f32: the third window moves to 8 − 2.
        assert_eq!(starts(10, 4, 2, 1.0 - f32::EPSILON / 2.0).unwrap(), [0, 3, 6, 8]);
        // out = in − k + 1: every position; out = 1: flush with the end.
        assert_eq!(starts(6, 5, 2, 0.7).unwrap(), [0, 1, 2, 3, 4]);
        assert_eq!(starts(6, 1, 3, 0.7).unwrap(), [3]);
        assert_eq!(starts(2, 1, 3, 0.0), Err(KernelError::BadArgument));
        // Truncation is monotone and α ≥ 1, so even samples outside [0, 1)
        // (which TypeScript refuses) keep the windows inside, as in PyTorch.
        assert!(starts(10, 4, 2, -40.0).unwrap().iter().all(|&s| s <= 8));
    }

    #[test]
    fn planes_use_their_own_samples_in_pytorch_order() {
        // Two 1×4 planes (H = 1, W = 4), k = (1, 2), out = (1, 2); W samples first.
        let x = [1.0, 5.0, 2.0, 0.0, 0.0, 2.0, 9.0, 1.0];
        let axes = || [Axis::adaptive(1, 1).unwrap(), Axis::adaptive(1, 1).unwrap(), Axis::adaptive(4, 2).unwrap()];
        let at = Placement { samples: &[0.0, 0.0, 0.9, 0.0], rank: 2, kernel: [1, 1, 2] };
        for path in [Path::Scalar, Path::Vector] {
            let spec = Spec { op: Op::Max, planes: 2, lane: 1, axes: axes() };
            let (mut out, mut ix) = ([f32::NAN; 4], [-1; 4]);
            fractional_max(path, &x, &mut out, Some(&mut ix), spec, &at).unwrap();
            // Plane 0 (u = 0): windows at 0 and 2; plane 1 (u = 0.9): ⌊0.9·2⌋ − ⌊0.9·2⌋ = 0, then 2.
            assert_eq!(out, [5.0, 2.0, 2.0, 9.0]);
            assert_eq!(ix, [1, 2, 1, 2]);
        }
        let spec = Spec { op: Op::Max, planes: 2, lane: 1, axes: axes() };
        let short = Placement { samples: &[0.0; 3], ..at };
        assert_eq!(fractional_max(Path::Vector, &x, &mut [0.0; 4], None, spec, &short), Err(KernelError::BadArgument));
    }
}
