//! ONNX `Resize` (and `Upsample`, whose rules are Resize-10's): one tap
//! table per axis, built from ONNX's coordinate and weight rules, run by
//! `interpolate::resample`, the engine behind `F.interpolate`.
//!
//! Coordinates and weights are computed in float64 in the order of ONNX's
//! reference implementation (onnx.reference, op_resize.py), so that every
//! nearest tie picks the reference's source; the weights are then rounded
//! to float32 and the sums run in float32 (the reference sums in float64).
//! Any axis of any rank can be resized: the caller folds the axes it
//! leaves alone before the first resized one into `planes`, those after the
//! last into `lane`.

pub mod export;
#[cfg(test)]
mod tests;

use crate::error::{KernelError, KernelResult};
use crate::interpolate::{resample, separable::AxisTable, Layout};
use crate::mem;
use crate::simd::Path;

/// Axes the argument block carries, after folding.
pub const MAX_AXES: usize = 8;

crate::codes! {
    /// Resize's `mode`.
    pub enum ResizeMode {
        Nearest = 0,
        Linear = 1,
        Cubic = 2,
    }
}

crate::codes! {
    /// Resize's `coordinate_transformation_mode`.
    pub enum ResizeCoordinate {
        HalfPixel = 0,
        HalfPixelSymmetric = 1,
        PytorchHalfPixel = 2,
        AlignCorners = 3,
        Asymmetric = 4,
        TfCropAndResize = 5,
        /// Resize-11 and -13 only.
        TfHalfPixelForNn = 6,
    }
}

crate::codes! {
    /// Resize's `nearest_mode`.
    pub enum ResizeNearest {
        RoundPreferFloor = 0,
        RoundPreferCeil = 1,
        Floor = 2,
        Ceil = 3,
        /// Resize-10 and Upsample, which predate nearest_mode: floor where
        /// the axis grows, ceil where it shrinks (onnxruntime's rule for
        /// those versions; the standard states none).
        Legacy = 4,
    }
}

/// One axis: its lengths, the scale ONNX's rules use (0: the axis is
/// copied unchanged, as the reference skips it), and its roi (start, end).
#[derive(Clone, Copy, Debug)]
pub struct Axis {
    pub in_len: usize,
    pub out_len: usize,
    pub scale: f64,
    pub roi: [f64; 2],
}

#[derive(Clone, Debug)]
pub struct Spec {
    pub mode: ResizeMode,
    pub coordinate: ResizeCoordinate,
    pub nearest: ResizeNearest,
    pub cubic_a: f64,
    pub exclude_outside: bool,
    pub antialias: bool,
    /// tf_crop_and_resize's value for outputs whose source lies outside the input.
    pub extrapolation: f32,
    pub planes: usize,
    pub lane: usize,
    /// Outermost first.
    pub axes: Vec<Axis>,
}

/// An axis's table (None: copied) and which outputs take the extrapolation value.
type Built = (Option<AxisTable>, Option<Vec<bool>>);

/// `x` (`planes × Π in_len × lane` floats) resized into `out`. Tables are
/// built before anything is written, so running out of memory writes nothing.
pub fn resize(path: Path, x: &[f32], out: &mut [f32], spec: &Spec) -> KernelResult {
    let valid = |a: &Axis| a.in_len > 0 && a.out_len > 0 && if a.scale == 0.0 { a.in_len == a.out_len } else { a.scale.is_finite() && a.scale > 0.0 };
    if spec.axes.len() > MAX_AXES || !spec.axes.iter().all(valid) || spec.planes == 0 || spec.lane == 0 {
        return Err(KernelError::BadArgument);
    }
    let lens = mem::try_collect(spec.axes.iter().map(|a| (a.in_len, a.out_len)))?;
    let layout = Layout { planes: spec.planes, lane: spec.lane, lens: &lens };
    let (mut tables, mut masks) = (mem::try_vec(lens.len())?, mem::try_vec(lens.len())?);
    for a in &spec.axes {
        let (table, mask) = if a.scale == 0.0 { (None, None) } else { build(spec, a)? };
        tables.push(table);
        masks.push(mask);
    }
    resample(path, x, out, layout, &tables)?;
    fill(out, layout, &masks, spec.extrapolation);
    Ok(())
}

