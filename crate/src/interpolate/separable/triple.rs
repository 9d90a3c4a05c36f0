//! Three adjacent axes in one pass, through a ring of slices made by `run_pair`.

use super::pair::run_pair_path;
use super::{combine, AxisTable, Scratch, RING_PAD};
use crate::simd::Path;

/// Three adjacent axes at once (`[outer, td.in_len, th.in_len, tw.in_len,
/// inner]`): `run_pair`'s scheme one level up, a ring of whole slices, each
/// resampled by `run_pair` when first needed, combined along `td`. Same
/// arithmetic as the three passes one after the other.
#[allow(clippy::too_many_arguments)]
pub fn run_triple(path: Path, x: &[f32], out: &mut [f32], outer: usize, inner: usize, td: &AxisTable, th: &AxisTable, tw: &AxisTable, scratch: &mut Scratch) {
    run_triple_path(path.vector(), x, out, outer, inner, [td, th, tw], scratch)
}

pub(super) fn run_triple_path(vector: bool, x: &[f32], out: &mut [f32], outer: usize, inner: usize, [td, th, tw]: [&AxisTable; 3], scratch: &mut Scratch) {
    let (slice_in, slice_out) = (th.in_len * tw.in_len * inner, th.out_len * tw.out_len * inner);
    let (lin, lout) = (td.in_len * slice_in, td.out_len * slice_out);
    assert!(x.len() >= outer * lin && out.len() >= outer * lout && td.valid());
    let (slots, stride) = (td.span(), slice_out + RING_PAD);
    let Scratch { lanes, rows, slices } = scratch;
    let (ring, held) = slices.take(slots, stride, out);
    for o in 0..outer {
        let (src, dst) = (&x[o * lin..(o + 1) * lin], &mut out[o * lout..(o + 1) * lout]);
        held.fill(usize::MAX);
        for (j, slice) in dst.chunks_exact_mut(slice_out).enumerate() {
            for t in 0..td.taps {
                let s = td.tap(t, j).0;
                let slot = s % slots;
                if held[slot] != s {
                    let to = &mut ring[slot * stride..slot * stride + slice_out];
                    run_pair_path(vector, &src[s * slice_in..(s + 1) * slice_in], to, 1, inner, [th, tw], None, 0..th.out_len, rows, lanes);
                    held[slot] = s;
                }
            }
            combine(td.taps, |t| &ring[td.tap(t, j).0 % slots * stride..][..slice_out], |t| td.tap(t, j).1, slice, vector);
        }
    }
}
