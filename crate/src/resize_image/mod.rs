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
//! rows (`src_y0..`) and columns (`src_x0..`): tables are built for the whole
//! image, so bands computed separately (by workers) join without seams, bit
//! for bit. A `window` resamples a source rectangle (a crop) in place.

pub mod alpha;
pub mod coeffs;
pub mod conv;
pub mod export;
pub mod filters;
pub mod float;
pub mod horizontal;
mod ring;
pub mod sharpen;
pub mod srgb;

use crate::error::{KernelError, KernelResult};
use crate::mem;
use crate::simd::Path;
use coeffs::Table;
pub use filters::Filter;
use float::SampleFormat;
use horizontal::{horizontal, Row};
use ring::Ring;

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
    /// The source rectangle resampled, `[left, top, width, height]` in
    /// source pixels (a crop, fractional allowed); the whole image by default.
    pub window: [f64; 4],
    /// Columns of the source image held in `src`: `src_x0 .. src_x0 + src_cols`
    /// (rows of `src` are `src_cols` pixels long).
    pub src_x0: usize,
    pub src_cols: usize,
    /// Samples per pixel, 1 to 4; the last is alpha when there are 2 or 4.
    pub channels: usize,
}

impl Spec {
    /// A whole-image RGBA resize.
    pub fn whole(filter: Filter, in_w: usize, in_h: usize, out_w: usize, out_h: usize) -> Self {
        let window = [0.0, 0.0, in_w as f64, in_h as f64];
        let (src_rows, dst_rows, src_cols) = (in_h, out_h, in_w);
        Spec {
            filter,
            premultiply: true,
            linear: false,
            in_w,
            in_h,
            out_w,
            out_h,
            src_y0: 0,
            src_rows,
            dst_y0: 0,
            dst_rows,
            window,
            src_x0: 0,
            src_cols,
            channels: 4,
        }
    }
    pub fn src_len(&self) -> Option<usize> {
        self.src_cols.checked_mul(self.src_rows)?.checked_mul(self.channels)
    }
    pub fn dst_len(&self) -> Option<usize> {
        self.out_w.checked_mul(self.dst_rows)?.checked_mul(self.channels)
    }
    fn valid(&self) -> bool {
        let sizes = [self.in_w, self.in_h, self.out_w, self.out_h, self.src_rows, self.dst_rows, self.src_cols];
        let [x, y, w, h] = self.window;
        let inside = |at: f64, len: f64, whole: usize| at >= 0.0 && len > 0.0 && at + len <= whole as f64;
        sizes.iter().all(|&v| v > 0 && v < 1 << 28)
            && (1..=4).contains(&self.channels)
            && self.src_y0 + self.src_rows <= self.in_h
            && self.dst_y0 + self.dst_rows <= self.out_h
            && self.src_x0 + self.src_cols <= self.in_w
            && inside(x, w, self.in_w)
            && inside(y, h, self.in_h)
    }

    /// The window's span on the horizontal or the vertical axis, and whether
    /// that axis needs resampling (its window is not the whole axis at the same length).
    fn axis(&self, vertical: bool) -> ((f64, f64), usize, usize, bool) {
        let [x, y, w, h] = self.window;
        let ((at, len), in_len, out_len) = if vertical { ((y, h), self.in_h, self.out_h) } else { ((x, w), self.in_w, self.out_w) };
        ((at, len), in_len, out_len, at != 0.0 || len != in_len as f64 || in_len != out_len)
    }
}

/// A table per axis that changes length (none for nearest): they depend
/// on the whole request only, so a call makes them once and every band of
/// it shares them (built per band, lanczos3's alone cost 2 ms a band at 4K).
pub struct Axes {
    ht: Option<Table>,
    vt: Option<Table>,
}

impl Axes {
    /// `s`'s tables for samples of `format`; BadArgument for sizes out of range.
    pub fn new(s: &Spec, format: SampleFormat) -> KernelResult<Self> {
        if !s.valid() {
            return Err(KernelError::BadArgument);
        }
        if s.filter == Filter::Nearest {
            return Ok(Axes { ht: None, vt: None });
        }
        let make = if format == SampleFormat::Uint8 { Table::window } else { Table::float };
        let table = |vertical| match s.axis(vertical) {
            (span, in_len, out_len, true) => make(s.filter, in_len, out_len, span).map(Some),
            _ => Ok(None),
        };
        let (vt, ht) = (table(true)?, table(false)?);
        // Horizontal windows move into the source band's columns; without a
        // horizontal pass, output columns are source columns: the band is every one.
        let ht = match ht {
            Some(t) => Some(t.within(s.src_x0, s.src_cols).ok_or(KernelError::BadArgument)?),
            None if s.src_cols != s.in_w => return Err(KernelError::BadArgument),
            None => None,
        };
        Ok(Axes { ht, vt })
    }

