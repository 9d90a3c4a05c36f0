//! `cv2.resize` (OpenCV 5.0) on uint8 and float32 `[H, W, C]` images, with
//! OpenCV's own choice of algorithm by method and scale and its arithmetic:
//! - same size: a copy;
//! - INTER_NEAREST / INTER_NEAREST_EXACT: a gather (tables.rs);
//! - INTER_AREA with both scales ≥ 1: block means when both are integers
//!   (area.rs `fast`; INTER_LINEAR halving both axes is this too), else
//!   the cell-overlap sums (area.rs `general`); INTER_AREA upscaling is a
//!   linear kernel with the overlap as its fraction;
//! - INTER_LINEAR / INTER_CUBIC / INTER_LANCZOS4: separable (separable.rs),
//!   uint8 in 11-bit fixed point, float32 in f32; INTER_LINEAR_EXACT the
//!   same walk with 8-bit weights from f64 positions (uint8; float32 runs
//!   INTER_LINEAR, as cv2 does), and like INTER_LINEAR a 2×2 block mean
//!   when both axes halve.

pub mod area;
pub mod export;
pub mod separable;
pub mod tables;
#[cfg(test)]
mod tests;

use crate::error::{KernelError, KernelResult};
use crate::simd::Path;
use crate::threads;
use core::ops::Range;
use tables::Kernel;

crate::codes! {
    /// cv2's interpolation flags, by their OpenCV values.
    pub enum CvMethod {
        Nearest = 0,
        Linear = 1,
        Cubic = 2,
        Area = 3,
        Lanczos4 = 4,
        LinearExact = 5,
        NearestExact = 6,
    }
}

/// A resize of `h × w` pixels of `c` channels to `oh × ow`; `inv` is
/// OpenCV's (inv_scale_y, inv_scale_x): out/in when dsize was given, else fy, fx.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub method: CvMethod,
    pub h: usize,
    pub w: usize,
    pub c: usize,
    pub oh: usize,
    pub ow: usize,
    pub inv: [f64; 2],
}

impl Spec {
    pub fn in_len(&self) -> usize {
        self.h * self.w * self.c
    }
    pub fn out_len(&self) -> usize {
        self.oh * self.ow * self.c
    }
}

/// What resize.cpp runs for a spec.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Plan {
    Copy,
    Gather { exact: bool },
    AreaFast { sy: usize, sx: usize },
    AreaGeneral,
    Separable { kernel: Kernel, area: bool },
}

impl Spec {
    pub fn plan(&self) -> Plan {
        let [sy, sx] = self.inv.map(|i| 1.0 / i);
        let near = |s: f64| (s - s.round_ties_even()).abs() < f64::EPSILON;
        let fast = near(sx) && near(sy);
        match self.method {
            _ if self.h == self.oh && self.w == self.ow => Plan::Copy,
            CvMethod::Nearest | CvMethod::NearestExact => Plan::Gather { exact: self.method == CvMethod::NearestExact },
            CvMethod::Linear | CvMethod::LinearExact if fast && sx.round() == 2.0 && sy.round() == 2.0 => Plan::AreaFast { sy: 2, sx: 2 },
            CvMethod::Area if sx >= 1.0 && sy >= 1.0 && fast => Plan::AreaFast { sy: sy.round() as usize, sx: sx.round() as usize },
            CvMethod::Area if sx >= 1.0 && sy >= 1.0 => Plan::AreaGeneral,
            CvMethod::Area | CvMethod::Linear => Plan::Separable { kernel: Kernel::Linear, area: self.method == CvMethod::Area },
            CvMethod::Cubic => Plan::Separable { kernel: Kernel::Cubic, area: false },
            CvMethod::Lanczos4 => Plan::Separable { kernel: Kernel::Lanczos4, area: false },
            CvMethod::LinearExact => Plan::Separable { kernel: Kernel::LinearExact, area: false },
        }
    }
}

