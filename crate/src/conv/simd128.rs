//! Convolution as a register-blocked GEMM without im2col.
//!
//! Each (output row, phase) is a small GEMM: `out[co][j] = Σ_r A[co][r] ·
//! B[r][j]`, with one row `r` per (input channel, kd, kh, kw) tap that hits
//! the phase. B is never gathered from the tensor (no im2col): its rows are
//! contiguous runs of a per-band copy of the source rows (zero-padded, and
//! split into `stride_w` column phases for strided convolutions), so row `r`
//! is just an offset into that copy and a tile of 8 outputs reads 8
//! consecutive floats; with several channel blocks that tile is copied once
//! into a contiguous panel they all stream from L1. A (the weights)
//! is packed once per group as [co block][r][MR]. The micro-kernel keeps an
//! MR x 8 block of outputs in registers over the whole sum.
//!
//! Transposed convolution runs the same code: per output phase `o mod S`
//! only the taps that hit the phase appear as rows, so no inserted zero is
//! multiplied. Padding rows point at a zero row and add exact zeros, so the
//! sums are the scalar oracle's, term for term.

use super::{Axis, Source, Spec};
use crate::simd::F32x4;

/// Output channels per micro-kernel block. 4 x 8 outputs are 8 accumulators,
/// which with 2 B vectors and 4 weights fit V8's 15 usable vector registers;
/// 6 x 8 spills accumulators on every step and runs 1.4x slower.
pub(super) const MR: usize = 4;
/// Outputs along W per micro-kernel block (two vectors).
pub(super) const NR: usize = 8;
/// Bytes of source rows kept per band: about L2-sized.
const BAND_BYTES: usize = 512 << 10;

/// The outputs `o0 + j·out_step` (j < count) of one phase along an axis and
/// its taps: kernel index k reads source `j·in_step + off`.
pub(super) struct Phase {
    pub o0: usize,
    pub count: usize,
    pub taps: Vec<(usize, isize)>,
}

pub(super) struct Plan {
    pub in_step: usize,
    pub out_step: usize,
    pub phases: Vec<Phase>,
}

impl Plan {
    pub fn new(a: &Axis, transposed: bool) -> Self {
        let (s, p, d) = (a.stride as isize, a.padding as isize, a.dilation as isize);
        if !transposed {
            let taps = (0..a.kernel).map(|k| (k, k as isize * d - p)).collect();
            return Plan { in_step: a.stride, out_step: 1, phases: vec![Phase { o0: 0, count: a.out_len, taps }] };
        }
        let phases = (0..a.stride.min(a.out_len))
            .map(|o0| {
                let taps = (0..a.kernel)
                    .filter_map(|k| {
                        let t = o0 as isize + p - k as isize * d;
                        (t.rem_euclid(s) == 0).then_some((k, t / s))
                    })
                    .collect();
                Phase { o0, count: (a.out_len - o0).div_ceil(a.stride), taps }
            })
            .collect();
        Plan { in_step: 1, out_step: a.stride, phases }
    }

    fn offsets(&self) -> (isize, isize) {
        let offs = self.phases.iter().flat_map(|p| p.taps.iter().map(|t| t.1));
        (offs.clone().min().unwrap_or(0), offs.max().unwrap_or(0))
    }

    fn max_count(&self) -> usize {
        self.phases.iter().map(|p| p.count).max().unwrap_or(0)
    }
}

/// How a source row is laid out in the band copy: `step` column phases of
/// `len` floats each, element m of phase p holding column (m − left)·step + p,
/// zero outside the row. Long enough that every tap of every output tile
/// (rounded up to NR) reads inside it.
struct Cols {
    step: usize,
    left: usize,
    len: usize,
    width: usize,
}

impl Cols {
    fn new(plan: &Plan, width: usize) -> Self {
        let step = plan.in_step as isize;
        let (lo, hi) = plan.offsets();
        let left = (-lo.div_euclid(step)).max(0) as usize;
        let padded = plan.max_count().div_ceil(NR) * NR;
        let len = left + padded + hi.div_euclid(step).max(0) as usize;
        Cols { step: plan.in_step, left, len, width }
    }

    fn row_len(&self) -> usize {
        self.step * self.len
    }

    /// Where output 0 of a tap with source offset `off` reads.
    fn offset(&self, off: isize) -> usize {
        let s = self.step as isize;
        off.rem_euclid(s) as usize * self.len + (off.div_euclid(s) + self.left as isize) as usize
    }

    fn fill(&self, row: &[f32], dst: &mut [f32]) {
        dst.fill(0.0);
        for p in 0..self.step.min(self.width) {
            let n = (self.width - p).div_ceil(self.step).min(self.len - self.left);
            let sub = &mut dst[p * self.len + self.left..][..n];
            if self.step == 1 {
                sub.copy_from_slice(&row[..n]);
            } else {
                for (m, d) in sub.iter_mut().enumerate() {
                    *d = row[m * self.step + p];
                }
            }
        }
    }
}

