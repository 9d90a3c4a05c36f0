//! The tap tables of TensorFlow's resize kernels, one per axis, from an
//! axis's (input, output) lengths; all coordinates in float32 as TF's
//! kernels compute them, with TF's scale float32(in) / float32(out).

use super::{Method, Spec};
use crate::error::KernelResult;
use crate::interpolate::separable::AxisTable;
use crate::mem;

type Axis = (usize, usize);

/// Output `j`'s weights into the slice; its first source and length.
type Window<'a> = dyn FnMut(usize, &mut [f32]) -> (usize, usize) + 'a;

/// The height and width tables of a method other than nearest.
pub fn axes(spec: &Spec) -> KernelResult<[AxisTable; 2]> {
    let table = |a: Axis| -> KernelResult<AxisTable> {
        match (spec.method, spec.antialias) {
            (Method::Bilinear, false) => bilinear(a),
            (Method::Bicubic, false) => bicubic(a),
            (Method::Area, _) => area(a),
            (Method::Bilinear, true) => scale_and_translate(a, Kernel::Triangle, true),
            (Method::Bicubic, true) => scale_and_translate(a, Kernel::KeysCubic, true),
            (Method::Lanczos3, aa) => scale_and_translate(a, Kernel::Lanczos(3.0), aa),
            (Method::Lanczos5, aa) => scale_and_translate(a, Kernel::Lanczos(5.0), aa),
            (Method::Gaussian, aa) => scale_and_translate(a, Kernel::Gaussian, aa),
            (Method::MitchellCubic, aa) => scale_and_translate(a, Kernel::MitchellCubic, aa),
            (Method::Nearest, _) => unreachable!("nearest gathers without tables"),
        }
    };
    Ok([table(spec.height)?, table(spec.width)?])
}

/// TF's `CalculateResizeScale` without align_corners.
fn ratio((i, o): Axis) -> f32 {
    i as f32 / o as f32
}

/// `ResizeNearestNeighbor` (half_pixel_centers): floor((j + 0.5)·scale), clamped.
pub fn nearest(a: Axis) -> KernelResult<Vec<usize>> {
    let r = ratio(a);
    mem::try_collect((0..a.1).map(|j| (((j as f32 + 0.5) * r).floor().max(0.0) as usize).min(a.0 - 1)))
}

/// `AxisTable::windows`, one instance for every table here (a copy per
/// closure type cost kilobytes of wasm).
fn windows(a: Axis, taps: usize, window: &mut Window) -> KernelResult<AxisTable> {
    AxisTable::windows(a.0, a.1, taps, window)
}

/// Half-pixel source coordinate of output `j` (TF's `HalfPixelScaler`).
fn centre(j: usize, r: f32) -> f32 {
    (j as f32 + 0.5) * r - 0.5
}

/// `ResizeBilinear` (half_pixel_centers): the two pixels around the
/// centre, clamped, the fraction taken from the unclamped floor.
fn bilinear(a: Axis) -> KernelResult<AxisTable> {
    let r = ratio(a);
    let last = a.0 as i64 - 1;
    windows(a, 2, &mut |j, w| {
        let c = centre(j, r);
        let f = c.floor();
        let (lo, hi) = ((f as i64).max(0), (c.ceil() as i64).min(last));
        if lo >= hi {
            // Both taps on one pixel (edges, integer centres): its value.
            w[0] = 1.0;
            return (lo.min(last) as usize, 1);
        }
        (w[0], w[1]) = (1.0 - (c - f), c - f);
        (lo as usize, 2)
    })
}

/// TF's table of Keys' cubic (a = -0.5) at 1025 offsets, as `ResizeBicubic`
/// samples it: entry `2i` is the weight at distance i/1024, `2i + 1` at 1 + i/1024.
fn keys_table() -> KernelResult<Vec<f32>> {
    const A: f64 = -0.5;
    let mut t = mem::try_vec(2 * 1025)?;
    for i in 0..=1024 {
        let x = (i as f64 / 1024.0) as f32;
        // (The polynomials in double with float32 arguments, stored as float32, as TF does.)
        let (x0, x1) = (x as f64, (x + 1.0) as f64);
        t.push((((A + 2.0) * x0 - (A + 3.0)) * x0 * x0 + 1.0) as f32);
        t.push((((A * x1 - 5.0 * A) * x1 + 8.0 * A) * x1 - 4.0 * A) as f32);
    }
    Ok(t)
}

/// `ResizeBicubic` (half_pixel_centers): four taps around the centre, the
/// fraction quantised to 1/1024 (TF's coefficient table); taps outside
/// the image get weight 0 and the rest are renormalised to sum to 1.
fn bicubic(a: Axis) -> KernelResult<AxisTable> {
    let (r, coeffs) = (ratio(a), keys_table()?);
    let n = a.0 as i64;
    windows(a, 4, &mut |j, w| {
        let c = centre(j, r);
        let base = c.floor() as i64;
        let offset = ((c - base as f32) * 1024.0).round_ties_even() as usize;
        let weight = [coeffs[offset * 2 + 1], coeffs[offset * 2], coeffs[(1024 - offset) * 2], coeffs[(1024 - offset) * 2 + 1]];
        let inside = |k: usize| (0..n).contains(&(base - 1 + k as i64));
        let sum = (0..4).map(|k| if inside(k) { weight[k] } else { 0.0 }).fold(0.0f32, |s, v| s + v);
        let norm = if sum.abs() >= 1000.0 * f32::MIN_POSITIVE { 1.0 / sum } else { 1.0 };
        let first = (0..4).find(|&k| inside(k)).unwrap_or(1);
        let len = (first..4).take_while(|&k| inside(k)).count();
        for (t, k) in (first..first + len).enumerate() {
            w[t] = weight[k] * norm;
        }
        ((base - 1 + first as i64).clamp(0, n - 1) as usize, len.max(1))
    })
}

