//! Transposed convolutions whose kernel is twice the stride (the usual
//! learned 2x upsampler 4/2, FCN's 16/8): every output phase is then a
//! stride-1 correlation with 2x2 taps, which Winograd's minimal filtering
//! F(4x4, 2x2) computes with 25 multiplications per 4x4 outputs and input
//! channel instead of 64.
//!
//! Per phase and group: U = G g Gᵀ for every (ci, co) once; per tile of
//! 4x4 outputs V = Bᵀ d B for every ci; then 25 independent GEMMs
//! M_ξ[co][tile] = Σ_ci U_ξ[co][ci] · V_ξ[ci][tile] on the shared
//! micro-kernel; then y = Aᵀ M A. The matrices come from Toom-Cook on the
//! points 0, 1, −1, 2, ∞; Bᵀ's rows are scaled to small integers (exact in
//! f32) and the scale moved into G, which is applied once to the weights in
//! f64. Results differ from the direct sum by rounding only (tested to 1e-5).

use super::simd128::{block, Dst, Plan, BLOCKS, B, MR, NR};
use super::Spec;
use crate::simd::F32x4;

/// Outputs per tile side, and input samples per tile side.
const M: usize = 4;
const T: usize = M + 1;

const G: [[f64; 2]; T] = [[0.5, 0.], [0.5, 0.5], [1. / 6., -1. / 6.], [1. / 6., 1. / 3.], [0., 1.]];

/// Whether this path serves `spec`: 2-D transposed, kernel = 2·stride,
/// no dilation, and enough channels for the transforms to pay off.
pub fn applies(spec: &Spec) -> bool {
    let [d, h, w] = spec.axes;
    spec.transposed
        && d.kernel == 1
        && d.in_len == 1
        && d.out_len == 1
        && d.padding == 0
        && [h, w].iter().all(|a| a.dilation == 1 && a.kernel == 2 * a.stride)
        && spec.cin_g() >= 4
        && spec.cout_g() >= 8
}

/// Bᵀ·x, with Bᵀ = [[2,−1,−2,1,0], [0,2,1,−1,0], [0,−2,3,−1,0], [0,−1,0,1,0], [0,2,−1,−2,1]].
#[inline(always)]
fn bt(x: &[F32x4; T]) -> [F32x4; T] {
    let two = |v: F32x4| v.add(v);
    let [x0, x1, x2, x3, x4] = *x;
    let y3 = x3.sub(x1);
    [
        two(x0.sub(x2)).add(y3),
        two(x1).add(x2).sub(x3),
        x2.mul(F32x4::splat(3.0)).sub(two(x1)).sub(x3),
        y3,
        two(x1.sub(x3)).add(x4.sub(x2)),
    ]
}

/// Aᵀ·x, with Aᵀ = [[1,1,1,1,0], [0,1,−1,2,0], [0,1,1,4,0], [0,1,−1,8,1]].
#[inline(always)]
fn at(x: &[F32x4; T]) -> [F32x4; M] {
    let [x0, x1, x2, x3, x4] = *x;
    let (s, d) = (x1.add(x2), x1.sub(x2));
    [x0.add(s).add(x3), d.add(x3.add(x3)), s.add(x3.mul(F32x4::splat(4.0))), d.add(x3.mul(F32x4::splat(8.0))).add(x4)]
}

