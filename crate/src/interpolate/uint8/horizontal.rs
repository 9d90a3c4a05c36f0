//! The horizontal pass of uint8 bilinear and bicubic: rows of pixels of `c`
//! bytes, each output the rounded fixed-point sum over its window, clamped
//! to a byte (PyTorch rounds to bytes between the passes). The scalar loop
//! is the oracle; integer arithmetic makes the vector path equal by
//! construction, and the tests check its windows and tails.
//!
//! The vector path takes four rows at a time (a strip). It first regroups
//! the strip so that, for each pair of pixels (2m, 2m + 1) and each channel,
//! the two pixels of all four rows are eight adjacent i16 lanes; then one
//! pair dot product applies two taps to one channel of four rows, every
//! lane useful, the weights shared by the channels. Windows are widened to
//! start on an even pixel (a zero weight in front) so they cover whole pairs.

use super::weights::Weights;
use crate::error::KernelResult;
use crate::mem;
use crate::resize_image::conv::{join, Level, Rounding, LOW_BITS};
use crate::simd::{hoist, pair_mask, I16x8, I32x4};

const ROWS: usize = 4;
/// Bytes of one regrouped (pair, channel): two pixels of four rows.
const ENTRY: usize = 8;

/// An axis's weights laid out for the vector path.
pub struct Horizontal<'w> {
    w: &'w Weights,
    c: usize,
    /// Channels in groups of four, the last one padded with unused slots.
    slots: usize,
    /// Weight pairs per output, and the pixel pair its window starts at.
    steps: usize,
    first: Vec<u32>,
    /// `steps` weight pairs per output, zero outside its window (with
    /// wide weights, their high halves; `packed_low` their low ones).
    packed: Vec<i16>,
    packed_low: Option<Vec<i16>>,
    /// Pixel pairs a regrouped strip holds (past the row: zeros or bytes with zero weight).
    pairs: usize,
    /// Swizzle masks read from memory rather than written as constants: V8
    /// rebuilds a constant at every use (`simd::hoist`).
    regroup: I16x8,
    transpose: I16x8,
    /// Sums to bytes: rounded by the weights' shift, narrowed apart.
    round: Rounding,
}

impl<'w> Horizontal<'w> {
    pub fn new(w: &'w Weights, c: usize) -> KernelResult<Self> {
        let t = &w.table;
        let steps = t.start.iter().map(|&s| (t.taps + s as usize % 2).div_ceil(2)).max().unwrap_or(1);
        let first = mem::try_collect(t.start.iter().map(|&s| s / 2))?;
        let pack = |coef: &[i16]| -> KernelResult<Vec<i16>> {
            let mut packed = mem::try_filled(t.out_len.saturating_mul(2 * steps), 0i16)?;
            for (j, row) in packed.chunks_exact_mut(2 * steps).enumerate() {
                // Pixel `2·first + k` is tap `k - start % 2`.
                let lead = t.start[j] as usize % 2;
                row[lead..lead + t.taps].copy_from_slice(&coef[j * t.stride..j * t.stride + t.taps]);
            }
            Ok(packed)
        };
        let packed = pack(&t.coef)?;
        let packed_low = w.low.as_deref().map(pack).transpose()?;
        let pairs = first.iter().map(|&f| f as usize + steps).max().unwrap_or(0);
        // One channel needs no padding: its strips are regrouped eight pairs at a time.
        let slots = if c == 1 { 1 } else { c.div_ceil(4) * 4 };
        // SAFETY: 16-byte arrays.
        let mask = |m: [u8; 16]| hoist(unsafe { I16x8::load_bytes(m.as_ptr()) });
        let (regroup, transpose) = (mask(pair_mask(c)), mask(core::array::from_fn(|i| (i % 4 * 4 + i / 4) as u8)));
        Ok(Self { w, c, slots, steps, first, packed, packed_low, pairs, regroup, transpose, round: Rounding::once(w.shift) })
    }

    /// Scratch bytes `plane` needs for its regrouped strip.
    pub fn scratch_len(&self) -> usize {
        self.pairs * self.slots * ENTRY
    }

    /// `rows` rows: `src` starts at the first one and may run on past the
    /// last (the vector path reads up to 16 bytes beyond a row where `src`
    /// allows); `dst` holds the output rows.
    pub fn plane(&self, vector: bool, src: &[u8], rows: usize, dst: &mut [u8], scratch: &mut [u8]) {
        let (t, c) = (&self.w.table, self.c);
        let (in_row, out_row) = (t.in_len * c, t.out_len * c);
        assert!(src.len() >= rows * in_row && dst.len() >= rows * out_row && scratch.len() >= self.scratch_len());
        assert!(t.start.iter().all(|&s| s as usize + t.taps <= t.in_len) && t.coef.len() >= t.out_len * t.stride);
        let strips = if vector { rows / ROWS } else { 0 };
        for s in 0..strips {
            let y = s * ROWS;
            self.regroup(&src[y * in_row..], scratch);
            self.strip(scratch, &mut dst[y * out_row..(y + ROWS) * out_row]);
        }
        for y in strips * ROWS..rows {
            for j in 0..t.out_len {
                self.output_scalar(&src[y * in_row..], j, &mut dst[y * out_row + j * c..][..c]);
            }
        }
    }

