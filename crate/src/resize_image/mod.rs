//! Resizing interleaved u8 images of 1 to 4 channels (gray, gray + alpha,
//! RGB, RGBA as in ImageData): separable convolution with fixed-point
//! weights, premultiplied alpha where there is alpha (2 and 4 channels),
//! optional linear light.
//!
//! Output rows are produced one at a time; the pass order is whichever
//! costs less (`vertical_first`). Horizontal first keeps a sliding window of
//! horizontal-pass rows; vertical first a sliding window of decoded source
//! rows (or none: rows that need no decoding are read as bytes). Either
//! window is a ring of `taps` rows that stays in cache, so peak memory is
//! input + output + a few rows. Windows too tall for a ring of
//! `RING_BYTES` (huge downscales: 16384² -> 1×1) stream instead: each row is
//! produced and added into one i32 row, so memory stays bounded by a few
//! rows for any scale. An axis that keeps its length skips its pass.
//!
//! A call may cover a band of output rows (`dst_y0..`) from a band of source
//! rows (`src_y0..`): tables are built for the whole image, so bands computed
//! separately (by workers) join without seams, bit for bit.

pub mod alpha;
pub mod coeffs;
pub mod conv;
pub mod export;
pub mod filters;
pub mod srgb;

use crate::error::{KernelError, KernelResult};
use crate::mem;
use crate::simd::Path;
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
    /// Bytes per pixel, 1 to 4; the last is alpha when there are 2 or 4.
    pub channels: usize,
}

impl Spec {
    /// A whole-image resize.
    pub fn whole(filter: Filter, in_w: usize, in_h: usize, out_w: usize, out_h: usize) -> Self {
        Spec { filter, premultiply: true, linear: false, in_w, in_h, out_w, out_h, src_y0: 0, src_rows: in_h, dst_y0: 0, dst_rows: out_h, channels: 4 }
    }
    pub fn src_len(&self) -> Option<usize> {
        self.in_w.checked_mul(self.src_rows)?.checked_mul(self.channels)
    }
    pub fn dst_len(&self) -> Option<usize> {
        self.out_w.checked_mul(self.dst_rows)?.checked_mul(self.channels)
    }
    fn valid(&self) -> bool {
        let sizes = [self.in_w, self.in_h, self.out_w, self.out_h, self.src_rows, self.dst_rows];
        sizes.iter().all(|&v| v > 0 && v < 1 << 28)
            && (1..=4).contains(&self.channels)
            && self.src_y0 + self.src_rows <= self.in_h
            && self.dst_y0 + self.dst_rows <= self.out_h
    }
}

/// BadArgument for sizes out of range, or a source band that misses rows
/// the output band reads.
pub fn resize_image(path: Path, src: &[u8], dst: &mut [u8], s: &Spec) -> KernelResult {
    resize_path(path.vector(), src, dst, s)
}

pub fn resize_path(vector: bool, src: &[u8], dst: &mut [u8], s: &Spec) -> KernelResult {
    resize_within(vector, src, dst, s, RING_BYTES)
}

/// The most a ring of rows may take; taller windows stream (bit for bit the same sums).
const RING_BYTES: usize = 16 << 20;

