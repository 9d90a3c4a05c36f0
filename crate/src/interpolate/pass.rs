//! The one primitive every interpolation mode runs on: resample one axis of a
//! tensor viewed as `[outer, len, inner]` through a table of taps.
//!
//! `out[o][j][i] = Σ_t weight[t][j] · x[o][index[t][j]][i]`, summed in tap
//! order, which is the order PyTorch's CPU kernels add in. Separable modes run
//! it once per axis, innermost axis first (PyTorch evaluates the last axis
//! innermost), so the sums round exactly as PyTorch's do.

use crate::simd::{self, F32x4, LANES};

/// Taps for one axis: for output position `j`, tap `t` reads source index
/// `index[t * out_len + j]` with weight `weight[t * out_len + j]`. Tap-major so
/// that the gather path can load four outputs' weights as one vector.
pub struct AxisTable {
    pub in_len: usize,
    pub out_len: usize,
    pub taps: usize,
    pub index: Vec<u32>,
    pub weight: Vec<f32>,
}

impl AxisTable {
    /// One tap of weight 1 per output: a pure gather (nearest modes, copies).
    pub fn gather(in_len: usize, index: Vec<u32>) -> Self {
        let out_len = index.len();
        Self { in_len, out_len, taps: 1, index, weight: vec![1.0; out_len] }
    }

    /// Taps over contiguous windows: output `j` reads `start..start + w.len()`
    /// with weights `w` (area, antialias). Shorter windows are padded to the
    /// longest with zero-weight taps on a source they already read, so each
    /// sum, taken in tap order, is PyTorch's for finite inputs (an infinite
    /// input times a padding 0 gives NaN where PyTorch keeps the infinity).
    pub fn windows(in_len: usize, windows: &[(usize, Vec<f32>)]) -> Self {
        let out_len = windows.len();
        let taps = windows.iter().map(|(_, w)| w.len()).max().unwrap_or(0).max(1);
        let mut index = vec![0u32; taps * out_len];
        let mut weight = vec![0f32; taps * out_len];
        for (j, (start, w)) in windows.iter().enumerate() {
            for t in 0..taps {
                let s = (start + t.min(w.len().saturating_sub(1))).min(in_len - 1);
                index[t * out_len + j] = s as u32;
                weight[t * out_len + j] = w.get(t).copied().unwrap_or(0.0);
            }
        }
        Self { in_len, out_len, taps, index, weight }
    }

    /// Output positions that read source index `s`, for skipping work on
    /// rows no later pass reads.
    pub fn reads(&self) -> Vec<bool> {
        // A zero-weight tap still reads its source: 0·NaN is NaN in PyTorch too.
        let mut used = vec![false; self.in_len];
        for &i in &self.index {
            used[i as usize] = true;
        }
        used
    }

    #[inline(always)]
    fn tap(&self, t: usize, j: usize) -> (usize, f32) {
        let k = t * self.out_len + j;
        (self.index[k] as usize, self.weight[k])
    }
}

/// Resamples `x` (`[outer, table.in_len, inner]`) into `out`
/// (`[outer, table.out_len, inner]`). Rows `o` with `skip[o]` set are left
/// untouched: the caller knows nothing reads them.
pub fn run(x: &[f32], out: &mut [f32], outer: usize, inner: usize, t: &AxisTable, skip: Option<&[bool]>) {
    run_path(simd::enabled(), x, out, outer, inner, t, skip)
}

fn run_path(vector: bool, x: &[f32], out: &mut [f32], outer: usize, inner: usize, t: &AxisTable, skip: Option<&[bool]>) {
    let (lin, lout) = (t.in_len, t.out_len);
    assert!(x.len() >= outer * lin * inner && out.len() >= outer * lout * inner);
    assert!(t.index.iter().all(|&i| (i as usize) < lin) && t.index.len() == t.taps * lout);
    for o in 0..outer {
        if skip.is_some_and(|s| s[o]) {
            continue;
        }
        let src = &x[o * lin * inner..(o + 1) * lin * inner];
        let dst = &mut out[o * lout * inner..(o + 1) * lout * inner];
        if inner == 1 {
            if vector {
                gather_simd(src, dst, t)
            } else {
                gather_scalar(src, dst, t)
            }
        } else {
            for j in 0..lout {
                let row = &mut dst[j * inner..(j + 1) * inner];
                if t.taps == 1 {
                    let (s, _) = t.tap(0, j);
                    row.copy_from_slice(&src[s * inner..(s + 1) * inner]);
                } else if vector {
                    rows_simd(src, row, t, j, inner)
                } else {
                    rows_scalar(src, row, t, j, inner)
                }
            }
        }
    }
}

/// The scalar oracle for a contiguous axis.
fn gather_scalar(src: &[f32], dst: &mut [f32], t: &AxisTable) {
    for (j, d) in dst.iter_mut().enumerate() {
        *d = dot_scalar(t, j, |s| src[s]);
    }
}

