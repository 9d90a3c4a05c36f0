//! One contiguous axis (`inner = 1`): the scalar oracle, and the vector
//! paths of tables with `Phases` or `Blocks`.

use super::table::{Blocks, Phases};
use super::AxisTable;
use crate::simd::{F32x4, Pick, LANES};

/// The scalar oracle for a contiguous axis.
pub(super) fn gather_scalar(src: &[f32], dst: &mut [f32], t: &AxisTable) {
    for (j, d) in dst.iter_mut().enumerate() {
        *d = dot_scalar(t, j, |s| src[s]);
    }
}

#[inline(always)]
fn dot_scalar(t: &AxisTable, j: usize, at: impl Fn(usize) -> f32) -> f32 {
    let (s, w) = t.tap(0, j);
    if t.taps == 1 {
        return at(s); // exact copy, even of NaN and infinities
    }
    let mut acc = at(s) * w;
    for k in 1..t.taps {
        let (s, w) = t.tap(k, j);
        acc += at(s) * w;
    }
    acc
}

/// The vector path of a contiguous axis: four outputs at a time, their
/// sources picked from a window (`Blocks`). Tables without windows never
/// get here with more than one tap: they are resampled four rows at a time
/// (`by_four`); single-tap gathers without windows copy one by one.
pub(super) fn gather_simd(src: &[f32], dst: &mut [f32], t: &AxisTable) {
    if let Some(ph) = &t.phases {
        return gather_phases(src, dst, t, ph);
    }
    let Some(b) = &t.blocks else {
        return gather_scalar(src, dst, t);
    };
    let body = t.out_len - t.out_len % LANES;
    gather_blocks(src, &mut dst[..body], t, b);
    for (j, d) in dst.iter_mut().enumerate().skip(body) {
        *d = dot_scalar(t, j, |s| src[s]);
    }
}

/// `Phases` over their stretch, then the few outputs around it.
fn gather_phases(src: &[f32], dst: &mut [f32], t: &AxisTable, ph: &Phases) {
    let (lo, hi) = (ph.factor * ph.m0, ph.factor * (ph.m0 + ph.len));
    let run = &mut dst[lo..hi];
    // Nearest x2 and x4, bilinear and bicubic x2 have a `step`.
    match (ph.factor, t.taps, ph.step) {
        (2, 1, Some(0)) => phases::<2, 1, 0>(src, run, ph),
        (2, 2, Some(1)) => phases::<2, 2, 1>(src, run, ph),
        (2, 4, Some(1)) => phases::<2, 4, 1>(src, run, ph),
        (4, 1, Some(0)) => phases::<4, 1, 0>(src, run, ph),
        (2, 1, _) => phases::<2, 1, ANY_STEP>(src, run, ph),
        (2, 2, _) => phases::<2, 2, ANY_STEP>(src, run, ph),
        (2, _, _) => phases::<2, 4, ANY_STEP>(src, run, ph),
        (_, 1, _) => phases::<4, 1, ANY_STEP>(src, run, ph),
        (_, 2, _) => phases::<4, 2, ANY_STEP>(src, run, ph),
        _ => phases::<4, 4, ANY_STEP>(src, run, ph),
    }
    // After the stretch, so that they are the latest stores of the
    // outputs they share with it.
    match &ph.edges {
        // (Lane by lane the scalar arithmetic; they rewrite some outputs of the stretch.)
        Some(edges) => {
            for (j, a, taps) in edges {
                let v = F32x4::load(&src[*a..]);
                let tap = |(p, w): &(Pick, [f32; LANES])| (F32x4::pick4(v, p), F32x4::load(w));
                let (x, w) = tap(&taps[0]);
                let mut acc = if taps.len() == 1 { x } else { x.mul(w) };
                for (x, w) in taps[1..].iter().map(tap) {
                    acc = acc.add(x.mul(w));
                }
                acc.store(&mut dst[*j..]);
            }
        }
        None => {
            for j in (0..lo).chain(hi..t.out_len) {
                dst[j] = dot_scalar(t, j, |s| src[s]);
            }
        }
    }
}

/// `S` for `Phases` without a `step`.
const ANY_STEP: usize = usize::MAX;

/// `F` phases of `T` taps, sources and weights in registers; sources
/// `first[0] + p·S + t` unless `S` is `ANY_STEP`.
#[inline(always)]
fn phases<const F: usize, const T: usize, const S: usize>(src: &[f32], run: &mut [f32], ph: &Phases) {
    let first: [[usize; T]; F] = core::array::from_fn(|p| core::array::from_fn(|t| ph.first[p * T + t] as usize));
    let w: [[F32x4; T]; F] = core::array::from_fn(|p| core::array::from_fn(|t| F32x4::splat(ph.weight[p * T + t])));
    let len = ph.len;
    // The last loads are the furthest: checked once here instead of per step.
    assert!(len >= LANES && first.iter().flatten().all(|&a| a + len <= src.len()) && run.len() == F * len);
    // Outputs `F·m ..` from sources `m ..`, for `m + 4 <= len`.
    let step = |m: usize, d: &mut [f32]| {
        let v: [F32x4; F] = core::array::from_fn(|p| {
            let at = |t: usize| if S == ANY_STEP { first[p][t] } else { first[0][0] + p * S + t } + m;
            // SAFETY: `first[p][t] + m + 4 <= first[p][t] + len <= src.len()` (asserted above).
            let tap = |t: usize| F32x4::load(unsafe { src.get_unchecked(at(t)..at(t) + LANES) });
            let mut acc = tap(0);
            if T > 1 {
                acc = acc.mul(w[p][0]);
                for (t, w) in w[p].iter().enumerate().skip(1) {
                    acc = acc.add(tap(t).mul(*w));
                }
            }
            acc
        });
        // Output `F·m + p` is lane `m` of phase `p`.
        let out: [F32x4; F] = match *v.as_slice() {
            [a, b] => {
                let (lo, hi) = F32x4::interleave(a, b);
                core::array::from_fn(|i| [lo, hi][i])
            }
            [a, b, c, e] => {
                let o = F32x4::transpose([a, b, c, e]);
                core::array::from_fn(|i| o[i])
            }
            _ => unreachable!("factors are 2 or 4"),
        };
        for (o, d) in out.iter().zip(d.chunks_exact_mut(LANES)) {
            o.store(d);
        }
    };
    for (k, d) in run.chunks_exact_mut(F * LANES).enumerate() {
        step(k * LANES, d);
    }
    if !len.is_multiple_of(LANES) {
        step(len - LANES, &mut run[F * (len - LANES)..]);
    }
}

