//! Resizing interleaved RGBA u8 images (ImageData): separable convolution
//! with fixed-point weights, premultiplied alpha, optional linear light.
//!
//! Horizontal pass first, then the vertical pass row by row into the
//! output. Both orders cost the same for uniform scales; this one lets the
//! sRGB/alpha decode run once per source row into a small row buffer, and
//! the vertical pass needs only a sliding window of horizontal-pass rows
//! (a ring of `taps` rows, i16, which stays in cache), so peak memory is
//! input + output + a few rows. An axis that keeps its length skips its pass.
//!
//! A call may cover a band of output rows (`dst_y0..`) from a band of source
//! rows (`src_y0..`): tables are built for the whole image, so bands computed
//! separately (by workers) join without seams, bit for bit.

pub mod alpha;
pub mod coeffs;
pub mod conv;
pub mod filters;
pub mod srgb;

use crate::simd;
use coeffs::Table;
pub use filters::Filter;

#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub filter: Filter,
    pub premultiply: bool,
    pub linear: bool,
    pub in_w: usize,
    pub in_h: usize,
    pub out_w: usize,
    pub out_h: usize,
    /// Rows of the source image held in `src`: `src_y0 .. src_y0 + src_rows`.
    pub src_y0: usize,
    pub src_rows: usize,
    /// Rows of the output image to write into `dst`.
    pub dst_y0: usize,
    pub dst_rows: usize,
}

