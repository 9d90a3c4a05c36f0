//! The direct oracle: every output element as one gather sum, input
//! channels outermost, then taps in (kd, kh, kw) order, skipping taps that
//! read padding or fall between strided positions. `simd128` adds the same
//! products in the same order (padding as exact zeros), so the two agree bit
//! for bit on finite data.

use super::{Source, Spec};
use crate::error::KernelResult;
use crate::mem;

pub fn run(src: &dyn Source, w: &[f32], bias: Option<&[f32]>, out: &mut [f32], spec: &Spec) -> KernelResult {
    let [ad, ah, aw] = spec.axes;
    let t = spec.transposed;
    let (cin_g, cout_g) = (spec.cin_g(), spec.cout_g());
    let mut tmp = mem::try_vec(src.scratch_len())?;
    let mut o = 0;
    for n in 0..spec.batch {
        for g in 0..spec.groups {
            for co in 0..cout_g {
                for od in 0..ad.out_len {
                    for oh in 0..ah.out_len {
                        for ow in 0..aw.out_len {
                            let mut acc = 0.0f32;
                            for ci in 0..cin_g {
                                for kd in 0..ad.kernel {
                                    let Some(id) = ad.source(od, kd, t) else {
                                        continue;
                                    };
                                    for kh in 0..ah.kernel {
                                        let Some(ih) = ah.source(oh, kh, t) else {
                                            continue;
                                        };
                                        let row = src.row(n, g * cin_g + ci, id, ih, &mut tmp);
                                        for kw in 0..aw.kernel {
                                            let Some(iw) = aw.source(ow, kw, t) else {
                                                continue;
                                            };
                                            let tap = (kd * ah.kernel + kh) * aw.kernel + kw;
                                            acc += row[iw] * w[spec.weight_index(g, co, ci, tap)];
                                        }
                                    }
                                }
                            }
                            out[o] = match bias {
                                Some(b) => acc + b[g * cout_g + co],
                                None => acc,
                            };
                            o += 1;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}
