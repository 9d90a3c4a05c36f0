//! `lp_pool*d` as PyTorch composes it: avg_pool of `x^p` (no padding, so a
//! ceil-mode window clipped by the input is divided by what it holds), then
//! `sign · relu(|·|)`, times the kernel volume, to the power `1/p`; `p = ±inf`
//! is max_pool of `|x|` (negated max of `−|x|` for −inf). The same here: an
//! elementwise pass, the shared window walk, an elementwise pass (the export
//! runs the three, so the walk keeps one call site), and negative sums under
//! fractional powers, ±inf and NaN come out as PyTorch's do.

use super::{Divisor, Op};
use crate::error::{KernelError, KernelResult};
use crate::mem;
use crate::threads;

/// `x.pow(e)` on float32 as PyTorch computes it: the exponent compared in
/// f64 for its short-cuts (copy, sqrt, rsqrt, reciprocal, products, which
/// differ from `powf` at −0 and −inf), otherwise `pow` with `e` rounded to
/// f32 (evaluated in f64, whose `pow` the module already has: within an ulp
/// of float32's, with the same special values).
#[inline(never)]
pub(super) fn torch_pow(x: f32, e: f64) -> f32 {
    match e {
        1.0 => x,
        0.5 => x.sqrt(),
        -0.5 => 1.0 / x.sqrt(),
        -1.0 => 1.0 / x,
        2.0 => x * x,
        3.0 => x * x * x,
        -2.0 => 1.0 / (x * x),
        _ => (x as f64).powf(e as f32 as f64) as f32,
    }
}

/// The walk over the powers: the max of ±|x| for p = ±inf, else the
/// average of each window clipped to the input (count_include_pad with no
/// padding).
pub fn walk(p: f64) -> Op {
    if p.is_infinite() {
        Op::Max
    } else {
        Op::Avg(Divisor::Padded)
    }
}

/// The pass before the walk: `x^p` (`|x|^p` with `abs`, ONNX's LpPool),
/// or `±|x|` for p = ±inf, in a scratch copy, as PyTorch's `input.pow(p)`
/// makes one. `p` is non-zero (NaN allowed, as in PyTorch).
pub fn powers(x: &[f32], p: f64, abs: bool) -> KernelResult<Vec<f32>> {
    if p == 0.0 {
        return Err(KernelError::BadArgument);
    }
    let mut out = mem::try_filled(x.len(), 0.0)?;
    each(Some(x), &mut out, |v| match p.is_infinite() {
        true => p.signum() as f32 * v.abs(),
        false => torch_pow(if abs { v.abs() } else { v }, p),
    });
    Ok(out)
}

/// `out[i] = f(x[i])` (in place without `x`), runs of elements split
/// across threads.
fn each(x: Option<&[f32]>, out: &mut [f32], f: impl Fn(f32) -> f32 + Sync) {
    let n = out.len();
    let out = threads::Disjoint::new(out);
    threads::runs_of(n, 1, &|run, _| {
        // SAFETY: these elements are written by the run that holds them.
        let dst = unsafe { &mut out.get()[run.clone()] };
        match x {
            Some(x) => dst.iter_mut().zip(&x[run]).for_each(|(o, &v)| *o = f(v)),
            None => dst.iter_mut().for_each(|o| *o = f(*o)),
        }
    });
}

/// The pass after the walk, over its output: negated back for p = −inf;
/// else `sign · relu(|·|)`, times the kernel's volume (also for windows
/// the input clipped), to the power `1/p`. The volume is rounded to f32 as
/// PyTorch's `.mul(kd * kh * kw)` rounds its exact integer.
pub fn roots(out: &mut [f32], p: f64, kernel: [usize; 3]) {
    let volume = kernel.iter().map(|&k| k as f64).product::<f64>() as f32;
    each(None, out, |v| {
        if p.is_infinite() {
            p.signum() as f32 * v
        } else {
            // sign(±0) is 0, so a zero power-average is +0 whatever its sign.
            let v = if v == 0.0 { 0.0 } else { v };
            torch_pow(v * volume, 1.0 / p)
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pool::{pool, Axis, Spec};
    use crate::simd::Path;

    /// The three passes over one 1-D axis, as the export runs them.
    fn lp(path: Path, x: &[f32], out: &mut [f32], (k, s): (usize, usize), p: f64) -> KernelResult {
        let one = || Axis::sliding(1, 1, 1, 1, 0, 1).unwrap();
        let axes = [one(), one(), Axis::sliding(x.len(), out.len(), k, s, 0, 1).unwrap()];
        let powers = powers(x, p, false)?;
        pool(path, &powers, out, None, &Spec { op: walk(p), planes: 1, lane: 1, axes })?;
        roots(out, p, [1, 1, k]);
        Ok(())
    }

    #[test]
    fn pow_short_cuts_differ_from_powf_where_pytorch_says() {
        // sqrt(−inf) is NaN where powf(−inf, 0.5) is inf; sqrt(−0) keeps its sign.
        assert!(torch_pow(f32::NEG_INFINITY, 0.5).is_nan());
        assert_eq!(torch_pow(-0.0, 0.5).to_bits(), (-0.0f32).to_bits());
        assert_eq!(torch_pow(-0.0, -0.5), f32::NEG_INFINITY);
        assert_eq!(torch_pow(f32::NEG_INFINITY, 1.0 / 3.0), f32::INFINITY);
        assert!(torch_pow(-8.0, 1.0 / 3.0).is_nan());
        assert_eq!(torch_pow(-2.0, 3.0), -8.0);
    }

    #[test]
    fn ceil_windows_are_scaled_to_the_whole_kernel() {
        // k = 2 over [3, 4, -2] in ceil mode: (9 + 16)^½ and ((−2)²/1·2)^½.
        let x = [3.0, 4.0, -2.0];
        let mut out = [f32::NAN; 2];
        lp(Path::Vector, &x, &mut out, (2, 2), 2.0).unwrap();
        assert_eq!(out, [5.0, 8f32.sqrt()]);
        // Odd p keeps the sign: 3³ + 4³ = 91; (−2)³·2 = −16 has no real cube root here.
        lp(Path::Vector, &x, &mut out, (2, 2), 3.0).unwrap();
        assert!((out[0] - 91f32.powf(1.0 / 3.0)).abs() < 1e-5 && out[1].is_nan());
        lp(Path::Vector, &x, &mut out, (2, 2), f64::NEG_INFINITY).unwrap();
        assert_eq!(out, [3.0, 2.0]);
        assert_eq!(powers(&x, 0.0, false), Err(KernelError::BadArgument));
    }

    #[test]
    fn both_paths_agree_on_every_tail() {
        for n in [1, 2, 3, 5, 7, 9, 17, 33] {
            let w = 2 * n + 1;
            let x: Vec<f32> = (0..w).map(|i| ((i * 5 % 11) as f32 * 0.7).sin()).collect();
            for p in [1.0, 2.0, 1.5, -1.0, f64::INFINITY] {
                let (mut a, mut b) = (vec![f32::NAN; w - 2], vec![f32::NAN; w - 2]);
                lp(Path::Scalar, &x, &mut a, (3, 1), p).unwrap();
                lp(Path::Vector, &x, &mut b, (3, 1), p).unwrap();
                assert_eq!(a.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), b.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
            }
        }
    }
}
