//! `F.grid_sample` on float32 tensors: every output pixel reads the input
//! where its grid point says, `[-1, 1]` spanning the input.
//!
//! PyTorch runs two CPU kernels, and we follow each: 4-D inputs go through
//! ATen's vectorized kernel, 5-D inputs through its scalar loop. They agree
//! on finite in-range points and differ at the edges of float arithmetic:
//! how the grid value is unnormalized (the rounding), how bilinear weights
//! are formed, and where NaN lands. With border or reflection padding the
//! vectorized kernel clips a NaN coordinate to 0, the scalar loop to
//! size − 1; with zeros padding a non-finite point gives NaN in bilinear and
//! bicubic 4-D (the weights are NaN and a missing tap is 0, and 0 × NaN is
//! NaN) but 0 in 5-D (taps outside are skipped, not multiplied).
//!
//! ONNX's GridSample (its reference implementation) differs from both in
//! two rules, which `GridRule::Onnx` selects: nearest rounds before padding,
//! and cubic pads a point outside the borders before its taps. It also has
//! cubic on 5-D input (tricubic), which runs here for either rule.
//!
//! Each output pixel's taps and weights are worked out once (`Point`), then
//! read for every channel. The vector path does that a tile of pixels at a
//! time for 4-D bilinear (tiles.rs); everything else runs the point loop,
//! which reads four channels per vector on the vector path and one at a
//! time on the scalar path (the oracle), with the same operations per lane.

pub mod export;
mod tiles;

use crate::error::{KernelError, KernelResult};
use crate::interpolate::cubic::coefficients as cubic_coefficients;
use crate::mem;
use crate::simd::{F32x4, Path, LANES};
use crate::threads;

crate::codes! {
    /// `grid_sample`'s interpolation modes.
    pub enum GridMode {
        Bilinear = 0,
        Nearest = 1,
        /// Tricubic on 5-D input (ONNX; F.grid_sample has no 5-D bicubic).
        Bicubic = 2,
    }
}

crate::codes! {
    /// Whose rules sample where PyTorch's and ONNX's reference differ.
    pub enum GridRule {
        /// F.grid_sample's: nearest pads the point, then rounds; bicubic
        /// pads each tap only.
        PyTorch = 0,
        /// ONNX GridSample's: nearest rounds, then pads; cubic first pads a
        /// point outside the padding bounds (border: clipped to the corner
        /// pixel centres; reflection: reflected), then each tap.
        Onnx = 1,
    }
}

crate::codes! {
    /// What a tap outside the input reads.
    pub enum GridPadding {
        /// Zero.
        Zeros = 0,
        /// The nearest border pixel (the coordinate is clipped).
        Border = 1,
        /// The coordinate reflected about the borders, then clipped.
        Reflection = 2,
    }
}

/// One call: `batch` items of `channels` input volumes `input` (D, H, W;
/// D = 1 for 4-D) sampled at `output` (D, H, W) grid points of `rank` values.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub mode: GridMode,
    pub padding: GridPadding,
    pub rule: GridRule,
    pub align_corners: bool,
    /// 2 (4-D input) or 3 (5-D).
    pub rank: usize,
    pub batch: usize,
    pub channels: usize,
    pub input: [usize; 3],
    pub output: [usize; 3],
}

impl Spec {
    fn volumes(&self) -> Option<(usize, usize)> {
        let vol = |d: &[usize; 3]| d.iter().try_fold(1usize, |a, &b| a.checked_mul(b));
        Some((vol(&self.input)?, vol(&self.output)?))
    }

    /// Elements of x, grid and y.
    pub fn lens(&self) -> Option<[usize; 3]> {
        let (i, o) = self.volumes()?;
        let nc = self.batch.checked_mul(self.channels)?;
        Some([nc.checked_mul(i)?, self.batch.checked_mul(o)?.checked_mul(self.rank)?, nc.checked_mul(o)?])
    }