/// A sample type: bytes (fixed-point sums, rounded and saturated) or f32.
pub trait Px: Copy + Default + Send + Sync + 'static {
    /// What a horizontal pass holds: i32 sums of weights·2048, or f32.
    type Acc: Copy + Default + Send;
    /// A tap weight: rounded to 11 bits for bytes (INTER_LINEAR_EXACT's are 8-bit already).
    type W: Copy + Default + Sync;
    /// Bytes run OpenCV's fixed-point kernels; f32 has no INTER_LINEAR_EXACT
    /// of its own (cv2 runs INTER_LINEAR).
    const FIXED: bool;
    fn weight(w: f32, kernel: Kernel) -> Self::W;
    fn mac(acc: Self::Acc, x: Self, w: Self::W) -> Self::Acc;
    /// The vertical pass of one output: rows' sums times weights.
    fn vertical(rows: &[Self::Acc], w: &[Self::W], kernel: Kernel) -> Self;
    /// The vertical pass of a row from the k horizontal rows.
    fn vertical_row(_path: Path, rows: &[&[Self::Acc]], w: &[Self::W], kernel: Kernel, dst: &mut [Self]) {
        let mut acc = [Self::Acc::default(); 8];
        for (i, o) in dst.iter_mut().enumerate() {
            for (a, r) in acc.iter_mut().zip(rows) {
                *a = r[i];
            }
            *o = Self::vertical(&acc[..rows.len()], w, kernel);
        }
    }
    /// f32 as OpenCV's saturate_cast makes it: rounded half to even and clamped for bytes.
    fn from_f32(v: f32) -> Self;
    fn to_f32(self) -> f32;
    /// A full block's mean from its sum (`two`: a 2×2 block).
    fn block_mean(sum: f32, scale: f32, two: bool) -> Self;
    /// The vector form of a 2×2 halving of two rows (false: not taken).
    fn halve(_path: Path, _rows: &[Self], _dst: &mut [Self], _c: usize) -> bool {
        false
    }
}

impl Px for u8 {
    type Acc = i32;
    type W = i32;
    const FIXED: bool = true;
    fn weight(w: f32, kernel: Kernel) -> i32 {
        if kernel == Kernel::LinearExact {
            return w as i32;
        }
        (w * 2048.0).round_ties_even().clamp(-32768.0, 32767.0) as i32
    }
    fn mac(acc: i32, x: u8, w: i32) -> i32 {
        acc.wrapping_add(x as i32 * w)
    }
    fn vertical(rows: &[i32], w: &[i32], kernel: Kernel) -> u8 {
        if kernel == Kernel::LinearExact {
            // 8.8 rows times 8-bit weights: 16 fractional bits, rounded.
            return ((rows[0] * w[0] + rows[1] * w[1] + (1 << 15)) >> 16).clamp(0, 255) as u8;
        }
        if kernel == Kernel::Linear {
            // The SIMD form OpenCV 5 runs for every column: rows narrowed
            // by 4 bits, each product's high half, then 2 more bits.
            let hi = |s: i32, b: i32| ((s >> 4).min(32767) * b) >> 16;
            return ((hi(rows[0], w[0]) + hi(rows[1], w[1]) + 2) >> 2).clamp(0, 255) as u8;
        }
        let s = rows.iter().zip(w).fold(1i32 << 21, |a, (&r, &b)| a.wrapping_add(r.wrapping_mul(b)));
        (s >> 22).clamp(0, 255) as u8
    }
    fn vertical_row(path: Path, rows: &[&[i32]], w: &[i32], kernel: Kernel, dst: &mut [u8]) {
        let mut done = 0;
        if path.vector() && kernel == Kernel::Linear {
            done = separable::linear_rows_u8(rows[0], rows[1], [w[0], w[1]], dst);
        }
        let mut acc = [0i32; 8];
        for (i, o) in dst.iter_mut().enumerate().skip(done) {
            for (a, r) in acc.iter_mut().zip(rows) {
                *a = r[i];
            }
            *o = Self::vertical(&acc[..rows.len()], w, kernel);
        }
    }
    fn from_f32(v: f32) -> u8 {
        v.round_ties_even().clamp(0.0, 255.0) as u8
    }
    fn to_f32(self) -> f32 {
        self as f32
    }
    fn block_mean(sum: f32, scale: f32, two: bool) -> u8 {
        if two {
            return ((sum as i32 + 2) >> 2) as u8;
        }
        Self::from_f32(sum * scale)
    }
    fn halve(path: Path, rows: &[u8], dst: &mut [u8], c: usize) -> bool {
        area::halve_u8(path, rows, dst, c);
        true
    }
}

