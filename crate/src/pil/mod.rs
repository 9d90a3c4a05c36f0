//! `PIL.Image.resize` (Pillow 13), byte for byte: Image.py's steps
//! (premultiplying LA and RGBA, `reducing_gap`'s `reduce`, the box) with
//! the C library's arithmetic (Resample.c's 22-bit passes and pass order,
//! Geometry.c's nearest, Reduce.c's means, Convert.c's alpha rounding).
//! TypeScript does Image.py's own float64 arithmetic (the reduce factors
//! and boxes) and hands over the box as the float32s C sees.

pub mod coeffs;
pub mod export;
pub mod float;
pub mod reduce;

use crate::error::{KernelError, KernelResult};
use crate::interpolate::uint8::{Passes, Plane};
use crate::mem;
use crate::simd::Path;
use crate::threads;
use coeffs::{Axis, Resample};

/// One call: `plane.in_*` is the source's size, `plane.out_*` the result's.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub resample: Resample,
    pub plane: Plane,
    /// The source region `[x0, y0, x1, y1]` of the final resize, in the
    /// reduced image's coordinates when `reduce` is set.
    pub bx: [f32; 4],
    /// `reduce` first: the factors `[fx, fy]` and the box `[x0, y0, w, h]` it reads.
    pub reduce: Option<([usize; 2], [usize; 4])>,
    /// Premultiply alpha around the resize (LA and RGBA, `convert('RGBa')`).
    pub premultiply: bool,
    /// Pillow 12's pass order (horizontal first always) instead of 13's.
    pub pillow12: bool,
}

/// What the pipeline needs of a pixel value type: u8 (modes L, LA, RGB,
/// RGBA) or f32 (mode F).
pub trait Pixel: Copy + Default + Send + Sync {
    type Sum: Copy + Default + Send;
    /// What `mean` needs of a block's size, made once per size: Pillow's
    /// divisions happen per block size, not per value.
    type Scale: Copy;
    fn add(s: &mut Self::Sum, v: Self);
    fn join(a: Self::Sum, b: Self::Sum) -> Self::Sum;
    fn scale(n: usize) -> Self::Scale;
    /// The block mean that `reduce` stores, of a block of `scale(n)`'s `n` values.
    fn mean(s: Self::Sum, scale: Self::Scale) -> Self;
    /// The values' bytes (crops and nearest move whole pixels).
    fn bytes(v: &[Self]) -> &[u8];
    fn bytes_mut(v: &mut [Self]) -> &mut [u8];
    /// The separable passes of `Resample.c` (an axis without weights is not resampled).
    fn passes(vector: bool, src: &[Self], dst: &mut [Self], plane: Plane, vt: Option<&Axis>, ht: Option<&Axis>, vertical_first: bool) -> KernelResult;
}

impl Pixel for u8 {
    type Sum = u32;
    type Scale = (u32, u32);
    fn add(s: &mut u32, v: u8) {
        *s += v as u32;
    }
    fn join(a: u32, b: u32) -> u32 {
        a + b
    }
    fn bytes(v: &[u8]) -> &[u8] {
        v
    }
    fn bytes_mut(v: &mut [u8]) -> &mut [u8] {
        v
    }
    fn scale(n: usize) -> (u32, u32) {
        // `division_UINT32`: 2^32 / (256 n) in float32, truncated; and half of n to round.
        ((4_294_967_296f32 / ((256 * n) as u32) as f32) as u32, n as u32 / 2)
    }
    fn mean(s: u32, (multiplier, half): (u32, u32)) -> u8 {
        ((s + half).wrapping_mul(multiplier) >> 24) as u8
    }
    fn passes(vector: bool, src: &[u8], dst: &mut [u8], plane: Plane, vt: Option<&Axis>, ht: Option<&Axis>, vertical_first: bool) -> KernelResult {
        let (vw, hw) = (vt.map(Axis::weights).transpose()?, ht.map(Axis::weights).transpose()?);
        Passes::split(vector, src, dst, 1, plane, &|| Passes::new(plane, vw.as_ref(), hw.as_ref(), vertical_first))
    }
}