    /// The axis of input dimension `d` (0 = D, 1 = H, 2 = W).
    fn axis(&self, d: usize) -> Axis {
        Axis { size: self.input[d], padding: self.padding, rule: self.rule, align: self.align_corners, volumetric: self.rank == 3 }
    }

    /// 4-D bilinear's taps of the grid point `g` (x, y), without the rest of a `Point`.
    #[inline(always)]
    fn bilinear_corners(&self, g: &[f32]) -> [(u32, f32); 4] {
        let x = self.axis(2).taps(g[0], GridMode::Bilinear, 1);
        let y = self.axis(1).taps(g[1], GridMode::Bilinear, self.input[2]);
        corners(&y, &x)
    }

    /// Taps and weights of the grid point `g` (x, y[, z]).
    fn point(&self, g: &[f32]) -> Point {
        let [_, h, w] = self.input;
        let x = self.axis(2).taps(g[0], self.mode, 1);
        let y = self.axis(1).taps(g[1], self.mode, w);
        let z = if self.rank == 3 { self.axis(0).taps(g[2], self.mode, h * w) } else { Taps::origin() };
        Point { z, y, x, mode: self.mode, volumetric: self.rank == 3 }
    }
}

/// One spatial axis of the input, and how grid values map onto it.
#[derive(Clone, Copy)]
struct Axis {
    size: usize,
    padding: GridPadding,
    rule: GridRule,
    align: bool,
    /// 5-D: ATen's scalar loop's arithmetic (else its vectorized kernel's).
    volumetric: bool,
}

impl Axis {
    /// `[-1, 1]` to pixel coordinates: corner pixel centres with
    /// align_corners, else the outer edges of the corner pixels.
    fn unnormalize(self, g: f32) -> f32 {
        let n = self.size as f32;
        match (self.volumetric, self.align) {
            (false, true) => (g + 1.0) * ((n - 1.0) / 2.0),
            (false, false) => (g + 1.0) * (n / 2.0) - 0.5,
            (true, true) => (g + 1.0) / 2.0 * (n - 1.0),
            (true, false) => ((g + 1.0) * n - 1.0) / 2.0,
        }
    }

    /// The coordinate after padding: unchanged (zeros), clipped, or reflected and clipped.
    /// Out of line: bicubic pads 4 taps per axis, and one copy is enough.
    #[inline(never)]
    fn pad(self, x: f32) -> f32 {
        match self.padding {
            GridPadding::Zeros => x,
            GridPadding::Border => self.clip(x),
            GridPadding::Reflection => self.clip(self.reflect(x)),
        }
    }

    /// ONNX's cubic point: padded only where it leaves the padding bounds
    /// (the corner pixels' centres with align_corners, else their outer
    /// edges), clipped to the centres (border) or reflected (reflection).
    fn pad_outside(self, x: f32) -> f32 {
        let (lo, hi) = if self.align { (0.0, (self.size - 1) as f32) } else { (-0.5, self.size as f32 - 0.5) };
        match self.padding {
            _ if (lo..=hi).contains(&x) => x,
            GridPadding::Zeros => x,
            GridPadding::Border => self.clip(x),
            GridPadding::Reflection => self.reflect(x),
        }
    }

    /// Into `[0, size − 1]`. NaN goes to 0 in the vectorized kernel (its
    /// max keeps the 0 operand) and to size − 1 in the scalar one
    /// (std::max keeps NaN, then std::min keeps the bound).
    fn clip(self, x: f32) -> f32 {
        let hi = (self.size - 1) as f32;
        let lo = if self.volumetric {
            if x < 0.0 {
                0.0
            } else {
                x
            }
        } else if x > 0.0 {
            x
        } else {
            0.0
        };
        if lo < hi {
            lo
        } else {
            hi
        }
    }

