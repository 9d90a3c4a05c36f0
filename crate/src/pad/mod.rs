//! `pad` (F.pad) and the padding lookup convolutions read through.
//!
//! Every mode is one map per axis from an output position to the input
//! position it copies, or to none (the constant): `Mode::source` on the
//! position relative to the input's start. A padded tensor is then the
//! product of its axes' maps, so one walk serves all four modes; the
//! vector path copies each row's interior as one contiguous run and looks
//! up only its edges, the scalar path (the oracle) looks up every element.

pub mod export;

use crate::codes;
use crate::error::{KernelError, KernelResult};
use crate::mem;
use crate::simd::{F32x4, Path, LANES};
use crate::threads;

codes! {
    /// F.pad's modes; nn.ConvNd's `padding_mode` 'zeros' is `Constant` with 0.
    pub enum Mode {
        Constant = 0,
        Reflect = 1,
        Replicate = 2,
        Circular = 3,
    }
}

impl Mode {
    /// The input index that position `i` (0 = the input's first element) of
    /// an axis of length `n` reads; none for the constant. Total: positions
    /// beyond one reflection or wrap still land inside the axis, so scratch
    /// columns that no output keeps can be read safely.
    #[inline]
    pub fn source(self, i: isize, n: usize) -> Option<usize> {
        let last = n as isize - 1;
        if last < 0 {
            return None;
        }
        let i = match self {
            Mode::Constant => return (0..=last).contains(&i).then_some(i as usize),
            Mode::Reflect => {
                let r = i.abs();
                if r > last {
                    2 * last - r
                } else {
                    r
                }
            }
            Mode::Replicate => i,
            Mode::Circular => i.rem_euclid(last + 1),
        };
        Some(i.clamp(0, last) as usize)
    }
}

/// One padded axis: `left` (negative crops) and the output length; the
/// right padding is what remains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Axis {
    pub in_len: usize,
    pub out_len: usize,
    pub left: isize,
}

impl Axis {
    /// The part of the input that survives cropping: its start and length.
    /// Circular padding wraps within it (PyTorch crops first); the other
    /// modes reflect or replicate about the whole input. (i64: the sums of
    /// three lengths overflow wasm32's isize.)
    fn core(&self) -> Option<(usize, usize)> {
        let (n, out, left) = (self.in_len as i64, self.out_len as i64, self.left as i64);
        let len = n + left.min(0) + (out - n - left).min(0);
        (len >= 0).then_some(((-left).max(0) as usize, len as usize))
    }

    /// The input index output `j` copies, or none for the constant.
    fn source(&self, mode: Mode, j: usize) -> Option<usize> {
        let (start, len) = self.core()?;
        match mode {
            Mode::Circular => Mode::Circular.source(j as isize - self.left.max(0), len).map(|i| start + i),
            _ => mode.source(j as isize - self.left, self.in_len),
        }
    }
}

/// Padded axes a call may have (unpadded neighbours merged).
pub const MAX_AXES: usize = 8;

#[derive(Clone, Debug)]
pub struct Spec {
    pub mode: Mode,
    pub value: f32,
    /// Leading axes left as they are, merged into one.
    pub outer: usize,
    pub axes: Vec<Axis>,
}

impl Spec {
    /// The input's and the output's element counts, if the walk can do
    /// this spec: one to `MAX_AXES` axes and some blocks; lengths and pads
    /// as the export carries them (u32, i32), so position arithmetic fits
    /// isize; a core that exists, and a non-empty one wherever circular
    /// padding wraps into it.
    pub fn lens(&self) -> Option<(usize, usize)> {
        if self.axes.is_empty() || self.outer == 0 {
            return None;
        }
        let small = |n: usize| n <= i32::MAX as usize;
        let mut lens = (self.outer, self.outer);
        for a in &self.axes {
            let (_, core) = a.core()?;
            let ok = small(a.in_len) && small(a.out_len) && small(a.left.unsigned_abs()) && (core > 0 || self.mode != Mode::Circular || a.out_len == 0);
            if !ok {
                return None;
            }
            lens = (lens.0.checked_mul(a.in_len)?, lens.1.checked_mul(a.out_len)?);
        }
        // (Checked last: a bound known before the loop has it unrolled eight times.)
        (self.axes.len() <= MAX_AXES).then_some(lens)
    }
}

/// A map entry for the constant.
const NONE: usize = usize::MAX;

/// The axes' maps, output position to input position (or `NONE`), end to
/// end: axis k's from `at[k]`, with its input and output strides.
struct Walk<'a> {
    spec: &'a Spec,
    maps: Vec<usize>,
    at: [usize; MAX_AXES],
    strides: [[usize; 2]; MAX_AXES],
    vector: bool,
}