/// The window path over whole blocks; its periodic run gets a loop with
/// the picks and weights in registers.
fn gather_blocks(src: &[f32], dst: &mut [f32], t: &AxisTable, b: &Blocks) {
    match (b.width > LANES, b.shared) {
        (true, _) => gather_blocks_in::<true, true>(src, dst, t, b),
        (false, true) => gather_blocks_in::<false, true>(src, dst, t, b),
        (false, false) => gather_blocks_in::<false, false>(src, dst, t, b),
    }
}

/// `WIDE`: windows of 8 sources (two loads, two swizzles per pick), else 4;
/// `SHARED`: one window per block, else one per tap.
fn gather_blocks_in<const WIDE: bool, const SHARED: bool>(src: &[f32], dst: &mut [f32], t: &AxisTable, b: &Blocks) {
    let (n, taps) = (t.out_len, t.taps);
    let weight = |tap: usize, k: usize| F32x4::load(&t.weight[tap * n + k * LANES..]);
    let (r0, r1, step) = b.run;
    for k in (0..r0).chain(r1..b.at.len() / taps) {
        let (at, picks) = (&b.at[k * taps..(k + 1) * taps], &b.picks[k * taps..(k + 1) * taps]);
        let shared = window::<WIDE>(&src[at[0] as usize..]);
        let tap = |i: usize| pick::<WIDE>(if SHARED { shared } else { window::<WIDE>(&src[at[i] as usize..]) }, &picks[i]);
        let mut acc = tap(0);
        if taps > 1 {
            acc = acc.mul(weight(0, k));
            for i in 1..taps {
                acc = acc.add(tap(i).mul(weight(i, k)));
            }
        }
        acc.store(&mut dst[k * LANES..]);
    }
    if r0 == r1 {
        return;
    }
    let run = &mut dst[r0 * LANES..r1 * LANES];
    let (at, picks) = (&b.at[r0 * taps..(r0 + 1) * taps], &b.picks[r0 * taps..(r0 + 1) * taps]);
    let w = |i: usize| weight(i, r0);
    match taps {
        1 => periodic::<1, WIDE, SHARED>(src, run, at, step, picks, [F32x4::splat(1.0)]),
        2 => periodic::<2, WIDE, SHARED>(src, run, at, step, picks, core::array::from_fn(w)),
        4 => periodic::<4, WIDE, SHARED>(src, run, at, step, picks, core::array::from_fn(w)),
        _ => {
            for (k, d) in run.chunks_exact_mut(LANES).enumerate() {
                let tap = |i: usize| pick::<WIDE>(window::<WIDE>(&src[at[i] as usize + k * step..]), &picks[i]);
                let mut acc = tap(0).mul(w(0));
                for i in 1..taps {
                    acc = acc.add(tap(i).mul(w(i)));
                }
                acc.store(d);
            }
        }
    }
}

/// The window at the start of `src`: 4 sources, or 8 as two vectors.
#[inline(always)]
fn window<const WIDE: bool>(src: &[f32]) -> (F32x4, F32x4) {
    let lo = F32x4::load(src);
    (lo, if WIDE { F32x4::load(&src[LANES..]) } else { lo })
}

#[inline(always)]
fn pick<const WIDE: bool>((lo, hi): (F32x4, F32x4), p: &Pick) -> F32x4 {
    if WIDE {
        F32x4::pick(lo, hi, p)
    } else {
        F32x4::pick4(lo, p)
    }
}

#[inline(always)]
fn periodic<const T: usize, const WIDE: bool, const SHARED: bool>(src: &[f32], run: &mut [f32], at: &[u32], step: usize, picks: &[Pick], w: [F32x4; T]) {
    let picks: [Pick; T] = core::array::from_fn(|i| picks[i]);
    let mut at: [usize; T] = core::array::from_fn(|i| at[i] as usize);
    let width = if WIDE { 2 * LANES } else { LANES };
    // The last windows are the furthest: checked once here instead of per block.
    let blocks = run.len() / LANES;
    assert!(blocks == 0 || at.iter().all(|&a| a + (blocks - 1) * step + width <= src.len()));
    for d in run.chunks_exact_mut(LANES) {
        // SAFETY: every window lies inside `src` (asserted above).
        let load = |i: usize| window::<WIDE>(unsafe { src.get_unchecked(at[i]..at[i] + width) });
        let shared = load(0);
        let tap = |i: usize| pick::<WIDE>(if SHARED { shared } else { load(i) }, &picks[i]);
        let mut acc = tap(0);
        if T > 1 {
            acc = acc.mul(w[0]);
            for (i, w) in w.iter().enumerate().skip(1) {
                acc = acc.add(tap(i).mul(*w));
            }
        }
        acc.store(d);
        at.iter_mut().for_each(|a| *a += step);
    }
}