fn resize_within(vector: bool, src: &[u8], dst: &mut [u8], s: &Spec, ring_bytes: usize) -> KernelResult {
    let (Some(src_len), Some(dst_len)) = (s.src_len(), s.dst_len()) else {
        return Err(KernelError::BadArgument);
    };
    if !s.valid() {
        return Err(KernelError::BadArgument);
    }
    if src.len() < src_len || dst.len() < dst_len {
        return Err(KernelError::BadBuffer);
    }
    let c = s.channels;
    let (src, dst) = (Band { bytes: &src[..src_len], y0: s.src_y0, row: s.in_w * c }, &mut dst[..dst_len]);
    let (rows, have) = (s.dst_y0..s.dst_y0 + s.dst_rows, s.src_y0..s.src_y0 + s.src_rows);
    if s.filter == Filter::Nearest {
        return resize_nearest(s, src, dst);
    }
    let table = |changes: bool, in_len, out_len| match changes {
        true => Table::new(s.filter, in_len, out_len).map(Some),
        false => Ok(None),
    };
    let vt = table(s.in_h != s.out_h, s.in_h, s.out_h)?;
    let ht = table(s.in_w != s.out_w, s.in_w, s.out_w)?;
    let (lo, hi) = vt.as_ref().map_or((rows.start, rows.end), |t| t.span(rows.start, rows.end));
    if lo < have.start || hi > have.end {
        return Err(KernelError::BadArgument);
    }
    let read = &src.bytes[src.at(lo)..src.at(hi)];
    if vt.is_none() && ht.is_none() {
        dst.copy_from_slice(read);
        return Ok(());
    }
    // Passes that only copy pixels copy bytes: the exact result, which the
    // passes give too except for premultiplied alpha's rounding.
    let copies = |t: Option<&Table>, len| t.map_or_else(|| mem::try_collect(0..len).map(Some), Table::copies);
    if let (Some(xs), Some(ys)) = (copies(ht.as_ref(), s.in_w)?, copies(vt.as_ref(), s.in_h)?) {
        return copy_pixels(s, src, dst, &xs, &ys);
    }
    let premultiply = s.premultiply && c.is_multiple_of(2) && !alpha::opaque(read, c);
    let mode = alpha::Mode { premultiply, linear: s.linear, channels: c };
    // (`decoded` has room for the horizontal pass's reads past the row.)
    let (row, decoded) = (mem::try_filled(s.out_w * c, 0i16)?, mem::try_filled(src.row + 8, 0i16)?);
    let mut work = Work { vector, mode, ring_bytes, row, decoded };
    match (&ht, &vt) {
        (Some(h), Some(v)) if vertical_first(s, h, v) => work.vertical_first(s, src, dst, h, v),
        _ => work.horizontal_first(s, src, dst, ht.as_ref(), vt.as_ref()),
    }
}

/// The source band: image rows `y0..` of `row` bytes each.
#[derive(Clone, Copy)]
struct Band<'a> {
    bytes: &'a [u8],
    y0: usize,
    row: usize,
}

impl<'a> Band<'a> {
    /// Where image row `y` starts.
    fn at(&self, y: usize) -> usize {
        (y - self.y0) * self.row
    }

    fn row(&self, y: usize) -> &'a [u8] {
        &self.bytes[self.at(y)..self.at(y) + self.row]
    }
}

/// Each output pixel copies the source pixel whose area contains its centre.
fn resize_nearest(s: &Spec, src: Band, dst: &mut [u8]) -> KernelResult {
    copy_pixels(s, src, dst, &nearest(s.in_w, s.out_w)?, &nearest(s.in_h, s.out_h)?)
}

/// Output pixel (x, y) is source pixel (`xs[x]`, `ys[y]`).
fn copy_pixels(s: &Spec, src: Band, dst: &mut [u8], xs: &[usize], ys: &[usize]) -> KernelResult {
    let rows = s.dst_y0..s.dst_y0 + s.dst_rows;
    if !ys[rows.clone()].iter().all(|y| (s.src_y0..s.src_y0 + s.src_rows).contains(y)) {
        return Err(KernelError::BadArgument);
    }
    let row = s.out_w * s.channels;
    for (k, y) in rows.enumerate() {
        if k > 0 && ys[y] == ys[y - 1] {
            // The same source row again: copy the output row just made.
            dst.copy_within((k - 1) * row..k * row, k * row);
            continue;
        }
        let (from, out) = (src.row(ys[y]), &mut dst[k * row..(k + 1) * row]);
        match s.channels {
            1 => gather::<1>(from, xs, out),
            2 => gather::<2>(from, xs, out),
            3 => gather::<3>(from, xs, out),
            _ => gather::<4>(from, xs, out),
        }
    }
    Ok(())
}