impl Pixel for f32 {
    type Sum = f64;
    type Scale = f64;
    fn add(s: &mut f64, v: f32) {
        *s += v as f64;
    }
    fn join(a: f64, b: f64) -> f64 {
        a + b
    }
    fn bytes(v: &[f32]) -> &[u8] {
        // SAFETY: f32 has no padding and u8 no alignment or invalid values; same memory, same lifetime.
        unsafe { core::slice::from_raw_parts(v.as_ptr() as *const u8, core::mem::size_of_val(v)) }
    }
    fn bytes_mut(v: &mut [f32]) -> &mut [u8] {
        // SAFETY: as `bytes`, and any bytes written are some f32 (a copied pixel, or zero).
        unsafe { core::slice::from_raw_parts_mut(v.as_mut_ptr() as *mut u8, core::mem::size_of_val(v)) }
    }
    fn scale(n: usize) -> f64 {
        1.0 / n as f64
    }
    fn mean(s: f64, scale: f64) -> f32 {
        (s * scale) as f32
    }
    fn passes(_: bool, src: &[f32], dst: &mut [f32], plane: Plane, vt: Option<&Axis>, ht: Option<&Axis>, vertical_first: bool) -> KernelResult {
        float::passes(src, dst, plane, vt, ht, vertical_first)
    }
}

/// Checks what could read or write outside the blocks: sizes, channels, the reduce box.
fn check(s: &Spec, src_len: usize, dst_len: usize) -> KernelResult {
    let p = s.plane;
    let sizes = [p.in_w, p.in_h, p.out_w, p.out_h];
    let in_len = p.in_w.checked_mul(p.in_h).and_then(|n| n.checked_mul(p.c));
    let out_len = p.out_w.checked_mul(p.out_h).and_then(|n| n.checked_mul(p.c));
    let reduce_ok = s.reduce.is_none_or(|([fx, fy], [x0, y0, w, h])| fx > 0 && fy > 0 && w > 0 && h > 0 && x0 + w <= p.in_w && y0 + h <= p.in_h);
    if !(sizes.iter().all(|&v| v > 0 && v < 1 << 28) && (1..=4).contains(&p.c) && reduce_ok) {
        return Err(KernelError::BadArgument);
    }
    if in_len.is_none_or(|n| n > src_len) || out_len.is_none_or(|n| n > dst_len) {
        return Err(KernelError::BadBuffer);
    }
    Ok(())
}

/// `Image.resize` on u8 pixels of `plane.c` channels (alpha last).
pub fn resize(path: Path, src: &[u8], dst: &mut [u8], s: &Spec) -> KernelResult {
    check(s, src.len(), dst.len())?;
    let c = s.plane.c;
    if !s.premultiply {
        return pipeline(path.vector(), src, dst, s);
    }
    let mut premultiplied = mem::try_collect(src[..s.plane.in_w * s.plane.in_h * c].iter().copied())?;
    let out = s.plane.out_w * s.plane.out_h * c;
    // (Fixed pixel sizes, so each pixel's loop unrolls.)
    match c {
        2 => alpha::<2>(&mut premultiplied, premultiply),
        _ => alpha::<4>(&mut premultiplied, premultiply),
    }
    pipeline(path.vector(), &premultiplied, dst, s)?;
    let inverse = inverses();
    match c {
        2 => alpha::<2>(&mut dst[..out], |px| unpremultiply(px, &inverse)),
        _ => alpha::<4>(&mut dst[..out], |px| unpremultiply(px, &inverse)),
    }
    Ok(())
}

/// `f` on each pixel of `N` channels.
fn alpha<const N: usize>(data: &mut [u8], f: impl Fn(&mut [u8; N])) {
    for px in data.chunks_exact_mut(N) {
        f(px.try_into().expect("chunks of N"));
    }
}

/// `Image.resize` on mode F.
pub fn resize_f32(src: &[f32], dst: &mut [f32], s: &Spec) -> KernelResult {
    check(s, src.len(), dst.len())?;
    pipeline(false, src, dst, s)
}

/// `reduce` (if asked), then the C resize.
fn pipeline<T: Pixel>(vector: bool, src: &[T], dst: &mut [T], s: &Spec) -> KernelResult {
    let Some((factor, bx)) = s.reduce else {
        return resize_core(vector, src, dst, s.plane, s);
    };
    let small = reduce::reduce(src, s.plane, factor, bx)?;
    let (w, h) = (reduce::reduced(bx[2], factor[0]), reduce::reduced(bx[3], factor[1]));
    resize_core(vector, &small, dst, Plane { in_w: w, in_h: h, ..s.plane }, s)
}

