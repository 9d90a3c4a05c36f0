//! Where each output pixel reads and with what weights, computed as
//! OpenCV's resize.cpp computes them: coordinates in f32 from f64
//! products, weights in f32, the uint8 weights rounded to 11 bits.

use crate::error::KernelResult;
use crate::mem;

/// The separable kernels' taps (2 linear, 4 cubic, 8 Lanczos-4).
/// `LinearExact` is INTER_LINEAR_EXACT: positions in f64 and its weights
/// already in 1/256 (`256 − a, a`, a = round_half_even(f·256)).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kernel {
    Linear,
    LinearExact,
    Cubic,
    Lanczos4,
}

impl Kernel {
    pub fn taps(self) -> usize {
        match self {
            Kernel::Linear | Kernel::LinearExact => 2,
            Kernel::Cubic => 4,
            Kernel::Lanczos4 => 8,
        }
    }

    /// The taps' weights at fraction `f` (LinearExact: `f` already in 1/256).
    fn weights(self, f: f32, out: &mut [f32]) {
        match self {
            Kernel::Linear => out.copy_from_slice(&[1.0 - f, f]),
            Kernel::LinearExact => out.copy_from_slice(&[256.0 - f, f]),
            Kernel::Cubic => cubic(f, out),
            Kernel::Lanczos4 => lanczos4(f, out),
        }
    }
}

/// One axis of a separable resize: for output `d`, taps `d·k .. d·k + k`
/// name source indices (already clamped to the edge) and f32 weights.
pub struct Axis {
    pub taps: usize,
    pub index: Vec<u32>,
    pub weight: Vec<f32>,
}

/// `area` is OpenCV's INTER_AREA upscale, a linear kernel whose fraction is
/// the overlap of the output cell with the next source pixel. `clamp_first`
/// (the horizontal axis of a linear kernel, both axes of the exact one)
/// moves a first tap outside the source onto the edge with weight 1, as
/// resize.cpp's tables do; elsewhere the taps are clamped with their
/// weights unchanged.
pub fn axis(kernel: Kernel, n_in: usize, n_out: usize, inv: f64, area: bool, clamp_first: bool) -> KernelResult<Axis> {
    let k = kernel.taps();
    let scale = 1.0 / inv;
    let mut index = mem::try_filled(n_out * k, 0u32)?;
    let mut weight = mem::try_filled(n_out * k, 0f32)?;
    let last = n_in as i64 - 1;
    for d in 0..n_out {
        let (mut s, mut f) = if area {
            let s = (d as f64 * scale).floor();
            let f = ((d + 1) as f64 - (s + 1.0) * inv) as f32;
            (s as i64, if f <= 0.0 { 0.0 } else { f - f.floor() })
        } else if kernel == Kernel::LinearExact {
            let p = (d as f64 + 0.5) * scale - 0.5;
            let s = p.floor();
            // (The fraction in 1/256 from f64, carried exactly by the f32.)
            (s as i64, ((p - s) * 256.0).round_ties_even() as f32)
        } else {
            let p = ((d as f64 + 0.5) * scale - 0.5) as f32;
            let s = p.floor();
            (s as i64, p - s)
        };
        if clamp_first && s < 0 {
            (s, f) = (0, 0.0);
        }
        if clamp_first && s >= last {
            (s, f) = (last, 0.0);
        }
        kernel.weights(f, &mut weight[d * k..(d + 1) * k]);
        for (t, i) in index[d * k..(d + 1) * k].iter_mut().enumerate() {
            *i = (s - k as i64 / 2 + 1 + t as i64).clamp(0, last) as u32;
        }
    }
    Ok(Axis { taps: k, index, weight })
}

/// resize.cpp's cubic with A = -0.75, its last weight 1 minus the others.
fn cubic(x: f32, c: &mut [f32]) {
    const A: f32 = -0.75;
    c[0] = ((A * (x + 1.0) - 5.0 * A) * (x + 1.0) + 8.0 * A) * (x + 1.0) - 4.0 * A;
    c[1] = ((A + 2.0) * x - (A + 3.0)) * x * x + 1.0;
    c[2] = ((A + 2.0) * (1.0 - x) - (A + 3.0)) * (1.0 - x) * (1.0 - x) + 1.0;
    c[3] = 1.0 - c[0] - c[1] - c[2];
}

