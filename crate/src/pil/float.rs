//! Mode F: Pillow's 32-bit passes, sums in f64 over f64 weights, each
//! pass's result stored as f32.

use super::coeffs::Axis;
use super::Plane;
use crate::error::KernelResult;
use crate::mem;
use crate::threads;

/// Both passes (those with an axis), in the order given.
pub fn passes(src: &[f32], dst: &mut [f32], plane: Plane, vt: Option<&Axis>, ht: Option<&Axis>, vertical_first: bool) -> KernelResult {
    let Plane { in_h, in_w, out_h, out_w, .. } = plane;
    match (vt, ht) {
        (Some(v), Some(h)) if vertical_first => {
            let mut mid = mem::try_filled(in_w * out_h, 0f32)?;
            pass(src, &mut mid, v, false, in_w, in_w);
            pass(&mid, dst, h, true, in_w, out_w);
        }
        (Some(v), Some(h)) => {
            let mut mid = mem::try_filled(out_w * in_h, 0f32)?;
            pass(src, &mut mid, h, true, in_w, out_w);
            pass(&mid, dst, v, false, out_w, out_w);
        }
        (Some(v), None) => pass(src, dst, v, false, in_w, out_w),
        (None, Some(h)) => pass(src, dst, h, true, in_w, out_w),
        (None, None) => dst.copy_from_slice(&src[..in_h * in_w]),
    }
    Ok(())
}

/// One pass from rows of `in_w` values to rows of `out_w`: along the rows
/// (`horizontal`) or down the columns (then `in_w == out_w`).
fn pass(src: &[f32], dst: &mut [f32], a: &Axis, horizontal: bool, in_w: usize, out_w: usize) {
    let rows = dst.len() / out_w.max(1);
    let dst = threads::Disjoint::new(dst);
    // Output rows to threads.
    threads::runs_of(rows, out_w * a.ksize, &|ys, _| {
        // SAFETY: these rows are written by the run that holds them.
        let dst = unsafe { &mut dst.get()[ys.start * out_w..ys.end * out_w] };
        for (y, out) in ys.zip(dst.chunks_exact_mut(out_w)) {
            for (x, o) in out.iter_mut().enumerate() {
                let j = if horizontal { x } else { y };
                let (first, step) = if horizontal { (y * in_w + a.start[j], 1) } else { (a.start[j] * in_w + x, in_w) };
                let k = &a.kk[j * a.ksize..][..a.len[j]];
                *o = k.iter().enumerate().fold(0f64, |s, (i, &w)| s + src[first + i * step] as f64 * w) as f32;
            }
        }
    });
}
