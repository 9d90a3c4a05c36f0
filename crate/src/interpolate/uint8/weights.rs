//! PyTorch's int16 weights of bilinear and bicubic on uint8 (antialiased or
//! not): computed in f64, each axis quantised with its own precision, the
//! largest that keeps its biggest weight below 2^14 (PyTorch picks it once
//! per axis, from the whole table's largest weight). Windows go into
//! `resize_image`'s `Table`: a fixed number of taps per output, short ones
//! padded with zero weights and shifted to stay inside the axis.

use super::super::AxisSpec;
use crate::error::KernelResult;
use crate::filters::triangle;
use crate::mem;
use crate::resize_image::coeffs::Table;

/// One axis's table, and the fractional bits of its weights. With `low`,
/// the weights are wide (`conv::Wide`): `table.coef` holds their high
/// halves, `low` (laid out as `coef`) their low ones.
pub struct Weights {
    pub table: Table,
    pub shift: u32,
    pub low: Option<Vec<i16>>,
}

/// Keys' cubic convolution kernel with parameter `a`.
fn cubic(x: f64, a: f64) -> f64 {
    let x = x.abs();
    if x < 1.0 {
        ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0
    } else if x < 2.0 {
        ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a
    } else {
        0.0
    }
}

/// `area_pixel_compute_scale` in f64: the source step per output pixel.
fn scale(a: &AxisSpec, align_corners: bool) -> f64 {
    match (align_corners, a.scale) {
        (true, _) if a.out_len > 1 => (a.in_len - 1) as f64 / (a.out_len - 1) as f64,
        (true, _) => 0.0,
        (false, Some(s)) if s > 0.0 => 1.0 / s,
        (false, _) => a.in_len as f64 / a.out_len as f64,
    }
}

/// The weights of one axis of `bilinear` (`cubic` false) or `bicubic`.
pub fn axis(a: &AxisSpec, cubic_mode: bool, antialias: bool, align_corners: bool) -> KernelResult<Weights> {
    let scale = scale(a, align_corners);
    let size = if cubic_mode { 4 } else { 2 };
    // Antialiased cubic uses a = -0.5 (Pillow's), plain cubic -0.75 (OpenCV's), as PyTorch.
    let filter: fn(f64) -> f64 = match (cubic_mode, antialias) {
        (false, _) => triangle,
        (true, true) => |x| cubic(x, -0.5),
        (true, false) => |x| cubic(x, -0.75),
    };
    let support = if antialias && scale >= 1.0 { size as f64 * 0.5 * scale } else { size as f64 * 0.5 };
    let max_taps = if antialias { support.ceil() as usize * 2 + 1 } else { size };
    let (mut starts, mut lens) = (mem::try_filled(a.out_len, 0usize)?, mem::try_filled(a.out_len, 0usize)?);
    let mut w = mem::try_filled(a.out_len.saturating_mul(max_taps), 0f64)?;
    let mut w_max = 0f64;
    for (j, row) in w.chunks_exact_mut(max_taps).enumerate() {
        let (start, len, m) =
            if antialias { window_aa(a.in_len, j, scale, support, row, filter) } else { window(a.in_len, j, scale, cubic_mode, align_corners, row, filter) };
        (starts[j], lens[j], w_max) = (start, len, w_max.max(m));
    }
    let shift = (0..22).find(|p| (0.5 + w_max * (1u32 << (p + 1)) as f64) as i32 >= 1 << 15).unwrap_or(22);
    let taps = lens.iter().copied().max().unwrap_or(1).max(1);
    let stride = taps + taps % 2;
    let mut start = mem::try_filled(a.out_len, 0u32)?;
    let mut coef = mem::try_filled(a.out_len.saturating_mul(stride), 0i16)?;
    let one = (1u32 << shift) as f64;
    for j in 0..a.out_len {
        let s = starts[j].min(a.in_len - taps);
        start[j] = s as u32;
        let at = j * stride + starts[j] - s;
        for (q, &v) in coef[at..at + lens[j]].iter_mut().zip(&w[j * max_taps..]) {
            let v = v * one;
            *q = (if v < 0.0 { v - 0.5 } else { v + 0.5 }) as i32 as i16;
        }
    }
    Ok(Weights { table: Table { in_len: a.in_len, out_len: a.out_len, taps, stride, start, coef, fcoef: Vec::new() }, shift, low: None })
}

/// Antialiased output `j`: the filter stretched over `support` around the
/// pixel centre, normalised to sum 1. Returns the window and its largest weight.
fn window_aa(in_len: usize, j: usize, scale: f64, support: f64, w: &mut [f64], filter: fn(f64) -> f64) -> (usize, usize, f64) {
    let center = scale * (j as f64 + 0.5);
    let inv = if scale >= 1.0 { 1.0 / scale } else { 1.0 };
    // (Truncations toward zero, as C++'s casts.)
    let lo = ((center - support + 0.5) as i64).max(0);
    let len = (((center + support + 0.5) as i64).min(in_len as i64) - lo).clamp(0, w.len() as i64) as usize;
    let mut total = 0.0;
    for (k, v) in w[..len].iter_mut().enumerate() {
        *v = filter(((k as i64 + lo) as f64 - center + 0.5) * inv);
        total += *v;
    }
    let mut w_max = 0f64;
    if total != 0.0 {
        for v in &mut w[..len] {
            *v /= total;
            w_max = w_max.max(*v);
        }
    }
    (lo as usize, len, w_max)
}

/// Plain (not antialiased) output `j`: the interpolation taps around the
/// source coordinate, taps outside the axis folded onto its edge pixels.
fn window(in_len: usize, j: usize, scale: f64, cubic_mode: bool, align: bool, w: &mut [f64], filter: fn(f64) -> f64) -> (usize, usize, f64) {
    let x = if align { scale * j as f64 } else { scale * (j as f64 + 0.5) - 0.5 };
    let x = if !align && !cubic_mode && x < 0.0 { 0.0 } else { x };
    // PyTorch floors the f64 coordinate through f32 (floorf).
    let i = ((x as f32).floor() as i64).min(in_len as i64 - 1);
    let t = (x - i as f64).clamp(0.0, 1.0);
    let half = w.len() as i64 / 2;
    let first = i - half + 1;
    let lo = first.max(0);
    let len = ((i + half + 1).min(in_len as i64) - lo).clamp(0, w.len() as i64) as usize;
    let (mut at, mut w_max) = (0usize, 0f64);
    w.fill(0.0);
    for k in 0..w.len() {
        let p = first + k as i64;
        if p <= 0 {
            at = 0;
        } else if p >= in_len as i64 - 1 {
            at = len - 1;
        }
        w[at] += filter((k as i64 + 1 - half) as f64 - t);
        w_max = w_max.max(w[at]);
        at += 1;
    }
    (lo as usize, len, w_max)
}