pub fn run(x: &[f32], w: &[f32], bias: Option<&[f32]>, out: &mut [f32], spec: &Spec) {
    let [_, ah, aw] = spec.axes;
    let (plan_h, plan_w) = (Plan::new(&ah, true), Plan::new(&aw, true));
    let (cin_g, cout_g) = (spec.cin_g(), spec.cout_g());
    let (ih, iw) = (ah.in_len, aw.in_len);
    let mut v = vec![0f32; T * T * cin_g * NR];
    let mut m = vec![0f32; T * T * cout_g * NR];
    let mut u = vec![0f32; T * T * cout_g * cin_g];
    let mut d = [[[0f32; NR]; T]; T];
    let tile_dst = Dst { o0: 0, step: 1, count: NR };
    let transforms = core::hint::black_box((input_transform as InputFn, output_transform as OutputFn));
    for n in 0..spec.batch {
        for g in 0..spec.groups {
            for ph in &plan_h.phases {
                for pw in &plan_w.phases {
                    // Plan lists taps by kernel index: the second has the lower source offset.
                    let (kh, kw) = ([ph.taps[1].0, ph.taps[0].0], [pw.taps[1].0, pw.taps[0].0]);
                    let (h0, w0) = (ph.taps[1].1, pw.taps[1].1);
                    transform_weights(spec, w, g, kh, kw, &mut u);
                    let bias_of = |co: usize| bias.map_or(0.0, |b| b[g * cout_g + co]);
                    for ty in 0..ph.count.div_ceil(M) {
                        for tx in (0..pw.count.div_ceil(M)).step_by(NR) {
                            for ci in 0..cin_g {
                                let plane = &x[(n * spec.in_channels + g * cin_g + ci) * ih * iw..][..ih * iw];
                                for (r, dr) in d.iter_mut().enumerate() {
                                    let h = (ty * M + r) as isize + h0;
                                    let row = (0..ih as isize).contains(&h).then(|| &plane[h as usize * iw..][..iw]);
                                    for (c, dc) in dr.iter_mut().enumerate() {
                                        for (l, dl) in dc.iter_mut().enumerate() {
                                            let col = ((tx + l) * M + c) as isize + w0;
                                            *dl = match row {
                                                Some(row) if (0..iw as isize).contains(&col) => row[col as usize],
                                                _ => 0.0,
                                            };
                                        }
                                    }
                                }
                                (transforms.0)(&d, &mut v, ci, cin_g);
                            }
                            for xi in 0..T * T {
                                let panel = &v[xi * cin_g * NR..(xi + 1) * cin_g * NR];
                                let weights = &u[xi * cout_g * cin_g..(xi + 1) * cout_g * cin_g];
                                let mut co = 0;
                                while co < cout_g {
                                    let mb = block(co, cout_g);
                                    let at: [usize; MR] = core::array::from_fn(|i| (xi * cout_g + (co + i).min(cout_g - 1)) * NR);
                                    BLOCKS[mb - 1](&weights[co * cin_g..(co + mb) * cin_g], B::Panel(panel), &mut m, &at, &[0.0; MR], 0, &tile_dst);
                                    co += mb;
                                }
                            }
                            for co in 0..cout_g {
                                let bias = F32x4::splat(bias_of(co));
                                let chan = n * spec.out_channels + g * cout_g + co;
                                let y = (transforms.1)(&m, co, cout_g, bias);
                                for (a, ya) in y.iter().enumerate() {
                                    let oh = ty * M + a;
                                    if oh >= ph.count {
                                        break;
                                    }
                                    let out_row = &mut out[(chan * ah.out_len + ph.o0 + oh * plan_h.out_step) * aw.out_len..][..aw.out_len];
                                    for l in 0..NR {
                                        for (b, yb) in ya.iter().enumerate() {
                                            let ow = (tx + l) * M + b;
                                            if ow < pw.count {
                                                out_row[pw.o0 + ow * plan_w.out_step] = yb[l];
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

// The transforms are small functions of their own, called through pointers
// the optimisers cannot see through: inlined into the loop nest above (LLVM
// or wasm-opt would), V8's register allocator spills their vectors on every
// step and the whole path runs at a third of the speed.
type InputFn = fn(&[[[f32; NR]; T]; T], &mut [f32], usize, usize);
type OutputFn = fn(&[f32], usize, usize, F32x4) -> [[[f32; NR]; M]; M];

/// V = Bᵀ d B for one input channel, four tiles per vector: columns first,
/// then rows, into v[ξ][ci][tile].
#[inline(never)]
fn input_transform(d: &[[[f32; NR]; T]; T], v: &mut [f32], ci: usize, cin_g: usize) {
    for half in 0..2 {
        let mut t = [[F32x4::splat(0.0); T]; T];
        for (c, tc) in t.iter_mut().enumerate() {
            *tc = bt(&core::array::from_fn(|r| F32x4::load(&d[r][c][4 * half..])));
        }
        for a in 0..T {
            let y = bt(&core::array::from_fn(|c| t[c][a]));
            for (b, yb) in y.iter().enumerate() {
                yb.store(&mut v[((a * T + b) * cin_g + ci) * NR + 4 * half..]);
            }
        }
    }
}

/// y = Aᵀ M A + bias for one output channel from m[ξ][co][tile].
#[inline(never)]
fn output_transform(m: &[f32], co: usize, cout_g: usize, bias: F32x4) -> [[[f32; NR]; M]; M] {
    let mut y = [[[0f32; NR]; M]; M];
    for half in 0..2 {
        let mut t = [[F32x4::splat(0.0); M]; T];
        for (j, tj) in t.iter_mut().enumerate() {
            *tj = at(&core::array::from_fn(|i| F32x4::load(&m[((i * T + j) * cout_g + co) * NR + 4 * half..])));
        }
        for (a, ya) in y.iter_mut().enumerate() {
            let r = at(&core::array::from_fn(|j| t[j][a]));
            for (b, yb) in ya.iter_mut().enumerate() {
                r[b].add(bias).store(&mut yb[4 * half..]);
            }
        }
    }
    y
}

/// U_ξ = G g Gᵀ for every (ci, co) of group g, packed per ξ in the
/// micro-kernel's channel blocks ([co block][ci][channel in block]).
fn transform_weights(spec: &Spec, w: &[f32], g: usize, kh: [usize; 2], kw: [usize; 2], u: &mut [f32]) {
    let (cin_g, cout_g) = (spec.cin_g(), spec.cout_g());
    let k_w = spec.axes[2].kernel;
    for xi in 0..T * T {
        let (a, b) = (xi / T, xi % T);
        let dst = &mut u[xi * cout_g * cin_g..(xi + 1) * cout_g * cin_g];
        let mut at = 0;
        let mut co = 0;
        while co < cout_g {
            let mb = block(co, cout_g);
            for ci in 0..cin_g {
                for c in co..co + mb {
                    let mut sum = 0.0f64;
                    for (i, &th) in kh.iter().enumerate() {
                        for (j, &tw) in kw.iter().enumerate() {
                            sum += G[a][i] * w[spec.weight_index(g, c, ci, th * k_w + tw)] as f64 * G[b][j];
                        }
                    }
                    dst[at] = sum as f32;
                    at += 1;
                }
            }
            co += mb;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv::{scalar, tests::axis, Axis, Dense};

    const BT: [[f32; T]; T] = [
        [2., -1., -2., 1., 0.],
        [0., 2., 1., -1., 0.],
        [0., -2., 3., -1., 0.],
        [0., -1., 0., 1., 0.],
        [0., 2., -1., -2., 1.],
    ];
    const AT: [[f32; T]; M] = [[1., 1., 1., 1., 0.], [0., 1., -1., 2., 0.], [0., 1., 1., 4., 0.], [0., 1., -1., 8., 1.]];

    /// The hand-expanded transforms are the matrices.
    #[test]
    fn transforms_are_the_matrices() {
        let x: [F32x4; T] = core::array::from_fn(|i| F32x4::new(i as f32 + 1.5, -(i as f32) * 2.25, 7.0 / (i as f32 + 1.0), 0.5));
        let lane = |v: &[F32x4], i: usize, l: usize| v[i].to_array()[l];
        for l in 0..4 {
            for (a, row) in BT.iter().enumerate() {
                let want: f32 = row.iter().enumerate().map(|(i, c)| c * lane(&x, i, l)).sum();
                assert!((lane(&bt(&x), a, l) - want).abs() < 1e-4);
            }
            for (a, row) in AT.iter().enumerate() {
                let want: f32 = row.iter().enumerate().map(|(i, c)| c * lane(&x, i, l)).sum();
                assert!((lane(&at(&x), a, l) - want).abs() < 1e-4);
            }
        }
    }

    #[test]
    fn matches_the_direct_sum() {
        for (s, p, extra, (ih, iw), groups, (cin, cout)) in [
            (2, 1, 0, (9, 13), 1, (5, 9)),
            (2, 0, 1, (4, 1), 2, (8, 16)),
            (1, 0, 0, (7, 6), 1, (4, 8)),
            (3, 2, 2, (5, 11), 1, (6, 13)),
            (8, 4, 0, (3, 2), 1, (4, 8)),
        ] {
            let (h, w) = (axis(ih, 2 * s, s, p, 1, extra, true), axis(iw, 2 * s, s, p, 1, extra, true));
            let spec = Spec { transposed: true, batch: 2, in_channels: cin, out_channels: cout, groups, axes: [Axis::UNIT, h, w] };
            assert!(applies(&spec), "{spec:?}");
            let x: Vec<f32> = (0..spec.in_len()).map(|i| (i as f32 * 0.37).sin()).collect();
            let wt: Vec<f32> = (0..spec.weight_len()).map(|i| (i as f32 * 0.73).cos()).collect();
            let bias: Vec<f32> = (0..cout).map(|i| i as f32 * 0.1).collect();
            let mut want = vec![f32::NAN; spec.out_len()];
            let mut got = want.clone();
            scalar::run(&Dense { x: &x, channels: cin, dims: [1, ih, iw] }, &wt, Some(&bias), &mut want, &spec);
            run(&x, &wt, Some(&bias), &mut got, &spec);
            for (a, b) in got.iter().zip(&want) {
                assert!((a - b).abs() <= 1e-5 + 1e-5 * b.abs(), "{spec:?}: {a} vs {b}");
            }
        }
    }
}