#[inline(always)]
fn dot_scalar(t: &AxisTable, j: usize, at: impl Fn(usize) -> f32) -> f32 {
    let (s, w) = t.tap(0, j);
    if t.taps == 1 {
        return at(s); // exact copy, even of NaN and infinities
    }
    let mut acc = at(s) * w;
    for k in 1..t.taps {
        let (s, w) = t.tap(k, j);
        acc += at(s) * w;
    }
    acc
}

/// Four outputs at a time: lanes gathered one by one, weights loaded as a vector.
fn gather_simd(src: &[f32], dst: &mut [f32], t: &AxisTable) {
    let n = t.out_len;
    let body = n - n % LANES;
    if t.taps == 1 {
        return gather_scalar(src, dst, t);
    }
    let lanes = |k: usize, j: usize| {
        let i = &t.index[k * n + j..k * n + j + LANES];
        F32x4::new(src[i[0] as usize], src[i[1] as usize], src[i[2] as usize], src[i[3] as usize])
    };
    for j in (0..body).step_by(LANES) {
        let mut acc = lanes(0, j).mul(F32x4::load(&t.weight[j..]));
        for k in 1..t.taps {
            acc = acc.add(lanes(k, j).mul(F32x4::load(&t.weight[k * n + j..])));
        }
        acc.store(&mut dst[j..]);
    }
    for j in body..n {
        dst[j] = dot_scalar(t, j, |s| src[s]);
    }
}

fn rows_scalar(src: &[f32], row: &mut [f32], t: &AxisTable, j: usize, inner: usize) {
    for (i, d) in row.iter_mut().enumerate() {
        *d = dot_scalar(t, j, |s| src[s * inner + i]);
    }
}

/// A strided axis: every tap is a whole source row, combined lane-wise.
fn rows_simd(src: &[f32], row: &mut [f32], t: &AxisTable, j: usize, inner: usize) {
    let body = inner - inner % LANES;
    let (s0, w0) = t.tap(0, j);
    let r0 = &src[s0 * inner..(s0 + 1) * inner];
    let v0 = F32x4::splat(w0);
    if t.taps == 2 {
        // The common case (linear modes) without the inner tap loop.
        let (s1, w1) = t.tap(1, j);
        let r1 = &src[s1 * inner..(s1 + 1) * inner];
        let v1 = F32x4::splat(w1);
        for i in (0..body).step_by(LANES) {
            let acc = F32x4::load(&r0[i..]).mul(v0).add(F32x4::load(&r1[i..]).mul(v1));
            acc.store(&mut row[i..]);
        }
    } else {
        for i in (0..body).step_by(LANES) {
            let mut acc = F32x4::load(&r0[i..]).mul(v0);
            for k in 1..t.taps {
                let (s, w) = t.tap(k, j);
                acc = acc.add(F32x4::load(&src[s * inner + i..]).mul(F32x4::splat(w)));
            }
            acc.store(&mut row[i..]);
        }
    }
    for i in body..inner {
        row[i] = dot_scalar(t, j, |s| src[s * inner + i]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(in_len: usize, out_len: usize, taps: usize, seed: u32) -> AxisTable {
        let mut r = seed;
        let mut next = || {
            r = r.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            r >> 8
        };
        let index = (0..taps * out_len).map(|_| next() % in_len as u32).collect();
        let weight = (0..taps * out_len).map(|_| (next() % 1000) as f32 / 997.0 - 0.3).collect();
        AxisTable { in_len, out_len, taps, index, weight }
    }

    /// The vector path must equal the scalar oracle bit for bit, whatever the tail.
    #[test]
    fn vector_path_matches_scalar_for_every_tail() {
        for taps in 1..=4 {
            for out_len in 1..=17 {
                for inner in [1, 2, 3, 4, 5, 7, 8, 17] {
                    let t = table(9, out_len, taps, (taps * 100 + out_len * 7 + inner) as u32);
                    let x: Vec<f32> = (0..3 * 9 * inner).map(|i| (i as f32 * 0.37).sin()).collect();
                    let mut a = vec![f32::NAN; 3 * out_len * inner];
                    let mut b = a.clone();
                    run_path(false, &x, &mut a, 3, inner, &t, None);
                    run_path(true, &x, &mut b, 3, inner, &t, None);
                    assert!(a.iter().all(|v| v.is_finite()));
                    assert_eq!(a.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), b.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
                }
            }
        }
    }

    #[test]
    fn skipped_rows_stay_untouched() {
        let t = AxisTable::gather(2, vec![1, 0]);
        let mut out = [f32::NAN; 4];
        run(&[1.0, 2.0, 3.0, 4.0], &mut out, 2, 1, &t, Some(&[false, true]));
        assert_eq!(out[..2], [2.0, 1.0]);
        assert!(out[2].is_nan() && out[3].is_nan());
    }
}