    /// Reflection about the corner pixel centres (align_corners) or the
    /// outer edges (−0.5 and size − 0.5), as many times as it takes.
    fn reflect(self, x: f32) -> f32 {
        let n = self.size as f32;
        let (low, span) = if self.align { (0.0, n - 1.0) } else { (-0.5, n) };
        if span <= 0.0 {
            return 0.0;
        }
        let d = (x - low).abs();
        if self.volumetric {
            // fmod, and the parity of floor(d / span) as a C int: NaN and
            // values past i32 convert to INT_MIN, which is even.
            let extra = d % span;
            let flips = (d / span).floor();
            let odd = flips < 2_147_483_648.0 && (flips as i64) & 1 == 1;
            if odd {
                span - extra + low
            } else {
                extra + low
            }
        } else {
            let twice = 2.0 * span;
            let extra = d - (d / twice).trunc() * twice;
            let back = twice - extra;
            // ATen's minimum propagates NaN.
            (if extra.is_nan() || extra <= back { extra } else { back }) + low
        }
    }

    /// Index (times `stride`) of the integral coordinate `c` if inside the axis.
    fn index(self, c: f32, stride: usize) -> Option<usize> {
        (c > -1.0 && c < self.size as f32).then(|| c as usize * stride)
    }

    fn taps(self, g: f32, mode: GridMode, stride: usize) -> Taps {
        let mut t = Taps::default();
        match mode {
            GridMode::Nearest => {
                let x = self.unnormalize(g);
                let c = match self.rule {
                    GridRule::PyTorch => self.pad(x).round_ties_even(),
                    GridRule::Onnx => self.pad(x.round_ties_even()),
                };
                t.at[0] = self.index(c, stride);
            }
            GridMode::Bilinear => {
                let x = self.pad(self.unnormalize(g));
                let x0 = x.floor();
                t.w[..2].copy_from_slice(&if self.volumetric { [(x0 + 1.0) - x, x - x0] } else { [1.0 - (x - x0), x - x0] });
                t.at[0] = self.index(x0, stride);
                t.at[1] = self.index(x0 + 1.0, stride);
            }
            GridMode::Bicubic => {
                // PyTorch pads each tap, not the point; ONNX the point too.
                let x = match self.rule {
                    GridRule::PyTorch => self.unnormalize(g),
                    GridRule::Onnx => self.pad_outside(self.unnormalize(g)),
                };
                let x0 = x.floor();
                t.w = cubic_coefficients(x - x0);
                for (k, at) in t.at.iter_mut().enumerate() {
                    *at = self.index(self.pad(x0 + (k as f32 - 1.0)).trunc(), stride);
                }
            }
        }
        t
    }
}

/// Taps along one axis: offsets (index × stride) of those inside the input, and weights.
#[derive(Clone, Copy, Default)]
struct Taps {
    at: [Option<usize>; 4],
    w: [f32; 4],
}

impl Taps {
    /// The one tap of a 4-D input's depth axis.
    fn origin() -> Self {
        Taps { at: [Some(0), None, None, None], w: [1.0, 0.0, 0.0, 0.0] }
    }
}

/// 4-D bilinear's four taps (nw, ne, sw, se) and their weights, from the
/// taps along y and x; the scalar loop and the tile path both read them.
#[inline(always)]
fn corners(y: &Taps, x: &Taps) -> [(u32, f32); 4] {
    [(0, 0), (0, 1), (1, 0), (1, 1)].map(|(j, i)| match (y.at[j], x.at[i]) {
        (Some(a), Some(b)) => ((a + b) as u32, y.w[j] * x.w[i]),
        _ => (OUTSIDE, y.w[j] * x.w[i]),
    })
}

/// A tap's offset into its plane, `u32::MAX` (never inside) when outside.
pub(crate) const OUTSIDE: u32 = u32::MAX;

/// What a tap at `at` reads: zero outside, as PyTorch's masked gathers.
#[inline(always)]
fn read(plane: &[f32], at: u32) -> f32 {
    plane.get(at as usize).copied().unwrap_or(0.0)
}