/// Writes `value` over every output that some axis's mask marks.
fn fill(out: &mut [f32], layout: Layout, masks: &[Option<Vec<bool>>], value: f32) {
    let len = layout.plane_lens().map_or(0, |(_, o)| o * layout.planes);
    let out = &mut out[..len];
    for (k, mask) in masks.iter().enumerate() {
        let Some(mask) = mask else { continue };
        // The output is [rows, n, inner]: its inner-long chunks cycle through the axis.
        let inner = layout.lens[k + 1..].iter().map(|l| l.1).product::<usize>() * layout.lane;
        for (chunk, _) in out.chunks_exact_mut(inner).zip(mask.iter().cycle()).filter(|c| *c.1) {
            chunk.fill(value);
        }
    }
}

/// The source coordinate of output `j`, None where tf_crop_and_resize
/// extrapolates. The reference's expressions, evaluation order included.
fn source(spec: &Spec, a: &Axis, j: usize) -> Option<f64> {
    use ResizeCoordinate::*;
    let (y, s, iw) = (j as f64, a.scale, a.in_len as f64);
    // The output length the scale asks for, fractional when a scale was given.
    let ow = s * iw;
    let x = match spec.coordinate {
        AlignCorners if ow == 1.0 => 0.0,
        AlignCorners => y * (iw - 1.0) / (ow - 1.0),
        Asymmetric => y / s,
        TfCropAndResize => {
            // The reference keeps roi in float32: its differences, and its
            // products with lengths, are float32 operations.
            let ([r0, r1], last) = (a.roi.map(|r| r as f32), (a.in_len - 1) as f32);
            let x = if ow == 1.0 { ((r1 - r0) * last / 2.0) as f64 } else { y * (r1 - r0) as f64 * (iw - 1.0) / (ow - 1.0) };
            let x = x + (r0 * last) as f64;
            return (0.0..=iw - 1.0).contains(&x).then_some(x);
        }
        PytorchHalfPixel if ow == 1.0 => -0.5,
        HalfPixel | PytorchHalfPixel => (y + 0.5) / s - 0.5,
        HalfPixelSymmetric => {
            let offset = iw / 2.0 * (1.0 - a.out_len as f64 / ow);
            offset + (y + 0.5) / s - 0.5
        }
        TfHalfPixelForNn => (y + 0.5) / s,
    };
    Some(x)
}

/// Taps per output: two (nearest, linear) or four (cubic), and with
/// antialias the filter stretched over 1/scale when shrinking. Always even.
fn taps(spec: &Spec, a: &Axis) -> usize {
    let reach = match spec.mode {
        ResizeMode::Cubic => 2.0,
        ResizeMode::Nearest | ResizeMode::Linear => 1.0,
    };
    if !spec.antialias || spec.mode == ResizeMode::Nearest {
        return 2 * reach as usize;
    }
    let start = (-reach / a.scale.min(1.0)).floor() + 1.0;
    (2.0 - 2.0 * start) as usize
}

/// The weights of output taps `start .. start + c.len()` (relative to the
/// pixel left of the source) for `ratio` in (0, 1], the distance from that
/// pixel (1 where the source is a pixel).
fn coefficients(spec: &Spec, a: &Axis, ratio: f64, c: &mut [f64]) {
    let big_a = spec.cubic_a;
    match (spec.mode, spec.antialias) {
        (ResizeMode::Nearest, _) => {
            let ceil = ratio == 1.0
                || match spec.nearest {
                    ResizeNearest::RoundPreferFloor => ratio > 0.5,
                    ResizeNearest::RoundPreferCeil => ratio >= 0.5,
                    ResizeNearest::Floor => false,
                    ResizeNearest::Ceil => true,
                    ResizeNearest::Legacy => a.scale < 1.0,
                };
            c.copy_from_slice(&[f64::from(u8::from(!ceil)), f64::from(u8::from(ceil))]);
        }
        (ResizeMode::Linear, false) => c.copy_from_slice(&[1.0 - ratio, ratio]),
        (ResizeMode::Cubic, false) => {
            let far = |t: f64| ((big_a * t - 5.0 * big_a) * t + 8.0 * big_a) * t - 4.0 * big_a;
            let near = |t: f64| ((big_a + 2.0) * t - (big_a + 3.0)) * t * t + 1.0;
            c.copy_from_slice(&[far(ratio + 1.0), near(ratio), near(1.0 - ratio), far((1.0 - ratio) + 1.0)]);
        }
        (mode, true) => {
            let scale = a.scale.min(1.0);
            let reach = if mode == ResizeMode::Cubic { 2.0 } else { 1.0 };
            let start = (-reach / scale).floor() + 1.0;
            for (i, v) in c.iter_mut().enumerate() {
                let t = start + i as f64;
                *v = if mode == ResizeMode::Cubic { stretched_cubic(big_a, scale * (t - ratio)) } else { (1.0 - ((t - ratio) * scale).abs()).clamp(0.0, 1.0) };
            }
            normalise(c);
        }
    }
}