    /// Taps per output sample of both passes (1 for a pass left out): the work threads weigh.
    pub fn taps(&self) -> usize {
        [&self.ht, &self.vt].iter().map(|t| t.as_ref().map_or(1, |t| t.taps)).sum()
    }
}

/// Resizes `src` (the samples of `s`'s source band, in `format`) into
/// `dst` with `axes`, made for `s` or for a request differing from it only
/// in its output band. BadArgument for sizes out of range, or a source
/// band that misses rows the output band reads.
pub fn resize(path: Path, src: &[u8], dst: &mut [u8], s: &Spec, format: SampleFormat, axes: &Axes) -> KernelResult {
    match format {
        SampleFormat::Uint8 => resize_within(path.vector(), src, dst, s, axes, RING_BYTES),
        _ => float::resize_float(path, src, dst, s, format, axes, RING_BYTES),
    }
}

/// The most a ring of rows may take; taller windows stream (bit for bit the same sums).
const RING_BYTES: usize = 16 << 20;

fn resize_within(vector: bool, src: &[u8], dst: &mut [u8], s: &Spec, axes: &Axes, ring_bytes: usize) -> KernelResult {
    let Some(Plan { src, dst, read, ht, vt }) = plan(s, src, dst, 1, axes)? else {
        return Ok(());
    };
    let c = s.channels;
    // Passes that only copy pixels copy bytes: the exact result, which the
    // passes give too except for premultiplied alpha's rounding.
    let copies = |t: Option<&Table>, len| t.map_or_else(|| mem::try_collect(0..len).map(Some), Table::copies);
    if let (Some(xs), Some(ys)) = (copies(ht, s.src_cols)?, copies(vt, s.in_h)?) {
        return copy_pixels(s, src, dst, &xs, &ys, c);
    }
    let premultiply = s.premultiply && c.is_multiple_of(2) && !alpha::opaque(read, c);
    let mode = alpha::Mode { premultiply, linear: s.linear, channels: c };
    // A strip of output rows and of source rows (with room for the horizontal pass's reads past the last).
    let (row, decoded) = (mem::try_filled(STRIP * s.out_w * c, 0i16)?, mem::try_filled(STRIP * src.row + 8, 0i16)?);
    let mut work = Work { vector, mode, ring_bytes, row, decoded };
    match (ht, vt) {
        (Some(h), Some(v)) if vertical_first(s, h, v) => work.vertical_first(s, src, dst, h, v),
        _ => work.horizontal_first(s, src, dst, ht, vt),
    }
}

/// Rows the horizontal pass takes at once (its RGBA kernel's four).
const STRIP: usize = 4;

/// A filtered resize, checked: the source band, the output rows, the source
/// rows the output reads, and a table per axis that changes length.
struct Plan<'a> {
    src: Band<'a>,
    dst: &'a mut [u8],
    read: &'a [u8],
    ht: Option<&'a Table>,
    vt: Option<&'a Table>,
}

/// Checks `s` against the blocks, of samples of `bytes` bytes; resizes what
/// needs no filtering (nearest, same size) and returns None.
fn plan<'a>(s: &Spec, src: &'a [u8], dst: &'a mut [u8], bytes: usize, axes: &'a Axes) -> KernelResult<Option<Plan<'a>>> {
    let len = |n: Option<usize>| n.and_then(|n| n.checked_mul(bytes));
    let (Some(src_len), Some(dst_len)) = (len(s.src_len()), len(s.dst_len())) else {
        return Err(KernelError::BadArgument);
    };
    if !s.valid() {
        return Err(KernelError::BadArgument);
    }
    if src.len() < src_len || dst.len() < dst_len {
        return Err(KernelError::BadBuffer);
    }
    let px = s.channels * bytes;
    let (src, dst) = (Band { bytes: &src[..src_len], y0: s.src_y0, row: s.src_cols * px }, &mut dst[..dst_len]);
    if s.filter == Filter::Nearest {
        return resize_nearest(s, src, dst, px).map(|_| None);
    }
    let (ht, vt) = (axes.ht.as_ref(), axes.vt.as_ref());
    let fits = |t: Option<&Table>, in_len, out_len| t.map_or(in_len == out_len, |t| t.in_len == in_len && t.out_len == out_len);
    if !fits(ht, s.src_cols, s.out_w) || !fits(vt, s.in_h, s.out_h) {
        return Err(KernelError::BadArgument);
    }
    // The source rows the output band reads must be in the source band.
    let (lo, hi) = vt.map_or((s.dst_y0, s.dst_y0 + s.dst_rows), |t| t.span(s.dst_y0, s.dst_y0 + s.dst_rows));
    if lo < s.src_y0 || hi > s.src_y0 + s.src_rows {
        return Err(KernelError::BadArgument);
    }
    let read = &src.bytes[src.at(lo)..src.at(hi)];
    if vt.is_none() && ht.is_none() {
        dst.copy_from_slice(read);
        return Ok(None);
    }
    Ok(Some(Plan { src, dst, read, ht, vt }))
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
        self.rows(y, self.row)
    }

    /// `len` bytes from the start of image row `y`.
    fn rows(&self, y: usize, len: usize) -> &'a [u8] {
        &self.bytes[self.at(y)..self.at(y) + len]
    }
}

