//! Transposed convolutions whose kernel is twice the stride (the usual
//! learned 2x upsampler 4/2, FCN's 16/8): every output phase is then a
//! stride-1 correlation with 2x2 taps, which Winograd's minimal filtering
//! F(3x3, 2x2) computes with 16 multiplications per 3x3 outputs and input
//! channel instead of 36.
//!
//! Per phase and group: U = G g Gᵀ for every (ci, co) once; per tile of
//! 3x3 outputs V = Bᵀ d B for every ci; then 16 independent GEMMs
//! M_ξ[co][tile] = Σ_ci U_ξ[co][ci] · V_ξ[ci][tile] on the shared
//! micro-kernel; then y = Aᵀ M A. The matrices come from Toom-Cook on the
//! points 0, 1, −1, ∞, with Bᵀ's halves moved into G, so both data
//! transforms are additions only. Larger tiles (F(4x4, 2x2) needs the point
//! 2) would save 12% more multiplications but lose about 3 bits: measured
//! over 64 channels F(3x3, 2x2) stays within about 3x the direct sum's rounding
//! error, F(4x4, 2x2) is about 30x off. Tests hold it to the direct sum at 1e-5.

use super::simd128::{block, store, tile, Dst, Phase, Plan, B, BLOCKS, MR, NR};
use super::Spec;
use crate::error::KernelResult;
use crate::mem;
use crate::simd::F32x4;
use crate::threads;

/// Outputs per tile side, and input samples per tile side.
const M: usize = 3;
const T: usize = M + 1;

const G: [[f64; 2]; T] = [[1., 0.], [0.5, 0.5], [0.5, -0.5], [0., 1.]];

/// Whether this path serves `spec`: 2-D transposed, kernel = 2·stride,
/// no dilation, enough channels for the transforms to pay off, and
/// transformed weights for one row of phases within 32 MiB.
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
        && [w.stride, T * T, spec.cin_g(), spec.cout_g()].into_iter().try_fold(1usize, usize::checked_mul).is_some_and(|n| n <= 8 << 20)
}

/// Bᵀ·x, with Bᵀ = [[1,0,−1,0], [0,1,1,0], [0,−1,1,0], [0,−1,0,1]].
#[inline(always)]
fn bt(x: &[F32x4; T]) -> [F32x4; T] {
    let [x0, x1, x2, x3] = *x;
    [x0.sub(x2), x1.add(x2), x2.sub(x1), x3.sub(x1)]
}

/// Aᵀ·x, with Aᵀ = [[1,1,1,0], [0,1,−1,0], [0,1,1,1]].
#[inline(always)]
fn at(x: &[F32x4; T]) -> [F32x4; M] {
    let [x0, x1, x2, x3] = *x;
    let s = x1.add(x2);
    [x0.add(s), x1.sub(x2), s.add(x3)]
}

pub fn run(x: &[f32], w: &[f32], bias: Option<&[f32]>, out: &mut [f32], spec: &Spec) -> KernelResult {
    let [_, ah, aw] = spec.axes;
    let (plan_h, plan_w) = (Plan::new(&ah, true)?, Plan::new(&aw, true)?);
    let (cin_g, cout_g) = (spec.cin_g(), spec.cout_g());
    let band = Band::new(&plan_w)?;
    let u_len = T * T * cout_g * cin_g;
    // All scratch up front (each thread's own, and the weights they share),
    // so running out of memory fails before anything is written.
    let scratch = threads::PerThread::new(|| {
        Ok(Scratch {
            v: mem::try_filled(T * T * cin_g * NR, 0f32)?,
            m: mem::try_filled(T * T * cout_g * NR, 0f32)?,
            rows: mem::try_filled(cin_g * T * band.width, 0f32)?,
        })
    })?;
    let mut weights = mem::try_filled(plan_w.phases.len() * u_len, 0f32)?;
    let out = threads::Disjoint::new(out);
    for n in 0..spec.batch {
        for g in 0..spec.groups {
            for ph in &plan_h.phases {
                // U for each W phase of this H phase (Plan lists taps by kernel
                // index: the second has the lower source offset).
                for (pw, u) in plan_w.phases.iter().zip(weights.chunks_exact_mut(u_len)) {
                    transform_weights(spec, w, g, [ph.taps[1].0, ph.taps[0].0], [pw.taps[1].0, pw.taps[0].0], u);
                }
                let call = Call { spec, x, bias, plan_h: &plan_h, plan_w: &plan_w, band: &band, weights: &weights, n, g, ph };
                // Rows of tiles write their own output rows: one thread each.
                threads::for_each(ph.count.div_ceil(M), spec.macs() / (spec.batch * spec.groups), &|ty, slot| {
                    // SAFETY: tile row ty writes output rows ty·M .. ty·M + M of this phase only.
                    call.tile_row(ty, scratch.get(&slot), unsafe { out.get() })
                });
            }
        }
    }
    Ok(())
}