impl Spec {
    /// A whole-image resize.
    pub fn whole(filter: Filter, in_w: usize, in_h: usize, out_w: usize, out_h: usize) -> Self {
        Spec { filter, premultiply: true, linear: false, in_w, in_h, out_w, out_h, src_y0: 0, src_rows: in_h, dst_y0: 0, dst_rows: out_h }
    }
    pub fn src_len(&self) -> Option<usize> {
        self.in_w.checked_mul(self.src_rows)?.checked_mul(4)
    }
    pub fn dst_len(&self) -> Option<usize> {
        self.out_w.checked_mul(self.dst_rows)?.checked_mul(4)
    }
    fn valid(&self) -> bool {
        let sizes = [self.in_w, self.in_h, self.out_w, self.out_h, self.src_rows, self.dst_rows];
        sizes.iter().all(|&v| v > 0 && v < 1 << 28)
            && self.src_y0 + self.src_rows <= self.in_h
            && self.dst_y0 + self.dst_rows <= self.out_h
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    /// Sizes out of range, or the source band misses rows the output band reads.
    BadSpec,
}

pub fn resize(src: &[u8], dst: &mut [u8], s: &Spec) -> Result<(), Error> {
    resize_path(simd::enabled(), src, dst, s)
}

pub fn resize_path(vector: bool, src: &[u8], dst: &mut [u8], s: &Spec) -> Result<(), Error> {
    let (Some(src_len), Some(dst_len)) = (s.src_len(), s.dst_len()) else { return Err(Error::BadSpec) };
    if !s.valid() || src.len() < src_len || dst.len() < dst_len {
        return Err(Error::BadSpec);
    }
    let (src, dst) = (&src[..src_len], &mut dst[..dst_len]);
    let (in_row, out_row) = (s.in_w * 4, s.out_w * 4);
    let rows = s.dst_y0..s.dst_y0 + s.dst_rows;
    let have = s.src_y0..s.src_y0 + s.src_rows;
    let src_row = |y: usize| &src[(y - s.src_y0) * in_row..(y - s.src_y0 + 1) * in_row];

    if s.filter == Filter::Nearest {
        let (xs, ys) = (nearest(s.in_w, s.out_w), nearest(s.in_h, s.out_h));
        if !ys[rows.clone()].iter().all(|y| have.contains(y)) {
            return Err(Error::BadSpec);
        }
        for (y, out) in rows.zip(dst.chunks_exact_mut(out_row)) {
            let from = src_row(ys[y]);
            for (&x, px) in xs.iter().zip(out.chunks_exact_mut(4)) {
                px.copy_from_slice(&from[x * 4..x * 4 + 4]);
            }
        }
        return Ok(());
    }

    let vt = (s.in_h != s.out_h).then(|| Table::new(s.filter, s.in_h, s.out_h));
    let ht = (s.in_w != s.out_w).then(|| Table::new(s.filter, s.in_w, s.out_w));
    let (lo, hi) = vt.as_ref().map_or((rows.start, rows.end), |t| t.span(rows.start, rows.end));
    if lo < have.start || hi > have.end {
        return Err(Error::BadSpec);
    }
    if vt.is_none() && ht.is_none() {
        dst.copy_from_slice(&src[(lo - s.src_y0) * in_row..(hi - s.src_y0) * in_row]);
        return Ok(());
    }
    let mode = alpha::Mode {
        premultiply: s.premultiply && !alpha::opaque(&src[(lo - s.src_y0) * in_row..(hi - s.src_y0) * in_row]),
        linear: s.linear,
    };

    // Source row y -> working scale -> horizontal pass -> `out`. Rows that
    // need no decoding go straight from bytes.
    let raw = !mode.premultiply && !mode.linear && ht.as_ref().is_some_and(|t| t.taps == t.stride);
    let mut decoded = vec![0i16; in_row + 4];
    let mut widen = |y: usize, out: &mut [i16]| match &ht {
        Some(t) if raw => conv::horizontal(vector, conv::Row::Bytes(src_row(y)), out, t),
        Some(t) => {
            alpha::decode_row(src_row(y), &mut decoded, mode);
            conv::horizontal(vector, conv::Row::Working(&decoded), out, t);
        }
        None => alpha::decode_row(src_row(y), out, mode),
    };
    let mut row = vec![0i16; out_row];
    let Some(t) = &vt else {
        for (y, out) in rows.zip(dst.chunks_exact_mut(out_row)) {
            widen(y, &mut row);
            alpha::encode_row(vector, &row, out, mode);
        }
        return Ok(());
    };
    // The vertical pass reads a sliding window of horizontal-pass rows: keep
    // just the last `taps` of them, in a ring (windows only move down).
    let ring = t.taps;
    let mut mid = vec![0i16; ring * out_row];
    let mut next = lo;
    for (j, out) in rows.zip(dst.chunks_exact_mut(out_row)) {
        let first = t.start[j] as usize;
        next = next.max(first);
        while next < first + t.taps {
            widen(next, &mut mid[(next % ring) * out_row..(next % ring + 1) * out_row]);
            next += 1;
        }
        let window: Vec<&[i16]> = (first..first + t.taps).map(|y| &mid[(y % ring) * out_row..(y % ring + 1) * out_row]).collect();
        conv::vertical(vector, &window, &t.coef[j * t.stride..(j + 1) * t.stride], &mut row);
        alpha::encode_row(vector, &row, out, mode);
    }
    Ok(())
}

/// Source pixel whose area contains each output pixel's centre.
fn nearest(in_len: usize, out_len: usize) -> Vec<usize> {
    let scale = in_len as f64 / out_len as f64;
    (0..out_len).map(|j| (((j as f64 + 0.5) * scale) as usize).min(in_len - 1)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(w: usize, h: usize, seed: usize) -> Vec<u8> {
        (0..w * h * 4).map(|i| ((i * 37 + seed * 11) % 251) as u8 | if i % 4 == 3 && seed % 2 == 0 { 0xff } else { 0 }).collect()
    }

    fn run(vector: bool, src: &[u8], s: &Spec) -> Vec<u8> {
        let mut out = vec![0xa5; s.dst_len().unwrap()];
        resize_path(vector, src, &mut out, s).unwrap();
        out
    }

    #[test]
    fn vector_and_scalar_agree_on_whole_images() {
        for f in [Filter::Nearest, Filter::Box, Filter::Bilinear, Filter::Mitchell, Filter::Lanczos3] {
            for (iw, ih, ow, oh) in [(1, 1, 3, 2), (7, 5, 3, 9), (17, 3, 33, 3), (9, 9, 9, 4), (33, 17, 5, 7)] {
                for seed in 0..2 {
                    for (premultiply, linear) in [(true, false), (false, true), (true, true)] {
                        let src = image(iw, ih, seed);
                        let s = Spec { premultiply, linear, ..Spec::whole(f, iw, ih, ow, oh) };
                        assert_eq!(run(false, &src, &s), run(true, &src, &s), "{f:?} {iw}x{ih}->{ow}x{oh}");
                    }
                }
            }
        }
    }

    #[test]
    fn bands_join_without_seams() {
        let (iw, ih, ow, oh) = (13, 40, 7, 17);
        let src = image(iw, ih, 1);
        for f in [Filter::Nearest, Filter::Bicubic, Filter::Lanczos3] {
            let whole = run(true, &src, &Spec::whole(f, iw, ih, ow, oh));
            let vt = Table::new(f, ih, oh);
            let mut joined = Vec::new();
            for (a, b) in [(0, 5), (5, 6), (6, 17)] {
                let (lo, hi) = if f == Filter::Nearest { (0, ih) } else { vt.span(a, b) };
                let band = Spec { src_y0: lo, src_rows: hi - lo, dst_y0: a, dst_rows: b - a, ..Spec::whole(f, iw, ih, ow, oh) };
                joined.extend(run(true, &src[lo * iw * 4..hi * iw * 4], &band));
            }
            assert_eq!(joined, whole, "{f:?}");
        }
    }

    #[test]
    fn rejects_bands_missing_rows_and_bad_sizes() {
        let src = image(4, 8, 0);
        let mut out = vec![0; 4 * 4 * 4];
        let mut s = Spec::whole(Filter::Lanczos3, 4, 8, 4, 4);
        s.src_rows = 4;
        assert_eq!(resize(&src, &mut out, &s), Err(Error::BadSpec));
        assert_eq!(resize(&src, &mut out, &Spec::whole(Filter::Box, 0, 8, 4, 4)), Err(Error::BadSpec));
        assert_eq!(resize(&src[..10], &mut out, &Spec::whole(Filter::Box, 4, 8, 4, 4)), Err(Error::BadSpec));
    }

    #[test]
    fn same_size_is_a_copy() {
        let src = image(5, 3, 1);
        assert_eq!(run(true, &src, &Spec::whole(Filter::Lanczos3, 5, 3, 5, 3)), src);
    }
}