    /// The oracle: output `j` of the row at the start of `src`.
    fn output_scalar(&self, src: &[u8], j: usize, out: &mut [u8]) {
        let (t, c) = (&self.w.table, self.c);
        let (s, w) = (t.start[j] as usize, &t.coef[j * t.stride..j * t.stride + t.taps]);
        let low = self.w.low.as_ref().map(|l| &l[j * t.stride..j * t.stride + t.taps]);
        for (ch, o) in out.iter_mut().enumerate() {
            let sum = |w: &[i16]| w.iter().enumerate().fold(0i32, |a, (k, &wk)| a.wrapping_add(wk as i32 * src[(s + k) * c + ch] as i32));
            let acc = low.map_or(sum(w), |l| (sum(w) << LOW_BITS).wrapping_add(sum(l)));
            *o = u8::from_i16(self.round.scalar(acc));
        }
    }

    /// Regroups the four rows at the start of `src` into `out`: entry
    /// (pair m, slot) holds `r0 p r0 q r1 p r1 q .. r3 q` of that channel
    /// (p = 2m, q = 2m + 1), as bytes.
    fn regroup(&self, src: &[u8], out: &mut [u8]) {
        let c = self.c;
        let in_row = self.w.table.in_len * c;
        // Whether the last row's 16-byte load from byte `at` stays inside `src`.
        let fits = |at: usize| 3 * in_row + at + 16 <= src.len();
        // Pairs per vector step: one channel's sixteen pixels per row load are
        // eight pairs already; two to four channels' load holds two pairs,
        // rearranged into channel pairs. (Five channels and more are
        // regrouped byte by byte: rare, and code size counts.)
        let step = match c {
            1 => 8,
            2..=4 => 2,
            _ => 0,
        };
        let mut m = 0;
        while step > 0 && m + step <= self.pairs && fits(2 * m * c) {
            // SAFETY: each row's load ends at or before the last row's, inside `src`
            // (3c + 3 < 16 bytes used when c > 1); entries m..m + step lie inside `out`.
            unsafe {
                let row = |i: usize| {
                    let v = I16x8::load_bytes(src.as_ptr().add(i * in_row + 2 * m * c));
                    if c == 1 {
                        v
                    } else {
                        v.swizzle(self.regroup)
                    }
                };
                // A transpose of the four rows' 16-bit units.
                let (r0, r1, r2, r3) = (row(0), row(1), row(2), row(3));
                let (a, b) = r0.interleave_low(r1).interleave_pairs(r2.interleave_low(r3));
                let (e, f) = r0.interleave_high(r1).interleave_pairs(r2.interleave_high(r3));
                for (k, v) in [a, b, e, f].into_iter().enumerate() {
                    v.store_bytes(out.as_mut_ptr().add((m * self.slots + 2 * k) * ENTRY));
                }
            }
            m += step;
        }
        for m in m..self.pairs {
            self.regroup_scalar(src, m, &mut out[m * self.slots * ENTRY..(m + 1) * self.slots * ENTRY]);
        }
    }

    /// Pair `m`'s entries one byte at a time: zero past the row and in unused slots.
    fn regroup_scalar(&self, src: &[u8], m: usize, out: &mut [u8]) {
        let (c, in_len) = (self.c, self.w.table.in_len);
        for (k, b) in out.iter_mut().enumerate() {
            let (ch, i, p) = (k / ENTRY, k % ENTRY / 2, 2 * m + k % 2);
            *b = if ch < c && p < in_len { src[i * in_len * c + p * c + ch] } else { 0 };
        }
    }

    /// All outputs of a strip from its regrouped pairs.
    fn strip(&self, pairs: &[u8], dst: &mut [u8]) {
        let out_len = self.w.table.out_len;
        // Every read and write of `group` lies inside these (`new`: each
        // output's pairs end by `pairs`; four bytes per row end by the row's end).
        assert!(pairs.len() >= self.scratch_len() && dst.len() >= ROWS * out_len * self.c);
        assert!(self.first.len() >= out_len && self.packed.len() >= out_len * 2 * self.steps);
        assert!(self.packed_low.as_ref().is_none_or(|l| l.len() == self.packed.len()));
        assert!(self.first.iter().all(|&f| f as usize + self.steps <= self.pairs));
        match &self.packed_low {
            Some(low) => self.strip_sums::<true>(pairs, low, dst),
            None => self.strip_sums::<false>(pairs, &self.packed, dst),
        }
    }

