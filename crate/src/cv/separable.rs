//! INTER_LINEAR, INTER_CUBIC and INTER_LANCZOS4 (and INTER_AREA's upscale):
//! each source row a table needs is resampled horizontally once into a
//! small ring (OpenCV's own order: horizontal sums, then the vertical pass
//! over k of them), then every output row is the vertical pass.

use super::tables::{self, Axis, Kernel};
use super::{Px, Spec};
use crate::error::KernelResult;
use crate::mem;
use crate::simd::Path;

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

pub fn run<T: Px>(_path: Path, x: &[T], out: &mut [T], s: &Spec, kernel: Kernel, area: bool) -> KernelResult {
    let exact = kernel == Kernel::LinearExact;
    let rows = taps::<T>(tables::axis(kernel, s.h, s.oh, s.inv[0], area, exact)?, kernel)?;
    let cols = taps::<T>(tables::axis(kernel, s.w, s.ow, s.inv[1], area, exact || kernel == Kernel::Linear)?, kernel)?;
    let (k, c, row) = (rows.k, s.c, s.ow * s.c);
    // Ring slot `y % k` holds source row y's horizontal pass: one output
    // row's k rows are consecutive before clamping, so never share a slot.
    let mut ring = mem::try_filled(k * row, T::Acc::default())?;
    let mut held = [usize::MAX; 8];
    let mut acc = [T::Acc::default(); 8];
    for (dy, dst) in out.chunks_exact_mut(row).enumerate() {
        let (ri, rw) = (&rows.index[dy * k..][..k], &rows.weight[dy * k..][..k]);
        for &y in ri {
            let y = y as usize;
            if held[y % k] != y {
                horizontal(&x[y * s.w * c..][..s.w * c], &mut ring[y % k * row..][..row], &cols, c);
                held[y % k] = y;
            }
        }
        for (i, o) in dst.iter_mut().enumerate() {
            for (a, &y) in acc.iter_mut().zip(ri) {
                *a = ring[y as usize % k * row + i];
            }
            *o = T::vertical(&acc[..k], rw, kernel);
        }
    }
    Ok(())
}

fn horizontal<T: Px>(src: &[T], dst: &mut [T::Acc], cols: &Taps<T::W>, c: usize) {
    let k = cols.k;
    for (d, px) in dst.chunks_exact_mut(c).enumerate() {
        let (ix, w) = (&cols.index[d * k..][..k], &cols.weight[d * k..][..k]);
        for (ch, o) in px.iter_mut().enumerate() {
            *o = ix.iter().zip(w).fold(T::Acc::default(), |a, (&i, &w)| T::mac(a, src[i as usize * c + ch], w));
        }
    }
}