/// Lanczos with 4 lobes from one sine and cosine (the eight are rotations
/// of it), normalized by the f32 sum; a tap on the sample itself gets 1e30
/// so that normalizing leaves it alone.
fn lanczos4(x: f32, c: &mut [f32]) {
    const S45: f64 = core::f64::consts::FRAC_1_SQRT_2;
    const CS: [[f64; 2]; 8] = [[1.0, 0.0], [-S45, -S45], [0.0, 1.0], [S45, -S45], [-1.0, 0.0], [S45, S45], [0.0, -1.0], [-S45, S45]];
    let y0 = -((x + 3.0) as f64) * core::f64::consts::PI * 0.25;
    // (cos as a shifted sin: one libm routine in the module, not two.)
    let (s0, c0) = (y0.sin(), (y0 + core::f64::consts::FRAC_PI_2).sin());
    let mut sum = 0f32;
    for (i, (ci, cs)) in c.iter_mut().zip(CS).enumerate() {
        let y = x + 3.0 - i as f32;
        *ci = if y.abs() >= 1e-6 {
            let y = -(y as f64) * core::f64::consts::PI * 0.25;
            ((cs[0] * s0 + cs[1] * c0) / (y * y)) as f32
        } else {
            1e30
        };
        sum += *ci;
    }
    let inv = 1.0 / sum;
    c.iter_mut().for_each(|v| *v *= inv);
}

/// INTER_NEAREST: `floor(d·scale)` with OpenCV's scale (1/fx, or in/out
/// through out/in). INTER_NEAREST_EXACT (OpenCV 5): pixel centres, the
/// position `in/out · (d + 0.5)` accumulated in f64 from `in/out / 2` by
/// adding `in/out` (the running sum, not the product, decides ties such as
/// 24 → 18's sixth and seventeenth), whatever fx was. Both clamped to the
/// last source index.
pub fn nearest(n_in: usize, n_out: usize, inv: f64, exact: bool) -> KernelResult<Vec<u32>> {
    let last = n_in as f64 - 1.0;
    if exact {
        let step = n_in as f64 / n_out as f64;
        let mut at = step * 0.5;
        return mem::try_collect((0..n_out).map(|_| {
            let i = at.floor().min(last);
            at += step;
            i as u32
        }));
    }
    let scale = 1.0 / inv;
    mem::try_collect((0..n_out).map(|d| (d as f64 * scale).floor().min(last) as u32))
}

/// One term of INTER_AREA's downscale: output `out` takes `weight` of source `src`.
#[derive(Clone, Copy, Debug)]
pub struct Cell {
    pub out: u32,
    pub src: u32,
    pub weight: f32,
}

/// INTER_AREA's cell table for a scale ≥ 1: each output cell covers
/// `scale` source pixels, partial ones at its ends (overlaps under 1e-3
/// dropped), every weight divided by the cell's width (shorter at the end).
pub fn area(n_in: usize, n_out: usize, scale: f64) -> KernelResult<Vec<Cell>> {
    let mut cells = mem::try_vec((n_out as f64 * (scale + 2.0)) as usize)?;
    let n = n_in as f64;
    for d in 0..n_out {
        let f1 = d as f64 * scale;
        let f2 = f1 + scale;
        let width = scale.min(n - f1);
        let s2 = f2.floor().min(n - 1.0);
        let s1 = f1.ceil().min(s2);
        let mut push = |src: f64, w: f64| mem::try_push(&mut cells, Cell { out: d as u32, src: src as u32, weight: w as f32 });
        if s1 - f1 > 1e-3 {
            push(s1 - 1.0, (s1 - f1) / width)?;
        }
        let mut s = s1;
        while s < s2 {
            push(s, 1.0 / width)?;
            s += 1.0;
        }
        if f2 - s2 > 1e-3 {
            push(s2, (f2 - s2).min(1.0).min(width) / width)?;
        }
    }
    Ok(cells)
}