struct Point {
    z: Taps,
    y: Taps,
    x: Taps,
    mode: GridMode,
    volumetric: bool,
}

impl Point {
    fn offset(&self, k: usize, j: usize, i: usize) -> u32 {
        match (self.z.at[k], self.y.at[j], self.x.at[i]) {
            (Some(a), Some(b), Some(c)) => (a + b + c) as u32,
            _ => OUTSIDE,
        }
    }

    fn bilinear(&self) -> [(u32, f32); 4] {
        corners(&self.y, &self.x)
    }

    /// The sampled value in one channel's plane (f32) or four (F32x4).
    fn value<V: Lane>(&self, planes: &V::Planes<'_>) -> V {
        let read = |at| V::tap(planes, at).unwrap_or(V::splat(0.0));
        match (self.mode, self.volumetric) {
            (GridMode::Nearest, _) => read(self.offset(0, 0, 0)),
            (GridMode::Bilinear, false) => {
                let [a, b, c, d] = self.bilinear().map(|(at, w)| read(at).times(V::splat(w)));
                a.plus(b).plus(c).plus(d)
            }
            (GridMode::Bilinear, true) => {
                // ATen's scalar loop adds the taps inside to 0, skipping the rest.
                let mut acc = V::splat(0.0);
                for k in 0..2 {
                    for j in 0..2 {
                        for i in 0..2 {
                            if let Some(v) = V::tap(planes, self.offset(k, j, i)) {
                                acc = acc.plus(v.times(V::splat(self.x.w[i] * self.y.w[j] * self.z.w[k])));
                            }
                        }
                    }
                }
                acc
            }
            (GridMode::Bicubic, volumetric) => {
                // Along x, then y, then z (5-D), as ONNX's reference nests them.
                let mut acc = None;
                for k in 0..if volumetric { 4 } else { 1 } {
                    let mut slice = None;
                    for j in 0..4 {
                        let mut row = None;
                        for i in 0..4 {
                            row = sum(row, V::splat(self.x.w[i]).times(read(self.offset(k, j, i))));
                        }
                        slice = sum(slice, V::splat(self.y.w[j]).times(row.unwrap_or(V::splat(0.0))));
                    }
                    let slice = slice.unwrap_or(V::splat(0.0));
                    acc = Some(if volumetric { sum(acc, V::splat(self.z.w[k]).times(slice)).unwrap_or(slice) } else { slice });
                }
                acc.unwrap_or(V::splat(0.0))
            }
        }
    }
}

/// What a sampled value is computed in: one channel's f32, or four
/// channels' F32x4 lane by lane (the same operations in the same order, so
/// both paths agree bit for bit).
trait Lane: Copy {
    /// The input planes one value reads.
    type Planes<'a>;
    /// The tap at `at` in every plane, None outside them.
    fn tap(planes: &Self::Planes<'_>, at: u32) -> Option<Self>;
    fn splat(v: f32) -> Self;
    fn plus(self, o: Self) -> Self;
    fn times(self, o: Self) -> Self;
}

impl Lane for f32 {
    type Planes<'a> = &'a [f32];
    fn tap(plane: &&[f32], at: u32) -> Option<f32> {
        plane.get(at as usize).copied()
    }
    fn splat(v: f32) -> Self {
        v
    }
    fn plus(self, o: Self) -> Self {
        self + o
    }
    fn times(self, o: Self) -> Self {
        self * o
    }
}

impl Lane for F32x4 {
    /// Four planes of one length.
    type Planes<'a> = [&'a [f32]; LANES];
    #[inline(always)]
    fn tap(planes: &[&[f32]; LANES], at: u32) -> Option<F32x4> {
        let at = at as usize;
        let [a, b, c, d] = planes;
        // One comparison covers the four reads.
        let n = a.len().min(b.len()).min(c.len()).min(d.len());
        (at < n).then(|| F32x4::new(a[at], b[at], c[at], d[at]))
    }
    fn splat(v: f32) -> Self {
        F32x4::splat(v)
    }
    fn plus(self, o: Self) -> Self {
        self.add(o)
    }
    fn times(self, o: Self) -> Self {
        self.mul(o)
    }
}

