//! `conv1d/2d/3d` and `conv_transpose1d/2d/3d` (PyTorch semantics), plus a
//! convolution whose input is an upsampled tensor that is never materialised.
//!
//! Every rank runs as 3-D with unit leading axes. Both directions are written
//! in gather form, `out[o] = Σ_ci Σ_k w · src[i(o, k)]`:
//! - convolution: `i = o·S − P + k·D`;
//! - transposed convolution (the adjoint, `y = Cᵀx` for the matrix C of the convolution):
//!   `i = (o + P − k·D) / S` where that division is exact. Split by output
//!   phase `o mod S`, each phase is an ordinary stride-1 correlation over the
//!   taps that hit it, so no inserted zero is ever multiplied.
//!
//! `scalar` is the direct oracle; `simd128` runs the same sums (same order,
//! so the same bits) as a register-blocked GEMM over row tables.

pub mod export;
pub mod scalar;
pub mod simd128;
pub mod upsample;
pub mod winograd;

use crate::error::{KernelError, KernelResult};
use crate::pad::Mode;
use crate::simd::{F32x4, Path, LANES};

/// One spatial axis. `padding` is the padding at the start (PyTorch's
/// `padding`, the left half of `'same'`, ONNX's `pads` begin; negative
/// crops); the end padding is whatever `out_len` implies, so any output
/// length is a well-defined sum (ONNX's asymmetric pads, a transposed
/// convolution's output padding or cropped output). `mode` is what the
/// padding holds (nn.ConvNd's `padding_mode`; `Constant` is 'zeros'),
/// forward only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Axis {
    pub in_len: usize,
    pub out_len: usize,
    pub kernel: usize,
    pub stride: usize,
    pub padding: isize,
    pub dilation: usize,
    pub mode: Mode,
}

impl Axis {
    pub const UNIT: Axis = Axis { in_len: 1, out_len: 1, kernel: 1, stride: 1, padding: 0, dilation: 1, mode: Mode::Constant };

    /// The input index position `i` reads through the padding: none for a zero.
    #[inline]
    pub fn read(&self, i: isize) -> Option<usize> {
        self.mode.source(i, self.in_len)
    }

    /// Source index that tap `k` of output `o` reads, if any.
    #[inline]
    pub fn source(&self, o: usize, k: usize, transposed: bool) -> Option<usize> {
        let (o, k) = (o as isize, k as isize);
        let (s, p, d) = (self.stride as isize, self.padding, self.dilation as isize);
        let i = if transposed {
            let t = o + p - k * d;
            if t.rem_euclid(s) != 0 {
                return None;
            }
            t.div_euclid(s)
        } else {
            o * s - p + k * d
        };
        self.read(i)
    }
}

#[derive(Clone, Debug)]
pub struct Spec {
    pub transposed: bool,
    pub batch: usize,
    pub in_channels: usize,
    pub out_channels: usize,
    pub groups: usize,
    /// D, H, W; lower ranks use `Axis::UNIT` in front.
    pub axes: [Axis; 3],
}

impl Spec {
    pub fn cin_g(&self) -> usize {
        self.in_channels / self.groups
    }
    pub fn cout_g(&self) -> usize {
        self.out_channels / self.groups
    }
    pub fn taps(&self) -> usize {
        self.axes.iter().map(|a| a.kernel).product()
    }
    pub fn in_len(&self) -> usize {
        self.batch * self.in_channels * self.axes.iter().map(|a| a.in_len).product::<usize>()
    }
    pub fn out_len(&self) -> usize {
        self.batch * self.out_channels * self.axes.iter().map(|a| a.out_len).product::<usize>()
    }
    /// Multiply-adds of the whole call (a transposed one's, as if every tap landed).
    pub fn macs(&self) -> usize {
        self.out_len().saturating_mul(self.cin_g() * self.taps())
    }
    pub fn weight_len(&self) -> usize {
        self.out_channels * self.cin_g() * self.taps()
    }

    /// Index into the weight of (group g, local output channel co, local
    /// input channel ci, flat tap t): [Cout, Cin/g, *k] forward,
    /// [Cin, Cout/g, *k] transposed.
    #[inline]
    pub fn weight_index(&self, g: usize, co: usize, ci: usize, t: usize) -> usize {
        let (cin_g, cout_g) = (self.cin_g(), self.cout_g());
        let row = if self.transposed { (g * cin_g + ci) * cout_g + co } else { (g * cout_g + co) * cin_g + ci };
        row * self.taps() + t
    }

