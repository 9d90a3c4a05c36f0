//! Max, average and adaptive pooling over one to three spatial axes
//! (PyTorch's `max_pool*d`, `avg_pool*d`, `adaptive_{max,avg}_pool*d`).
//!
//! Every variant is the same walk: per-axis window tables built once per call
//! (sliding or adaptive windows), then, for each output position, a fold over
//! its window in row-major order. That is the order PyTorch's CPU kernels
//! visit a window in, so ties (first maximum wins), NaN (the last NaN wins)
//! and signed zeros come out as PyTorch's do.
//!
//! Layouts: a tensor is `planes` planes of `lane`-wide rows per spatial
//! position: NC* is `planes = N·C, lane = 1`; channels-last is `planes = N,
//! lane = C`, and the vector path then runs over the channels.
//!
//! With `lane = 1`, sliding windows fold a whole input row into a whole
//! output row, one kernel tap at a time (for output j, tap t reads
//! `j·stride + t·dilation − pad`): the per-output order stays row-major,
//! and the vector path loads four outputs' taps at once. The 2-wide,
//! stride-2 window (2x2 pooling) folds both taps in one pass.
//!
//! Lp pooling (`lp.rs`) and fractional max pooling (`fractional.rs`) are
//! the same walk with an elementwise pass around it, or with per-plane
//! window tables.

pub mod export;
mod fold;
mod fractional;
mod lanes;
pub mod lp;
mod rows;
#[cfg(test)]
mod tests;

use crate::error::{KernelError, KernelResult};
use crate::mem;
use crate::simd::Path;
use crate::threads;
use fold::{Fold, Max, Sum};
pub use fractional::{fractional_max, Placement};

/// One output position's window on one axis: positions `start, start + step, … < end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    /// Positions counting padding but not what hangs past it (count_include_pad).
    pub padded: usize,
}

/// A sliding window's geometry along one axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Taps {
    pub kernel: usize,
    pub stride: usize,
    pub pad: usize,
    pub dilation: usize,
}

/// The windows of one spatial axis, computed once per call.
pub struct Axis {
    pub in_len: usize,
    pub step: usize,
    pub windows: Vec<Window>,
    /// Set for sliding windows: lets rows be folded tap by tap.
    pub taps: Option<Taps>,
}

impl Axis {
    /// Sliding windows `i·stride − pad + t·dilation` for `t < kernel`, clipped
    /// to the input, with the same padding at both ends (PyTorch's).
    #[cfg(test)]
    pub fn sliding(in_len: usize, out_len: usize, kernel: usize, stride: usize, pad: usize, dilation: usize) -> KernelResult<Self> {
        Self::padded(in_len, out_len, Taps { kernel, stride, pad, dilation }, pad)
    }

    /// Sliding windows `i·stride − pad + t·dilation` for `t < kernel`, clipped
    /// to the input; `pad_end` only bounds what count_include_pad counts (the
    /// window clipped to `[−pad, in + pad_end)`, dilated positions only), so
    /// ONNX's asymmetric pads share PyTorch's walk. As in PyTorch, the first
    /// position moves right by whole dilations until it is inside, and with
    /// dilation a window may contain no input at all (its max is -inf, its
    /// index that first position).
    /// BadArgument for a zero kernel, stride or dilation, or a geometry whose
    /// extent does not fit in i32 (so no position arithmetic can overflow).
    pub fn padded(in_len: usize, out_len: usize, taps: Taps, pad_end: usize) -> KernelResult<Self> {
        let Taps { kernel, stride, pad, dilation } = taps;
        let fits = || {
            let extent = (kernel.checked_sub(1)?).checked_mul(dilation)?.checked_add(out_len.checked_mul(stride)?)?;
            extent.checked_add(pad.checked_add(pad_end)?)?.checked_add(in_len).filter(|&e| e <= i32::MAX as usize)
        };
        if stride == 0 || dilation == 0 || fits().is_none() {
            return Err(KernelError::BadArgument);
        }
        let (n, k, p, d) = (in_len as i64, kernel as i64, pad as i64, dilation as i64);
        let limit = n + pad_end as i64;
        let windows = mem::try_collect((0..out_len).map(|i| {
            let i = i as i64;
            let first = i.saturating_mul(stride as i64) - p;
            let last = first.saturating_add((k - 1).saturating_mul(d));
            let reach = last.min(limit - 1) - first;
            let padded = if reach < 0 { 0 } else { reach / d + 1 };
            let end = last.saturating_add(1).min(n);
            let start = if first < 0 { first + (-first + d - 1) / d * d } else { first };
            Window { start: start as usize, end: end.max(start) as usize, padded: padded as usize }
        }))?;
        Ok(Self { in_len, step: dilation, windows, taps: Some(taps) })
    }

