//! `lane > 1` (channels-last): one output position at a time, the
//! channels in the vector lanes.

use super::fold::{take_max, Fold};
use super::Spec;
use crate::simd::{F32x4, I32x4, LANES};

/// `lane > 1` (channels-last), one output position at a time: the `lane`
/// channels are the vector lanes.
pub(super) fn windows<F: Fold>(vector: bool, src: &[f32], dst: &mut [f32], mut ix: Option<&mut [i32]>, spec: &Spec) {
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