/// Weights for one (group, phase) GEMM: channel blocks of MR (the last one
/// shorter), each [row][channel in block], rows in (ci, kd, kh, kw) order.
fn pack(spec: &Spec, w: &[f32], g: usize, phases: [&Phase; 3]) -> Vec<f32> {
    let [pd, ph, pw] = phases;
    let (cin_g, cout_g) = (spec.cin_g(), spec.cout_g());
    let k = cin_g * pd.taps.len() * ph.taps.len() * pw.taps.len();
    let [_, kh_len, kw_len] = spec.axes.map(|a| a.kernel);
    let mut a = vec![0.0; cout_g * k];
    let mut co = 0;
    while co < cout_g {
        let m = block(co, cout_g);
        let mut at = co * k;
        for ci in 0..cin_g {
            for &(kd, _) in &pd.taps {
                for &(kh, _) in &ph.taps {
                    for &(kw, _) in &pw.taps {
                        let tap = (kd * kh_len + kh) * kw_len + kw;
                        for c in co..co + m {
                            a[at] = w[spec.weight_index(g, c, ci, tap)];
                            at += 1;
                        }
                    }
                }
            }
        }
        co += m;
    }
    a
}

/// Channels in the block that starts at `co`: MR, or the rest.
#[inline(always)]
pub(super) fn block(co: usize, cout_g: usize) -> usize {
    MR.min(cout_g - co)
}

/// M channels x NR outputs: row r adds `a[r][m] · b_r[..NR]`.
#[inline(always)]
pub(super) fn tile<'b, const M: usize>(a: &[f32], b: impl Iterator<Item = &'b [f32]>) -> [[F32x4; 2]; M] {
    let mut acc = [[F32x4::splat(0.0); 2]; M];
    let mut step = |w: &[f32], b: &[f32]| {
        let (b0, b1) = (F32x4::load(b), F32x4::load(&b[4..]));
        for m in 0..M {
            let s = F32x4::splat(w[m]);
            acc[m][0] = acc[m][0].add(b0.mul(s));
            acc[m][1] = acc[m][1].add(b1.mul(s));
        }
    };
    // Two rows per loop trip: V8 checks for interrupts on every back edge.
    let mut rows = a.chunks_exact(M).zip(b);
    while let Some((w, b)) = rows.next() {
        step(w, b);
        let Some((w, b)) = rows.next() else { break };
        step(w, b);
    }
    acc
}

/// Where the B rows of a tile come from: a contiguous panel, or row offsets
/// into the band copy (plus the tile's first column).
#[derive(Clone, Copy)]
pub(super) enum B<'b> {
    Panel(&'b [f32]),
    Rows(&'b [f32], &'b [usize], usize),
}

/// One block of `m` channels (1..=MR) over one tile, stored. Each size is
/// its own small function, so the register allocator sees only the
/// micro-kernel's live values (inlined into the big loop nest, the
/// accumulators spill).
#[inline(never)]
fn block_tile<const M: usize>(a: &[f32], b: B, out: &mut [f32], at: &[usize; MR], bias: &[f32; MR], j: usize, d: &Dst) {
    let acc = match b {
        B::Panel(p) => tile::<M>(a, p.chunks_exact(NR)),
        B::Rows(src, rows, jb) => tile::<M>(a, rows.iter().map(|&r| &src[r + jb..r + jb + NR])),
    };
    store::<M>(acc, out, at, bias, j, d)
}

pub(super) type BlockFn = fn(&[f32], B, &mut [f32], &[usize; MR], &[f32; MR], usize, &Dst);
/// `block_tile` for m = 1..=MR channels.
pub(super) const BLOCKS: [BlockFn; MR] = [block_tile::<1>, block_tile::<2>, block_tile::<3>, block_tile::<4>];

/// Where one output row goes: `out[at + o0 + j·step]` for j < count.
pub(super) struct Dst {
    pub o0: usize,
    pub step: usize,
    pub count: usize,
}

#[inline(always)]
pub(super) fn store<const M: usize>(acc: [[F32x4; 2]; M], out: &mut [f32], at: &[usize; MR], bias: &[f32; MR], j: usize, d: &Dst) {
    for m in 0..M {
        let b = F32x4::splat(bias[m]);
        let v = [acc[m][0].add(b), acc[m][1].add(b)];
        if d.step == 1 && j + NR <= d.count {
            let o = &mut out[at[m] + d.o0 + j..][..NR];
            v[0].store(o);
            v[1].store(&mut o[4..]);
        } else {
            let lanes = [v[0].to_array(), v[1].to_array()];
            for l in 0..NR.min(d.count - j) {
                out[at[m] + d.o0 + (j + l) * d.step] = lanes[l / 4][l % 4];
            }
        }
    }
}

