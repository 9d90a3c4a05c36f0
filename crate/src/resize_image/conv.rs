//! The vertical pass of the 8-bit path (the horizontal one is in
//! `horizontal`), and the fixed-point pieces both share. A scalar oracle and
//! a vector path; the arithmetic is integer, so both agree bit for bit by
//! construction; the tests check the plumbing (windows, pairs, tails).

use super::coeffs::PRECISION;
use super::srgb::FRAC;
use crate::simd::{Apart, I16x8, I32x4};

/// What the vertical pass reads: working-scale rows, or raw 8-bit rows of
/// images that need no decoding.
pub trait Sample: Copy {
    /// Bits to drop from a weighted sum to land in the working scale.
    const SHIFT: u32;
    fn value(self) -> i32;
    /// Eight samples at `p` as i16 lanes.
    /// # Safety
    /// `p` must point at eight readable samples.
    unsafe fn load8(p: *const Self) -> I16x8;
}

impl Sample for i16 {
    const SHIFT: u32 = PRECISION;
    fn value(self) -> i32 {
        self as i32
    }
    unsafe fn load8(p: *const Self) -> I16x8 {
        I16x8::load_ptr(p)
    }
}

impl Sample for u8 {
    const SHIFT: u32 = PRECISION - FRAC;
    fn value(self) -> i32 {
        self as i32
    }
    unsafe fn load8(p: *const Self) -> I16x8 {
        I16x8::load_u8x8(p)
    }
}

/// The source rows of one vertical window: row `k` starts at `data[at[k]]`.
/// (Offsets rather than row slices, so a window's list is plain data that
/// the caller reserves once, not a vector of borrows made per output row.)
#[derive(Clone, Copy)]
pub struct Window<'a, S> {
    pub data: &'a [S],
    pub at: &'a [usize],
}

/// What the vertical pass writes: working-scale values (saturated to i16),
/// or bytes (saturated to 0..=255, `interpolate` on uint8).
pub trait Level: Copy {
    fn from_i16(v: i16) -> Self;
    /// Sixteen values, `a` then `b`, saturated, at the start of `d`.
    fn store16(a: I16x8, b: I16x8, d: &mut [Self]);
    /// The first `n` values of `v` (8, or else 4), saturated, at `d`.
    /// # Safety
    /// `d` must point at `n` writable values.
    unsafe fn store_n(v: I16x8, n: usize, d: *mut Self);
}

impl Level for i16 {
    fn from_i16(v: i16) -> Self {
        v
    }
    fn store16(a: I16x8, b: I16x8, d: &mut [Self]) {
        a.store(d);
        b.store(&mut d[8..]);
    }
    unsafe fn store_n(v: I16x8, n: usize, d: *mut Self) {
        if n == 8 {
            v.store(core::slice::from_raw_parts_mut(d, 8))
        } else {
            v.store_low(d)
        }
    }
}

impl Level for u8 {
    fn from_i16(v: i16) -> Self {
        v.clamp(0, 255) as u8
    }
    fn store16(a: I16x8, b: I16x8, d: &mut [Self]) {
        I16x8::store_u8_sat(a, b, d)
    }
    unsafe fn store_n(v: I16x8, n: usize, d: *mut Self) {
        I16x8::narrow_u8(v, v).store_bytes_low(d, n)
    }
}

/// What resizing's passes write: working-scale values, or, from the last
/// pass of rows that need no encoding, 8-bit levels (`LEVELS`).
pub trait Out: Level {
    const LEVELS: bool;
}

impl Out for i16 {
    const LEVELS: bool = false;
}

impl Out for u8 {
    const LEVELS: bool = true;
}

/// How a pass's sums become values: rounded by `shift` bits, then, for
/// resizing's 8-bit levels straight from its last pass (`levels`), by FRAC
/// more: the two roundings that a working row and `encode_row` make, so
/// those bytes are the bytes of the longer way. (Bands of one image may take
/// either way: an opaque band skips premultiplying, and must join the rest.)
/// Both roundings are one add and one shift: with the halves of both steps
/// added first, ⌊(⌊a/m⌋ + c)/n⌋ = ⌊(a + c·m)/(m·n)⌋.
#[derive(Clone, Copy)]
pub struct Rounding {
    pub shift: u32,
    pub levels: bool,
    /// Keeps a byte output's second narrowing an instruction of its own.
    apart: Apart,
}