/// A thread's scratch: V and M of NR tiles, and the band of input rows.
struct Scratch {
    v: Vec<f32>,
    m: Vec<f32>,
    rows: Vec<f32>,
}

/// One (batch, group, H phase) of a call, its weights transformed.
struct Call<'a> {
    spec: &'a Spec,
    x: &'a [f32],
    bias: Option<&'a [f32]>,
    plan_h: &'a Plan,
    plan_w: &'a Plan,
    band: &'a Band,
    weights: &'a [f32],
    n: usize,
    g: usize,
    ph: &'a Phase,
}

impl Call<'_> {
    /// Output rows `ty·M ..` of the phase: the band under them, then every W phase's tiles, NR at a time.
    fn tile_row(&self, ty: usize, s: &mut Scratch, out: &mut [f32]) {
        let Call { spec, x, plan_h, plan_w, band, n, g, ph, .. } = *self;
        let [_, ah, aw] = spec.axes;
        let (cin_g, cout_g) = (spec.cin_g(), spec.cout_g());
        let u_len = T * T * cout_g * cin_g;
        let transforms = core::hint::black_box((input_transform as InputFn, output_transform as OutputFn, products as ProductsFn));
        let bias_of = |co: usize| self.bias.map_or(0.0, |b| b[g * cout_g + co]);
        for ci in 0..cin_g {
            let plane = &x[(n * spec.in_channels + g * cin_g + ci) * ah.in_len * aw.in_len..][..ah.in_len * aw.in_len];
            band.fill(plane, [ah.in_len, aw.in_len], (ty * M) as isize + ph.taps[1].1, &mut s.rows[ci * T * band.width..(ci + 1) * T * band.width]);
        }
        for (pwi, pw) in plan_w.phases.iter().enumerate() {
            let u = &self.weights[pwi * u_len..(pwi + 1) * u_len];
            for tx in (0..pw.count.div_ceil(M)).step_by(NR) {
                for ci in 0..cin_g {
                    (transforms.0)(&s.rows[ci * T * band.width..(ci + 1) * T * band.width], tx * M + band.shift[pwi], &mut s.v, ci, cin_g);
                }
                (transforms.2)(u, &s.v, &mut s.m, cin_g, cout_g);
                let row_of = |co: usize, a: usize| {
                    let oh = ty * M + a;
                    let chan = n * spec.out_channels + g * cout_g + co;
                    (oh < ph.count).then(|| (chan * ah.out_len + ph.o0 + oh * plan_h.out_step) * aw.out_len)
                };
                let cols = Cols { o0: pw.o0, step: plan_w.out_step, count: pw.count, tile: tx };
                for co in 0..cout_g {
                    let rows: [Option<usize>; M] = core::array::from_fn(|a| row_of(co, a));
                    (transforms.1)(&s.m, co, cout_g, F32x4::splat(bias_of(co)), out, rows, &cols);
                }
            }
        }
    }
}

/// The T input rows under a row of tiles, per input channel: every W phase
/// reads them, its tiles' patches from column `shift[phase]` on; column b
/// holds input column b − `left`, zero outside the row.
struct Band {
    left: usize,
    width: usize,
    shift: Vec<usize>,
}

