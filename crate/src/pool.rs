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

use crate::error::{KernelError, KernelResult};
use crate::mem;
use crate::simd::{F32x4, I32x4, Path, LANES};

/// One output position's window on one axis: positions `start, start + step, … < end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    /// Length counting padding but not what hangs past it (count_include_pad).
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
    /// to the input. As in PyTorch, the first position moves right by whole
    /// dilations until it is inside, and with dilation a window may contain no
    /// input at all (its max is -inf, its index that first position).
    /// BadArgument for a zero kernel, stride or dilation, or a geometry whose
    /// extent does not fit in i32 (so no position arithmetic can overflow).
    pub fn sliding(in_len: usize, out_len: usize, kernel: usize, stride: usize, pad: usize, dilation: usize) -> KernelResult<Self> {
        let fits = || {
            let extent = (kernel.checked_sub(1)?).checked_mul(dilation)?.checked_add(out_len.checked_mul(stride)?)?;
            extent.checked_add(pad.checked_mul(2)?)?.checked_add(in_len).filter(|&e| e <= i32::MAX as usize)
        };
        if stride == 0 || dilation == 0 || fits().is_none() {
            return Err(KernelError::BadArgument);
        }
        let (n, k, p, d) = (in_len as i64, kernel as i64, pad as i64, dilation as i64);
        let windows = mem::try_collect((0..out_len).map(|i| {
            let i = i as i64;
            let first = i.saturating_mul(stride as i64) - p;
            let padded = (first.saturating_add(k).min(n + p) - first).max(0);
            let end = first.saturating_add((k - 1).saturating_mul(d)).saturating_add(1).min(n);
            let start = if first < 0 { first + (-first + d - 1) / d * d } else { first };
            Window { start: start as usize, end: end.max(start) as usize, padded: padded as usize }
        }))?;
        Ok(Self { in_len, step: dilation, windows, taps: Some(Taps { kernel, stride, pad, dilation }) })
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

fn pool_path(vector: bool, x: &[f32], out: &mut [f32], mut indices: Option<&mut [i32]>, spec: &Spec) -> KernelResult {
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
    for p in 0..spec.planes {
        let src = &x[p * in_plane..(p + 1) * in_plane];
        let dst = &mut out[p * out_plane..(p + 1) * out_plane];
        let ix = indices.as_deref_mut().map(|ix| &mut ix[p * out_plane..(p + 1) * out_plane]);
        match spec.op {
            Op::Max => plane::<Max>(vector, src, dst, ix, spec, &w_factors),
            Op::Avg(_) => plane::<Sum>(vector, src, dst, None, spec, &w_factors),
        }
    }
    Ok(())
}

/// What a window folds with: PyTorch's running max, or a sum (then divided).
trait Fold {
    const START: f32;
    const AVERAGES: bool;
    fn scalar(acc: f32, v: f32) -> f32;
    fn vector(acc: F32x4, v: F32x4) -> F32x4;
}

struct Max;
struct Sum;

impl Fold for Max {
    const START: f32 = f32::NEG_INFINITY;
    const AVERAGES: bool = false;
    #[inline(always)]
    fn scalar(acc: f32, v: f32) -> f32 {
        if v > acc || v.is_nan() {
            v
        } else {
            acc
        }
    }
    #[inline(always)]
    fn vector(acc: F32x4, v: F32x4) -> F32x4 {
        acc.running_max(v)
    }
}

impl Fold for Sum {
    // PyTorch sums from 0, so a window of -0 averages to +0.
    const START: f32 = 0.0;
    const AVERAGES: bool = true;
    #[inline(always)]
    fn scalar(acc: f32, v: f32) -> f32 {
        acc + v
    }
    #[inline(always)]
    fn vector(acc: F32x4, v: F32x4) -> F32x4 {
        acc.add(v)
    }
}

/// PyTorch's max update, with the position of the winner.
#[inline(always)]
fn take_max(m: &mut f32, at: &mut i32, v: f32, pos: usize) {
    if v > *m || v.is_nan() {
        *m = v;
        *at = pos as i32;
    }
}

/// All output positions of one plane. `ix` only with `Max`; `w_factors`
/// only for averages on the row path.
fn plane<F: Fold>(vector: bool, src: &[f32], dst: &mut [f32], ix: Option<&mut [i32]>, spec: &Spec, w_factors: &[usize]) {
    if spec.lane == 1 {
        rows::<F>(vector, src, dst, ix, spec, w_factors)
    } else {
        windows::<F>(vector, src, dst, ix, spec)
    }
}

/// `lane = 1`: every input row of a window row is folded into the whole
/// output row (tap by tap for sliding windows, window by window for adaptive ones).
fn rows<F: Fold>(vector: bool, src: &[f32], dst: &mut [f32], mut ix: Option<&mut [i32]>, spec: &Spec, w_factors: &[usize]) {
    let [a0, a1, a2] = &spec.axes;
    let (w_in, h_in, n) = (a2.in_len, a1.in_len, a2.out_len());
    let pairs = a2.is_pairs();
    let mut o = 0;
    for w0 in &a0.windows {
        for w1 in &a1.windows {
            let acc = &mut dst[o..o + n];
            acc.fill(F::START);
            let mut at = ix.as_deref_mut().map(|ix| &mut ix[o..o + n]);
            if let Some(at) = at.as_deref_mut() {
                // PyTorch's initial index is the window's first position, even
                // when the window holds nothing (then it may lie past the input).
                let first = (w0.start * h_in + w1.start) * w_in;
                for (a, w2) in at.iter_mut().zip(&a2.windows) {
                    *a = (first + w2.start) as i32;
                }
            }
            for d in a0.positions(w0) {
                for h in a1.positions(w1) {
                    let base = (d * h_in + h) * w_in;
                    let line = &src[base..base + w_in];
                    match (at.as_deref_mut(), a2.taps) {
                        (Some(at), _) if pairs => fold_pairs_indexed(vector, acc, at, line, base),
                        (Some(at), _) => fold_windows_indexed(acc, at, line, base, a2),
                        (None, _) if pairs => fold_pairs::<F>(vector, acc, line),
                        (None, Some(taps)) => fold_taps::<F>(vector, acc, line, taps),
                        (None, None) => fold_windows::<F>(acc, line, a2),
                    }
                }
            }
            if F::AVERAGES {
                let outer = spec.factor(0, w0) * spec.factor(1, w1);
                for (a, f) in acc.iter_mut().zip(w_factors) {
                    *a /= spec.divisor(outer * f);
                }
            }
            o += n;
        }
    }
}

/// The outputs `lo..hi` (of `outputs`) whose tap `k`, at `j·stride +
/// k·dilation − pad`, lies inside a line of `len`.
#[inline(always)]
fn tap_range(t: Taps, k: usize, len: usize, outputs: usize) -> (usize, usize) {
    let off = (k * t.dilation) as isize - t.pad as isize;
    let lo = if off < 0 { off.unsigned_abs().div_ceil(t.stride) } else { 0 };
    let room = len as isize - off;
    let hi = if room > 0 { (room as usize).div_ceil(t.stride) } else { 0 };
    let lo = lo.min(outputs);
    (lo, hi.min(outputs).max(lo))
}

/// `acc[j] = fold(acc[j], line[j·stride + t·dilation − pad])` for each tap t
/// in order. Outputs whose taps all lie inside the line go four at a time,
/// all taps per load of `acc`; those at the edges (padding, ceil overhang)
/// one at a time, skipping the taps outside.
fn fold_taps<F: Fold>(vector: bool, acc: &mut [f32], line: &[f32], t: Taps) {
    let (n, len, s) = (acc.len(), line.len(), t.stride);
    let lo = tap_range(t, 0, len, n).0;
    let hi = tap_range(t, t.kernel - 1, len, n).1.max(lo);
    let last = (t.kernel - 1) * t.dilation;
    // A block's loads reach one element past its last tap for s = 2 (deinterleave).
    let reach = if s == 2 { 2 } else { 1 };
    let fits = |j: usize| j + LANES <= hi && (j + LANES - 1) * s + last + reach <= len + t.pad;
    let mut j = lo;
    while vector && fits(j) {
        let mut a = F32x4::load(&acc[j..]);
        for k in 0..t.kernel {
            let at = j * s + k * t.dilation - t.pad;
            let v = match s {
                1 => F32x4::load(&line[at..]),
                2 => F32x4::deinterleave(F32x4::load(&line[at..]), F32x4::load(&line[at + LANES..])).0,
                _ => F32x4::new(line[at], line[at + s], line[at + 2 * s], line[at + 3 * s]),
            };
            a = F::vector(a, v);
        }
        a.store(&mut acc[j..]);
        j += LANES;
    }
    for j in (0..lo).chain(j..n) {
        for k in 0..t.kernel {
            let at = (j * s + k * t.dilation).wrapping_sub(t.pad);
            if at < len {
                acc[j] = F::scalar(acc[j], line[at]);
            }
        }
    }
}

/// `acc[j] = fold(acc[j], line[p])` for the positions p of window j.
fn fold_windows<F: Fold>(acc: &mut [f32], line: &[f32], a: &Axis) {
    for (m, w) in acc.iter_mut().zip(&a.windows) {
        *m = line[w.start..w.end].iter().step_by(a.step).fold(*m, |m, &v| F::scalar(m, v));
    }
}

/// The max and its position (`base` + position in the line) per window.
fn fold_windows_indexed(acc: &mut [f32], at: &mut [i32], line: &[f32], base: usize, a: &Axis) {
    for ((m, i), w) in acc.iter_mut().zip(at.iter_mut()).zip(&a.windows) {
        for p in a.positions(w) {
            take_max(m, i, line[p], base + p);
        }
    }
}

/// `acc[j] = fold(fold(acc[j], row[2j]), row[2j+1])`: one input row into a
/// row of 2-wide windows, four outputs per step.
#[inline(always)]
fn fold_pairs<F: Fold>(vector: bool, acc: &mut [f32], row: &[f32]) {
    let n = acc.len();
    let body = if vector { n - n % LANES } else { 0 };
    // Exact chunks let the compiler drop the bounds checks from the loop.
    for (a, x) in acc[..body].chunks_exact_mut(LANES).zip(row.chunks_exact(2 * LANES)) {
        let (even, odd) = F32x4::deinterleave(F32x4::load(x), F32x4::load(&x[LANES..]));
        F::vector(F::vector(F32x4::load(a), even), odd).store(a);
    }
    for j in body..n {
        acc[j] = F::scalar(F::scalar(acc[j], row[2 * j]), row[2 * j + 1]);
    }
}

/// `fold_pairs` for the max, with the position of each winner.
fn fold_pairs_indexed(vector: bool, acc: &mut [f32], at: &mut [i32], row: &[f32], base: usize) {
    let n = acc.len();
    let body = if vector { n - n % LANES } else { 0 };
    let (one, eight) = (I32x4::splat(1), I32x4::splat(2 * LANES as i32));
    let mut pos = I32x4::splat(base as i32).add(I32x4::new(0, 2, 4, 6));
    let blocks = acc[..body].chunks_exact_mut(LANES).zip(at[..body].chunks_exact_mut(LANES)).zip(row.chunks_exact(2 * LANES));
    for ((m, a), x) in blocks {
        let (even, odd) = F32x4::deinterleave(F32x4::load(x), F32x4::load(&x[LANES..]));
        let (v, i) = F32x4::load(m).running_max_at(I32x4::load(a), even, pos);
        let (v, i) = v.running_max_at(i, odd, pos.add(one));
        v.store(m);
        i.store(a);
        pos = pos.add(eight);
    }
    for j in body..n {
        take_max(&mut acc[j], &mut at[j], row[2 * j], base + 2 * j);
        take_max(&mut acc[j], &mut at[j], row[2 * j + 1], base + 2 * j + 1);
    }
}

/// `lane > 1` (channels-last), one output position at a time: the `lane`
/// channels are the vector lanes.
fn windows<F: Fold>(vector: bool, src: &[f32], dst: &mut [f32], mut ix: Option<&mut [i32]>, spec: &Spec) {
    let [a0, a1, a2] = &spec.axes;
    let lane = spec.lane;
    let (w_in, h_in) = (a2.in_len, a1.in_len);
    let mut o = 0;
    for w0 in &a0.windows {
        for w1 in &a1.windows {
            for w2 in &a2.windows {
                let acc = &mut dst[o..o + lane];
                acc.fill(F::START);
                let mut at = ix.as_deref_mut().map(|ix| &mut ix[o..o + lane]);
                if let Some(at) = at.as_deref_mut() {
                    at.fill(((w0.start * h_in + w1.start) * w_in + w2.start) as i32);
                }
                for d in a0.positions(w0) {
                    for h in a1.positions(w1) {
                        for w in a2.positions(w2) {
                            let pos = (d * h_in + h) * w_in + w;
                            let row = &src[pos * lane..(pos + 1) * lane];
                            match at.as_deref_mut() {
                                Some(at) => fold_row_indexed(vector, acc, at, row, pos),
                                None => fold_row::<F>(vector, acc, row),
                            }
                        }
                    }
                }
                if F::AVERAGES {
                    scale(vector, acc, spec.divisor(spec.factor(0, w0) * spec.factor(1, w1) * spec.factor(2, w2)));
                }
                o += lane;
            }
        }
    }
}

/// `acc[i] = fold(acc[i], row[i])`: one window element for `lane` outputs.
#[inline(always)]
fn fold_row<F: Fold>(vector: bool, acc: &mut [f32], row: &[f32]) {
    let n = acc.len();
    let body = if vector { n - n % LANES } else { 0 };
    for (a, r) in acc[..body].chunks_exact_mut(LANES).zip(row.chunks_exact(LANES)) {
        F::vector(F32x4::load(a), F32x4::load(r)).store(a);
    }
    for i in body..n {
        acc[i] = F::scalar(acc[i], row[i]);
    }
}

/// `fold_row` for the max, every lane's winner at `pos`.
#[inline(always)]
fn fold_row_indexed(vector: bool, acc: &mut [f32], at: &mut [i32], row: &[f32], pos: usize) {
    let n = acc.len();
    let body = if vector { n - n % LANES } else { 0 };
    let p = I32x4::splat(pos as i32);
    for ((m, a), r) in acc[..body].chunks_exact_mut(LANES).zip(at[..body].chunks_exact_mut(LANES)).zip(row.chunks_exact(LANES)) {
        let (v, i) = F32x4::load(m).running_max_at(I32x4::load(a), F32x4::load(r), p);
        v.store(m);
        i.store(a);
    }
    for i in body..n {
        take_max(&mut acc[i], &mut at[i], row[i], pos);
    }
}

/// `acc /= divisor`, divided (not multiplied by a reciprocal) as PyTorch does.
fn scale(vector: bool, acc: &mut [f32], divisor: f32) {
    let n = acc.len();
    let body = if vector { n - n % LANES } else { 0 };
    let v = F32x4::splat(divisor);
    for i in (0..body).step_by(LANES) {
        F32x4::load(&acc[i..]).div(v).store(&mut acc[i..]);
    }
    for a in &mut acc[body..] {
        *a /= divisor;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trivial() -> Axis {
        Axis::sliding(1, 1, 1, 1, 0, 1).unwrap()
    }

    fn spec2(op: Op, lane: usize, h: Axis, w: Axis) -> Spec {
        Spec { op, planes: 1, lane, axes: [trivial(), h, w] }
    }

    fn bits(v: &[f32]) -> Vec<u32> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    #[test]
    fn sliding_windows_follow_pytorch() {
        // 9, k=4, s=4, p=2 in ceil mode has 3 outputs; the last window is
        // clipped by the input, its padded length by the right padding.
        let a = Axis::sliding(9, 3, 4, 4, 2, 1).unwrap();
        let w: Vec<_> = a.windows.iter().map(|w| (w.start, w.end, w.padded)).collect();
        assert_eq!(w, [(0, 2, 4), (2, 6, 4), (6, 9, 4)]);
        // Dilation 3 with padding 1 on length 2: positions -1 and 2, none inside.
        let e = Axis::sliding(2, 1, 2, 1, 1, 3).unwrap();
        assert_eq!(e.count(&e.windows[0]), 0);
        assert_eq!(e.windows[0].start, 2);
        assert_eq!(Axis::sliding(4, 2, 2, 0, 0, 1).err(), Some(KernelError::BadArgument));
        assert_eq!(Axis::sliding(4, 2, 2, 2, 0, 1 << 31).err(), Some(KernelError::BadArgument));
        assert_eq!(Axis::sliding(4, 1 << 30, 2, 4, 0, 1).err(), Some(KernelError::BadArgument));
        assert_eq!(Axis::sliding(4, 2, 0, 2, 0, 1).err(), Some(KernelError::BadArgument));
    }

    #[test]
    fn window_tables_that_cannot_be_allocated_are_out_of_memory() {
        assert!(matches!(Axis::adaptive(1, usize::MAX / 8), Err(KernelError::OutOfMemory { .. })));
    }

    #[test]
    fn adaptive_windows_overlap_when_uneven() {
        let a = Axis::adaptive(5, 3).unwrap();
        let w: Vec<_> = a.windows.iter().map(|w| (w.start, w.end)).collect();
        assert_eq!(w, [(0, 2), (1, 4), (3, 5)]);
        // i·in exceeds 2^32 here; the windows still tile the axis.
        let long = Axis::adaptive(3_000_000_000, 3).unwrap();
        assert_eq!(long.windows[2], Window { start: 2_000_000_000, end: 3_000_000_000, padded: 1_000_000_000 });
    }

    #[test]
    fn max_ties_nan_and_signed_zero_follow_pytorch() {
        let x = [1.0, f32::NAN, 3.0, f32::NAN, -0.0, 0.0, 2.0, 5.0];
        let spec = spec2(Op::Max, 1, trivial(), Axis::sliding(8, 2, 4, 4, 0, 1).unwrap());
        let (mut out, mut ix) = ([0.0; 2], [0; 2]);
        pool(crate::simd::Path::Vector, &x, &mut out, Some(&mut ix), &spec).unwrap();
        assert!(out[0].is_nan());
        assert_eq!(ix, [3, 7]);
        let spec = spec2(Op::Max, 1, trivial(), Axis::sliding(8, 4, 2, 2, 0, 1).unwrap());
        for vector in [false, true] {
            let mut out = [0.0; 4];
            pool_path(vector, &x, &mut out, None, &spec).unwrap();
            assert_eq!(out[2].to_bits(), (-0.0f32).to_bits());
        }
        // A window of -inf only: the index is its first element (padding skipped).
        let x = [f32::NEG_INFINITY; 4];
        let spec = spec2(Op::Max, 1, trivial(), Axis::sliding(4, 3, 2, 2, 1, 1).unwrap());
        for vector in [false, true] {
            let (mut out, mut ix) = ([0.0; 3], [-1; 3]);
            pool_path(vector, &x, &mut out, Some(&mut ix), &spec).unwrap();
            assert_eq!(ix, [0, 1, 3]);
        }
    }

    #[test]
    fn avg_divisors() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let axis = || Axis::sliding(5, 3, 3, 2, 1, 1).unwrap();
        let run = |d| {
            let mut out = [0.0; 3];
            pool(crate::simd::Path::Vector, &x, &mut out, None, &spec2(Op::Avg(d), 1, trivial(), axis())).unwrap();
            out
        };
        assert_eq!(run(Divisor::Real), [1.5, 3.0, 4.5]);
        assert_eq!(run(Divisor::Padded), [1.0, 3.0, 3.0]);
        assert_eq!(run(Divisor::Fixed(2)), [1.5, 4.5, 4.5]);
    }

    /// W-axis geometries (kernel, stride, pad, dilation) covering the pairs
    /// path, contiguous, deinterleaved and gathered taps, padding and ceil overhang.
    const W_TAPS: [(usize, usize, usize, usize); 6] = [(2, 2, 0, 1), (3, 1, 1, 1), (3, 2, 1, 1), (2, 3, 1, 2), (4, 3, 2, 1), (1, 1, 0, 1)];

    fn w_axis(w: usize, (k, s, p, d): (usize, usize, usize, usize)) -> Axis {
        // The ceil-mode length: the last window may hang past the input.
        let mut out = (w + 2 * p - d * (k - 1) - 1 + s - 1) / s + 1;
        if (out - 1) * s >= w + p {
            out -= 1;
        }
        Axis::sliding(w, out, k, s, p, d).unwrap()
    }

    /// Vector and scalar paths agree bit for bit over every tail length, on
    /// the row path (lane 1) and the channels-last path (lane > 1).
    #[test]
    fn vector_path_matches_scalar_for_every_tail() {
        for op in [Op::Max, Op::Avg(Divisor::Real), Op::Avg(Divisor::Padded)] {
            for taps in W_TAPS {
                for n in 1..=17 {
                    for lane in [1, 2, 3, 4, 5, 7, 8, 17] {
                        let (h, w) = (5, 2 * n + 1);
                        let x: Vec<f32> = (0..h * w * lane).map(|i| ((i * 7 % 13) as f32 * 0.37).sin()).collect();
                        let spec = spec2(op, lane, Axis::sliding(h, 2, 3, 2, 1, 1).unwrap(), w_axis(w, taps));
                        let n = spec.out_len().unwrap();
                        let (mut a, mut b) = (vec![f32::NAN; n], vec![f32::NAN; n]);
                        pool_path(false, &x, &mut a, None, &spec).unwrap();
                        pool_path(true, &x, &mut b, None, &spec).unwrap();
                        assert!(a.iter().all(|v| v.is_finite()));
                        assert_eq!(bits(&a), bits(&b));
                        if op == Op::Max {
                            let (mut ia, mut ib) = (vec![-1; n], vec![-1; n]);
                            pool_path(false, &x, &mut a, Some(&mut ia), &spec).unwrap();
                            pool_path(true, &x, &mut b, Some(&mut ib), &spec).unwrap();
                            assert_eq!(bits(&a), bits(&b));
                            assert_eq!(ia, ib);
                        }
                    }
                }
            }
        }
    }

    /// The row path (channels first) and the per-position walk (channels
    /// last, the same data transposed) must give the same bits and indices.
    #[test]
    fn row_path_equals_the_per_position_walk() {
        let (c, h) = (3, 5);
        for w in [1, 2, 9, 14] {
            let x: Vec<f32> = (0..c * h * w).map(|i| ((i % 7) as f32 * 1.3).cos()).collect();
            let xl: Vec<f32> = (0..h * w * c).map(|i| x[(i % c) * h * w + i / c]).collect();
            let sliding = W_TAPS.into_iter().filter(|&(k, _, p, d)| (k - 1) * d + 1 <= w + 2 * p).map(Some);
            // None: adaptive windows (3 outputs, and w + 2 overlapping ones).
            for taps in sliding.chain([None, None]).enumerate() {
                for op in [Op::Max, Op::Avg(Divisor::Real), Op::Avg(Divisor::Padded)] {
                    for vector in [false, true] {
                        let w_axis = || match taps {
                            (_, Some(t)) => w_axis(w, t),
                            (i, None) => Axis::adaptive(w, if i % 2 == 0 { 3 } else { w + 2 }).unwrap(),
                        };
                        let axes = || [trivial(), Axis::sliding(h, 3, 2, 2, 1, 1).unwrap(), w_axis()];
                        let first = Spec { op, planes: c, lane: 1, axes: axes() };
                        let last = Spec { op, planes: 1, lane: c, axes: axes() };
                        let n = first.out_len().unwrap();
                        let (mut a, mut b) = (vec![f32::NAN; n], vec![f32::NAN; n]);
                        let (mut ia, mut ib) = (vec![-1; n], vec![-1; n]);
                        let indexed = op == Op::Max;
                        pool_path(vector, &x, &mut a, indexed.then_some(&mut ia[..]), &first).unwrap();
                        pool_path(vector, &xl, &mut b, indexed.then_some(&mut ib[..]), &last).unwrap();
                        let m = n / c;
                        for i in 0..n {
                            assert_eq!(b[i].to_bits(), a[(i % c) * m + i / c].to_bits(), "{taps:?} {op:?} w={w}");
                            assert_eq!(ib[i], ia[(i % c) * m + i / c]);
                        }
                    }
                }
            }
        }
    }

    /// Every small 1-D geometry (lengths 1-9, kernels 1-5, strides 1-3,
    /// dilations 1-2, any legal padding, floor and ceil): the row path with
    /// both vector settings equals the per-position walk, indices included.
    #[test]
    fn row_path_covers_every_small_geometry() {
        let lane = 2;
        for w in 1..=9 {
            let x: Vec<f32> = (0..w).map(|i| ((i * 5 % 7) as f32).sin()).collect();
            let xl: Vec<f32> = x.iter().flat_map(|&v| [v; 2]).collect();
            for (k, s, d) in (1..=5).flat_map(|k| (1..=3).flat_map(move |s| (1..=2).map(move |d| (k, s, d)))) {
                for p in 0..=((k - 1) * d + 1) / 2 {
                    for ceil in [false, true] {
                        let span = (w + 2 * p) as isize - (d * (k - 1) + 1) as isize;
                        let mut out = (span + if ceil { s as isize - 1 } else { 0 }).div_euclid(s as isize) + 1;
                        if ceil && (out - 1) * s as isize >= (w + p) as isize {
                            out -= 1;
                        }
                        if out < 1 {
                            continue;
                        }
                        let axis = || Axis::sliding(w, out as usize, k, s, p, d).unwrap();
                        for op in [Op::Max, Op::Avg(Divisor::Padded)] {
                            let indexed = op == Op::Max;
                            let n = out as usize;
                            let last = spec2(op, lane, trivial(), axis());
                            let (mut b, mut ib) = (vec![f32::NAN; n * lane], vec![-1; n * lane]);
                            pool_path(false, &xl, &mut b, indexed.then_some(&mut ib[..]), &last).unwrap();
                            for vector in [false, true] {
                                let first = spec2(op, 1, trivial(), axis());
                                let (mut a, mut ia) = (vec![f32::NAN; n], vec![-1; n]);
                                pool_path(vector, &x, &mut a, None, &first).unwrap();
                                if indexed {
                                    pool_path(vector, &x, &mut vec![0.0; n], Some(&mut ia[..]), &first).unwrap();
                                }
                                for j in 0..n {
                                    assert_eq!(a[j].to_bits(), b[j * lane].to_bits(), "w={w} k={k} s={s} d={d} p={p} ceil={ceil} {op:?}");
                                    if indexed {
                                        assert_eq!(ia[j], ib[j * lane]);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn indices_agree_with_values_on_both_layouts() {
        let (c, h, w) = (3, 5, 6);
        let x: Vec<f32> = (0..c * h * w).map(|i| ((i * 5 % 11) as f32).round()).collect();
        let axes = || (Axis::sliding(h, 3, 2, 2, 1, 1).unwrap(), Axis::sliding(w, 2, 3, 2, 1, 2).unwrap());
        let (ah, aw) = axes();
        let first = Spec { op: Op::Max, planes: c, lane: 1, axes: [trivial(), ah, aw] };
        let (ah, aw) = axes();
        let last = Spec { op: Op::Max, planes: 1, lane: c, axes: [trivial(), ah, aw] };
        let xl: Vec<f32> = (0..h * w * c).map(|i| x[(i % c) * h * w + i / c]).collect();
        let (mut a, mut ia) = (vec![f32::NAN; 6 * c], vec![-1; 6 * c]);
        let (mut b, mut ib) = (vec![f32::NAN; 6 * c], vec![-1; 6 * c]);
        pool(crate::simd::Path::Vector, &x, &mut a, Some(&mut ia), &first).unwrap();
        pool(crate::simd::Path::Vector, &xl, &mut b, Some(&mut ib), &last).unwrap();
        let mut plain = vec![f32::NAN; 6 * c];
        pool(crate::simd::Path::Vector, &x, &mut plain, None, &first).unwrap();
        assert_eq!(bits(&a), bits(&plain));
        for i in 0..6 * c {
            let (ch, o) = (i % c, i / c);
            assert_eq!(b[i].to_bits(), a[ch * 6 + o].to_bits());
            assert_eq!(ib[i], ia[ch * 6 + o]);
            assert_eq!(x[ch * h * w + ia[ch * 6 + o] as usize], a[ch * 6 + o]);
        }
    }

    #[test]
    fn rejects_what_could_overrun() {
        let spec = spec2(Op::Max, 1, trivial(), Axis::sliding(4, 2, 2, 2, 0, 1).unwrap());
        assert_eq!(pool(crate::simd::Path::Vector, &[0.0; 3], &mut [0.0; 2], None, &spec), Err(KernelError::BadBuffer));
        assert_eq!(pool(crate::simd::Path::Vector, &[0.0; 4], &mut [0.0; 1], None, &spec), Err(KernelError::BadBuffer));
        assert_eq!(pool(crate::simd::Path::Vector, &[0.0; 4], &mut [0.0; 2], Some(&mut [0; 1]), &spec), Err(KernelError::BadBuffer));
        let avg = spec2(Op::Avg(Divisor::Real), 1, trivial(), Axis::sliding(4, 2, 2, 2, 0, 1).unwrap());
        assert_eq!(pool(crate::simd::Path::Vector, &[0.0; 4], &mut [0.0; 2], Some(&mut [0; 2]), &avg), Err(KernelError::BadArgument));
    }
}
