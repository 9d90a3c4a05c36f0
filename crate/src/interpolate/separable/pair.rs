//! Two adjacent axes in one pass, through a ring of resampled rows.

use super::{by_four, combine, gather_by_four, resample, resample_rows, ring_slots, scatter_four, AxisTable, Lanes, Ring, Scratch, RING_PAD};
use crate::simd::{F32x4, Path, LANES};
use core::ops::Range;

/// Two adjacent axes at once: `x` is `[outer, th.in_len, tw.in_len, inner]`,
/// `out` is `[outer, th.out_len, tw.out_len, inner]`. Each output row of the
/// outer axis combines a few rows resampled along the inner axis; those are
/// computed once, when first needed, into a ring of a few rows, so the
/// intermediate stays in cache instead of making a round trip through
/// memory. The arithmetic, and so every rounding, is that of `run` along
/// `tw` and then along `th`. `out` holds output rows `rows` of the outer
/// axis (all of them but where a call is split across threads).
#[allow(clippy::too_many_arguments)]
pub fn run_pair(
    path: Path, x: &[f32], out: &mut [f32], outer: usize, inner: usize, th: &AxisTable, tw: &AxisTable, skip: Option<&[bool]>, rows: Range<usize>,
    scratch: &mut Scratch,
) {
    run_pair_path(path.vector(), x, out, outer, inner, [th, tw], skip, rows, &mut scratch.rows, &mut scratch.lanes)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn run_pair_path(
    vector: bool, x: &[f32], out: &mut [f32], outer: usize, inner: usize, [th, tw]: [&AxisTable; 2], skip: Option<&[bool]>, rows: Range<usize>,
    ring: &mut Ring, lanes: &mut Lanes,
) {
    let (row_in, row_out) = (tw.in_len * inner, tw.out_len * inner);
    let (lin, lout) = (th.in_len * row_in, rows.len() * row_out);
    assert!(rows.end <= th.out_len);
    assert!(x.len() >= outer * lin && out.len() >= outer * lout && th.valid() && tw.valid());
    // Every output row reads source rows within `span` of each other, and
    // rows are resampled only within `slots` of the first one an output
    // reads, so `s % slots` gives every row it reads a slot of its own.
    // (Rows resampled one at a time need only the span: fewer slots stay in cache.)
    let fours = by_four(tw, inner, vector);
    let (slots, stride) = (if fours { ring_slots(th) } else { th.span() }, row_out + RING_PAD);
    let (ring, held) = ring.take(slots, stride, out);
    for o in (0..outer).filter(|&o| !skip.is_some_and(|s| s[o])) {
        let src = &x[o * lin..(o + 1) * lin];
        let dst = &mut out[o * lout..(o + 1) * lout];
        held.fill(usize::MAX);
        let mut j = rows.start;
        while j < rows.end {
            for t in 0..th.taps {
                let s = th.tap(t, j).0;
                if held[s % slots] == s {
                    continue;
                }
                if !fours {
                    // With the next row this output reads that is not held, if any: two rows in one sweep.
                    let next = (t + 1..th.taps).map(|u| th.tap(u, j).0).find(|&r| r != s && held[r % slots] != r);
                    let row = |r: usize| &src[r * row_in..(r + 1) * row_in];
                    match next {
                        Some(r) => {
                            resample_rows([row(s), row(r)], two_rows(ring, [s % slots, r % slots], stride, row_out), tw, inner, vector);
                            held[r % slots] = r;
                        }
                        None => resample(row(s), &mut ring[s % slots * stride..][..row_out], tw, inner, vector),
                    }
                    held[s % slots] = s;
                } else {
                    let group = if th.skip_step > 0 { next_rows(th, j, s, slots, held) } else { core::array::from_fn(|r| (s + r).min(th.in_len - 1)) };
                    gather_by_four(src, row_in, group, tw, lanes);
                    scatter_four(&lanes.sums, ring, group.map(|g| g % slots * stride));
                    for g in group {
                        held[g % slots] = g;
                    }
                }
            }
            let ring_row = |t: usize| &ring[th.tap(t, j).0 % slots * stride..][..row_out];
            let (row, next) = dst[(j - rows.start) * row_out..].split_at_mut(row_out);
            // Upscales make pairs of output rows from the same two rows: for
            // long (channels-last) rows, one sweep over those. (Short rows
            // come from L1 anyway, and there two output streams run slower.)
            if inner > 1 && th.taps == 2 && j + 1 < rows.end && (0..2).all(|t| th.tap(t, j + 1).0 == th.tap(t, j).0) {
                let [wa, wb] = [j, j + 1].map(|j| [th.tap(0, j).1, th.tap(1, j).1]);
                combine_twin(ring_row(0), ring_row(1), wa, wb, row, &mut next[..row_out], vector);
                j += 2;
            } else {
                combine(th.taps, ring_row, |t| th.tap(t, j).1, row, vector);
                j += 1;
            }
        }
    }
}

/// Four rows to resample together for a downscale, starting with `s`
/// (missing, read by output `j`): the next ones outputs `j, j + 1, …` read
/// that are not held, within `slots` of output `j`'s first row (so none
/// evicts a row `j` reads). Where fewer are left, the last is repeated
/// (computed twice, same slot), as upscales repeat the input's last row.
fn next_rows(th: &AxisTable, j: usize, s: usize, slots: usize, held: &[usize]) -> [usize; LANES] {
    let first = (0..th.taps).map(|t| th.tap(t, j).0).min().unwrap_or(s);
    let mut group = [s; LANES];
    let mut n = 1;
    'outputs: for k in j..th.out_len {
        for t in 0..th.taps {
            let r = th.tap(t, k).0;
            if r >= first + slots {
                break 'outputs;
            }
            if r >= first && held[r % slots] != r && !group[..n].contains(&r) {
                group[n] = r;
                n += 1;
                if n == LANES {
                    break 'outputs;
                }
            }
        }
    }
    let last = group[n - 1];
    group[n..].fill(last);
    group
}

/// The `len` floats from slots `a` and `b` (distinct) of a ring of `stride`-float slots.
fn two_rows(ring: &mut [f32], [a, b]: [usize; 2], stride: usize, len: usize) -> [&mut [f32]; 2] {
    let (head, tail) = ring.split_at_mut(a.max(b) * stride);
    let (low, high) = (&mut head[a.min(b) * stride..][..len], &mut tail[..len]);
    if a < b {
        [low, high]
    } else {
        [high, low]
    }
}

/// Two-tap `combine` of the same two rows into two outputs with their own weights.
fn combine_twin(r0: &[f32], r1: &[f32], wa: [f32; 2], wb: [f32; 2], a: &mut [f32], b: &mut [f32], vector: bool) {
    let n = a.len();
    let body = if vector { n - n % LANES } else { 0 };
    let (va, vb) = (wa.map(F32x4::splat), wb.map(F32x4::splat));
    for (((x, y), oa), ob) in
        r0[..body].chunks_exact(LANES).zip(r1[..body].chunks_exact(LANES)).zip(a[..body].chunks_exact_mut(LANES)).zip(b[..body].chunks_exact_mut(LANES))
    {
        let (x, y) = (F32x4::load(x), F32x4::load(y));
        x.mul(va[0]).add(y.mul(va[1])).store(oa);
        x.mul(vb[0]).add(y.mul(vb[1])).store(ob);
    }
    for i in body..n {
        a[i] = r0[i] * wa[0] + r1[i] * wa[1];
        b[i] = r0[i] * wb[0] + r1[i] * wb[1];
    }
}