impl Px for f32 {
    type Acc = f32;
    type W = f32;
    const FIXED: bool = false;
    fn weight(w: f32, _: Kernel) -> f32 {
        w
    }
    fn mac(acc: f32, x: f32, w: f32) -> f32 {
        acc + x * w
    }
    fn vertical(rows: &[f32], w: &[f32], _: Kernel) -> f32 {
        rows.iter().zip(w).fold(0.0, |a, (&r, &b)| a + r * b)
    }
    fn from_f32(v: f32) -> f32 {
        v
    }
    fn to_f32(self) -> f32 {
        self
    }
    fn block_mean(sum: f32, scale: f32, _: bool) -> f32 {
        sum * scale
    }
}

pub fn resize<T: Px>(path: Path, x: &[T], out: &mut [T], s: &Spec) -> KernelResult {
    if [s.h, s.w, s.c, s.oh, s.ow].contains(&0) || !s.inv.iter().all(|&i| i > 0.0 && i.is_finite()) {
        return Err(KernelError::BadArgument);
    }
    if x.len() < s.in_len() || out.len() < s.out_len() {
        return Err(KernelError::BadBuffer);
    }
    let (x, out) = (&x[..s.in_len()], &mut out[..s.out_len()]);
    let linear = Spec { method: CvMethod::Linear, ..*s };
    let s = if !T::FIXED && s.method == CvMethod::LinearExact { &linear } else { s };
    match s.plan() {
        Plan::Copy => out.copy_from_slice(x),
        Plan::Gather { exact } => gather(x, out, s, exact)?,
        Plan::AreaFast { sy, sx } => area::fast(path, x, out, s, [sy, sx]),
        Plan::AreaGeneral => area::general(x, out, s)?,
        Plan::Separable { kernel, area } => separable::run(path, x, out, s, kernel, area)?,
    }
    Ok(())
}

fn gather<T: Px>(x: &[T], out: &mut [T], s: &Spec, exact: bool) -> KernelResult {
    let rows = tables::nearest(s.h, s.oh, s.inv[0], exact)?;
    let cols = tables::nearest(s.w, s.ow, s.inv[1], exact)?;
    let c = s.c;
    split_rows(out, s.ow * c, 1, &|dst, ys, _| {
        for (dst, &r) in dst.chunks_exact_mut(s.ow * c).zip(&rows[ys]) {
            let src = &x[r as usize * s.w * c..][..s.w * c];
            for (o, &i) in dst.chunks_exact_mut(c).zip(&cols) {
                o.copy_from_slice(&src[i as usize * c..][..c]);
            }
        }
    });
    Ok(())
}

/// Writes the output rows it is given, which its slice holds, with a thread's slot.
type Rows<'a, T> = dyn Fn(&mut [T], Range<usize>, threads::Slot) + Sync + 'a;

/// Output rows of `row` values to threads, `cost` elements of work per
/// value: `f(dst, rows, slot)` writes rows `rows`, which `dst` holds.
pub fn split_rows<T: Px>(out: &mut [T], row: usize, cost: usize, f: &Rows<'_, T>) {
    let rows = out.len() / row.max(1);
    let out = threads::Disjoint::new(out);
    threads::runs_of(rows, row * cost, &|ys, slot| {
        // SAFETY: these rows are written by the run that holds them.
        f(unsafe { &mut out.get()[ys.start * row..ys.end * row] }, ys, slot)
    });
}
