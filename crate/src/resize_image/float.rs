//! Resizing RGBA images of u16 or f32 samples: the same filters, tables and
//! pass order as the u8 path, with f32 weights and an f32 working scale.
//!
//! u16 samples are read as `v / 65535` and written back rounded and clamped:
//! f32's 24-bit mantissa keeps a whole filtered sum within a few 1e-7 of
//! its exact value, far below half a 16-bit level. f32 samples are taken as
//! they are (no clamping, so values above 1 survive) unless premultiplied,
//! where alpha is coverage and is clamped to `0..=1`.
//!
//! Both passes sum a window's taps in order from zero, lane by lane, with a
//! separate multiply and add (wasm has no fused one), so the vector paths and
//! their scalar oracles agree bit for bit, and bands join without seams.
//! Whether to premultiply is the caller's decision for the whole image (no
//! opacity scan here): dividing by a filtered alpha of "almost 1" is not an
//! identity in floating point, so a band must not decide for itself.

use super::coeffs::Table;
use super::srgb::{from_linear, to_linear};
use super::{plan, vertical_first, Axes, Plan, Ring, Spec};
use crate::error::{KernelError, KernelResult};
use crate::mem;
use crate::simd::{F32x4, Path};

crate::codes! {
    /// The sample types `resizeImage` takes: the element type of `src` and `dst`.
    pub enum SampleFormat {
        Uint8 = 0,
        Uint16 = 1,
        Float32 = 2,
    }
}

impl SampleFormat {
    /// Bytes per sample.
    pub fn bytes(self) -> usize {
        match self {
            SampleFormat::Uint8 => 1,
            SampleFormat::Uint16 => 2,
            SampleFormat::Float32 => 4,
        }
    }