impl Rounding {
    pub fn once(shift: u32) -> Self {
        Rounding { shift, levels: false, apart: Apart::hidden() }
    }

    /// Into `L`, from sums with `shift` fractional bits above the working scale.
    pub fn into<L: Out>(shift: u32) -> Self {
        Rounding { levels: L::LEVELS, ..Self::once(shift) }
    }

    /// Bits dropped in all.
    #[inline(always)]
    fn bits(self) -> u32 {
        if self.levels {
            self.shift + FRAC
        } else {
            self.shift
        }
    }

    /// The halves of both rounding steps.
    #[inline(always)]
    fn bias(self) -> i32 {
        let half = 1 << (self.shift - 1);
        if self.levels {
            half + (1 << (self.bits() - 1))
        } else {
            half
        }
    }

    /// Two vectors of sums, rounded and narrowed to i16 (saturating).
    #[inline(always)]
    pub fn narrow(self, a: I32x4, b: I32x4) -> I16x8 {
        self.apart.narrow(self.vector(a), self.vector(b))
    }

    /// Lanes: i16 and byte saturation follow when they are narrowed.
    #[inline(always)]
    pub fn vector(self, acc: I32x4) -> I32x4 {
        acc.add(I32x4::splat(self.bias())).shr(self.bits())
    }

    /// The oracle's. (Saturating a working value to i16 before its second
    /// rounding, as a working row does, changes no byte: both ends lie
    /// outside 0..=255 either way.)
    pub fn scalar(self, acc: i32) -> i16 {
        (acc.wrapping_add(self.bias()) >> self.bits()).clamp(i16::MIN as i32, i16::MAX as i32) as i16
    }
}

/// One output row of the vertical pass: `rows` is the window's source rows
/// (each at least `dst.len()` samples), `w` their weights (one per row,
/// plus padding).
pub fn vertical<S: Sample, L: Out>(vector: bool, rows: Window<S>, w: &[i16], dst: &mut [L]) {
    vertical_rounded(vector, rows, Wide { high: w, low: None }, Rounding::into::<L>(S::SHIFT), dst)
}

/// `vertical` one row at a time, for windows too tall to keep: adds
/// `w·row` into `acc`, wrapping as `vertical`'s sums do, so `finish` gives
/// the same bits. (A fallback for huge downscales: plain loops that the
/// compiler vectorises.)
pub fn accumulate(row: &[i16], w: i16, acc: &mut [i32]) {
    for (a, &x) in acc.iter_mut().zip(row) {
        *a = a.wrapping_add(w as i32 * x as i32);
    }
}

/// Rounds `accumulate`'s sums into the working scale.
pub fn finish(acc: &[i32], dst: &mut [i16]) {
    let r = Rounding::once(PRECISION);
    for (d, &a) in dst.iter_mut().zip(acc) {
        *d = r.scalar(a);
    }
}

/// Weights wider than i16, each `high << LOW_BITS + low` with
/// `0 <= low < 2^LOW_BITS` (no `low`: just `high`). Both halves meet the
/// samples in exact i32 sums, joined before rounding (wrapping, so the
/// join is exact whenever the whole sum fits i32).
#[derive(Clone, Copy)]
pub struct Wide<'a> {
    pub high: &'a [i16],
    pub low: Option<&'a [i16]>,
}

/// Bits of a wide weight's low half.
pub const LOW_BITS: u32 = 11;

/// Joins the sums of a wide weight's two halves.
#[inline(always)]
pub(crate) fn join(high: I32x4, low: I32x4) -> I32x4 {
    high.shl(LOW_BITS).add(low)
}

/// The vertical pass with wide weights with `shift` fractional bits, into values of any `Level`.
pub fn vertical_wide<S: Sample, L: Level>(vector: bool, rows: Window<S>, w: Wide, shift: u32, dst: &mut [L]) {
    vertical_rounded(vector, rows, w, Rounding::once(shift), dst)
}

