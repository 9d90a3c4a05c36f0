//! `lane = 1` (NC* layouts): whole input rows folded into whole output
//! rows, so the vector path runs along W.

use super::fold::{take_max, Fold};
use super::{Axis, Spec, Taps};
use crate::simd::{F32x4, I32x4, LANES};

/// `lane = 1`: every input row of a window row is folded into the whole
/// output row (tap by tap for sliding windows, window by window for adaptive ones).
pub(super) fn rows<F: Fold>(vector: bool, src: &[f32], dst: &mut [f32], mut ix: Option<&mut [i32]>, spec: &Spec, w_factors: &[usize]) {
    let [a0, a1, a2] = &spec.axes;
    let (w_in, h_in, n) = (a2.in_len, a1.in_len, a2.out_len());
    let pairs = a2.is_pairs();
    let mut o = 0;
    for w0 in &a0.windows {
        for w1 in &a1.windows {
            let acc = &mut dst[o..o + n];
            acc.fill(F::START);
            let mut at = ix.as_deref_mut().map(|ix| &mut ix[o..o + n]);
            if let Some(at) = at.as_deref_mut() {
                // PyTorch's initial index is the window's first position, even
                // when the window holds nothing (then it may lie past the input).
                let first = (w0.start * h_in + w1.start) * w_in;
                for (a, w2) in at.iter_mut().zip(&a2.windows) {
                    *a = (first + w2.start) as i32;
                }
            }
            for d in a0.positions(w0) {
                for h in a1.positions(w1) {
                    let base = (d * h_in + h) * w_in;
                    let line = &src[base..base + w_in];
                    match (at.as_deref_mut(), a2.taps) {
                        (Some(at), _) if pairs => fold_pairs_indexed(vector, acc, at, line, base),
                        (Some(at), Some(taps)) => fold_taps_indexed(vector, acc, at, line, base, taps),
                        (Some(at), None) => fold_windows_indexed(acc, at, line, base, a2),
                        (None, _) if pairs => fold_pairs::<F>(vector, acc, line),
                        (None, Some(taps)) => fold_taps::<F>(vector, acc, line, taps),
                        (None, None) => fold_windows::<F>(acc, line, a2),
                    }
                }
            }
            if F::AVERAGES {
                let outer = spec.factor(0, w0) * spec.factor(1, w1);
                for (a, f) in acc.iter_mut().zip(w_factors) {
                    *a /= spec.divisor(outer * f);
                }
            }
            o += n;
        }
    }
}

/// The outputs `lo..hi` (of `outputs`) whose tap `k`, at `j·stride +
/// k·dilation − pad`, lies inside a line of `len`.
#[inline(always)]
fn tap_range(t: Taps, k: usize, len: usize, outputs: usize) -> (usize, usize) {
    let off = (k * t.dilation) as isize - t.pad as isize;
    let lo = if off < 0 { off.unsigned_abs().div_ceil(t.stride) } else { 0 };
    let room = len as isize - off;
    let hi = if room > 0 { (room as usize).div_ceil(t.stride) } else { 0 };
    let lo = lo.min(outputs);
    (lo, hi.min(outputs).max(lo))
}

/// The outputs from which four at a time have all their taps inside the
/// line: the first one, and whether the block from `j` still fits.
#[inline(always)]
fn blocks(t: Taps, n: usize, len: usize) -> (usize, impl Fn(usize) -> bool) {
    let lo = tap_range(t, 0, len, n).0;
    let hi = tap_range(t, t.kernel - 1, len, n).1.max(lo);
    let last = (t.kernel - 1) * t.dilation;
    // A block's loads reach one element past its last tap for s = 2 (deinterleave).
    let reach = if t.stride == 2 { 2 } else { 1 };
    (lo, move |j: usize| j + LANES <= hi && (j + LANES - 1) * t.stride + last + reach <= len + t.pad)
}

/// The taps at `at + i·stride` of four outputs: stride 1 loads four
/// neighbours, stride 2 deinterleaves two loads, any other (`S` = 0) gathers.
#[inline(always)]
fn four<const S: usize>(line: &[f32], at: usize, s: usize) -> F32x4 {
    match S {
        1 => F32x4::load(&line[at..]),
        2 => F32x4::deinterleave(F32x4::load(&line[at..]), F32x4::load(&line[at + LANES..])).0,
        _ => F32x4::new(line[at], line[at + s], line[at + 2 * s], line[at + 3 * s]),
    }
}

/// `acc[j] = fold(acc[j], line[j·stride + t·dilation − pad])` for each tap t
/// in order. Outputs whose taps all lie inside the line go four at a time,
/// all taps per load of `acc`; those at the edges (padding, ceil overhang)
/// one at a time, skipping the taps outside.
fn fold_taps<F: Fold>(vector: bool, acc: &mut [f32], line: &[f32], t: Taps) {
    let (n, len, s) = (acc.len(), line.len(), t.stride);
    let (lo, fits) = blocks(t, n, len);
    let mut j = lo;
    if vector {
        // One loop per stride kind, chosen once: the tap loop then has no branch in it.
        j = match s {
            1 => fold_blocks::<F, 1>(acc, line, t, j, fits),
            2 => fold_blocks::<F, 2>(acc, line, t, j, fits),
            _ => fold_blocks::<F, 0>(acc, line, t, j, fits),
        };
    }
    for j in (0..lo).chain(j..n) {
        for k in 0..t.kernel {
            let at = (j * s + k * t.dilation).wrapping_sub(t.pad);
            if at < len {
                acc[j] = F::scalar(acc[j], line[at]);
            }
        }
    }
}