    /// Little-endian samples -> working scale (16-bit as `v / 65535`).
    fn widen(self, src: &[u8], dst: &mut [f32]) {
        match self {
            SampleFormat::Uint16 => dst.iter_mut().zip(src.chunks_exact(2)).for_each(|(d, b)| *d = u16::from_le_bytes([b[0], b[1]]) as f32 / 65535.0),
            _ => dst.iter_mut().zip(src.chunks_exact(4)).for_each(|(d, b)| *d = f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        }
    }

    /// Working scale -> little-endian samples (16-bit rounded and clamped; `as` maps NaN to 0).
    fn narrow(self, src: &[f32], dst: &mut [u8]) {
        match self {
            SampleFormat::Uint16 => {
                let each = |(&v, d): (&f32, &mut [u8])| d.copy_from_slice(&((v.clamp(0.0, 1.0) * 65535.0 + 0.5) as u16).to_le_bytes());
                src.iter().zip(dst.chunks_exact_mut(2)).for_each(each)
            }
            _ => src.iter().zip(dst.chunks_exact_mut(4)).for_each(|(&v, d)| d.copy_from_slice(&v.to_le_bytes())),
        }
    }
}

#[derive(Clone, Copy)]
pub struct Mode {
    pub premultiply: bool,
    pub linear: bool,
}

/// Resizes `src` (the little-endian samples of `s`'s source band, in
/// `format`: Uint16 or Float32) into `dst`. BadArgument for sizes out of
/// range, or a source band that misses rows the output band reads.
/// `s.premultiply` is applied as given. RGBA only (`s.channels` 4).
pub(super) fn resize_float(path: Path, src: &[u8], dst: &mut [u8], s: &Spec, format: SampleFormat, axes: &Axes, ring_bytes: usize) -> KernelResult {
    if s.channels != 4 {
        return Err(KernelError::BadArgument);
    }
    let px = 4 * format.bytes();
    let Some(Plan { src, dst, ht, vt, .. }) = plan(s, src, dst, format.bytes(), axes)? else {
        return Ok(());
    };
    let m = Mode { premultiply: s.premultiply, linear: s.linear };
    let row = s.out_w * px;
    let read = |y: usize, r: &mut [f32]| {
        format.widen(src.row(y), r);
        decode_row(r, m);
    };
    let mut write = |j: usize, r: &mut [f32]| {
        encode_row(r, m);
        format.narrow(r, &mut dst[(j - s.dst_y0) * row..(j - s.dst_y0 + 1) * row]);
    };
    passes(path.vector(), s, [ht, vt], ring_bytes, &read, &mut write)
}

/// The two passes over f32 rows, in the cheaper order (as the u8 path):
/// `read(y, row)` gives source row y, `write(j, row)` takes output row j.
fn passes(
    vector: bool, s: &Spec, [ht, vt]: [Option<&Table>; 2], ring_bytes: usize, read: &dyn Fn(usize, &mut [f32]), write: &mut dyn FnMut(usize, &mut [f32]),
) -> KernelResult {
    let (mut decoded, mut row) = (mem::try_filled(s.src_cols * 4, 0f32)?, mem::try_filled(s.out_w * 4, 0f32)?);
    let rows = s.dst_y0..s.dst_y0 + s.dst_rows;
    if let (Some(h), Some(v)) = (ht, vt) {
        if vertical_first(s, h, v) {
            let mut ring = Ring::new(v.taps, s.src_cols * 4, v.taps, ring_bytes)?;
            for j in rows {
                let (first, w) = weights(v, j);
                ring.vertical(vector, first, w, read, &mut decoded);
                horizontal(vector, &decoded, &mut row, h);
                write(j, &mut row);
            }
            return Ok(());
        }
    }
    let mut widen = |y: usize, out: &mut [f32]| match ht {
        Some(h) => {
            read(y, &mut decoded);
            horizontal(vector, &decoded, out, h);
        }
        None => read(y, out),
    };
    let Some(v) = vt else {
        for j in rows {
            widen(j, &mut row);
            write(j, &mut row);
        }
        return Ok(());
    };
    let mut ring = Ring::new(v.taps, s.out_w * 4, v.taps, ring_bytes)?;
    for j in rows {
        let (first, w) = weights(v, j);
        ring.vertical(vector, first, w, &mut widen, &mut row);
        write(j, &mut row);
    }
    Ok(())
}

/// Output `j`'s first source position and its weights.
fn weights(t: &Table, j: usize) -> (usize, &[f32]) {
    (t.start[j] as usize, &t.fcoef[j * t.stride..j * t.stride + t.taps])
}

/// A row of RGBA samples in place -> working scale: sRGB decoded if asked,
/// colour times alpha if premultiplying.
pub fn decode_row(row: &mut [f32], m: Mode) {
    if !m.premultiply && !m.linear {
        return;
    }
    for p in row.chunks_exact_mut(4) {
        let a = if m.premultiply { p[3] } else { 1.0 };
        for v in &mut p[..3] {
            *v = if m.linear { to_linear(*v as f64) as f32 } else { *v } * a;
        }
    }
}

/// A row of working-scale values in place -> samples' scale. Premultiplied
/// colour is divided by its alpha (clamped to `0..=1`; colour under alpha 0 is 0).
pub fn encode_row(row: &mut [f32], m: Mode) {
    if !m.premultiply && !m.linear {
        return;
    }
    for p in row.chunks_exact_mut(4) {
        let a = if m.premultiply { p[3].clamp(0.0, 1.0) } else { p[3] };
        for x in &mut p[..3] {
            let v = match m.premultiply {
                true if a > 0.0 => x.max(0.0) / a,
                true => 0.0,
                false => *x,
            };
            *x = if m.linear { from_linear(v as f64) as f32 } else { v };
        }
        p[3] = a;
    }
}

/// Resamples one row of RGBA pixels along x.
pub fn horizontal(vector: bool, src: &[f32], dst: &mut [f32], t: &Table) {
    let fits = t.start.iter().all(|&s| s as usize + t.taps <= t.in_len);
    assert!(src.len() >= t.in_len * 4 && dst.len() >= t.out_len * 4 && t.fcoef.len() >= t.out_len * t.stride && fits);
    for (j, out) in dst.chunks_exact_mut(4).take(t.out_len).enumerate() {
        let (first, w) = weights(t, j);
        // Whole pixels of the window: the loads below need no bounds checks.
        let taps = || w.iter().zip(src[first * 4..(first + t.taps) * 4].chunks_exact(4));
        if vector {
            taps().fold(F32x4::splat(0.0), |acc, (&wk, px)| acc.add(F32x4::splat(wk).mul(F32x4::load(px)))).store(out);
        } else {
            for (c, o) in out.iter_mut().enumerate() {
                *o = taps().fold(0.0, |acc, (&wk, px)| acc + wk * px[c]);
            }
        }
    }
}

/// One output row of the vertical pass: `rows` is the window's source rows
/// (each at least `dst.len()` values), `w` their weights.
pub fn vertical(vector: bool, rows: super::conv::Window<f32>, w: &[f32], dst: &mut [f32]) {
    let len = dst.len();
    assert!(w.len() >= rows.at.len() && rows.at.iter().all(|&a| a.checked_add(len).is_some_and(|end| end <= rows.data.len())));
    let taps = || rows.at.iter().zip(w);
    // Sixteen values per step: four independent sums keep the adds pipelined.
    let body = if vector { len - len % 16 } else { 0 };
    for i in (0..body).step_by(16) {
        let mut acc = [F32x4::splat(0.0); 4];
        for (&r, &wk) in taps() {
            let (x, wk) = (&rows.data[r + i..r + i + 16], F32x4::splat(wk));
            for (h, a) in acc.iter_mut().enumerate() {
                *a = a.add(wk.mul(F32x4::load(&x[4 * h..])));
            }
        }
        for (h, a) in acc.iter().enumerate() {
            a.store(&mut dst[i + 4 * h..]);
        }
    }
    for (i, d) in dst.iter_mut().enumerate().skip(body) {
        *d = taps().fold(0.0, |acc, (&r, &wk)| acc + wk * rows.data[r + i]);
    }
}

#[cfg(test)]
mod tests {
    use super::super::Filter;
    use super::*;
    use SampleFormat::{Float32, Uint16};