impl Band {
    fn new(plan_w: &Plan) -> KernelResult<Self> {
        // (Plan lists taps by kernel index: the second has the lower source offset.)
        let w0 = |pw: &Phase| pw.taps[1].1;
        let left = plan_w.phases.iter().map(|pw| -w0(pw)).max().unwrap_or(0).max(0);
        let shift = mem::try_collect(plan_w.phases.iter().map(|pw| (w0(pw) + left) as usize))?;
        let width = plan_w.phases.iter().zip(&shift).map(|(pw, &s)| pw.count.div_ceil(M).div_ceil(NR) * NR * M + 1 + s).max().unwrap_or(1);
        Ok(Band { left: left as usize, width, shift })
    }

    /// Rows `h0 .. h0 + T` of `plane` (`ih` rows of `iw`) into `dst`, T rows of `width`.
    fn fill(&self, plane: &[f32], [ih, iw]: [usize; 2], h0: isize, dst: &mut [f32]) {
        for (r, dst) in dst.chunks_exact_mut(self.width).enumerate() {
            let h = h0 + r as isize;
            if !(0..ih as isize).contains(&h) {
                dst.fill(0.0);
                continue;
            }
            let row = &plane[h as usize * iw..][..iw];
            let (first, last) = (self.left, (self.left + iw).min(self.width));
            dst[..first].fill(0.0);
            dst[first..last].copy_from_slice(&row[..last - first]);
            dst[last..].fill(0.0);
        }
    }
}

/// Where a group of NR tiles lands along W: tile `tile + l`, column b is
/// output `o0 + ((tile + l)·M + b)·step`, if that is below `count`.
struct Cols {
    o0: usize,
    step: usize,
    count: usize,
    tile: usize,
}

// The transforms are small functions of their own, called through pointers
// the optimisers cannot see through: inlined into the loop nest above (LLVM
// or wasm-opt would), V8's register allocator spills their vectors on every
// step and the whole path runs at a third of the speed.
type InputFn = fn(&[f32], usize, &mut [f32], usize, usize);
type ProductsFn = fn(&[f32], &[f32], &mut [f32], usize, usize);
type OutputFn = fn(&[f32], usize, usize, F32x4, &mut [f32], [Option<usize>; M], &Cols);

/// V = Bᵀ d B for one input channel and NR tiles whose patches start at
/// column `at` of the T band rows (each `band.len() / T` long), four tiles
/// per vector: columns first, then rows, into v[ξ][ci][tile].
#[inline(never)]
fn input_transform(band: &[f32], at: usize, v: &mut [f32], ci: usize, cin_g: usize) {
    let bw = band.len() / T;
    for half in 0..NR / 4 {
        let mut t = [[F32x4::splat(0.0); T]; T];
        for (c, tc) in t.iter_mut().enumerate() {
            *tc = bt(&core::array::from_fn(|r| {
                let s = &band[r * bw + at + 4 * half * M + c..][..3 * M + 1];
                F32x4::new(s[0], s[M], s[2 * M], s[3 * M])
            }));
        }
        for a in 0..T {
            let y = bt(&core::array::from_fn(|c| t[c][a]));
            for (b, yb) in y.iter().enumerate() {
                yb.store(&mut v[((a * T + b) * cin_g + ci) * NR + 4 * half..]);
            }
        }
    }
}

/// M_ξ[co][tile] = Σ_ci U_ξ[co][ci] · V_ξ[ci][tile] for every ξ.
#[inline(never)]
fn products(u: &[f32], v: &[f32], m: &mut [f32], cin_g: usize, cout_g: usize) {
    let dst = Dst { o0: 0, step: 1, count: NR };
    for xi in 0..T * T {
        let panel = &v[xi * cin_g * NR..(xi + 1) * cin_g * NR];
        let weights = &u[xi * cout_g * cin_g..(xi + 1) * cout_g * cin_g];
        let mut co = 0;
        while co < cout_g {
            let mb = block(co, cout_g);
            let at: [usize; MR] = core::array::from_fn(|i| (xi * cout_g + (co + i).min(cout_g - 1)) * NR);
            let a = &weights[co * cin_g..(co + mb) * cin_g];
            if mb == MR {
                store::<MR>(tile::<MR>(a, panel.chunks_exact(NR)), m, &at, &[0.0; MR], 0, &dst);
            } else {
                BLOCKS[mb - 1](a, B::Panel(panel), m, &at, &[0.0; MR], 0, &dst);
            }
            co += mb;
        }
    }
}