/// The vector part of `fold_taps` from output `j` while `fits`. Returns
/// the first output it did not write.
#[inline(always)]
fn fold_blocks<F: Fold, const S: usize>(acc: &mut [f32], line: &[f32], t: Taps, mut j: usize, fits: impl Fn(usize) -> bool) -> usize {
    while fits(j) {
        let mut a = F32x4::load(&acc[j..]);
        for k in 0..t.kernel {
            a = F::vector(a, four::<S>(line, j * t.stride + k * t.dilation - t.pad, t.stride));
        }
        a.store(&mut acc[j..]);
        j += LANES;
    }
    j
}

/// `fold_taps` for the max, with each winner's position (`base` + its
/// position in the line): the same taps in the same order, so the same
/// winners, four outputs at a time.
fn fold_taps_indexed(vector: bool, acc: &mut [f32], ix: &mut [i32], line: &[f32], base: usize, t: Taps) {
    let (n, len, s) = (acc.len(), line.len(), t.stride);
    let (lo, fits) = blocks(t, n, len);
    let mut j = lo;
    if vector {
        j = match s {
            1 => max_blocks::<1>(acc, ix, line, base, t, j, fits),
            2 => max_blocks::<2>(acc, ix, line, base, t, j, fits),
            _ => max_blocks::<0>(acc, ix, line, base, t, j, fits),
        };
    }
    for j in (0..lo).chain(j..n) {
        for k in 0..t.kernel {
            let at = (j * s + k * t.dilation).wrapping_sub(t.pad);
            if at < len {
                take_max(&mut acc[j], &mut ix[j], line[at], base + at);
            }
        }
    }
}

/// The vector part of `fold_taps_indexed`, as `fold_blocks`.
#[inline(always)]
fn max_blocks<const S: usize>(acc: &mut [f32], ix: &mut [i32], line: &[f32], base: usize, t: Taps, mut j: usize, fits: impl Fn(usize) -> bool) -> usize {
    let s = t.stride as i32;
    let steps = I32x4::new(0, s, 2 * s, 3 * s);
    while fits(j) {
        let (mut m, mut i) = (F32x4::load(&acc[j..]), I32x4::load(&ix[j..]));
        for k in 0..t.kernel {
            let at = j * t.stride + k * t.dilation - t.pad;
            (m, i) = m.running_max_at(i, four::<S>(line, at, t.stride), I32x4::splat((base + at) as i32).add(steps));
        }
        m.store(&mut acc[j..]);
        i.store(&mut ix[j..]);
        j += LANES;
    }
    j
}

/// `acc[j] = fold(acc[j], line[p])` for the positions p of window j.
fn fold_windows<F: Fold>(acc: &mut [f32], line: &[f32], a: &Axis) {
    for (m, w) in acc.iter_mut().zip(&a.windows) {
        *m = line[w.start..w.end].iter().step_by(a.step).fold(*m, |m, &v| F::scalar(m, v));
    }
}

/// The max and its position (`base` + position in the line) per window.
fn fold_windows_indexed(acc: &mut [f32], at: &mut [i32], line: &[f32], base: usize, a: &Axis) {
    for ((m, i), w) in acc.iter_mut().zip(at.iter_mut()).zip(&a.windows) {
        for p in a.positions(w) {
            take_max(m, i, line[p], base + p);
        }
    }
}

/// `acc[j] = fold(fold(acc[j], row[2j]), row[2j+1])`: one input row into a
/// row of 2-wide windows, four outputs per step.
#[inline(always)]
fn fold_pairs<F: Fold>(vector: bool, acc: &mut [f32], row: &[f32]) {
    let n = acc.len();
    let body = if vector { n - n % LANES } else { 0 };
    // Exact chunks let the compiler drop the bounds checks from the loop.
    for (a, x) in acc[..body].chunks_exact_mut(LANES).zip(row.chunks_exact(2 * LANES)) {
        let (even, odd) = F32x4::deinterleave(F32x4::load(x), F32x4::load(&x[LANES..]));
        F::vector(F::vector(F32x4::load(a), even), odd).store(a);
    }
    for j in body..n {
        acc[j] = F::scalar(F::scalar(acc[j], row[2 * j]), row[2 * j + 1]);
    }
}

/// `fold_pairs` for the max, with the position of each winner.
fn fold_pairs_indexed(vector: bool, acc: &mut [f32], at: &mut [i32], row: &[f32], base: usize) {
    let n = acc.len();
    let body = if vector { n - n % LANES } else { 0 };
    let (one, eight) = (I32x4::splat(1), I32x4::splat(2 * LANES as i32));
    let mut pos = I32x4::splat(base as i32).add(I32x4::new(0, 2, 4, 6));
    let blocks = acc[..body].chunks_exact_mut(LANES).zip(at[..body].chunks_exact_mut(LANES)).zip(row.chunks_exact(2 * LANES));
    for ((m, a), x) in blocks {
        let (even, odd) = F32x4::deinterleave(F32x4::load(x), F32x4::load(&x[LANES..]));
        let (v, i) = F32x4::load(m).running_max_at(I32x4::load(a), even, pos);
        let (v, i) = v.running_max_at(i, odd, pos.add(one));
        v.store(m);
        i.store(a);
        pos = pos.add(eight);
    }
    for j in body..n {
        take_max(&mut acc[j], &mut at[j], row[2 * j], base + 2 * j);
        take_max(&mut acc[j], &mut at[j], row[2 * j + 1], base + 2 * j + 1);
    }
}