    /// Samples as f32 bytes, alpha opaque for even seeds.
    fn image(w: usize, h: usize, seed: usize) -> Vec<u8> {
        let v = (0..w * h * 4).map(|i| if i % 4 == 3 && seed.is_multiple_of(2) { 1.0 } else { ((i * 37 + seed * 11) % 251) as f32 / 250.0 });
        v.flat_map(f32::to_le_bytes).collect()
    }

    fn floats(b: &[u8]) -> Vec<f32> {
        let mut v = vec![0.0; b.len() / 4];
        Float32.widen(b, &mut v);
        v
    }

    /// `f32` bytes as 16-bit ones.
    fn as16(b: &[u8]) -> Vec<u8> {
        let mut out = vec![0; b.len() / 2];
        Uint16.narrow(&floats(b), &mut out);
        out
    }

    fn run(path: Path, src: &[u8], s: &Spec, format: SampleFormat) -> Vec<u8> {
        streamed(path, src, s, format, super::super::RING_BYTES)
    }

    /// `run` with rings of at most `ring_bytes` (0: every window streams).
    fn streamed(path: Path, src: &[u8], s: &Spec, format: SampleFormat, ring_bytes: usize) -> Vec<u8> {
        // NaN for f32 (0 for u16): an unwritten sample shows.
        let mut out = vec![0; s.dst_len().unwrap() * format.bytes()];
        format.narrow(&vec![f32::NAN; out.len()], &mut out);
        resize_float(path, src, &mut out, s, format, &Axes::new(s, format).unwrap(), ring_bytes).unwrap();
        out
    }

    #[test]
    fn tall_windows_stream_with_the_same_bits() {
        // Both pass orders (a tall source goes vertical first), both formats.
        for f in [Filter::Box, Filter::Bilinear, Filter::Lanczos3] {
            for (iw, ih, ow, oh) in [(33, 17, 5, 7), (17, 40, 40, 3), (40, 10, 10, 40), (64, 64, 1, 1)] {
                let s = Spec { premultiply: true, ..Spec::whole(f, iw, ih, ow, oh) };
                let src = image(iw, ih, 1);
                for (src, format) in [(src.clone(), Float32), (as16(&src), Uint16)] {
                    assert_eq!(streamed(Path::Vector, &src, &s, format, 0), run(Path::Vector, &src, &s, format), "{f:?} {iw}x{ih}->{ow}x{oh}");
                }
            }
        }
        // A 16384² -> 1×1 window would be a 4 GiB ring; streamed, it is one row and its sums.
        let ring = super::super::Ring::<f32>::new(16384, 16384 * 4, 16384, super::super::RING_BYTES).unwrap();
        let (rows, sums) = ring.held();
        assert!(rows + sums <= 2 * 16384 * 4);
        // 1100² -> 1×1 box (a 19 MB window, past the ring's 16 MiB) is the mean.
        let px = [0.25f32, 0.5, 0.125, 1.0];
        let src: Vec<u8> = px.repeat(1100 * 1100).into_iter().flat_map(f32::to_le_bytes).collect();
        let mean = floats(&run(Path::Vector, &src, &Spec { premultiply: false, ..Spec::whole(Filter::Box, 1100, 1100, 1, 1) }, Float32));
        assert!(mean.iter().zip(px).all(|(a, b)| (a - b).abs() < 1e-5), "{mean:?}");
    }