/// Left-to-right sum without a leading `0 +` (which would turn −0 into +0).
fn sum<V: Lane>(acc: Option<V>, v: V) -> Option<V> {
    Some(acc.map_or(v, |a| a.plus(v)))
}

/// Output points the scalar loop works out before reading them in every channel.
const POINTS: usize = 256;

/// `y` [N, C, *output] sampled from `x` [N, C, *input] at `grid` [N, *output, rank].
pub fn grid_sample(path: Path, x: &[f32], grid: &[f32], y: &mut [f32], spec: &Spec) -> KernelResult {
    let [nx, ng, ny] = spec.lens().ok_or(KernelError::BadBuffer)?;
    let planar = spec.rank == 2 && spec.input[0] == 1 && spec.output[0] == 1;
    let supported = match spec.rank {
        2 => planar,
        3 => true,
        _ => false,
    };
    if !supported || spec.input.contains(&0) {
        return Err(KernelError::BadArgument);
    }
    if x.len() < nx || grid.len() < ng || y.len() < ny {
        return Err(KernelError::BadBuffer);
    }
    if path.vector() && planar && spec.mode == GridMode::Bilinear {
        return tiles::bilinear(spec, x, grid, y);
    }
    let (in_vol, out_vol) = spec.volumes().ok_or(KernelError::BadBuffer)?;
    let (ch, rank) = (spec.channels, spec.rank);
    // A run of points, then every channel over it: contiguous writes. Runs
    // go to threads, each with its own points (made before anything is written).
    let scratch = threads::PerThread::new(|| mem::try_vec(POINTS.min(out_vol)))?;
    let runs = out_vol.div_ceil(POINTS);
    let y = threads::Disjoint::new(y);
    let taps = match spec.mode {
        GridMode::Nearest => 1,
        GridMode::Bilinear => 1 << rank,
        GridMode::Bicubic => 1 << (2 * rank),
    };
    threads::runs(spec.batch * runs, spec.batch * out_vol * ch * taps, &|items, slot| {
        let points = scratch.get(&slot);
        for i in items {
            let (n, start) = (i / runs, i % runs * POINTS);
            let xs = &x[n * ch * in_vol..(n + 1) * ch * in_vol];
            // SAFETY: a run writes its own points of item n's channels only.
            let ys = unsafe { &mut y.get()[n * ch * out_vol..(n + 1) * ch * out_vol] };
            let gs = &grid[(n * out_vol + start) * rank..(n * out_vol + (start + POINTS).min(out_vol)) * rank];
            points.clear();
            points.extend(gs.chunks_exact(rank).map(|g| spec.point(g)));
            let plane = |c: usize| &xs[c * in_vol..(c + 1) * in_vol];
            let mut c = 0;
            // The vector path: four channels per point, or three (the last
            // lane repeats the last channel, the copy dropped); one or two
            // left over go channel by channel, which reads less.
            while path.vector() && c + LANES - 1 <= ch {
                let planes: [&[f32]; LANES] = core::array::from_fn(|k| plane((c + k).min(ch - 1)));
                for (p, point) in points.iter().enumerate() {
                    let v = point.value::<F32x4>(&planes).to_array();
                    for (k, &v) in v.iter().enumerate().take(ch - c) {
                        ys[(c + k) * out_vol + start + p] = v;
                    }
                }
                c += LANES;
            }
            for c in c..ch {
                let plane = plane(c);
                for (v, point) in ys[c * out_vol + start..c * out_vol + start + points.len()].iter_mut().zip(points.iter()) {
                    *v = point.value::<f32>(&plane);
                }
            }
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests;