pub fn pad(path: Path, x: &[f32], out: &mut [f32], spec: &Spec) -> KernelResult {
    let (in_len, out_len) = spec.lens().ok_or(KernelError::BadArgument)?;
    if x.len() < in_len || out.len() < out_len {
        return Err(KernelError::BadBuffer);
    }
    if out_len == 0 {
        return Ok(());
    }
    let axes = &spec.axes;
    let mut maps = mem::try_vec(axes.iter().fold(0, |n: usize, a| n.saturating_add(a.out_len)))?;
    let (mut at, mut strides) = ([0; MAX_AXES], [[1, 1]; MAX_AXES]);
    for (k, a) in axes.iter().enumerate() {
        at[k] = maps.len();
        // (Within the reservation: nothing reallocates.)
        maps.extend((0..a.out_len).map(|j| a.source(spec.mode, j).unwrap_or(NONE)));
    }
    for k in (1..axes.len()).rev() {
        strides[k - 1] = [strides[k][0] * axes[k].in_len, strides[k][1] * axes[k].out_len];
    }
    let walk = Walk { spec, maps, at, strides, vector: path.vector() };
    let (in_block, out_block) = (in_len / spec.outer, out_len / spec.outer);
    let out = threads::Disjoint::new(&mut out[..out_len]);
    // Blocks of the outer axes to threads.
    threads::runs(spec.outer, out_len, &|blocks, _| {
        for o in blocks {
            // SAFETY: block o is written by the run that holds it.
            let dst = unsafe { &mut out.get()[o * out_block..(o + 1) * out_block] };
            walk.axis(0, Some(&x[o * in_block..(o + 1) * in_block]), dst);
        }
    });
    Ok(())
}

impl Walk<'_> {
    /// Output block of axis `k` onwards from the input block `x` (none: all constant).
    fn axis(&self, k: usize, x: Option<&[f32]>, out: &mut [f32]) {
        let Some(x) = x else {
            return fill(self.vector, out, self.spec.value);
        };
        if k + 1 == self.spec.axes.len() {
            return self.row(x, out);
        }
        let [si, so] = self.strides[k];
        for (j, dst) in out.chunks_exact_mut(so).enumerate() {
            let s = self.maps[self.at[k] + j];
            self.axis(k + 1, (s != NONE).then(|| &x[s * si..(s + 1) * si]), dst);
        }
    }

    /// One row along the last axis.
    fn row(&self, x: &[f32], out: &mut [f32]) {
        let k = self.spec.axes.len() - 1;
        let (a, map, value) = (self.spec.axes[k], &self.maps[self.at[k]..], self.spec.value);
        let lookup = |range: core::ops::Range<usize>, out: &mut [f32]| {
            for j in range {
                out[j] = if map[j] == NONE { value } else { x[map[j]] };
            }
        };
        let core = a.core().filter(|_| self.vector);
        let Some((start, len)) = core else {
            return lookup(0..a.out_len, out);
        };
        let first = a.left.max(0) as usize;
        copy(&mut out[first..first + len], &x[start..start + len]);
        lookup(0..first, out);
        lookup(first + len..a.out_len, out);
    }
}

fn fill(vector: bool, out: &mut [f32], value: f32) {
    if !vector {
        return out.iter_mut().for_each(|o| *o = value);
    }
    let v = F32x4::splat(value);
    let mut chunks = out.chunks_exact_mut(LANES);
    chunks.by_ref().for_each(|c| v.store(c));
    chunks.into_remainder().iter_mut().for_each(|o| *o = value);
}