/// Weights divided by their sum, unless they sum to 0.
fn normalise(c: &mut [f64]) {
    let total: f64 = c.iter().sum();
    if total != 0.0 {
        c.iter_mut().for_each(|v| *v /= total);
    }
}

/// Keys' cubic at `x`, as the reference's antialiasing filter evaluates it.
fn stretched_cubic(a: f64, x: f64) -> f64 {
    let x = x.abs();
    let (x2, x3) = (x * x, x * (x * x));
    if x <= 1.0 {
        (a + 2.0) * x3 - (a + 3.0) * x2 + 1.0
    } else if x < 2.0 {
        a * x3 - 5.0 * a * x2 + 8.0 * a * x - 4.0 * a
    } else {
        0.0
    }
}

/// One axis's table: per output, the `n` pixels nearest its source (ties
/// to the smaller, as the reference picks them), their weights, zeroed
/// outside the input and renormalised under exclude_outside, then the
/// pixels clamped into the input. Tables of one weight-1 tap per output
/// become gathers; a gather of every pixel in order, None.
fn build(spec: &Spec, a: &Axis) -> KernelResult<Built> {
    let (n, out, last) = (taps(spec, a), a.out_len, a.in_len as i64 - 1);
    let (mut index, mut weight) = mem::try_filled_pair(n.saturating_mul(out), 0u32, 0f32)?;
    let mut mask = None::<Vec<bool>>;
    let mut c = mem::try_filled(n, 0f64)?;
    for j in 0..out {
        let Some(x) = source(spec, a, j) else {
            if mask.is_none() {
                mask = Some(mem::try_filled(out, false)?);
            }
            mask.as_mut().expect("just made")[j] = true;
            weight[j] = 1.0;
            continue;
        };
        let floor = x.floor();
        coefficients(spec, a, if x == floor { 1.0 } else { x - floor }, &mut c);
        // The reference finds the pixels from x shifted by `half`.
        let half = (n / 2) as f64;
        let shifted = x + half;
        let p = shifted.floor();
        let first = p as i64 + if shifted == p { 0 } else { 1 } - 2 * (n / 2) as i64;
        if spec.exclude_outside {
            let inside = |t: usize| (0..=last).contains(&(first + t as i64));
            c.iter_mut().enumerate().filter(|(t, _)| !inside(*t)).for_each(|(_, v)| *v = 0.0);
            normalise(&mut c);
        }
        for (t, &v) in c.iter().enumerate() {
            index[t * out + j] = (first + t as i64).clamp(0, last) as u32;
            weight[t * out + j] = v as f32;
        }
    }
    // The source of output `j` if it has one tap of weight 1 and the rest 0.
    let single = |index: &[u32], j: usize| {
        let t = (0..n).find(|&t| weight[t * out + j] == 1.0)?;
        (0..n).all(|u| u == t || weight[u * out + j] == 0.0).then_some(index[t * out + j])
    };
    if !(0..out).all(|j| single(&index, j).is_some()) {
        return Ok((Some(AxisTable::new(a.in_len, out, n, index, weight)?), mask));
    }
    // (In place: output j's source lies at or after j.)
    for j in 0..out {
        index[j] = single(&index, j).expect("checked above");
    }
    index.truncate(out);
    let identity = a.in_len == out && index.iter().enumerate().all(|(j, &s)| s as usize == j);
    Ok((if identity { None } else { Some(AxisTable::gather(a.in_len, index)?) }, mask))
}
