//! The two separable passes over RGBA rows, each with a scalar oracle and a
//! vector path. The arithmetic is integer, so both paths agree bit for bit by
//! construction; the tests check the plumbing (windows, pairs, tails).

use super::coeffs::{Table, PRECISION};
use super::srgb::FRAC;
use crate::simd::{I16x8, I32x4};

/// A source row for the horizontal pass.
#[derive(Clone, Copy)]
pub enum Row<'a> {
    /// Working-scale values, `in_len` pixels plus one zero pixel of padding
    /// (an odd window's last pair reads it with weight 0).
    Working(&'a [i16]),
    /// Raw 8-bit RGBA, for images that need no decoding (opaque, sRGB):
    /// the table's windows must be even, so pairs never leave the row.
    Bytes(&'a [u8]),
}

pub(crate) fn round_sat(acc: i32, shift: u32) -> i16 {
    (acc.wrapping_add(1 << (shift - 1)) >> shift).clamp(i16::MIN as i32, i16::MAX as i32) as i16
}

/// Resamples one row of pixels of `c` channels (1 to 4) along x into
/// working-scale values. Working rows hold `(in_len - 1)·c + 8` values or
/// more: the vector path loads eight values from each pair of pixels.
pub fn horizontal(vector: bool, src: Row, dst: &mut [i16], t: &Table, c: usize) {
    assert!(dst.len() >= t.out_len * c && (1..=4).contains(&c));
    match src {
        Row::Working(s) => {
            let fits = t.start.iter().all(|&st| st as usize + t.stride <= t.in_len + 1);
            assert!(s.len() >= (t.in_len - 1) * c + 8 && t.coef.len() >= t.out_len * t.stride && fits);
            if vector {
                // SAFETY: checked just above.
                unsafe { horizontal_working(s, dst, t, c) }
            } else {
                horizontal_scalar(dst, t, c, PRECISION, |i| s[i] as i32)
            }
        }
        Row::Bytes(s) => {
            let fits = t.start.iter().all(|&st| st as usize + t.taps <= t.in_len);
            assert!(s.len() >= t.in_len * c && t.taps == t.stride && t.coef.len() >= t.out_len * t.stride && fits);
            if vector && c == 4 {
                // SAFETY: checked just above.
                unsafe { horizontal_bytes(s, dst, t) }
            } else {
                // Bytes are 8-bit levels: shifting by FRAC less lands in the working scale.
                horizontal_scalar(dst, t, c, PRECISION - FRAC, |i| s[i] as i32)
            }
        }
    }
}

fn horizontal_scalar(dst: &mut [i16], t: &Table, c: usize, shift: u32, at: impl Fn(usize) -> i32) {
    for (j, out) in dst.chunks_exact_mut(c).take(t.out_len).enumerate() {
        let s = t.start[j] as usize;
        let w = &t.coef[j * t.stride..j * t.stride + t.taps];
        for (ch, o) in out.iter_mut().enumerate() {
            let acc = w.iter().enumerate().fold(0i32, |a, (k, &wk)| a.wrapping_add(wk as i32 * at((s + k) * c + ch)));
            *o = round_sat(acc, shift);
        }
    }
}

/// Output pixels two at a time (one 16-byte store); `pixel(j)` is the
/// rounded accumulator of output `j`.
#[inline(always)]
fn store_pixels(dst: &mut [i16], n: usize, pixel: impl Fn(usize) -> I32x4) {
    let mut j = 0;
    while j + 2 <= n {
        I16x8::narrow(pixel(j), pixel(j + 1)).store(&mut dst[j * 4..]);
        j += 2;
    }
    if j < n {
        I16x8::narrow(pixel(j), I32x4::zero()).store_low(&mut dst[j * 4..]);
    }
}

/// Working-scale rows: each step loads eight values from a pair of pixels,
/// regroups the pair's channels as lane pairs, and takes a pair dot product
/// with their two weights (lanes past `c` are ignored).
///
/// # Safety
/// `src` holds `(t.in_len - 1) * c + 8` values, `start[j] + stride <= in_len + 1`
/// for every output, and `coef` holds `out_len × stride` weights.
unsafe fn horizontal_working(src: &[i16], dst: &mut [i16], t: &Table, c: usize) {
    let mask = crate::simd::pair_lanes_mask(c);
    let pixel = |j: usize| {
        let p = src.as_ptr().add(*t.start.get_unchecked(j) as usize * c);
        let w = t.coef.as_ptr().add(j * t.stride);
        let mut acc = I32x4::zero();
        for k in 0..t.stride / 2 {
            let px = I16x8::load_ptr(p.add(2 * c * k)).swizzle(mask);
            acc = acc.add(px.dot(I16x8::load_pair_splat(w.add(2 * k))));
        }
        acc.shr_round(PRECISION)
    };
    if c == 4 {
        return store_pixels(dst, t.out_len, pixel);
    }
    for j in 0..t.out_len {
        let v = I16x8::narrow(pixel(j), I32x4::zero()).to_array();
        dst[j * c..j * c + c].copy_from_slice(&v[..c]);
    }
}

/// The hot path (opaque sRGB images): four taps per step from one 16-byte
/// load, widened, regrouped into channel pairs, two pair dot products.
///
/// # Safety
/// `src` holds `t.in_len` pixels, every window lies inside them
/// (`start[j] + taps <= in_len`), `taps == stride` (even), and `coef` holds
/// `out_len × stride` weights.
unsafe fn horizontal_bytes(src: &[u8], dst: &mut [i16], t: &Table) {
    let shift = PRECISION - FRAC;
    let quads = t.taps / 4;
    store_pixels(dst, t.out_len, |j| {
        let p = src.as_ptr().add(*t.start.get_unchecked(j) as usize * 4);
        let w = t.coef.as_ptr().add(j * t.stride);
        let mut acc = I32x4::zero();
        for k in 0..quads {
            let (a, b) = I16x8::load_u8_widen(p.add(16 * k));
            let (wa, wb) = (I16x8::load_pair_splat(w.add(4 * k)), I16x8::load_pair_splat(w.add(4 * k + 2)));
            acc = acc.add(a.pair_channels().dot(wa)).add(b.pair_channels().dot(wb));
        }
        if t.taps % 4 == 2 {
            let k = 4 * quads;
            let pair = I16x8::load_u8_pairs(core::slice::from_raw_parts(p.add(4 * k), 8));
            acc = acc.add(pair.dot(I16x8::load_pair_splat(w.add(k))));
        }
        acc.shr_round(shift)
    });
}

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
}

