//! What a window folds with, shared by the row and the channels-last walks.

use crate::simd::F32x4;

/// What a window folds with: PyTorch's running max, or a sum (then divided).
pub(super) trait Fold {
    const START: f32;
    const AVERAGES: bool;
    fn scalar(acc: f32, v: f32) -> f32;
    fn vector(acc: F32x4, v: F32x4) -> F32x4;
}

pub(super) struct Max;
pub(super) struct Sum;

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
pub(super) fn take_max(m: &mut f32, at: &mut i32, v: f32, pos: usize) {
    if v > *m || v.is_nan() {
        *m = v;
        *at = pos as i32;
    }
}
