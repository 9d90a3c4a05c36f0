//! The horizontal pass of the 8-bit path: rows of pixels of `c` channels
//! (1 to 4) resampled along x, into the working scale or, for rows that need
//! no encoding, straight into 8-bit levels (`Out`). The scalar loop is the
//! oracle; integer arithmetic makes both vector paths give its bits.
//!
//! RGBA rows go four at a time: an output's window start and weights are
//! loaded once for the four rows, and each load of two pixels is regrouped
//! into channel pairs (the two pixels' values of one channel side by side)
//! that meet two weights in one pair dot product. Other channel counts go
//! one row at a time.

use super::coeffs::{Table, PRECISION};
use super::conv::{Out, Rounding};
use super::srgb::FRAC;
use crate::simd::{hoist, I16x8, I32x4};

/// Source rows for the horizontal pass, `pitch` samples apart.
#[derive(Clone, Copy)]
pub enum Row<'a> {
    /// Working-scale values. A window may run one pixel past its row (the
    /// table's padding tap, weight 0) and a load eight values past a pixel,
    /// so the last row is followed by eight more values.
    Working(&'a [i16]),
    /// Raw 8-bit RGBA, for images that need no decoding (opaque, sRGB): the
    /// table's windows must be even, so pairs never leave the row.
    Bytes(&'a [u8]),
}

/// Resamples `rows` rows of pixels of `c` channels (1 to 4) along x: row
/// `r` starts at sample `r·pitch` of `src`, and its output at `r·t.out_len·c` of `dst`.
#[inline(never)]
pub fn horizontal<L: Out>(vector: bool, src: Row, pitch: usize, rows: usize, dst: &mut [L], t: &Table, c: usize) {
    let (in_row, out_row) = (t.in_len * c, t.out_len * c);
    assert!(rows > 0 && (1..=4).contains(&c) && pitch >= in_row && dst.len() >= rows * out_row && t.coef.len() >= t.out_len * t.stride);
    let last = (rows - 1) * pitch;
    match src {
        Row::Working(s) => {
            assert!(s.len() >= last + in_row + 8 && t.start.iter().all(|&st| st as usize + t.stride <= t.in_len + 1));
            let r = Rounding::into::<L>(<i16 as Pixels>::SHIFT);
            // SAFETY: every window, padding tap included, lies inside `s` (checked above).
            let four = if vector && c == 4 { unsafe { rows4(s.as_ptr(), pitch, rows, dst, t) } } else { 0 };
            for y in four..rows {
                match vector {
                    // SAFETY: the row's eight-value loads end inside `s` (checked above).
                    true => unsafe { working(&s[y * pitch..], &mut dst[y * out_row..], t, c, r) },
                    false => scalar(&mut dst[y * out_row..], t, c, r, |i| s[y * pitch + i] as i32),
                }
            }
        }
        Row::Bytes(s) => {
            assert!(s.len() >= last + in_row && t.taps == t.stride && t.start.iter().all(|&st| st as usize + t.taps <= t.in_len));
            let r = Rounding::into::<L>(<u8 as Pixels>::SHIFT);
            if vector && c == 4 {
                // SAFETY: every window lies inside its row (checked above).
                let four = unsafe { rows4(s.as_ptr(), pitch, rows, dst, t) };
                for y in four..rows {
                    // One row as four (the same bytes written four times): rare, and code size counts.
                    // SAFETY: as above.
                    unsafe { rows_of::<u8, L>(s.as_ptr().add(y * pitch), [0; 2], &mut dst[y * out_row..], t) }
                }
            } else {
                (0..rows).for_each(|y| scalar(&mut dst[y * out_row..], t, c, r, |i| s[y * pitch + i] as i32));
            }
        }
    }
}

/// The oracle: one row, `at(i)` its sample `i`.
fn scalar<L: Out>(dst: &mut [L], t: &Table, c: usize, r: Rounding, at: impl Fn(usize) -> i32) {
    for (j, out) in dst.chunks_exact_mut(c).take(t.out_len).enumerate() {
        let s = t.start[j] as usize;
        let w = &t.coef[j * t.stride..j * t.stride + t.taps];
        for (ch, o) in out.iter_mut().enumerate() {
            let acc = w.iter().enumerate().fold(0i32, |a, (k, &wk)| a.wrapping_add(wk as i32 * at((s + k) * c + ch)));
            *o = L::from_i16(r.scalar(acc));
        }
    }
}

/// One working-scale row of 1 to 3 channels: each step loads eight values
/// from a pair of pixels, regroups the pair's channels as lane pairs, and
/// takes a pair dot product with their two weights (lanes past `c` are ignored).
///
/// # Safety
/// `src` holds `(t.in_len - 1) * c + 8` values and every window, padding
/// tap included, lies inside the row and the one pixel after it.
unsafe fn working<L: Out>(src: &[i16], dst: &mut [L], t: &Table, c: usize, r: Rounding) {
    let mask = crate::simd::pair_lanes_mask(c);
    for j in 0..t.out_len {
        let p = src.as_ptr().add(*t.start.get_unchecked(j) as usize * c);
        let w = t.coef.as_ptr().add(j * t.stride);
        let mut acc = I32x4::zero();
        for k in 0..t.stride / 2 {
            let px = I16x8::load_ptr(p.add(2 * c * k)).swizzle(mask);
            acc = acc.add(px.dot(I16x8::load_pair_splat(w.add(2 * k))));
        }
        let v = I16x8::narrow(r.vector(acc), I32x4::zero()).to_array();
        for (d, &x) in dst[j * c..j * c + c].iter_mut().zip(&v) {
            *d = L::from_i16(x);
        }
    }
}

/// Samples the RGBA kernel reads: two pixels, loaded as they lie and then
/// regrouped into channel pairs widened to i16 (`p0c0 p1c0 p0c1 p1c1 ..`)
/// by one swizzle with `PAIRS` (lanes of 16 or more read as zero).
trait Pixels: Copy {
    const PAIRS: [u8; 16];
    /// Bits a weighted sum of these samples drops to land in the working scale.
    const SHIFT: u32;
    /// # Safety
    /// `p` points at two readable pixels.
    unsafe fn load(p: *const Self) -> I16x8;
}

impl Pixels for u8 {
    const PAIRS: [u8; 16] = [0, 16, 4, 16, 1, 16, 5, 16, 2, 16, 6, 16, 3, 16, 7, 16];
    // Bytes are 8-bit levels: FRAC bits fewer to drop.
    const SHIFT: u32 = PRECISION - FRAC;
    #[inline(always)]
    unsafe fn load(p: *const u8) -> I16x8 {
        I16x8::load_bytes8(p)
    }
}

impl Pixels for i16 {
    const PAIRS: [u8; 16] = [0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 14, 15];
    const SHIFT: u32 = PRECISION;
    #[inline(always)]
    unsafe fn load(p: *const i16) -> I16x8 {
        I16x8::load_ptr(p)
    }
}

/// RGBA rows four at a time, as many as `rows` holds; returns how many.
///
/// # Safety
/// As `rows_of`, for every row.
unsafe fn rows4<S: Pixels, L: Out>(src: *const S, pitch: usize, rows: usize, dst: &mut [L], t: &Table) -> usize {
    let (out_row, four) = (t.out_len * 4, rows / 4 * 4);
    for y in (0..four).step_by(4) {
        rows_of::<S, L>(src.add(y * pitch), [pitch, out_row], &mut dst[y * out_row..], t);
    }
    four
}

/// Four RGBA rows, `pitch` samples apart in `src` and in `dst`, outputs
/// in pairs (one store of two pixels per row).
///
/// # Safety
/// Row `i < 4` starts at `src + i·pitch[0]`; every output's `t.stride`
/// pixels from its window start are readable in every row; `coef` holds
/// `out_len × stride` weights.
#[inline(never)]
unsafe fn rows_of<S: Pixels, L: Out>(src: *const S, pitch: [usize; 2], dst: &mut [L], t: &Table) {
    assert!(dst.len() >= 3 * pitch[1] + 4 * t.out_len && t.stride >= 2);
    // (Constant shifts: V8 turns a shift by a variable into four instructions.)
    let r = Rounding::into::<L>(S::SHIFT);
    // (The mask in a register: as a constant, V8 builds it anew at every use.)
    let pairs = hoist(I16x8::load_bytes(S::PAIRS.as_ptr()));
    let sums = |j: usize| -> [I32x4; 4] {
        let at = *t.start.get_unchecked(j) as usize * 4;
        let p: [*const S; 4] = core::array::from_fn(|i| src.add(i * pitch[0] + at));
        let w = t.coef.as_ptr().add(j * t.stride);
        // Pair `k` of the window in each row.
        let pair = |k: usize| -> [I32x4; 4] {
            let wk = I16x8::load_pair_splat(w.add(2 * k));
            core::array::from_fn(|i| S::load(p[i].add(8 * k)).swizzle(pairs).dot(wk))
        };
        // The first pair starts the sums (no zeros to add to).
        let mut acc = pair(0);
        for k in 1..t.stride / 2 {
            let d = pair(k);
            for (a, d) in acc.iter_mut().zip(d) {
                *a = a.add(d);
            }
        }
        acc
    };
    // Outputs `j` and `j + 1` (`n` = 8 values a row) or `j` alone (4).
    let out = dst.as_mut_ptr();
    let store = |j: usize, a: [I32x4; 4], b: [I32x4; 4], n: usize| {
        for i in 0..4 {
            L::store_n(r.narrow(a[i], b[i]), n, out.add(i * pitch[1] + 4 * j));
        }
    };
    let even = t.out_len & !1;
    for j in (0..even).step_by(2) {
        store(j, sums(j), sums(j + 1), 8);
    }
    if even < t.out_len {
        let a = sums(even);
        store(even, a, a, 4);
    }
}

#[cfg(test)]
mod tests {
    use super::super::conv::tests::values;
    use super::super::filters::Filter;
    use super::*;

    /// Both paths, into `L`, for 1 to 5 rows; NaN-like fill values catch unwritten outputs.
    fn agree<L: Out + PartialEq + core::fmt::Debug>(src: Row, pitch: usize, t: &Table, c: usize, fill: [L; 2], what: &str) {
        for rows in 1..=5 {
            let n = rows * t.out_len * c;
            let (mut a, mut b) = (vec![fill[0]; n], vec![fill[1]; n]);
            horizontal(false, src, pitch, rows, &mut a, t, c);
            horizontal(true, src, pitch, rows, &mut b, t, c);
            assert_eq!(a, b, "{what} {rows} rows");
        }
    }

    #[test]
    fn vector_paths_match_scalar_for_every_tail() {
        for f in [Filter::Box, Filter::Bilinear, Filter::Bicubic, Filter::Lanczos3] {
            for i in [1, 2, 3, 5, 7, 9, 17, 33] {
                for o in [1, 2, 3, 4, 5, 7, 9, 17, 33] {
                    let t = Table::new(f, i, o).unwrap();
                    for c in 1..=4 {
                        // Rows a pixel apart or more; past the last, whatever the buffer holds (read with weight 0).
                        let pitch = (i + i % 3) * c;
                        let src = values(4 * pitch + i * c + 8, (i * o + c) as i32);
                        let what = format!("{f:?} {i}->{o} {c} channels");
                        agree(Row::Working(&src), pitch, &t, c, [i16::MIN, i16::MAX], &what);
                        agree(Row::Working(&src), pitch, &t, c, [0u8, 255], &what);
                        if t.taps.is_multiple_of(2) {
                            let bytes: Vec<u8> = src.iter().map(|&v| v as u8).collect();
                            agree(Row::Bytes(&bytes), pitch, &t, c, [i16::MIN, i16::MAX], &what);
                            agree(Row::Bytes(&bytes), pitch, &t, c, [0u8, 255], &what);
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
        let work: Vec<i16> = bytes.iter().map(|&b| (b as i16) << FRAC).chain([0; 8]).collect();
        for vector in [false, true] {
            let (mut a, mut b) = (vec![0i16; 36], vec![1i16; 36]);
            horizontal(vector, Row::Bytes(&bytes), 160, 1, &mut a, &t, 4);
            horizontal(vector, Row::Working(&work), 160, 1, &mut b, &t, 4);
            assert_eq!(a, b);
            // Straight to levels: the working values encoded, bit for bit.
            let mut levels = vec![0u8; 36];
            horizontal(vector, Row::Bytes(&bytes), 160, 1, &mut levels, &t, 4);
            let mut encoded = vec![0u8; 36];
            super::super::alpha::encode_row(vector, &a, &mut encoded, super::super::alpha::Mode { premultiply: false, linear: false, channels: 4 });
            assert_eq!(levels, encoded);
        }
    }

    #[test]
    fn flat_input_stays_flat() {
        let t = Table::new(Filter::Lanczos3, 9, 4).unwrap();
        let src: Vec<i16> = [1000i16, 2000, 3000, 16320].repeat(9).into_iter().chain([0; 8]).collect();
        let mut out = vec![0i16; 16];
        horizontal(true, Row::Working(&src), 36, 1, &mut out, &t, 4);
        assert_eq!(out, [1000i16, 2000, 3000, 16320].repeat(4));
    }
}