/// y = Aᵀ M A + bias for one output channel from m[ξ][co][tile], written
/// to the output rows that exist (`rows[a]`: where output row a starts).
#[inline(never)]
fn output_transform(m: &[f32], co: usize, cout_g: usize, bias: F32x4, out: &mut [f32], rows: [Option<usize>; M], cols: &Cols) {
    for half in 0..NR / 4 {
        let mut t = [[F32x4::splat(0.0); M]; T];
        for (j, tj) in t.iter_mut().enumerate() {
            *tj = at(&core::array::from_fn(|i| F32x4::load(&m[((i * T + j) * cout_g + co) * NR + 4 * half..])));
        }
        for (a, row) in rows.iter().enumerate() {
            let Some(row) = *row else { break };
            let y = at(&core::array::from_fn(|j| t[j][a])).map(|v| v.add(bias).to_array());
            for l in 0..4 {
                let tile = cols.tile + 4 * half + l;
                for (b, yb) in y.iter().enumerate() {
                    let ow = tile * M + b;
                    if ow < cols.count {
                        out[row + cols.o0 + ow * cols.step] = yb[l];
                    }
                }
            }
        }
    }
}

/// U_ξ = G g Gᵀ for every (ci, co) of group g, packed per ξ in the
/// micro-kernel's channel blocks ([co block][ci][channel in block]).
fn transform_weights(spec: &Spec, w: &[f32], g: usize, kh: [usize; 2], kw: [usize; 2], u: &mut [f32]) {
    let (cin_g, cout_g) = (spec.cin_g(), spec.cout_g());
    let k_w = spec.axes[2].kernel;
    let taps = [kh[0] * k_w + kw[0], kh[0] * k_w + kw[1], kh[1] * k_w + kw[0], kh[1] * k_w + kw[1]];
    let plane = cout_g * cin_g;
    let mut co = 0;
    while co < cout_g {
        let mb = block(co, cout_g);
        for ci in 0..cin_g {
            for c in co..co + mb {
                let base = spec.weight_index(g, c, ci, 0);
                let gw = taps.map(|t| w[base + t] as f64);
                // Rows of G·g, then each against the rows of G.
                let rows: [[f64; 2]; T] = core::array::from_fn(|a| [G[a][0] * gw[0] + G[a][1] * gw[2], G[a][0] * gw[1] + G[a][1] * gw[3]]);
                let at = co * cin_g + ci * mb + (c - co);
                for (a, row) in rows.iter().enumerate() {
                    for (b, gb) in G.iter().enumerate() {
                        u[(a * T + b) * plane + at] = (row[0] * gb[0] + row[1] * gb[1]) as f32;
                    }
                }
            }
        }
        co += mb;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv::{scalar, tests::axis, Axis, Dense};

    const BT: [[f32; T]; T] = [[1., 0., -1., 0.], [0., 1., 1., 0.], [0., -1., 1., 0.], [0., -1., 0., 1.]];
    const AT: [[f32; T]; M] = [[1., 1., 1., 0.], [0., 1., -1., 0.], [0., 1., 1., 1.]];

    /// Winograd's identity for one axis: Aᵀ[(G g) ⊙ (Bᵀ d)] = the 2-tap correlation.
    #[test]
    fn matrices_compute_the_correlation() {
        let (d, g) = ([1.5f64, -2.0, 0.25, 3.0], [0.75f64, -1.25]);
        let u: Vec<f64> = G.iter().map(|r| r[0] * g[0] + r[1] * g[1]).collect();
        let v: Vec<f64> = BT.iter().map(|r| r.iter().zip(&d).map(|(c, x)| *c as f64 * x).sum()).collect();
        for (i, row) in AT.iter().enumerate() {
            let y: f64 = row.iter().enumerate().map(|(k, c)| *c as f64 * u[k] * v[k]).sum();
            assert!((y - (d[i] * g[0] + d[i + 1] * g[1])).abs() < 1e-12);
        }
    }

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

    /// An infinite input or weight would make the transforms' sums inf − inf:
    /// such calls take the direct sums, the scalar path's numbers.
    #[test]
    fn non_finite_values_take_the_direct_sum() {
        use crate::conv::tests::{dispatched, pattern};
        let (h, w) = (axis(3, 4, 2, 1, 1, 0, true), axis(5, 4, 2, 1, 1, 1, true));
        let spec = Spec { transposed: true, batch: 1, in_channels: 4, out_channels: 8, groups: 1, axes: [Axis::UNIT, h, w] };
        assert!(applies(&spec));
        let x: Vec<f32> = (0..spec.in_len()).map(|i| (i as f32 * 0.37).sin()).collect();
        let wt: Vec<f32> = (0..spec.weight_len()).map(|i| (i as f32 * 0.73).cos()).collect();
        for v in [f32::INFINITY, f32::NEG_INFINITY, f32::NAN] {
            let (mut xs, mut ws) = (x.clone(), wt.clone());
            xs[7] = v;
            ws[0] = v;
            for (x, w) in [(&xs, &wt), (&x, &ws)] {
                let [a, b] = dispatched(&spec, x, w, None);
                assert_eq!(pattern(&a), pattern(&b));
                assert!(a.iter().any(|v| v.is_infinite()) || v.is_nan());
            }
        }
    }

    #[test]
    fn matches_the_direct_sum() {
        let mut cases = vec![
            (2, 1, 0, (9, 13), 1, (5, 9)),
            (2, 0, 1, (4, 1), 2, (8, 16)),
            (1, 0, 0, (7, 6), 1, (4, 8)),
            (3, 2, 2, (5, 11), 1, (6, 13)),
            (8, 4, 0, (3, 2), 1, (4, 8)),
            // Output cropped at the start or added there (ONNX's pads), and added at the end.
            (2, -1, 0, (3, 5), 1, (4, 8)),
            (2, 3, -2, (4, 7), 1, (4, 8)),
            (3, -2, 4, (2, 3), 1, (4, 8)),
        ];
        // Every small size and output padding, for the tile and phase edges.
        for (ih, iw) in [(1, 1), (1, 2), (2, 3), (3, 5), (4, 7), (6, 17)] {
            for (s, p, extra) in [(1, 0, 0), (2, 1, 1), (2, 2, 0), (3, 1, 2), (2, -1, 3)] {
                cases.push((s, p, extra, (ih, iw), 1, (4, 8)));
            }
        }
        for (s, p, extra, (ih, iw), groups, (cin, cout)) in cases {
            if ((ih.min(iw) - 1) * s + 2 * s) as isize + extra <= 2 * p {
                continue;
            }
            let (h, w) = (axis(ih, 2 * s, s, p, 1, extra, true), axis(iw, 2 * s, s, p, 1, extra, true));
            let spec = Spec { transposed: true, batch: 2, in_channels: cin, out_channels: cout, groups, axes: [Axis::UNIT, h, w] };
            assert!(applies(&spec), "{spec:?}");
            let x: Vec<f32> = (0..spec.in_len()).map(|i| (i as f32 * 0.37).sin()).collect();
            let wt: Vec<f32> = (0..spec.weight_len()).map(|i| (i as f32 * 0.73).cos()).collect();
            let bias: Vec<f32> = (0..cout).map(|i| i as f32 * 0.1).collect();
            let mut want = vec![f32::NAN; spec.out_len()];
            let mut got = want.clone();
            scalar::run(&Dense { x: &x, channels: cin, dims: [1, ih, iw] }, &wt, Some(&bias), &mut want, &spec).unwrap();
            run(&x, &wt, Some(&bias), &mut got, &spec).unwrap();
            for (a, b) in got.iter().zip(&want) {
                assert!((a - b).abs() <= 1e-5 + 1e-5 * b.abs(), "{spec:?}: {a} vs {b}");
            }
        }
    }
}