    /// `strip` once its layout is checked, with the low halves of wide weights when `LOW`.
    #[inline(always)]
    fn strip_sums<const LOW: bool>(&self, pairs: &[u8], low: &[i16], dst: &mut [u8]) {
        let out_len = self.w.table.out_len;
        if self.c == 1 {
            // Four outputs share one narrowing and one store per row.
            let quads = out_len / 4 * 4;
            for j in (0..quads).step_by(4) {
                // SAFETY: asserted above.
                unsafe {
                    let acc = core::array::from_fn(|o| self.sums::<1, LOW>(pairs, low, j + o, 0)[0]);
                    self.store::<4>(acc, j, dst);
                }
            }
            for j in quads..out_len {
                // SAFETY: asserted above.
                unsafe { self.store::<1>(self.sums::<1, LOW>(pairs, low, j, 0), j, dst) }
            }
            return;
        }
        for j in 0..out_len {
            for g in 0..self.c.div_ceil(4) {
                let at = j * self.c + 4 * g;
                // SAFETY: asserted above.
                unsafe {
                    match self.c - 4 * g {
                        1 => self.store::<1>(self.sums::<1, LOW>(pairs, low, j, g), at, dst),
                        2 => self.store::<2>(self.sums::<2, LOW>(pairs, low, j, g), at, dst),
                        3 => self.store::<3>(self.sums::<3, LOW>(pairs, low, j, g), at, dst),
                        _ => self.store::<4>(self.sums::<4, LOW>(pairs, low, j, g), at, dst),
                    }
                }
            }
        }
    }

    /// The sums of channels `4g .. 4g + N` of output `j`, four rows in each.
    ///
    /// # Safety
    /// `strip`'s assertions hold.
    #[inline(always)]
    unsafe fn sums<const N: usize, const LOW: bool>(&self, pairs: &[u8], low: &[i16], j: usize, g: usize) -> [I32x4; N] {
        let (steps, slots) = (self.steps, self.slots);
        let first = *self.first.get_unchecked(j) as usize;
        let w = self.packed.as_ptr().add(j * 2 * steps);
        let wl = low.as_ptr().add(j * 2 * steps);
        let base = pairs.as_ptr().add((first * slots + 4 * g) * ENTRY);
        let mut acc = [I32x4::zero(); N];
        let mut acc_low = [I32x4::zero(); N];
        let mut step = |q: usize| {
            let wq = I16x8::load_pair_splat(w.add(2 * q));
            let lq = if LOW { I16x8::load_pair_splat(wl.add(2 * q)) } else { wq };
            let p = base.add(q * slots * ENTRY);
            for i in 0..N {
                let px = I16x8::load_u8x8(p.add(i * ENTRY));
                acc[i] = acc[i].add(px.dot(wq));
                if LOW {
                    acc_low[i] = acc_low[i].add(px.dot(lq));
                }
            }
        };
        // Two steps per iteration: the loop's own work is a fifth of a step's.
        for q in (0..steps - 1).step_by(2) {
            step(q);
            step(q + 1);
        }
        if steps % 2 == 1 {
            step(steps - 1);
        }
        if LOW {
            for (a, l) in acc.iter_mut().zip(acc_low) {
                *a = join(*a, l);
            }
        }
        acc
    }

    /// Rounds `N` sums of four rows each to bytes and stores them at byte
    /// `at` of the four rows of `dst` (channels of one output, or for one
    /// channel, consecutive outputs).
    ///
    /// # Safety
    /// `at + N` is within a row of `dst`, which holds four rows.
    #[inline(always)]
    unsafe fn store<const N: usize>(&self, acc: [I32x4; N], at: usize, dst: &mut [u8]) {
        let lane = |i: usize| if i < N { acc[i] } else { I32x4::zero() };
        // Sum-major bytes (four rows each) to row-major.
        let narrow = |a: usize, b: usize| self.round.narrow(lane(a), lane(b));
        let rows = I16x8::narrow_u8(narrow(0, 1), narrow(2, 3)).swizzle(self.transpose);
        let out_row = self.w.table.out_len * self.c;
        let p = dst.as_mut_ptr().add(at);
        if at + 4 <= out_row {
            // Four bytes per row: the 4 - N past these belong to the next
            // group or output, written after this.
            rows.store_u32::<0>(p);
            rows.store_u32::<1>(p.add(out_row));
            rows.store_u32::<2>(p.add(2 * out_row));
            rows.store_u32::<3>(p.add(3 * out_row));
        } else {
            let mut bytes = [0u8; 16];
            rows.store_bytes(bytes.as_mut_ptr());
            for (r, row) in bytes.chunks_exact(4).enumerate() {
                core::ptr::copy_nonoverlapping(row.as_ptr(), p.add(r * out_row), N);
            }
        }
    }
}