/// `ResizeArea`: output `j` covers [j·s, (j + 1)·s) of the input (s the
/// scale); each pixel it touches weighs the length of the overlap over s.
/// (TF divides the 2-D sum by both axes' s at the end; single-tap tables,
/// which the runner copies, have weights s/s.) Pixels past the end
/// (float32 rounding of the cover) read the last one.
fn area(a: Axis) -> KernelResult<AxisTable> {
    let s = ratio(a);
    let factor = 1.0 / s;
    let cover = |j: usize| {
        let (lo, hi) = (j as f32 * s, (j + 1) as f32 * s);
        (lo, hi, lo.floor() as usize, hi.ceil() as usize)
    };
    let taps = (0..a.1).map(&cover).map(|(_, _, start, end)| end.saturating_sub(start)).max().unwrap_or(1);
    windows(a, taps, &mut |j, w| {
        let (lo, hi, start, end) = cover(j);
        let end = end.max(start + 1);
        for (t, i) in (start..end).enumerate() {
            let i = i as f32;
            let overlap = if i < lo {
                if i + 1.0 > hi {
                    s
                } else {
                    i + 1.0 - lo
                }
            } else if i + 1.0 > hi {
                hi - i
            } else {
                1.0
            };
            w[t] = overlap * factor;
        }
        (start, end - start)
    })
}

/// The kernels of TF's `sampling_kernels.h` that resize uses.
#[derive(Clone, Copy)]
enum Kernel {
    Triangle,
    /// Keys' cubic, a = -0.5.
    KeysCubic,
    /// Lanczos of this radius (3 or 5).
    Lanczos(f32),
    /// Radius 1.5, sigma 0.5.
    Gaussian,
    /// Mitchell–Netravali, B = C = 1/3.
    MitchellCubic,
}

impl Kernel {
    fn radius(self) -> f32 {
        match self {
            Kernel::Triangle => 1.0,
            Kernel::KeysCubic | Kernel::MitchellCubic => 2.0,
            Kernel::Lanczos(r) => r,
            Kernel::Gaussian => 1.5,
        }
    }

    /// The kernel at `x >= 0`, in TF's float32 (the gaussian's exponent in double).
    fn eval(self, x: f32) -> f32 {
        match self {
            Kernel::Triangle => (1.0 - x).max(0.0),
            Kernel::KeysCubic if x >= 2.0 => 0.0,
            Kernel::KeysCubic if x >= 1.0 => ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0,
            Kernel::KeysCubic => ((1.5 * x - 2.5) * x) * x + 1.0,
            Kernel::MitchellCubic if x >= 2.0 => 0.0,
            Kernel::MitchellCubic if x >= 1.0 => (((-7.0 / 18.0) * x + 2.0) * x - 10.0 / 3.0) * x + 16.0 / 9.0,
            Kernel::MitchellCubic => (((7.0 / 6.0) * x - 2.0) * x) * x + 8.0 / 9.0,
            Kernel::Lanczos(r) if x > r => 0.0,
            Kernel::Lanczos(_) if x <= 1e-3 => 1.0,
            Kernel::Lanczos(r) => {
                use core::f32::consts::PI;
                // (TF's sinf on the same float32 arguments; f64's sin is already in the module.)
                let sin = |v: f32| (v as f64).sin() as f32;
                r * sin(PI * x) * sin(PI * x / r) / (PI * PI * x * x)
            }
            Kernel::Gaussian if x >= 1.5 => 0.0,
            Kernel::Gaussian => (f64::from(-x * x) / (2.0 * 0.5 * 0.5)).exp() as f32,
        }
    }
}

/// `ScaleAndTranslate` with scale out/in and no translation: output `j`
/// samples at (j + 0.5)·in/out - 0.5 with the kernel, stretched by in/out
/// when `antialias` and downscaling, over the pixels whose centres lie
/// within its radius (clamped to the image); weights renormalised to sum
/// to 1 (left 0 where they sum to about 0).
fn scale_and_translate(a: Axis, kernel: Kernel, antialias: bool) -> KernelResult<AxisTable> {
    let (n, scale) = (a.0 as i64, a.1 as f32 / a.0 as f32);
    let inv_scale = 1.0 / scale;
    let kernel_scale = if antialias { inv_scale.max(1.0) } else { 1.0 };
    let (radius, one_over) = (kernel.radius() * kernel_scale, 1.0 / kernel_scale);
    let span = (radius.ceil() as usize).saturating_mul(2).saturating_add(1).min(a.0);
    windows(a, span, &mut |j, w| {
        let sample = (j as f32 + 0.5) * inv_scale;
        if !(0.0..=a.0 as f32).contains(&sample) {
            w[0] = 0.0;
            return (0, 1);
        }
        let start = ((sample - radius - 0.5).ceil() as i64).clamp(0, n - 1);
        let end = ((sample + radius - 0.5).floor() as i64).clamp(0, n - 1) + 1;
        let len = (end - start).max(1) as usize;
        let mut sum = 0.0f32;
        for (t, s) in (start..start + len as i64).enumerate() {
            w[t] = kernel.eval(((s as f32 + 0.5 - sample) * one_over).abs());
            sum += w[t];
        }
        let norm = if sum.abs() >= 1000.0 * f32::MIN_POSITIVE { 1.0 / sum } else { 0.0 };
        w[..len].iter_mut().for_each(|v| *v *= norm);
        (start as usize, len)
    })
}