pub fn run(src: &dyn Source, w: &[f32], bias: Option<&[f32]>, out: &mut [f32], spec: &Spec) {
    let t = spec.transposed;
    let [plan_d, plan_h, plan_w] = [0, 1, 2].map(|i| Plan::new(&spec.axes[i], t));
    let [ax_d, ax_h, ax_w] = spec.axes;
    let cols = Cols::new(&plan_w, ax_w.in_len);
    let rw = cols.row_len();
    let (cin_g, cout_g) = (spec.cin_g(), spec.cout_g());
    let td_max = plan_d.phases.iter().map(|p| p.taps.len()).max().unwrap_or(0);
    let (h_lo, h_hi) = plan_h.offsets();
    let jh_count = plan_h.max_count();
    let per_j = (cin_g * td_max * plan_h.in_step * rw * 4).max(1);
    let band = (BAND_BYTES / per_j).clamp(1, jh_count.max(1));
    let band_rows = (band - 1) * plan_h.in_step + (h_hi - h_lo) as usize + 1;
    let slots = cin_g * td_max * band_rows;
    let mut scratch = vec![0.0f32; (slots + 1) * rw];
    let zero = slots * rw;
    let slot = |ci: usize, td: usize, hr: usize| ((ci * td_max + td) * band_rows + hr) * rw;
    let mut tmp = Vec::new();
    let mut rows: Vec<usize> = Vec::new();
    let mut panel: Vec<f32> = Vec::new();
    let (od_len, oh_len, ow_len) = (ax_d.out_len, ax_h.out_len, ax_w.out_len);

    for n in 0..spec.batch {
        for g in 0..spec.groups {
            let mut packed = Vec::new();
            for pd in &plan_d.phases {
                for ph in &plan_h.phases {
                    for pw in &plan_w.phases {
                        packed.push(pack(spec, w, g, [pd, ph, pw]));
                    }
                }
            }
            let channel = |co: usize| n * spec.out_channels + g * cout_g + co;
            let bias_of = |co: usize| bias.map_or(0.0, |b| b[g * cout_g + co]);
            for (pdi, pd) in plan_d.phases.iter().enumerate() {
                for jd in 0..pd.count {
                    let od = pd.o0 + jd * plan_d.out_step;
                    let ds: Vec<Option<usize>> = pd.taps.iter().map(|&(_, off)| inside(jd * plan_d.in_step, off, ax_d.in_len)).collect();
                    for b0 in (0..jh_count).step_by(band) {
                        let b1 = (b0 + band).min(jh_count);
                        let h0 = (b0 * plan_h.in_step) as isize + h_lo;
                        let nb = (b1 - 1 - b0) * plan_h.in_step + (h_hi - h_lo) as usize + 1;
                        for ci in 0..cin_g {
                            for (td, d) in ds.iter().enumerate() {
                                let Some(d) = *d else { continue };
                                for hr in 0..nb {
                                    let Some(h) = inside(0, h0 + hr as isize, ax_h.in_len) else {
                                        continue;
                                    };
                                    let row = src.row(n, g * cin_g + ci, d, h, &mut tmp);
                                    let at = slot(ci, td, hr);
                                    cols.fill(row, &mut scratch[at..at + rw]);
                                }
                            }
                        }
                        for (phi, ph) in plan_h.phases.iter().enumerate() {
                            for jh in b0..b1.min(ph.count) {
                                let oh = ph.o0 + jh * plan_h.out_step;
                                for (pwi, pw) in plan_w.phases.iter().enumerate() {
                                    rows.clear();
                                    for ci in 0..cin_g {
                                        for (td, d) in ds.iter().enumerate() {
                                            for &(_, off) in &ph.taps {
                                                let h = inside(jh * plan_h.in_step, off, ax_h.in_len);
                                                let base = match (d, h) {
                                                    (Some(_), Some(h)) => slot(ci, td, (h as isize - h0) as usize),
                                                    _ => zero,
                                                };
                                                rows.extend(pw.taps.iter().map(|&(_, off)| base + cols.offset(off)));
                                            }
                                        }
                                    }
                                    let a = &packed[(pdi * plan_h.phases.len() + phi) * plan_w.phases.len() + pwi];
                                    let k = rows.len();
                                    let dst = Dst { o0: pw.o0, step: plan_w.out_step, count: pw.count };
                                    let row_at = |co: usize| ((channel(co) * od_len + od) * oh_len + oh) * ow_len;
                                    for j in (0..pw.count).step_by(NR) {
                                        // With several channel blocks, copy the B tile into a
                                        // contiguous panel once: every block then streams it from L1.
                                        let several = cout_g > MR;
                                        if several {
                                            panel.clear();
                                            for &r in &rows {
                                                panel.extend_from_slice(&scratch[r + j..r + j + NR]);
                                            }
                                        }
                                        let mut co = 0;
                                        while co < cout_g {
                                            let m = block(co, cout_g);
                                            let blk = &a[co * k..(co + m) * k];
                                            let at: [usize; MR] = core::array::from_fn(|i| row_at((co + i).min(cout_g - 1)));
                                            let bs: [f32; MR] = core::array::from_fn(|i| bias_of((co + i).min(cout_g - 1)));
                                            let b = if several { B::Panel(&panel) } else { B::Rows(&scratch, &rows, j) };
                                            BLOCKS[m - 1](blk, b, out, &at, &bs, j, &dst);
                                            co += m;
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

/// `base + off` if it indexes an axis of length `len`.
#[inline]
fn inside(base: usize, off: isize, len: usize) -> Option<usize> {
    let i = base as isize + off;
    (0..len as isize).contains(&i).then_some(i as usize)
}