/// Each output pixel (of `px` bytes) copies the source pixel whose area contains its centre.
fn resize_nearest(s: &Spec, src: Band, dst: &mut [u8], px: usize) -> KernelResult {
    let cols = s.src_x0..s.src_x0 + s.src_cols;
    let xs = nearest(s.axis(false))?;
    if !xs.iter().all(|x| cols.contains(x)) {
        return Err(KernelError::BadArgument);
    }
    let xs = mem::try_collect(xs.iter().map(|x| x - s.src_x0))?;
    copy_pixels(s, src, dst, &xs, &nearest(s.axis(true))?, px)
}

/// Output pixel (x, y) is pixel `xs[x]` of the band's row `ys[y]` (pixels of `px` bytes).
fn copy_pixels(s: &Spec, src: Band, dst: &mut [u8], xs: &[usize], ys: &[usize], px: usize) -> KernelResult {
    let rows = s.dst_y0..s.dst_y0 + s.dst_rows;
    if !ys[rows.clone()].iter().all(|y| (s.src_y0..s.src_y0 + s.src_rows).contains(y)) || !xs.iter().all(|&x| x < s.src_cols) {
        return Err(KernelError::BadArgument);
    }
    let row = s.out_w * px;
    for (k, y) in rows.enumerate() {
        if k > 0 && ys[y] == ys[y - 1] {
            // The same source row again: copy the output row just made.
            dst.copy_within((k - 1) * row..k * row, k * row);
            continue;
        }
        let (from, out) = (src.row(ys[y]), &mut dst[k * row..(k + 1) * row]);
        match px {
            1 => gather::<1>(from, xs, out),
            2 => gather::<2>(from, xs, out),
            3 => gather::<3>(from, xs, out),
            4 => gather::<4>(from, xs, out),
            8 => gather::<8>(from, xs, out),
            _ => gather::<16>(from, xs, out),
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

/// The two filtered pass orders, with their buffers: `row` for a strip of
/// output rows in the working scale, `decoded` for a strip of source-width rows.
struct Work {
    vector: bool,
    mode: alpha::Mode,
    ring_bytes: usize,
    row: Vec<i16>,
    decoded: Vec<i16>,
}

impl Work {
    /// Vertical pass over source rows (straight from bytes when they need
    /// no decoding, so without a ring) into a strip of rows, then the
    /// horizontal pass over the strip.
    fn vertical_first(&mut self, s: &Spec, src: Band, dst: &mut [u8], h: &Table, v: &Table) -> KernelResult {
        let (vector, mode, plain, in_row) = (self.vector, self.mode, self.mode.plain(), src.row);
        let out_row = s.out_w * s.channels;
        let mut ring = Ring::new(if plain { 0 } else { v.taps }, in_row, v.taps, self.ring_bytes)?;
        let Work { row, decoded, .. } = self;
        for (k, out) in dst.chunks_mut(STRIP * out_row).enumerate() {
            let n = out.len() / out_row;
            for (r, d) in decoded.chunks_exact_mut(in_row).take(n).enumerate() {
                let j = s.dst_y0 + STRIP * k + r;
                let (first, w) = (v.start[j] as usize, &v.coef[j * v.stride..(j + 1) * v.stride]);
                if plain {
                    let at = ring.offsets((first..first + v.taps).map(|y| src.at(y)));
                    conv::vertical(vector, conv::Window { data: src.bytes, at }, w, d);
                } else {
                    ring.vertical(vector, first, w, |y, r| alpha::decode_row(vector, src.rows(y, r.len()), r, mode), d);
                }
            }
            horizontal_last(vector, mode, Row::Working(decoded), in_row, n, h, row, out);
        }
        Ok(())
    }

    /// Source rows -> working scale -> horizontal pass (if any), a strip at
    /// a time, then the vertical pass (if any) over a ring of those rows.
    fn horizontal_first(&mut self, s: &Spec, src: Band, dst: &mut [u8], ht: Option<&Table>, vt: Option<&Table>) -> KernelResult {
        let (vector, mode, ring_bytes, plain) = (self.vector, self.mode, self.ring_bytes, self.mode.plain());
        let (c, out_row) = (mode.channels, s.out_w * mode.channels);
        // Raw bytes: the RGBA vector path reads four pixels per load.
        let raw = plain && c == 4 && ht.is_some_and(|t| t.taps == t.stride);
        let Work { row, decoded, .. } = self;
        let v = match (ht, vt) {
            (_, Some(v)) => v,
            (Some(h), None) => {
                for (k, out) in dst.chunks_mut(STRIP * out_row).enumerate() {
                    let n = out.len() / out_row;
                    let rows = strip(vector, mode, raw, src.rows(s.dst_y0 + STRIP * k, n * src.row), decoded);
                    horizontal_last(vector, mode, rows, src.row, n, h, row, out);
                }
                return Ok(());
            }
            (None, None) => return Err(KernelError::BadArgument),
        };
        // Rows y.. (a strip, or with a streaming ring one row) into the working scale.
        let mut widen = |y: usize, out: &mut [i16]| {
            let n = out.len() / out_row;
            let bytes = src.rows(y, n * src.row);
            match ht {
                Some(t) => horizontal(vector, strip(vector, mode, raw, bytes, decoded), src.row, n, out, t, c),
                None => alpha::decode_row(vector, bytes, out, mode),
            }
        };
        let mut ring = Ring::new((v.taps + STRIP - 1).next_multiple_of(STRIP), out_row, v.taps, ring_bytes)?.in_strips(STRIP, s.src_y0 + s.src_rows);
        for (j, out) in (s.dst_y0..s.dst_y0 + s.dst_rows).zip(dst.chunks_exact_mut(out_row)) {
            let (first, w) = (v.start[j] as usize, &v.coef[j * v.stride..(j + 1) * v.stride]);
            if plain && !ring.streams() {
                // Straight to levels: nothing to encode.
                conv::vertical(vector, ring.window(first, &mut widen), w, out);
            } else {
                ring.vertical(vector, first, w, &mut widen, &mut row[..out_row]);
                alpha::encode_row(vector, &row[..out_row], out, mode);
            }
        }
        Ok(())
    }
}

/// Source rows (`bytes`, whole rows) for the horizontal pass: as they are
/// when `raw`, else decoded into `decoded`.
fn strip<'a>(vector: bool, mode: alpha::Mode, raw: bool, bytes: &'a [u8], decoded: &'a mut [i16]) -> Row<'a> {
    if raw {
        return Row::Bytes(bytes);
    }
    alpha::decode_row(vector, bytes, decoded, mode);
    Row::Working(decoded)
}

/// The horizontal pass as the last one: `n` rows of `src`, `pitch` apart,
/// into the output rows `out`, straight to 8-bit levels where they need no
/// encoding, else through `row` and `encode_row`.
#[allow(clippy::too_many_arguments)]
fn horizontal_last(vector: bool, mode: alpha::Mode, src: Row, pitch: usize, n: usize, h: &Table, row: &mut [i16], out: &mut [u8]) {
    if mode.plain() {
        return horizontal(vector, src, pitch, n, out, h, mode.channels);
    }
    let row = &mut row[..out.len()];
    horizontal(vector, src, pitch, n, row, h, mode.channels);
    alpha::encode_row(vector, row, out, mode);
}

/// Whether running the vertical pass first costs less. A vertical tap costs
/// about 0.6 of a horizontal one (rows combine lane-wise; pixels need
/// regrouping). Decided on whole-image sizes, so every band agrees.
fn vertical_first(s: &Spec, h: &Table, v: &Table) -> bool {
    let (ih, ow, oh, iw) = (s.in_h as f64, s.out_w as f64, s.out_h as f64, s.in_w as f64);
    let (th, tv) = (h.taps as f64, v.taps as f64 * 0.6);
    oh * iw * tv + oh * ow * th < ih * ow * th + oh * ow * tv
}

/// Source pixel whose area contains each output pixel's centre.
fn nearest(((at, len), in_len, out_len, _): ((f64, f64), usize, usize, bool)) -> KernelResult<Vec<usize>> {
    let scale = len / out_len as f64;
    mem::try_collect((0..out_len).map(|j| ((at + (j as f64 + 0.5) * scale) as usize).min(in_len - 1)))
}

#[cfg(test)]
mod tests;