    /// Adaptive windows `[⌊i·in/out⌋, ⌈(i+1)·in/out⌉)`, PyTorch's integer formulas.
    pub fn adaptive(in_len: usize, out_len: usize) -> KernelResult<Self> {
        // In u64: i·in overflows wasm32's usize for long axes.
        let (n, o) = (in_len as u64, out_len as u64);
        let windows = mem::try_collect((0..out_len).map(|i| {
            let i = i as u64;
            let start = (i * n / o) as usize;
            let end = ((i + 1) * n).div_ceil(o) as usize;
            Window { start, end, padded: end - start }
        }))?;
        Ok(Self { in_len, step: 1, windows, taps: None })
    }

    fn out_len(&self) -> usize {
        self.windows.len()
    }

    fn count(&self, w: &Window) -> usize {
        (w.end - w.start).div_ceil(self.step)
    }

    fn positions(&self, w: &Window) -> impl Iterator<Item = usize> {
        (w.start..w.end).step_by(self.step)
    }

    /// Every window is exactly `[2i, 2i + 2)`: the pairs fast path applies.
    fn is_pairs(&self) -> bool {
        self.step == 1 && self.windows.iter().enumerate().all(|(i, w)| w.start == 2 * i && w.end == 2 * i + 2)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Divisor {
    /// The elements actually inside the input (count_include_pad=False, adaptive).
    Real,
    /// The window clipped to `[-pad, in + pad)` (count_include_pad=True).
    Padded,
    /// divisor_override.
    Fixed(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Max,
    Avg(Divisor),
}

pub struct Spec {
    pub op: Op,
    pub planes: usize,
    pub lane: usize,
    /// Outermost first (D, H, W); unused leading axes are a single window [0, 1).
    pub axes: [Axis; 3],
}

/// `planes · lane · Π dims`, or None if it overflows.
pub fn volume(planes: usize, lane: usize, dims: impl IntoIterator<Item = usize>) -> Option<usize> {
    dims.into_iter().try_fold(planes.checked_mul(lane)?, |a, b| a.checked_mul(b))
}

impl Spec {
    /// Input elements, None if the count overflows.
    pub fn in_len(&self) -> Option<usize> {
        volume(self.planes, self.lane, self.axes.iter().map(|a| a.in_len))
    }
    pub fn out_len(&self) -> Option<usize> {
        volume(self.planes, self.lane, self.axes.iter().map(Axis::out_len))
    }

    /// Axis `k`'s factor of the average's divisor (unless divisor_override).
    fn factor(&self, k: usize, w: &Window) -> usize {
        match self.op {
            Op::Avg(Divisor::Padded) => w.padded,
            _ => self.axes[k].count(w),
        }
    }

    /// The product of the factors, or divisor_override. An empty window
    /// averages to 0, as in PyTorch, not 0/0.
    fn divisor(&self, product: usize) -> f32 {
        match self.op {
            Op::Avg(Divisor::Fixed(d)) => d as f32,
            _ => product.max(1) as f32,
        }
    }
}

/// Pools `x` into `out`; `indices` (max only) receives each maximum's flat
/// position within its plane's spatial axes.
pub fn pool(path: Path, x: &[f32], out: &mut [f32], indices: Option<&mut [i32]>, spec: &Spec) -> KernelResult {
    pool_path(path.vector(), x, out, indices, spec)
}

fn pool_path(vector: bool, x: &[f32], out: &mut [f32], indices: Option<&mut [i32]>, spec: &Spec) -> KernelResult {
    let indexed_avg = indices.is_some() && spec.op != Op::Max;
    if indexed_avg || spec.lane == 0 || spec.op == Op::Avg(Divisor::Fixed(0)) {
        return Err(KernelError::BadArgument);
    }
    let (Some(n_in), Some(n_out)) = (spec.in_len(), spec.out_len()) else {
        return Err(KernelError::BadBuffer);
    };
    if x.len() < n_in || out.len() < n_out || indices.as_ref().is_some_and(|ix| ix.len() < n_out) {
        return Err(KernelError::BadBuffer);
    }
    if spec.planes == 0 {
        return Ok(());
    }
    // The W windows' divisor factors, which the row path's averages share
    // (allocated before anything is written).
    let averages_rows = matches!(spec.op, Op::Avg(_)) && spec.lane == 1;
    let w_factors = if averages_rows { mem::try_collect(spec.axes[2].windows.iter().map(|w| spec.factor(2, w)))? } else { Vec::new() };
    // Both counts fit in usize, so every product below does too.
    let (in_plane, out_plane) = (n_in / spec.planes, n_out / spec.planes);
    let out = threads::Disjoint::new(out);
    let indices = indices.map(threads::Disjoint::new);
    threads::runs(spec.planes, n_in + n_out, &|planes, _| {
        for p in planes {
            let src = &x[p * in_plane..(p + 1) * in_plane];
            // SAFETY: each plane is written by the run that holds it.
            let dst = unsafe { &mut out.get()[p * out_plane..(p + 1) * out_plane] };
            let ix = indices.as_ref().map(|ix| unsafe { &mut ix.get()[p * out_plane..(p + 1) * out_plane] });
            match spec.op {
                Op::Max => plane::<Max>(vector, src, dst, ix, spec, &w_factors),
                Op::Avg(_) => plane::<Sum>(vector, src, dst, None, spec, &w_factors),
            }
        }
    });
    Ok(())
}

/// Turns each plane's indices (positions within its spatial axes, `dims`
/// outermost first) into ONNX's: offsets into the whole input, the plane's
/// offset added, with the spatial position in row-major order or, for
/// `column_major`, innermost axis slowest (MaxPool's storage_order 1).
pub fn whole_tensor_indices(ix: &mut [i32], planes: usize, dims: [usize; 3], column_major: bool) {
    let [d0, d1, d2] = dims;
    let plane_len = d0 * d1 * d2;
    let out_plane = (ix.len() / planes.max(1)).max(1);
    for (p, block) in ix.chunks_mut(out_plane).enumerate() {
        // The input fits in wasm32's memory, so its offsets fit in i32.
        let base = (p * plane_len) as i32;
        for i in block {
            let at = *i as usize;
            let local = if column_major { at / (d1 * d2) + d0 * (at / d2 % d1 + d1 * (at % d2)) } else { at };
            *i = base.wrapping_add(local as i32);
        }
    }
}

/// All output positions of one plane. `ix` only with `Max`; `w_factors`
/// only for averages on the row path.
fn plane<F: Fold>(vector: bool, src: &[f32], dst: &mut [f32], ix: Option<&mut [i32]>, spec: &Spec, w_factors: &[usize]) {
    if spec.lane == 1 {
        rows::rows::<F>(vector, src, dst, ix, spec, w_factors)
    } else {
        lanes::windows::<F>(vector, src, dst, ix, spec)
    }
}