impl Level for i16 {
    fn from_i16(v: i16) -> Self {
        v
    }
    fn store16(a: I16x8, b: I16x8, d: &mut [Self]) {
        a.store(d);
        b.store(&mut d[8..]);
    }
}

impl Level for u8 {
    fn from_i16(v: i16) -> Self {
        v.clamp(0, 255) as u8
    }
    fn store16(a: I16x8, b: I16x8, d: &mut [Self]) {
        I16x8::store_u8_sat(a, b, d)
    }
}

/// One output row of the vertical pass: `rows` is the window's source rows
/// (each at least `dst.len()` samples), `w` their weights (one per row,
/// plus padding).
pub fn vertical<S: Sample>(vector: bool, rows: Window<S>, w: &[i16], dst: &mut [i16]) {
    vertical_shift(vector, rows, w, S::SHIFT, dst)
}

/// `vertical` with the weights' fixed point (`shift` fractional bits)
/// given, into values of any `Level`.
pub fn vertical_shift<S: Sample, L: Level>(vector: bool, rows: Window<S>, w: &[i16], shift: u32, dst: &mut [L]) {
    check_window(&rows, w, dst.len());
    if vector {
        // SAFETY: every row holds dst.len() samples and w covers every row (checked above).
        unsafe { vertical_vector::<S, L, false>(rows, w, w, shift, dst) }
    } else {
        vertical_scalar(rows, Wide { high: w, low: None }, shift, dst, 0)
    }
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
    for (d, &a) in dst.iter_mut().zip(acc) {
        *d = round_sat(a, PRECISION);
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

/// `vertical_shift` with wide weights.
pub fn vertical_wide<S: Sample, L: Level>(vector: bool, rows: Window<S>, w: Wide, shift: u32, dst: &mut [L]) {
    let Some(low) = w.low else {
        return vertical_shift(vector, rows, w.high, shift, dst);
    };
    check_window(&rows, w.high, dst.len());
    check_window(&rows, low, dst.len());
    if vector {
        // SAFETY: every row holds dst.len() samples and both halves cover every row (checked above).
        unsafe { vertical_vector::<S, L, true>(rows, w.high, low, shift, dst) }
    } else {
        vertical_scalar(rows, w, shift, dst, 0)
    }
}

/// Every row of the window holds `len` samples; `w` has a weight per row.
fn check_window<S>(rows: &Window<S>, w: &[i16], len: usize) {
    assert!(rows.at.iter().all(|&a| a.checked_add(len).is_some_and(|end| end <= rows.data.len())) && w.len() >= rows.at.len());
}

fn vertical_scalar<S: Sample, L: Level>(rows: Window<S>, w: Wide, shift: u32, dst: &mut [L], from: usize) {
    let sum = |ws: &[i16], i: usize| rows.at.iter().zip(ws).fold(0i32, |a, (&r, &wk)| a.wrapping_add(wk as i32 * rows.data[r + i].value()));
    for (i, d) in dst.iter_mut().enumerate().skip(from) {
        let acc = match w.low {
            Some(low) => (sum(w.high, i) << LOW_BITS).wrapping_add(sum(low, i)),
            None => sum(w.high, i),
        };
        *d = L::from_i16(round_sat(acc, shift));
    }
}

/// Sixteen values per step: two source rows interleaved lane by lane meet
/// their two weights in one pair dot product (two with `LOW`: high and low halves).
///
/// # Safety
/// Every row holds at least `dst.len()` samples; `w` and `low` hold a weight per row.
unsafe fn vertical_vector<S: Sample, L: Level, const LOW: bool>(rows: Window<S>, w: &[i16], low: &[i16], shift: u32, dst: &mut [L]) {
    const STEP: usize = 16;
    let len = dst.len();
    let body = len - len % STEP;
    let taps = rows.at.len();
    let row = |k: usize| rows.data.as_ptr().add(*rows.at.get_unchecked(k));
    for i in (0..body).step_by(STEP) {
        let mut acc = [I32x4::zero(); 4];
        let mut acc_low = [I32x4::zero(); 4];
        let mut add = |a: *const S, b: Option<*const S>, wp: I16x8, lp: I16x8| {
            for h in 0..2 {
                let x = S::load8(a.add(i + 8 * h));
                let y = b.map_or(I16x8::zero(), |b| S::load8(b.add(i + 8 * h)));
                let (lo, hi) = (x.interleave_low(y), x.interleave_high(y));
                acc[2 * h] = acc[2 * h].add(lo.dot(wp));
                acc[2 * h + 1] = acc[2 * h + 1].add(hi.dot(wp));
                if LOW {
                    acc_low[2 * h] = acc_low[2 * h].add(lo.dot(lp));
                    acc_low[2 * h + 1] = acc_low[2 * h + 1].add(hi.dot(lp));
                }
            }
        };
        for k in 0..taps / 2 {
            add(row(2 * k), Some(row(2 * k + 1)), I16x8::load_pair_splat(w.as_ptr().add(2 * k)), I16x8::load_pair_splat(low.as_ptr().add(2 * k)));
        }
        if taps % 2 == 1 {
            add(row(taps - 1), None, I16x8::splat_pair(w[taps - 1], 0), I16x8::splat_pair(low[taps - 1], 0));
        }
        if LOW {
            for (a, l) in acc.iter_mut().zip(acc_low) {
                *a = join(*a, l);
            }
        }
        let narrow = |a: I32x4, b: I32x4| I16x8::narrow(a.shr_round(shift), b.shr_round(shift));
        L::store16(narrow(acc[0], acc[1]), narrow(acc[2], acc[3]), &mut dst[i..]);
    }
    vertical_scalar(rows, Wide { high: w, low: LOW.then_some(low) }, shift, dst, body);
}

#[cfg(test)]
mod tests {
    use super::super::filters::Filter;
    use super::*;

    fn values(n: usize, seed: i32) -> Vec<i16> {
        (0..n as i32).map(|i| ((i * 7919 + seed * 104_729) % 19_000 - 1_500) as i16).collect()
    }

    #[test]
    fn vector_paths_match_scalar_for_every_tail() {
        for f in [Filter::Box, Filter::Bilinear, Filter::Bicubic, Filter::Lanczos3] {
            for i in [1, 2, 3, 5, 7, 9, 17, 33] {
                for o in [1, 2, 3, 4, 5, 7, 9, 17, 33] {
                    let t = Table::new(f, i, o).unwrap();
                    for c in 1..=4 {
                        // Past the row: whatever the buffer holds (read with weight 0).
                        let src = values((i - 1) * c + 8, (i * o + c) as i32);
                        let (mut a, mut b) = (vec![i16::MIN; o * c], vec![i16::MAX; o * c]);
                        horizontal(false, Row::Working(&src), &mut a, &t, c);
                        horizontal(true, Row::Working(&src), &mut b, &t, c);
                        assert_eq!(a, b, "horizontal {f:?} {i}->{o} {c} channels");
                    }
                    let src = values((i + 1) * 4, (i * o) as i32);
                    let (mut a, mut b) = (vec![i16::MIN; o * 4], vec![i16::MAX; o * 4]);
                    if t.taps.is_multiple_of(2) {
                        let bytes: Vec<u8> = src[..i * 4].iter().map(|&v| v as u8).collect();
                        horizontal(false, Row::Bytes(&bytes), &mut a, &t, 4);
                        horizontal(true, Row::Bytes(&bytes), &mut b, &t, 4);
                        assert_eq!(a, b, "horizontal bytes {f:?} {i}->{o}");
                    }
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
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn bytes_and_working_rows_agree() {
        let t = Table::new(Filter::Lanczos3, 40, 9).unwrap();
        let bytes: Vec<u8> = (0..160).map(|i| (i * 29 % 256) as u8).collect();
        let work: Vec<i16> = bytes.iter().map(|&b| (b as i16) << FRAC).chain([0; 4]).collect();
        let (mut a, mut b) = (vec![0; 36], vec![1; 36]);
        horizontal(true, Row::Bytes(&bytes), &mut a, &t, 4);
        horizontal(true, Row::Working(&work), &mut b, &t, 4);
        assert_eq!(a, b);
    }

    #[test]
    fn flat_input_stays_flat() {
        let t = Table::new(Filter::Lanczos3, 9, 4).unwrap();
        let src: Vec<i16> = [1000i16, 2000, 3000, 16320].repeat(9).into_iter().chain([0; 4]).collect();
        let mut out = vec![0; 16];
        horizontal(true, Row::Working(&src), &mut out, &t, 4);
        assert_eq!(out, [1000i16, 2000, 3000, 16320].repeat(4));
    }
}
