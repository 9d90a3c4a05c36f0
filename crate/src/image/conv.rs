//! The two separable passes over working-scale RGBA rows (i16 × 4 per
//! pixel), each with a scalar oracle and a vector path. The arithmetic is
//! integer, so both paths agree bit for bit by construction; the tests
//! check the plumbing (windows, pairs, tails).

use super::coeffs::{Table, PRECISION};
use crate::simd::{I16x8, I32x4};

fn round_sat(acc: i32) -> i16 {
    (acc.wrapping_add(1 << (PRECISION - 1)) >> PRECISION).clamp(i16::MIN as i32, i16::MAX as i32) as i16
}

/// Resamples one row of pixels along x. `src` holds `t.in_len` pixels plus
/// one zero pixel of padding (an odd window's last pair reads it with weight 0).
pub fn horizontal(vector: bool, src: &[i16], dst: &mut [i16], t: &Table) {
    assert!(src.len() >= (t.in_len + 1) * 4 && dst.len() >= t.out_len * 4);
    if vector {
        horizontal_vector(src, dst, t)
    } else {
        horizontal_scalar(src, dst, t)
    }
}

fn horizontal_scalar(src: &[i16], dst: &mut [i16], t: &Table) {
    for (j, out) in dst.chunks_exact_mut(4).take(t.out_len).enumerate() {
        let s = t.start[j] as usize;
        let w = &t.coef[j * t.stride..j * t.stride + t.taps];
        for (c, o) in out.iter_mut().enumerate() {
            let acc = w.iter().enumerate().fold(0i32, |a, (k, &wk)| a.wrapping_add(wk as i32 * src[(s + k) * 4 + c] as i32));
            *o = round_sat(acc);
        }
    }
}

/// One output pixel: each step loads two source pixels, regroups them as
/// channel pairs and takes a pair dot product with two weights.
#[inline(always)]
fn pixel(src: &[i16], t: &Table, j: usize) -> I32x4 {
    let s = t.start[j] as usize * 4;
    let w = &t.coef[j * t.stride..(j + 1) * t.stride];
    let mut acc = I32x4::zero();
    for (k, pair) in w.chunks_exact(2).enumerate() {
        let px = I16x8::load(&src[s + 8 * k..]).pair_channels();
        acc = acc.add(px.dot(I16x8::splat_pair(pair[0], pair[1])));
    }
    acc.shr_round(PRECISION)
}

fn horizontal_vector(src: &[i16], dst: &mut [i16], t: &Table) {
    let n = t.out_len;
    let mut j = 0;
    while j + 2 <= n {
        I16x8::narrow(pixel(src, t, j), pixel(src, t, j + 1)).store(&mut dst[j * 4..]);
        j += 2;
    }
    if j < n {
        I16x8::narrow(pixel(src, t, j), I32x4::zero()).store_low(&mut dst[j * 4..]);
    }
}

/// Output row `j` of the vertical pass. `rows` holds source rows
/// `first..` of `len` values each.
pub fn vertical(vector: bool, rows: &[i16], first: usize, len: usize, dst: &mut [i16], t: &Table, j: usize) {
    let s = t.start[j] as usize;
    assert!(s >= first && rows.len() >= (s - first + t.taps) * len && dst.len() >= len);
    let src = &rows[(s - first) * len..(s - first + t.taps) * len];
    let w = &t.coef[j * t.stride..j * t.stride + t.stride];
    if vector {
        vertical_vector(src, len, dst, w, t.taps)
    } else {
        vertical_scalar(src, len, dst, w, t.taps, 0)
    }
}

fn vertical_scalar(src: &[i16], len: usize, dst: &mut [i16], w: &[i16], taps: usize, from: usize) {
    for i in from..len {
        let acc = (0..taps).fold(0i32, |a, k| a.wrapping_add(w[k] as i32 * src[k * len + i] as i32));
        dst[i] = round_sat(acc);
    }
}

/// Sixteen values per step: two source rows interleaved lane by lane meet
/// their two weights in one pair dot product.
fn vertical_vector(src: &[i16], len: usize, dst: &mut [i16], w: &[i16], taps: usize) {
    const STEP: usize = 16;
    let pairs = taps / 2;
    let body = len - len % STEP;
    for i in (0..body).step_by(STEP) {
        let mut acc = [I32x4::zero(); 4];
        let mut add = |a: I16x8, b: I16x8, h: usize, wp: I16x8| {
            acc[2 * h] = acc[2 * h].add(a.interleave_low(b).dot(wp));
            acc[2 * h + 1] = acc[2 * h + 1].add(a.interleave_high(b).dot(wp));
        };
        for k in 0..pairs {
            let (r0, r1) = (&src[2 * k * len + i..], &src[(2 * k + 1) * len + i..]);
            let wp = I16x8::splat_pair(w[2 * k], w[2 * k + 1]);
            add(I16x8::load(r0), I16x8::load(r1), 0, wp);
            add(I16x8::load(&r0[8..]), I16x8::load(&r1[8..]), 1, wp);
        }
        if taps % 2 == 1 {
            let r = &src[(taps - 1) * len + i..];
            let wp = I16x8::splat_pair(w[taps - 1], 0);
            add(I16x8::load(r), I16x8::zero(), 0, wp);
            add(I16x8::load(&r[8..]), I16x8::zero(), 1, wp);
        }
        let d = &mut dst[i..];
        I16x8::narrow(acc[0].shr_round(PRECISION), acc[1].shr_round(PRECISION)).store(d);
        I16x8::narrow(acc[2].shr_round(PRECISION), acc[3].shr_round(PRECISION)).store(&mut d[8..]);
    }
    vertical_scalar(src, len, dst, w, taps, body);
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
                    let t = Table::new(f, i, o);
                    let mut src = values((i + 1) * 4, (i * o) as i32);
                    src[i * 4..].fill(0);
                    let (mut a, mut b) = (vec![i16::MIN; o * 4], vec![i16::MAX; o * 4]);
                    horizontal(false, &src, &mut a, &t);
                    horizontal(true, &src, &mut b, &t);
                    assert_eq!(a, b, "horizontal {f:?} {i}->{o}");
                    // Vertical over rows of every length mod 16.
                    for len in [4, 8, 12, 16, 20, 36, 68] {
                        let rows = values(i * len, (len + i) as i32);
                        for j in 0..o {
                            let (mut a, mut b) = (vec![i16::MIN; len], vec![i16::MAX; len]);
                            vertical(false, &rows, 0, len, &mut a, &t, j);
                            vertical(true, &rows, 0, len, &mut b, &t, j);
                            assert_eq!(a, b, "vertical {f:?} {i}->{o} len {len} row {j}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn flat_input_stays_flat() {
        let t = Table::new(Filter::Lanczos3, 9, 4);
        let src: Vec<i16> = [1000i16, 2000, 3000, 16320].repeat(9).into_iter().chain([0; 4]).collect();
        let mut out = vec![0; 16];
        horizontal(true, &src, &mut out, &t);
        assert_eq!(out, [1000i16, 2000, 3000, 16320].repeat(4));
    }
}