fn copy(out: &mut [f32], x: &[f32]) {
    let mut chunks = out.chunks_exact_mut(LANES);
    let mut from = x.chunks_exact(LANES);
    for (o, s) in chunks.by_ref().zip(from.by_ref()) {
        F32x4::load(s).store(o);
    }
    chunks.into_remainder().copy_from_slice(from.remainder());
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODES: [Mode; 4] = [Mode::Constant, Mode::Reflect, Mode::Replicate, Mode::Circular];

    fn run(path: Path, x: &[f32], spec: &Spec) -> Vec<f32> {
        let mut out = vec![f32::NAN; spec.lens().unwrap().1];
        pad(path, x, &mut out, spec).unwrap();
        out
    }

    /// F.pad by its definition, one axis at a time on a 1-D row:
    /// constant and circular crop first, the others index about the input.
    fn reference(mode: Mode, x: &[f32], left: isize, right: isize, value: f32) -> Vec<f32> {
        let n = x.len() as isize;
        let cropped = &x[(-left).max(0) as usize..(n + right.min(0)) as usize];
        let (l, m) = (left.max(0), cropped.len() as isize);
        (0..n + left + right)
            .map(|j| match mode {
                Mode::Constant => {
                    if j < l || j >= l + m {
                        value
                    } else {
                        cropped[(j - l) as usize]
                    }
                }
                Mode::Circular => cropped[(j - l).rem_euclid(m) as usize],
                Mode::Replicate => x[(j - left).clamp(0, n - 1) as usize],
                Mode::Reflect => {
                    let i = j - left;
                    x[if i < 0 {
                        -i
                    } else if i >= n {
                        2 * (n - 1) - i
                    } else {
                        i
                    } as usize]
                }
            })
            .collect()
    }

    /// Every pad PyTorch allows on rows of the sweep lengths, both paths,
    /// against the definition.
    #[test]
    fn rows_match_the_definition_on_both_paths() {
        for n in [1usize, 2, 3, 5, 7, 9, 17, 33] {
            let x: Vec<f32> = (0..n).map(|i| i as f32 * 1.5 - 3.0).collect();
            let n = n as isize;
            for mode in MODES {
                for left in -n..=n + 2 {
                    for right in -n..=n + 2 {
                        let m = n + left.min(0) + right.min(0);
                        let allowed = match mode {
                            Mode::Constant => m >= 0,
                            Mode::Reflect => left < n && right < n && n + left + right >= 1,
                            Mode::Replicate => n + left + right >= 1,
                            Mode::Circular => m >= 0 && left <= m && right <= m && n + left + right >= 0,
                        };
                        if !allowed {
                            continue;
                        }
                        let axis = Axis { in_len: n as usize, out_len: (n + left + right) as usize, left };
                        let spec = Spec { mode, value: 0.25, outer: 2, axes: vec![axis] };
                        let mut x2 = x.clone();
                        x2.extend(x.iter().map(|v| v + 100.0));
                        let mut want = reference(mode, &x, left, right, 0.25);
                        want.extend(reference(mode, &x2[n as usize..], left, right, 0.25));
                        for path in [Path::Scalar, Path::Vector] {
                            assert_eq!(run(path, &x2, &spec), want, "{mode:?} n={n} pads ({left}, {right})");
                        }
                    }
                }
            }
        }
    }

    /// Three padded axes: each output element is the product of the axes'
    /// maps, as padding the axes one after another gives.
    #[test]
    fn axes_compose() {
        let dims = [3usize, 4, 5];
        let x: Vec<f32> = (0..60).map(|i| i as f32).collect();
        let pads = [(2isize, 1isize), (-1, 3), (1, -2)];
        for mode in MODES {
            let axes: Vec<Axis> = dims.iter().zip(pads).map(|(&n, (l, r))| Axis { in_len: n, out_len: (n as isize + l + r) as usize, left: l }).collect();
            let spec = Spec { mode, value: -7.0, outer: 1, axes: axes.clone() };
            let [od, oh, ow] = [0, 1, 2].map(|k| axes[k].out_len);
            let mut want = Vec::new();
            for d in 0..od {
                for h in 0..oh {
                    for w in 0..ow {
                        let s = [d, h, w].iter().zip(&axes).map(|(&j, a)| a.source(mode, j)).collect::<Option<Vec<_>>>();
                        want.push(s.map_or(-7.0, |s| x[(s[0] * 4 + s[1]) * 5 + s[2]]));
                    }
                }
            }
            for path in [Path::Scalar, Path::Vector] {
                assert_eq!(run(path, &x, &spec), want, "{mode:?}");
            }
        }
    }

    #[test]
    fn sources_stay_inside_the_axis_far_out() {
        for mode in [Mode::Reflect, Mode::Replicate, Mode::Circular] {
            for n in 1..6 {
                for i in -40..40 {
                    assert!(mode.source(i, n).is_some_and(|s| s < n));
                }
            }
        }
        assert_eq!(Mode::Constant.source(-1, 3), None);
        assert_eq!(Mode::Reflect.source(0, 0), None);
    }

    #[test]
    fn rejects_what_the_walk_cannot_do() {
        let spec = |mode, left, out_len| Spec { mode, value: 0.0, outer: 1, axes: vec![Axis { in_len: 3, out_len, left }] };
        assert!(spec(Mode::Constant, -4, 0).lens().is_none());
        assert!(spec(Mode::Circular, -3, 1).lens().is_none());
        assert_eq!(spec(Mode::Circular, -3, 0).lens(), Some((3, 0)));
        assert!(Spec { axes: vec![], ..spec(Mode::Constant, 0, 3) }.lens().is_none());
        let mut out = [0.0; 2];
        assert_eq!(pad(Path::Vector, &[1.0; 3], &mut out, &spec(Mode::Constant, 0, 3)), Err(KernelError::BadBuffer));
    }
}
