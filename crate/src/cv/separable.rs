//! INTER_LINEAR, INTER_CUBIC and INTER_LANCZOS4 (and INTER_AREA's upscale,
//! INTER_LINEAR_EXACT): each source row a table needs is resampled
//! horizontally once into a small ring (OpenCV's own order: horizontal
//! sums, then the vertical pass over k of them), then every output row is
//! the vertical pass.

use super::tables::{self, Axis, Kernel};
use super::{Px, Spec};
use crate::error::KernelResult;
use crate::mem;
use crate::simd::{I16x8, I32x4, Path};
use crate::threads;
use core::ops::Range;

/// Weights of one axis in the sample type's form.
struct Taps<W> {
    k: usize,
    index: Vec<u32>,
    weight: Vec<W>,
}

fn taps<T: Px>(a: Axis, kernel: Kernel) -> KernelResult<Taps<T::W>> {
    let weight = mem::try_collect(a.weight.iter().map(|&w| T::weight(w, kernel)))?;
    Ok(Taps { k: a.taps, index: a.index, weight })
}

pub fn run<T: Px>(path: Path, x: &[T], out: &mut [T], s: &Spec, kernel: Kernel, area: bool) -> KernelResult {
    let exact = kernel == Kernel::LinearExact;
    let rows = taps::<T>(tables::axis(kernel, s.h, s.oh, s.inv[0], area, exact)?, kernel)?;
    let cols = taps::<T>(tables::axis(kernel, s.w, s.ow, s.inv[1], area, exact || kernel == Kernel::Linear)?, kernel)?;
    let (k, row) = (rows.k, s.ow * s.c);
    let rings = threads::PerThread::new(|| mem::try_filled(k * row, T::Acc::default()))?;
    // Output rows to threads, each with its own ring.
    super::split_rows(out, row, k * (cols.k + 1), &|out, ys, slot| band(path, x, out, s, kernel, (&rows, &cols), rings.get(&slot), ys));
    Ok(())
}

/// Output rows `ys` into `out`, through `ring`.
#[allow(clippy::too_many_arguments)]
fn band<T: Px>(path: Path, x: &[T], out: &mut [T], s: &Spec, kernel: Kernel, (rows, cols): (&Taps<T::W>, &Taps<T::W>), ring: &mut [T::Acc], ys: Range<usize>) {
    let (k, c, row) = (rows.k, s.c, s.ow * s.c);
    // Ring slot `y % k` holds source row y's horizontal pass: one output
    // row's k rows are consecutive before clamping, so never share a slot.
    let mut held = [usize::MAX; 8];
    for (dy, dst) in ys.zip(out.chunks_exact_mut(row)) {
        let (ri, rw) = (&rows.index[dy * k..][..k], &rows.weight[dy * k..][..k]);
        for &y in ri {
            let y = y as usize;
            if held[y % k] != y {
                let src = &x[y * s.w * c..][..s.w * c];
                let dst = &mut ring[y % k * row..][..row];
                if k == 2 {
                    horizontal::<T, 2>(src, dst, cols, c);
                } else {
                    horizontal::<T, 0>(src, dst, cols, c);
                }
                held[y % k] = y;
            }
        }
        let mut at: [&[T::Acc]; 8] = [&[]; 8];
        for (a, &y) in at.iter_mut().zip(ri) {
            *a = &ring[y as usize % k * row..][..row];
        }
        T::vertical_row(path, &at[..k], rw, kernel, dst);
    }
}

/// One source row through the column taps; `K` fixes the tap count at
/// compile time where it is 2 (0: read it from the table).
fn horizontal<T: Px, const K: usize>(src: &[T], dst: &mut [T::Acc], cols: &Taps<T::W>, c: usize) {
    let k = if K == 0 { cols.k } else { K };
    for ((px, ix), w) in dst.chunks_exact_mut(c).zip(cols.index.chunks_exact(k)).zip(cols.weight.chunks_exact(k)) {
        if K == 2 {
            // (Two pixels sliced once: no per-channel index arithmetic.)
            let (p, q) = (&src[ix[0] as usize * c..][..c], &src[ix[1] as usize * c..][..c]);
            for ((o, &a), &b) in px.iter_mut().zip(p).zip(q) {
                *o = T::mac(T::mac(T::Acc::default(), a, w[0]), b, w[1]);
            }
            continue;
        }
        for (ch, o) in px.iter_mut().enumerate() {
            *o = ix.iter().zip(w).fold(T::Acc::default(), |a, (&i, &w)| T::mac(a, src[i as usize * c + ch], w));
        }
    }
}

/// INTER_LINEAR's uint8 vertical pass, 16 bytes a step (u8's scalar rule
/// lane by lane); returns how many bytes it wrote (the rest: scalar).
pub fn linear_rows_u8(r0: &[i32], r1: &[i32], [b0, b1]: [i32; 2], dst: &mut [u8]) -> usize {
    let (b0, b1) = (I32x4::splat(b0), I32x4::splat(b1));
    let n = dst.len() / 16 * 16;
    for ((d, s0), s1) in dst[..n].chunks_exact_mut(16).zip(r0.chunks_exact(16)).zip(r1.chunks_exact(16)) {
        let q: [I32x4; 4] = core::array::from_fn(|j| {
            let hi = |s: &[i32], b: I32x4| I32x4::load(&s[4 * j..]).shr(4).mul(b).shr(16);
            hi(s0, b0).add(hi(s1, b1)).shr_round(2)
        });
        I16x8::store_u8_sat(I16x8::narrow(q[0], q[1]), I16x8::narrow(q[2], q[3]), d);
    }
    n
}