/// `_resize` in _imaging.c: a crop when the box is whole pixels of the
/// output's size, Geometry.c's nearest, or Resample.c.
fn resize_core<T: Pixel>(vector: bool, src: &[T], dst: &mut [T], p: Plane, s: &Spec) -> KernelResult {
    let [x0, y0, x1, y1] = s.bx;
    let dst = &mut dst[..p.out_w * p.out_h * p.c];
    let crop = x0.fract() == 0.0 && y0.fract() == 0.0 && x1 - x0 == p.out_w as f32 && y1 - y0 == p.out_h as f32;
    if crop || s.resample == Resample::Nearest {
        // Whole pixels move: as bytes, for every value type.
        let bytes = Plane { c: p.c * core::mem::size_of::<T>(), ..p };
        return copy_pixels(T::bytes(src), T::bytes_mut(dst), bytes, s.bx, crop);
    }
    let need_h = p.out_w != p.in_w || x0 != 0.0 || x1 != p.out_w as f32;
    let need_v = p.out_h != p.in_h || y0 != 0.0 || y1 != p.out_h as f32;
    let ht = need_h.then(|| Axis::new(s.resample, p.in_w, x0, x1, p.out_w)).transpose()?;
    let vt = need_v.then(|| Axis::new(s.resample, p.in_h, y0, y1, p.out_h)).transpose()?;
    // Pillow 13 runs the vertical pass first when the height shrinks by
    // more than twice as many pixels as the width.
    let (dh, dw) = (p.in_h as i64 - p.out_h as i64, p.in_w as i64 - p.out_w as i64);
    let vertical_first = !s.pillow12 && dh > 0 && dh > dw * 2;
    T::passes(vector, src, dst, p, vt.as_ref(), ht.as_ref(), vertical_first)
}

/// A crop at the box's corner, or Geometry.c's affine nearest for a scale:
/// source positions stepped by repeated addition from the first output's
/// centre, truncated; outputs whose position falls outside the image are zero.
fn copy_pixels(src: &[u8], dst: &mut [u8], p: Plane, bx: [f32; 4], crop: bool) -> KernelResult {
    let positions = |from: f32, to: f32, out: usize, len: usize| {
        let step = (to - from) as f64 / out as f64;
        let mut at = from as f64 + step * 0.5;
        mem::try_collect((0..out).map(|j| {
            let i = match (crop, at < 0.0) {
                (true, _) => from as i64 + j as i64,
                (false, true) => -1,
                (false, false) => at as i64,
            };
            at += step;
            (0..len as i64).contains(&i).then_some(i as usize)
        }))
    };
    let xs = positions(bx[0], bx[2], p.out_w, p.in_w)?;
    let ys = positions(bx[1], bx[3], p.out_h, p.in_h)?;
    let (c, row) = (p.c, p.out_w * p.c);
    let dst = threads::Disjoint::new(dst);
    // Output rows to threads.
    threads::runs_of(p.out_h, row, &|rows, _| {
        // SAFETY: these rows are written by the run that holds them.
        let dst = unsafe { &mut dst.get()[rows.start * row..rows.end * row] };
        for (out, y) in dst.chunks_exact_mut(row).zip(&ys[rows]) {
            for (px, x) in out.chunks_exact_mut(c).zip(&xs) {
                match (y, x) {
                    (Some(y), Some(x)) => px.copy_from_slice(&src[(y * p.in_w + x) * c..][..c]),
                    _ => px.fill(0),
                }
            }
        }
    });
    Ok(())
}

/// `MULDIV255`: colour × alpha / 255, rounded, for a pixel whose last channel is alpha.
#[inline(always)]
fn premultiply<const N: usize>(px: &mut [u8; N]) {
    let a = px[N - 1] as u32;
    for v in &mut px[..N - 1] {
        let t = *v as u32 * a + 128;
        *v = ((t + (t >> 8)) >> 8) as u8;
    }
}

/// `⌈2^32 / a⌉` for each alpha `a` > 0: 255·v / a is v·255·inverse[a] >> 32,
/// exactly (v·255 < 2^16, so the error stays below 2^-16, less than any
/// fraction's distance to the next integer).
fn inverses() -> [u64; 256] {
    core::array::from_fn(|a| (1u64 << 32).div_ceil(a.max(1) as u64))
}

/// Convert.c's `rgba2rgbA`: colour × 255 / alpha truncated and clipped,
/// colour kept as it is where alpha is 0 or 255.
#[inline(always)]
fn unpremultiply<const N: usize>(px: &mut [u8; N], inverse: &[u64; 256]) {
    let a = px[N - 1] as usize;
    if a != 0 && a != 255 {
        px[..N - 1].iter_mut().for_each(|v| *v = ((255 * *v as u64 * inverse[a]) >> 32).min(255) as u8);
    }
}

#[cfg(test)]
mod tests;