/// Pixel `xs[i]` of `from` to pixel `i` of `out` (a constant size: no call per pixel).
fn gather<const C: usize>(from: &[u8], xs: &[usize], out: &mut [u8]) {
    for (&x, px) in xs.iter().zip(out.chunks_exact_mut(C)) {
        px.copy_from_slice(&from[x * C..x * C + C]);
    }
}

/// The two filtered pass orders, with their row buffers: `row` for an
/// output row in the working scale, `decoded` for a source row.
struct Work {
    vector: bool,
    mode: alpha::Mode,
    ring_bytes: usize,
    row: Vec<i16>,
    decoded: Vec<i16>,
}

impl Work {
    /// Rows that need no decoding are read as bytes.
    fn plain(&self) -> bool {
        !self.mode.premultiply && !self.mode.linear
    }

    /// Vertical pass over source rows (straight from bytes when they need
    /// no decoding, so without a ring), then the horizontal pass over its result.
    fn vertical_first(&mut self, s: &Spec, src: Band, dst: &mut [u8], h: &Table, v: &Table) -> KernelResult {
        let (vector, mode, plain, in_row) = (self.vector, self.mode, self.plain(), src.row);
        let mut ring = Ring::new(if plain { 0 } else { v.taps }, in_row, v.taps, self.ring_bytes)?;
        for (j, out) in (s.dst_y0..s.dst_y0 + s.dst_rows).zip(dst.chunks_exact_mut(s.out_w * s.channels)) {
            let (first, w) = (v.start[j] as usize, &v.coef[j * v.stride..(j + 1) * v.stride]);
            if plain {
                let at = ring.offsets((first..first + v.taps).map(|y| src.at(y)));
                conv::vertical(vector, conv::Window { data: src.bytes, at }, w, &mut self.decoded[..in_row]);
            } else {
                ring.vertical(vector, first, w, |y, r| alpha::decode_row(vector, src.row(y), r, mode), &mut self.decoded[..in_row]);
            }
            conv::horizontal(vector, conv::Row::Working(&self.decoded), &mut self.row, h, mode.channels);
            alpha::encode_row(vector, &self.row, out, mode);
        }
        Ok(())
    }

    /// Source row y -> working scale -> horizontal pass (if any), then the
    /// vertical pass (if any) over a ring of those rows.
    fn horizontal_first(&mut self, s: &Spec, src: Band, dst: &mut [u8], ht: Option<&Table>, vt: Option<&Table>) -> KernelResult {
        let (vector, mode, ring_bytes) = (self.vector, self.mode, self.ring_bytes);
        let c = mode.channels;
        // Raw bytes: the RGBA vector path reads four pixels per load.
        let raw = self.plain() && c == 4 && ht.is_some_and(|t| t.taps == t.stride);
        let Work { row, decoded, .. } = self;
        let mut widen = |y: usize, out: &mut [i16]| match ht {
            Some(t) if raw => conv::horizontal(vector, conv::Row::Bytes(src.row(y)), out, t, c),
            Some(t) => {
                alpha::decode_row(vector, src.row(y), decoded, mode);
                conv::horizontal(vector, conv::Row::Working(decoded), out, t, c);
            }
            None => alpha::decode_row(vector, src.row(y), out, mode),
        };
        let rows = (s.dst_y0..s.dst_y0 + s.dst_rows).zip(dst.chunks_exact_mut(s.out_w * s.channels));
        let Some(v) = vt else {
            for (y, out) in rows {
                widen(y, row);
                alpha::encode_row(vector, row, out, mode);
            }
            return Ok(());
        };
        let mut ring = Ring::new(v.taps, s.out_w * c, v.taps, ring_bytes)?;
        for (j, out) in rows {
            ring.vertical(vector, v.start[j] as usize, &v.coef[j * v.stride..(j + 1) * v.stride], &mut widen, row);
            alpha::encode_row(vector, row, out, mode);
        }
        Ok(())
    }
}