fn vertical_rounded<S: Sample, L: Level>(vector: bool, rows: Window<S>, w: Wide, r: Rounding, dst: &mut [L]) {
    check_window(&rows, w.high, dst.len());
    check_window(&rows, w.low.unwrap_or(w.high), dst.len());
    match (vector, w.low) {
        // SAFETY: every row holds dst.len() samples and both halves cover every row (checked above).
        (true, Some(low)) => unsafe { vertical_vector::<S, L, true>(rows, w.high, low, r, dst) },
        // SAFETY: as above.
        (true, None) => unsafe { vertical_vector::<S, L, false>(rows, w.high, w.high, r, dst) },
        (false, _) => vertical_scalar(rows, w, r, dst, 0),
    }
}

/// Every row of the window holds `len` samples; `w` has a weight per row.
fn check_window<S>(rows: &Window<S>, w: &[i16], len: usize) {
    assert!(rows.at.iter().all(|&a| a.checked_add(len).is_some_and(|end| end <= rows.data.len())) && w.len() >= rows.at.len());
}

fn vertical_scalar<S: Sample, L: Level>(rows: Window<S>, w: Wide, r: Rounding, dst: &mut [L], from: usize) {
    let sum = |ws: &[i16], i: usize| rows.at.iter().zip(ws).fold(0i32, |a, (&r, &wk)| a.wrapping_add(wk as i32 * rows.data[r + i].value()));
    for (i, d) in dst.iter_mut().enumerate().skip(from) {
        let acc = match w.low {
            Some(low) => (sum(w.high, i) << LOW_BITS).wrapping_add(sum(low, i)),
            None => sum(w.high, i),
        };
        *d = L::from_i16(r.scalar(acc));
    }
}

/// Two source rows interleaved lane by lane meet their two weights in one
/// pair dot product (two with `LOW`: high and low halves), 32 values per
/// step (16 with `LOW`: its accumulators would not fit the registers).
///
/// # Safety
/// Every row holds at least `dst.len()` samples; `w` and `low` hold a weight per row.
unsafe fn vertical_vector<S: Sample, L: Level, const LOW: bool>(rows: Window<S>, w: &[i16], low: &[i16], r: Rounding, dst: &mut [L]) {
    let len = dst.len();
    let (wide, body) = (if LOW { 0 } else { len - len % 32 }, len - len % 16);
    for i in (0..wide).step_by(32) {
        vertical_block::<S, L, LOW, 2>(rows, w, low, r, i, dst);
    }
    for i in (wide..body).step_by(16) {
        vertical_block::<S, L, LOW, 1>(rows, w, low, r, i, dst);
    }
    vertical_scalar(rows, Wide { high: w, low: LOW.then_some(low) }, r, dst, body);
}