    /// What the kernels rely on; TS has already reported anything else by name.
    /// Also that every position and element count fits (isize, usize), so
    /// no index arithmetic in the kernels, or `in_len()` and friends, wraps.
    pub fn check(&self) -> KernelResult {
        let axes_ok = self.axes.iter().all(|a| {
            (a.mode == Mode::Constant || !self.transposed)
                && a.in_len > 0
                && a.out_len > 0
                && a.kernel > 0
                && a.stride > 0
                && a.dilation > 0
                && positions_fit(a, self.transposed)
        });
        let channels_ok = self.groups > 0
            && self.in_channels > 0
            && self.out_channels > 0
            && self.in_channels.is_multiple_of(self.groups)
            && self.out_channels.is_multiple_of(self.groups);
        let product = |v: &[usize]| v.iter().try_fold(1usize, |a, &b| a.checked_mul(b));
        let [d, h, w] = self.axes;
        let counts_ok = [
            [self.batch, self.in_channels, d.in_len, h.in_len, w.in_len],
            [self.batch, self.out_channels, d.out_len, h.out_len, w.out_len],
            [self.out_channels, self.in_channels / self.groups.max(1), d.kernel, h.kernel, w.kernel],
        ]
        .iter()
        .all(|v| product(v).is_some());
        (axes_ok && channels_ok && counts_ok && self.batch > 0).then_some(()).ok_or(KernelError::BadArgument)
    }
}

/// Whether every source or output position the kernels compute on this
/// axis fits in isize (forward: output o reads from o·S − P; transposed:
/// from (o + P)/S), so no index arithmetic wraps.
fn positions_fit(a: &Axis, transposed: bool) -> bool {
    let extent = || {
        let span = a.dilation.checked_mul(a.kernel - 1)?;
        let reach = if transposed { a.out_len } else { a.out_len.checked_mul(a.stride)? };
        reach.checked_add(a.in_len)?.checked_add(span)?.checked_add(a.padding.unsigned_abs().checked_mul(2)?)
    };
    extent().is_some_and(|e| e <= isize::MAX as usize)
}

/// Where the convolution reads its input rows: the tensor itself, or rows
/// of an upsampled tensor computed on demand.
pub trait Source: Sync {
    /// Logical length of the source's W axis.
    fn width(&self) -> usize;
    /// The floats of scratch `row` needs, which callers reserve up front.
    fn scratch_len(&self) -> usize;
    /// Row (n, c, d, h) of the logical input; `tmp` is scratch it may use,
    /// with room for `scratch_len()` floats.
    fn row<'a>(&'a self, n: usize, c: usize, d: usize, h: usize, tmp: &'a mut Vec<f32>) -> &'a [f32];
}

/// The input tensor as it is: rows are slices of it.
pub struct Dense<'a> {
    pub x: &'a [f32],
    pub channels: usize,
    pub dims: [usize; 3],
}

impl Source for Dense<'_> {
    fn width(&self) -> usize {
        self.dims[2]
    }
    fn scratch_len(&self) -> usize {
        0
    }
    #[inline]
    fn row<'a>(&'a self, n: usize, c: usize, d: usize, h: usize, _tmp: &'a mut Vec<f32>) -> &'a [f32] {
        let [dd, hh, ww] = self.dims;
        let at = (((n * self.channels + c) * dd + d) * hh + h) * ww;
        &self.x[at..at + ww]
    }
}

/// Convolution or transposed convolution of a dense input.
pub fn conv(path: Path, x: &[f32], w: &[f32], bias: Option<&[f32]>, out: &mut [f32], spec: &Spec) -> KernelResult {
    check_buffers(spec, spec.axes[2].in_len, w, bias, out)?;
    if x.len() < spec.in_len() {
        return Err(KernelError::BadBuffer);
    }
    // Winograd's transforms add and subtract inputs, and weights: with an
    // infinite one, inf − inf is NaN where the direct sum is ±inf.
    if path.vector() && winograd::applies(spec) && all_finite(&w[..spec.weight_len()]) && all_finite(&x[..spec.in_len()]) {
        return winograd::run(x, w, bias, out, spec);
    }
    let dims = spec.axes.map(|a| a.in_len);
    run(path, &Dense { x, channels: spec.in_channels, dims }, w, bias, out, spec)
}