/// Whether running the vertical pass first costs less. A vertical tap costs
/// about 0.6 of a horizontal one (rows combine lane-wise; pixels need
/// regrouping). Decided on whole-image sizes, so every band agrees.
fn vertical_first(s: &Spec, h: &Table, v: &Table) -> bool {
    let (ih, ow, oh, iw) = (s.in_h as f64, s.out_w as f64, s.out_h as f64, s.in_w as f64);
    let (th, tv) = (h.taps as f64, v.taps as f64 * 0.6);
    oh * iw * tv + oh * ow * th < ih * ow * th + oh * ow * tv
}

/// The last `rows` rows (of `len`) a pass produced, for a window that only
/// moves down, and room for the offsets of a window of `taps` rows. Past
/// `limit` bytes it streams instead: `data` is one row, `acc` its sums.
struct Ring {
    data: Vec<i16>,
    acc: Vec<i32>,
    len: usize,
    taps: usize,
    next: usize,
    at: Vec<usize>,
}

impl Ring {
    fn new(rows: usize, len: usize, taps: usize, limit: usize) -> KernelResult<Self> {
        if rows.saturating_mul(len).saturating_mul(2) > limit {
            let (data, acc) = mem::try_filled_pair(len, 0, 0)?;
            return Ok(Ring { data, acc, len, taps, next: 0, at: Vec::new() });
        }
        let data = mem::try_filled(rows * len, 0)?;
        Ok(Ring { data, acc: Vec::new(), len, taps, next: 0, at: mem::try_vec(taps)? })
    }

    /// One output row of the vertical pass over rows `first..first + taps`
    /// with weights `w`, producing rows with `fill(y, row)`.
    fn vertical(&mut self, vector: bool, first: usize, w: &[i16], mut fill: impl FnMut(usize, &mut [i16]), dst: &mut [i16]) {
        if self.acc.is_empty() {
            return conv::vertical(vector, self.window(first, fill), w, dst);
        }
        self.acc.fill(0);
        for (y, &wk) in (first..).zip(&w[..self.taps]) {
            fill(y, &mut self.data);
            conv::accumulate(&self.data, wk, &mut self.acc);
        }
        conv::finish(&self.acc, dst);
    }

    /// Rows `first..first + taps`, producing the missing ones with `fill(y, row)`.
    fn window(&mut self, first: usize, mut fill: impl FnMut(usize, &mut [i16])) -> conv::Window<'_, i16> {
        let (n, len, taps) = (self.data.len() / self.len, self.len, self.taps);
        self.next = self.next.max(first);
        while self.next < first + taps {
            let y = self.next;
            fill(y, &mut self.data[(y % n) * len..(y % n + 1) * len]);
            self.next += 1;
        }
        // (Within the reservation: nothing reallocates.)
        self.at.clear();
        self.at.extend((first..first + taps).map(|y| (y % n) * len));
        conv::Window { data: &self.data, at: &self.at }
    }

    /// `offsets` as a window's list (of rows held elsewhere), in the room reserved for it.
    fn offsets(&mut self, offsets: impl Iterator<Item = usize>) -> &[usize] {
        self.at.clear();
        self.at.extend(offsets);
        &self.at
    }
}