/// Values `i .. i + 16·G` of the output row.
///
/// # Safety
/// As `vertical_vector`, with `i + 16·G <= dst.len()`.
#[inline(always)]
unsafe fn vertical_block<S: Sample, L: Level, const LOW: bool, const G: usize>(rows: Window<S>, w: &[i16], low: &[i16], r: Rounding, i: usize, dst: &mut [L]) {
    let taps = rows.at.len();
    let row = |k: usize| rows.data.as_ptr().add(*rows.at.get_unchecked(k) + i);
    let mut acc = [[I32x4::zero(); 4]; G];
    let mut acc_low = [[I32x4::zero(); 4]; G];
    /// Adds (or with `FIRST`, sets: no zeros to add to) the terms of rows `a` and `b`.
    ///
    /// # Safety
    /// `a` and `b` point at 16·G readable samples each.
    #[inline(always)]
    unsafe fn add<S: Sample, const LOW: bool, const G: usize, const FIRST: bool>(
        acc: &mut [[I32x4; 4]; G], acc_low: &mut [[I32x4; 4]; G], a: *const S, b: Option<*const S>, wp: I16x8, lp: I16x8,
    ) {
        let put = |acc: &mut I32x4, d: I32x4| *acc = if FIRST { d } else { acc.add(d) };
        for j in 0..2 * G {
            let (g, h) = (j / 2, j % 2);
            let (x, y) = (S::load8(a.add(8 * j)), b.map_or(I16x8::zero(), |b| S::load8(b.add(8 * j))));
            let (lo, hi) = (x.interleave_low(y), x.interleave_high(y));
            put(&mut acc[g][2 * h], lo.dot(wp));
            put(&mut acc[g][2 * h + 1], hi.dot(wp));
            if LOW {
                put(&mut acc_low[g][2 * h], lo.dot(lp));
                put(&mut acc_low[g][2 * h + 1], hi.dot(lp));
            }
        }
    }
    let weights = |k: usize| (I16x8::load_pair_splat(w.as_ptr().add(2 * k)), I16x8::load_pair_splat(low.as_ptr().add(2 * k)));
    if taps >= 2 {
        let (wp, lp) = weights(0);
        add::<S, LOW, G, true>(&mut acc, &mut acc_low, row(0), Some(row(1)), wp, lp);
    }
    for k in 1..taps / 2 {
        let (wp, lp) = weights(k);
        add::<S, LOW, G, false>(&mut acc, &mut acc_low, row(2 * k), Some(row(2 * k + 1)), wp, lp);
    }
    if taps % 2 == 1 {
        // (The zero sums of a one-row window are as good as a start.)
        add::<S, LOW, G, false>(&mut acc, &mut acc_low, row(taps - 1), None, I16x8::splat_pair(w[taps - 1], 0), I16x8::splat_pair(low[taps - 1], 0));
    }
    for (g, (acc, acc_low)) in acc.iter_mut().zip(acc_low).enumerate() {
        if LOW {
            for (a, l) in acc.iter_mut().zip(acc_low) {
                *a = join(*a, l);
            }
        }
        L::store16(r.narrow(acc[0], acc[1]), r.narrow(acc[2], acc[3]), &mut dst[i + 16 * g..]);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::coeffs::Table;
    use super::super::filters::Filter;
    use super::*;

    /// Pseudo-random i16 values, some negative and some past the working scale's range.
    pub(crate) fn values(n: usize, seed: i32) -> Vec<i16> {
        (0..n as i32).map(|i| ((i * 7919 + seed * 104_729) % 19_000 - 1_500) as i16).collect()
    }

    #[test]
    fn vector_paths_match_scalar_for_every_tail() {
        for f in [Filter::Box, Filter::Bilinear, Filter::Bicubic, Filter::Lanczos3] {
            for i in [1, 2, 3, 5, 7, 9, 17, 33] {
                for o in [1, 2, 3, 4, 5, 7, 9, 17, 33] {
                    let t = Table::new(f, i, o).unwrap();
                    // Vertical over rows of every length mod 16.
                    for len in [4, 8, 12, 16, 20, 36, 68] {
                        let data = values(i * len, (len + i) as i32);
                        let bytes: Vec<u8> = data.iter().map(|&v| v as u8).collect();
                        for j in 0..o {
                            let s = t.start[j] as usize;
                            let w = &t.coef[j * t.stride..(j + 1) * t.stride];
                            let at: Vec<usize> = (s..s + t.taps).map(|r| r * len).collect();
                            let (mut a, mut b) = (vec![i16::MIN; len], vec![i16::MAX; len]);
                            vertical(false, Window { data: &data, at: &at }, w, &mut a);
                            vertical(true, Window { data: &data, at: &at }, w, &mut b);
                            assert_eq!(a, b, "vertical {f:?} {i}->{o} len {len} row {j}");
                            vertical(false, Window { data: &bytes, at: &at }, w, &mut a);
                            vertical(true, Window { data: &bytes, at: &at }, w, &mut b);
                            assert_eq!(a, b, "vertical bytes {f:?} {i}->{o} len {len} row {j}");
                            let (mut a, mut b) = (vec![0u8; len], vec![255u8; len]);
                            vertical(false, Window { data: &data, at: &at }, w, &mut a);
                            vertical(true, Window { data: &data, at: &at }, w, &mut b);
                            assert_eq!(a, b, "vertical to levels {f:?} {i}->{o} len {len} row {j}");
                        }
                    }
                }
            }
        }
    }
}