/// `conv` on channels-last `x` and `out` ([N, *spatial, C]): through
/// channels-first copies of both, so every path (Winograd included) runs
/// unchanged, for two transposes and the scratch of one input and one output.
pub fn conv_channels_last(path: Path, x: &[f32], w: &[f32], bias: Option<&[f32]>, out: &mut [f32], spec: &Spec) -> KernelResult {
    spec.check()?;
    if x.len() < spec.in_len() || out.len() < spec.out_len() {
        return Err(KernelError::BadBuffer);
    }
    let mut first = crate::mem::try_filled(spec.in_len(), 0.0)?;
    let mut result = crate::mem::try_filled(spec.out_len(), 0.0)?;
    let spatial = |len: fn(&Axis) -> usize| spec.axes.iter().map(len).product::<usize>();
    transpose(&x[..spec.in_len()], &mut first, spatial(|a| a.in_len), spec.in_channels);
    conv(path, &first, w, bias, &mut result, spec)?;
    transpose(&result, &mut out[..spec.out_len()], spec.out_channels, spatial(|a| a.out_len));
    Ok(())
}

/// `dst[b][j][i] = src[b][i][j]` for blocks of `rows × cols`, 16x16 tiles
/// (cache-sized) at a time: 4x4 register transposes inside, single
/// elements along the edges.
#[inline(never)]
pub(crate) fn transpose(src: &[f32], dst: &mut [f32], rows: usize, cols: usize) {
    const TILE: usize = 16;
    for (s, d) in src.chunks_exact(rows * cols).zip(dst.chunks_exact_mut(rows * cols)) {
        for i0 in (0..rows).step_by(TILE) {
            for j0 in (0..cols).step_by(TILE) {
                let (i1, j1) = ((i0 + TILE).min(rows), (j0 + TILE).min(cols));
                for i in (i0..i1).step_by(LANES) {
                    for j in (j0..j1).step_by(LANES) {
                        if i + LANES <= i1 && j + LANES <= j1 {
                            let quad = F32x4::transpose(core::array::from_fn(|k| F32x4::load(&s[(i + k) * cols + j..])));
                            quad.iter().enumerate().for_each(|(k, v)| v.store(&mut d[(j + k) * rows + i..]));
                            continue;
                        }
                        for ii in i..(i + LANES).min(i1) {
                            for jj in j..(j + LANES).min(j1) {
                                d[jj * rows + ii] = s[ii * cols + jj];
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Any source: checks the buffers against the spec, then dispatches. The
/// vector path multiplies padding (and, transposed, the taps past the
/// input's edges) as exact zeros, which adds nothing unless a weight is
/// infinite or NaN: 0·inf is NaN where the scalar path skips the tap. So
/// such weights take the scalar path (one pass over the weights decides).
pub fn run(path: Path, src: &dyn Source, w: &[f32], bias: Option<&[f32]>, out: &mut [f32], spec: &Spec) -> KernelResult {
    check_buffers(spec, src.width(), w, bias, out)?;
    if path.vector() && all_finite(&w[..spec.weight_len()]) {
        simd128::run(src, w, bias, out, spec)
    } else {
        scalar::run(src, w, bias, out, spec)
    }
}

/// No infinity or NaN in `v`: x·0 is 0 for finite x and NaN otherwise, and
/// a NaN survives the sum (a vector loop, cheap next to any convolution).
fn all_finite(v: &[f32]) -> bool {
    let chunks = v.chunks_exact(LANES);
    let tail = chunks.remainder();
    let zero = F32x4::splat(0.0);
    let sum = chunks.fold(zero, |acc, c| acc.add(F32x4::load(c).mul(zero)));
    sum.to_array().iter().chain(tail).all(|x| x.is_finite())
}

fn check_buffers(spec: &Spec, width: usize, w: &[f32], bias: Option<&[f32]>, out: &[f32]) -> KernelResult {
    spec.check()?;
    if width != spec.axes[2].in_len {
        return Err(KernelError::BadArgument);
    }
    let short = w.len() < spec.weight_len() || out.len() < spec.out_len() || bias.is_some_and(|b| b.len() < spec.out_channels);
    if short {
        return Err(KernelError::BadBuffer);
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests;