/// Source pixel whose area contains each output pixel's centre.
fn nearest(in_len: usize, out_len: usize) -> KernelResult<Vec<usize>> {
    let scale = in_len as f64 / out_len as f64;
    mem::try_collect((0..out_len).map(|j| (((j as f64 + 0.5) * scale) as usize).min(in_len - 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(w: usize, h: usize, seed: usize) -> Vec<u8> {
        (0..w * h * 4).map(|i| ((i * 37 + seed * 11) % 251) as u8 | if i % 4 == 3 && seed.is_multiple_of(2) { 0xff } else { 0 }).collect()
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
    fn pass_order_follows_cost() {
        let order = |iw, ih, ow, oh| {
            let s = Spec::whole(Filter::Lanczos3, iw, ih, ow, oh);
            vertical_first(&s, &Table::new(s.filter, iw, ow).unwrap(), &Table::new(s.filter, ih, oh).unwrap())
        };
        assert!(order(3840, 2160, 1920, 1080));
        assert!(!order(1920, 1080, 3840, 2160));
        assert!(order(10, 40, 40, 10) && !order(40, 10, 10, 40));
    }

    #[test]
    fn bands_join_without_seams() {
        for seed in [1, 2] {
            for (iw, ih, ow, oh) in [(13, 40, 7, 17), (10, 40, 40, 10), (40, 10, 10, 40)] {
                bands_join(iw, ih, ow, oh, seed);
            }
        }
    }

    #[test]
    fn an_opaque_band_of_a_translucent_image_joins_too() {
        // Bands that happen to be opaque skip premultiplying; that must not change a bit.
        let (iw, ih) = (9, 40);
        let mut src = image(iw, ih, 2);
        for a in src[iw * 4 * 30..].iter_mut().skip(3).step_by(4) {
            *a = 90;
        }
        for (ow, oh) in [(4, 17), (20, 17)] {
            bands_join_image(&src, iw, ih, ow, oh);
        }
    }

    fn bands_join(iw: usize, ih: usize, ow: usize, oh: usize, seed: usize) {
        bands_join_image(&image(iw, ih, seed), iw, ih, ow, oh);
    }

    fn bands_join_image(src: &[u8], iw: usize, ih: usize, ow: usize, oh: usize) {
        for f in [Filter::Nearest, Filter::Bicubic, Filter::Lanczos3] {
            let whole = run(true, src, &Spec::whole(f, iw, ih, ow, oh));
            let vt = Table::new(f, ih, oh).unwrap();
            let mut joined = Vec::new();
            for (a, b) in [(0, 5), (5, 6), (6, oh)] {
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
        assert_eq!(resize_image(crate::simd::Path::Vector, &src, &mut out, &s), Err(KernelError::BadArgument));
        assert_eq!(resize_image(crate::simd::Path::Vector, &src, &mut out, &Spec::whole(Filter::Box, 0, 8, 4, 4)), Err(KernelError::BadArgument));
        assert_eq!(resize_image(crate::simd::Path::Vector, &src[..10], &mut out, &Spec::whole(Filter::Box, 4, 8, 4, 4)), Err(KernelError::BadBuffer));
    }

    #[test]
    fn tall_windows_stream_with_the_same_bits_in_bounded_memory() {
        // A ring for 16384² -> 1×1 would hold 16384 rows; streaming holds one and its sums.
        let ring = Ring::new(16384, 16384 * 4, 16384, RING_BYTES).unwrap();
        assert!(ring.data.len() * 2 + ring.acc.len() * 4 <= 6 * 16384 * 4);
        for f in [Filter::Box, Filter::Bilinear, Filter::Lanczos3] {
            for (iw, ih, ow, oh) in [(33, 17, 5, 7), (17, 40, 40, 3), (40, 10, 10, 40), (64, 64, 1, 1)] {
                for seed in 0..2 {
                    let src = image(iw, ih, seed);
                    for premultiply in [false, true] {
                        let s = Spec { premultiply, ..Spec::whole(f, iw, ih, ow, oh) };
                        let mut streamed = vec![0xa5; s.dst_len().unwrap()];
                        resize_within(true, &src, &mut streamed, &s, 0).unwrap();
                        assert_eq!(streamed, run(true, &src, &s), "{f:?} {iw}x{ih}->{ow}x{oh}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_huge_downscale_to_one_pixel_is_the_mean() {
        // 2048² -> 1×1 box: a 2048-row window of 32 kB rows streams.
        let (n, px) = (2048, [200u8, 100, 50, 128]);
        let src = px.repeat(n * n);
        for f in [Filter::Box, Filter::Lanczos3] {
            let mut out = [0u8; 4];
            resize_path(true, &src, &mut out, &Spec::whole(f, n, n, 1, 1)).unwrap();
            assert_eq!(out, px, "{f:?}");
        }
    }

    /// The channels of an RGBA pixel that a `c`-channel pixel keeps.
    fn pick(p: &[u8], c: usize) -> Vec<u8> {
        match c {
            1 => vec![p[0]],
            2 => vec![p[0], p[3]],
            _ => p[..c].to_vec(),
        }
    }

    /// `c`-channel pixels as RGBA: gray replicated, alpha 255 where there is none.
    fn as_rgba(px: &[u8], c: usize) -> Vec<u8> {
        px.chunks_exact(c)
            .flat_map(|p| match c {
                1 => [p[0], p[0], p[0], 255],
                2 => [p[0], p[0], p[0], p[1]],
                3 => [p[0], p[1], p[2], 255],
                _ => [p[0], p[1], p[2], p[3]],
            })
            .collect()
    }

    #[test]
    fn every_channel_count_matches_the_rgba_path_and_writes_every_byte() {
        let sides = [1, 2, 3, 7, 17, 33];
        for c in 1..=4 {
            for (k, f) in [Filter::Nearest, Filter::Box, Filter::Bilinear, Filter::Lanczos3].into_iter().enumerate() {
                for (n, (premultiply, linear)) in [(true, false), (false, false), (true, true), (false, true)].into_iter().enumerate() {
                    let (iw, ih) = (sides[(c + k + n) % 6], sides[(c + 2 * k + n + 1) % 6]);
                    for (ow, oh) in [(sides[(k + n) % 6], sides[(c + n + 3) % 6]), (ih, iw)] {
                        let rgba = image(iw, ih, c + n);
                        let src: Vec<u8> = rgba.chunks_exact(4).flat_map(|p| pick(p, c)).collect();
                        let s = Spec { premultiply, linear, channels: c, ..Spec::whole(f, iw, ih, ow, oh) };
                        let outs = [0u8, 0xff].map(|fill| {
                            [false, true].map(|vector| {
                                let mut out = vec![fill; s.dst_len().unwrap()];
                                resize_path(vector, &src, &mut out, &s).unwrap();
                                out
                            })
                        });
                        let want = run(true, &as_rgba(&src, c), &Spec { channels: 4, ..s });
                        let case = format!("{c} channels {f:?} {iw}x{ih}->{ow}x{oh} premultiply {premultiply} linear {linear}");
                        assert!(outs.iter().flatten().all(|o| o == &outs[0][0]), "{case}");
                        for (got, want) in outs[0][0].chunks_exact(c).zip(want.chunks_exact(4)) {
                            let want = pick(want, c);
                            assert!(got.iter().zip(&want).all(|(&g, &w)| g.abs_diff(w) <= 1), "{case}: {got:?} vs {want:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn box_upscales_by_whole_factors_replicate_pixels() {
        let (iw, ih) = (5, 3);
        for c in 1..=4 {
            let src: Vec<u8> = image(iw, ih, 1)[..iw * ih * c].to_vec();
            for (linear, premultiply) in [(false, false), (true, false), (false, true)] {
                let s = Spec { linear, premultiply, channels: c, ..Spec::whole(Filter::Box, iw, ih, 3 * iw, 2 * ih) };
                for vector in [false, true] {
                    let mut out = vec![0xa5; s.dst_len().unwrap()];
                    resize_path(vector, &src, &mut out, &s).unwrap();
                    for (i, px) in out.chunks_exact(c).enumerate() {
                        let (x, y) = (i % (3 * iw) / 3, i / (3 * iw) / 2);
                        assert_eq!(px, &src[(y * iw + x) * c..][..c], "{c} channels linear {linear}");
                    }
                }
            }
        }
    }

    #[test]
    fn same_size_is_a_copy() {
        let src = image(5, 3, 1);
        assert_eq!(run(true, &src, &Spec::whole(Filter::Lanczos3, 5, 3, 5, 3)), src);
    }
}