    const SIZES: [usize; 8] = [1, 2, 3, 5, 7, 9, 17, 33];

    #[test]
    fn vector_and_scalar_agree_bit_for_bit() {
        for f in [Filter::Nearest, Filter::Box, Filter::Bilinear, Filter::Mitchell, Filter::Lanczos3] {
            for (k, (&iw, &ow)) in SIZES.iter().zip(SIZES.iter().rev()).enumerate() {
                let (ih, oh) = (SIZES[(k + 3) % 8], SIZES[(k + 5) % 8]);
                for (premultiply, linear) in [(false, false), (true, false), (true, true)] {
                    let src = image(iw, ih, k);
                    let s = Spec { premultiply, linear, ..Spec::whole(f, iw, ih, ow, oh) };
                    let (a, b) = (run(Path::Scalar, &src, &s, Float32), run(Path::Vector, &src, &s, Float32));
                    assert!(floats(&a).iter().all(|v| !v.is_nan()), "{f:?} {iw}x{ih}->{ow}x{oh}: unwritten samples");
                    assert_eq!(a, b, "{f:?} {iw}x{ih}->{ow}x{oh}");
                    let src16 = as16(&src);
                    assert_eq!(run(Path::Scalar, &src16, &s, Uint16), run(Path::Vector, &src16, &s, Uint16));
                }
            }
        }
    }

    #[test]
    fn vertical_agrees_on_every_tail() {
        for len in [4, 8, 12, 16, 20, 36, 68] {
            let data = floats(&image(len, 5, len));
            let at: Vec<usize> = (0..5).map(|r| r * len * 4).collect();
            let w = [0.3, -0.1, 0.5, 0.2, 0.1];
            let (mut a, mut b) = (vec![f32::NAN; len * 4], vec![f32::NAN; len * 4]);
            vertical(false, super::super::conv::Window { data: &data, at: &at }, &w, &mut a);
            vertical(true, super::super::conv::Window { data: &data, at: &at }, &w, &mut b);
            assert_eq!(a.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), b.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn bands_join_bit_for_bit() {
        let (iw, ih, ow, oh) = (9, 40, 5, 17);
        let mut src = floats(&image(iw, ih, 1));
        src[iw * 4 * 30..].iter_mut().skip(3).step_by(4).for_each(|a| *a = 1.0);
        let src: Vec<u8> = src.into_iter().flat_map(f32::to_le_bytes).collect();
        for f in [Filter::Nearest, Filter::Bicubic, Filter::Lanczos3] {
            let whole = Spec::whole(f, iw, ih, ow, oh);
            let all = run(Path::Vector, &src, &whole, Float32);
            let vt = Table::float(f, ih, oh, (0.0, ih as f64)).unwrap();
            let mut joined = Vec::new();
            for (a, b) in [(0, 5), (5, 6), (6, oh)] {
                let (lo, hi) = if f == Filter::Nearest { (0, ih) } else { vt.span(a, b) };
                let band = Spec { src_y0: lo, src_rows: hi - lo, dst_y0: a, dst_rows: b - a, ..whole };
                joined.extend(run(Path::Vector, &src[lo * iw * 16..hi * iw * 16], &band, Float32));
            }
            assert_eq!(joined, all, "{f:?}");
        }
    }

    #[test]
    fn flat_images_stay_flat_and_u16_round_trips() {
        let px = [0.25f32, 0.5, 0.75, 0.5];
        let src: Vec<u8> = px.repeat(7 * 5).into_iter().flat_map(f32::to_le_bytes).collect();
        let out = floats(&run(Path::Vector, &src, &Spec::whole(Filter::Lanczos3, 7, 5, 3, 11), Float32));
        assert!(out.iter().zip(px.iter().cycle()).all(|(a, b)| (a - b).abs() < 1e-6));
        let src16: Vec<u8> = (0..6 * 4).flat_map(|i| ((i * 2851) as u16).to_le_bytes()).collect();
        for m in [Mode { premultiply: false, linear: false }, Mode { premultiply: false, linear: true }] {
            let mut w = vec![0.0; src16.len() / 2];
            let mut back = vec![0u8; src16.len()];
            Uint16.widen(&src16, &mut w);
            decode_row(&mut w, m);
            encode_row(&mut w, m);
            Uint16.narrow(&w, &mut back);
            assert_eq!(back, src16);
        }
    }
}
