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
use crate::error::KernelResult;
use crate::mem;
use crate::pad::Mode;
use crate::simd::F32x4;
use crate::threads;

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
    pub fn new(a: &Axis, transposed: bool) -> KernelResult<Self> {
        let (s, p, d) = (a.stride as isize, a.padding, a.dilation as isize);
        if !transposed {
            let taps = mem::try_collect((0..a.kernel).map(|k| (k, k as isize * d - p)))?;
            let phases = mem::try_collect([Phase { o0: 0, count: a.out_len, taps }])?;
            return Ok(Plan { in_step: a.stride, out_step: 1, phases });
        }
        let mut phases = mem::try_vec(a.stride.min(a.out_len))?;
        for o0 in 0..a.stride.min(a.out_len) {
            let taps = mem::try_collect((0..a.kernel).filter_map(|k| {
                let t = o0 as isize + p - k as isize * d;
                (t.rem_euclid(s) == 0).then_some((k, t / s))
            }))?;
            phases.push(Phase { o0, count: (a.out_len - o0).div_ceil(a.stride), taps });
        }
        Ok(Plan { in_step: 1, out_step: a.stride, phases })
    }

    fn offsets(&self) -> (isize, isize) {
        let offs = self.phases.iter().flat_map(|p| p.taps.iter().map(|t| t.1));
        (offs.clone().min().unwrap_or(0), offs.max().unwrap_or(0))
    }

    fn max_count(&self) -> usize {
        self.phases.iter().map(|p| p.count).max().unwrap_or(0)
    }

    /// The most taps of any phase, and all phases' taps together.
    fn taps(&self) -> (usize, usize) {
        let taps = self.phases.iter().map(|p| p.taps.len());
        (taps.clone().max().unwrap_or(0), taps.sum())
    }
}

/// How a source row is laid out in the band copy: `step` column phases of
/// `len` floats each, element m of phase p holding column (m − left)·step + p,
/// and outside the row what the axis's padding reads there. Long enough
/// that every tap of every output tile (rounded up to NR) reads inside it.
struct Cols {
    step: usize,
    left: usize,
    len: usize,
    axis: Axis,
}

impl Cols {
    fn new(plan: &Plan, axis: &Axis) -> Self {
        let step = plan.in_step as isize;
        let (lo, hi) = plan.offsets();
        let left = (-lo.div_euclid(step)).max(0) as usize;
        let padded = plan.max_count().div_ceil(NR) * NR;
        let len = left + padded + hi.div_euclid(step).max(0) as usize;
        Cols { step: plan.in_step, left, len, axis: *axis }
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
        let width = self.axis.in_len;
        dst.fill(0.0);
        for p in 0..self.step {
            let n = if p < width { (width - p).div_ceil(self.step).min(self.len - self.left) } else { 0 };
            let phase = &mut dst[p * self.len..(p + 1) * self.len];
            let sub = &mut phase[self.left..self.left + n];
            if self.step == 1 {
                sub.copy_from_slice(&row[..n]);
            } else {
                for (m, d) in sub.iter_mut().enumerate() {
                    *d = row[m * self.step + p];
                }
            }
            // Zero padding stays as filled; other modes read through the axis's map.
            if self.axis.mode != Mode::Constant {
                for m in (0..self.left).chain(self.left + n..self.len) {
                    let col = (m as isize - self.left as isize) * self.step as isize + p as isize;
                    phase[m] = self.axis.read(col).map_or(0.0, |c| row[c]);
                }
            }
        }
    }
}

/// Weights for one (group, phase) GEMM into `a` (`cout_g` times its rows):
/// channel blocks of MR (the last one shorter), each [row][channel in
/// block], rows in (ci, kd, kh, kw) order.
fn pack(spec: &Spec, w: &[f32], g: usize, phases: [&Phase; 3], a: &mut [f32]) {
    let [pd, ph, pw] = phases;
    let (cin_g, cout_g) = (spec.cin_g(), spec.cout_g());
    let k = cin_g * pd.taps.len() * ph.taps.len() * pw.taps.len();
    let [_, kh_len, kw_len] = spec.axes.map(|a| a.kernel);
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

pub fn run(src: &dyn Source, w: &[f32], bias: Option<&[f32]>, out: &mut [f32], spec: &Spec) -> KernelResult {
    let layout = Layout::new(spec)?;
    let bufs = threads::PerThread::new(|| Buffers::new(spec, &layout, src))?;
    let out = threads::Disjoint::new(out);
    let cout_g = spec.cout_g();
    let bands = layout.plans[1].max_count().div_ceil(layout.band);
    let phases = &layout.plans[0].phases;
    let planes: usize = phases.iter().map(|pd| pd.count).sum();
    for n in 0..spec.batch {
        for g in 0..spec.groups {
            let bias = bias.map(|b| &b[g * cout_g..(g + 1) * cout_g]);
            // Bands of output rows, of every plane: one thread each.
            threads::for_each(planes * bands, spec.macs() / (spec.batch * spec.groups), &|i, slot| {
                let bufs = bufs.get(&slot);
                if bufs.packed_for != Some(g) {
                    bufs.pack(spec, &layout, w, g);
                }
                let (mut pdi, mut jd) = (0, i / bands);
                while jd >= phases[pdi].count {
                    jd -= phases[pdi].count;
                    pdi += 1;
                }
                // SAFETY: a band writes its own output rows of the plane only.
                layout.band(spec, src, bufs, &Plane { n, g, pdi, jd, bias }, i % bands, unsafe { out.get() });
            });
        }
    }
    Ok(())
}

/// A call's plans, and how source rows are banded: `band` output rows of
/// each H phase at a time, which read source rows from `h_lo` on (relative
/// to the band's first output) over `h_span + 1` rows per output row.
struct Layout {
    plans: [Plan; 3],
    cols: Cols,
    /// The most D taps of any D phase.
    td_max: usize,
    h_lo: isize,
    h_span: usize,
    band: usize,
}

/// One output plane being computed: batch `n`, group `g` (whose `bias`),
/// output `jd` of D phase `pdi`.
struct Plane<'a> {
    n: usize,
    g: usize,
    pdi: usize,
    jd: usize,
    bias: Option<&'a [f32]>,
}

impl Layout {
    fn new(spec: &Spec) -> KernelResult<Self> {
        let t = spec.transposed;
        let plans = [Plan::new(&spec.axes[0], t)?, Plan::new(&spec.axes[1], t)?, Plan::new(&spec.axes[2], t)?];
        let cols = Cols::new(&plans[2], &spec.axes[2]);
        let td_max = plans[0].taps().0;
        let (h_lo, h_hi) = plans[1].offsets();
        let jh_count = plans[1].max_count();
        // (Sizes saturate rather than wrap: an impossible one fails to allocate.)
        let per_j = [spec.cin_g(), td_max, plans[1].in_step, cols.row_len(), 4].into_iter().fold(1, usize::saturating_mul).max(1);
        let band = (BAND_BYTES / per_j).clamp(1, jh_count.max(1));
        Ok(Layout { plans, cols, td_max, h_lo, h_span: (h_hi - h_lo) as usize, band })
    }

    /// Source rows that outputs `b0..b1` of every H phase read.
    fn band_rows(&self, b0: usize, b1: usize) -> usize {
        (b1 - 1 - b0) * self.plans[1].in_step + self.h_span + 1
    }

    /// Source rows in the band copy, before its zero row.
    fn slots(&self, spec: &Spec) -> usize {
        spec.cin_g().saturating_mul(self.td_max).saturating_mul(self.band_rows(0, self.band))
    }

    /// Where band row `hr` of (input channel `ci`, D tap `td`) starts.
    fn slot(&self, ci: usize, td: usize, hr: usize) -> usize {
        ((ci * self.td_max + td) * self.band_rows(0, self.band) + hr) * self.cols.row_len()
    }

    /// Output rows `bi·band ..` of every H phase of one plane.
    fn band(&self, spec: &Spec, src: &dyn Source, bufs: &mut Buffers, p: &Plane, bi: usize, out: &mut [f32]) {
        let [plan_d, plan_h, plan_w] = &self.plans;
        let (pd, jd) = (&plan_d.phases[p.pdi], p.jd);
        // (Within the reservation: nothing reallocates.)
        bufs.ds.clear();
        bufs.ds.extend(pd.taps.iter().map(|&(_, off)| spec.axes[0].read((jd * plan_d.in_step) as isize + off)));
        let [od_len, oh_len, ow_len] = spec.axes.map(|a| a.out_len);
        let od = pd.o0 + jd * plan_d.out_step;
        let b0 = bi * self.band;
        let b1 = (b0 + self.band).min(plan_h.max_count());
        let h0 = (b0 * plan_h.in_step) as isize + self.h_lo;
        self.fill_band(spec, src, bufs, p, h0, self.band_rows(b0, b1));
        for (phi, ph) in plan_h.phases.iter().enumerate() {
            for jh in b0..b1.min(ph.count) {
                let oh = ph.o0 + jh * plan_h.out_step;
                let channel = p.n * spec.out_channels + p.g * spec.cout_g();
                let to = Outputs { first: ((channel * od_len + od) * oh_len + oh) * ow_len, stride: od_len * oh_len * ow_len, bias: p.bias };
                for (pwi, pw) in plan_w.phases.iter().enumerate() {
                    self.b_rows(spec, bufs, ph, pw, jh, h0);
                    let dst = Dst { o0: pw.o0, step: plan_w.out_step, count: pw.count };
                    let a = &bufs.packed[bufs.packed_at[(p.pdi * plan_h.phases.len() + phi) * plan_w.phases.len() + pwi]..];
                    gemm_row(a, &bufs.band, &bufs.rows, &mut bufs.panel, spec.cout_g(), &to, &dst, out);
                }
            }
        }
    }

    /// Copies `rows` rows from `h0` on, for every input channel and D tap of
    /// the plane, into the band copy: padding rows as the H axis's padding
    /// reads them, except zeros, which are left as they are (no B row
    /// points at them).
    fn fill_band(&self, spec: &Spec, src: &dyn Source, bufs: &mut Buffers, p: &Plane, h0: isize, rows: usize) {
        let rw = self.cols.row_len();
        for ci in 0..spec.cin_g() {
            for (td, d) in bufs.ds.iter().enumerate() {
                let Some(d) = *d else { continue };
                for hr in 0..rows {
                    let Some(h) = spec.axes[1].read(h0 + hr as isize) else {
                        continue;
                    };
                    let row = src.row(p.n, p.g * spec.cin_g() + ci, d, h, &mut bufs.tmp);
                    let at = self.slot(ci, td, hr);
                    self.cols.fill(row, &mut bufs.band[at..at + rw]);
                }
            }
        }
    }

    /// The B rows of output row `jh` of H phase `ph` and W phase `pw`:
    /// where each (ci, kd, kh, kw) tap's run of inputs starts in the band
    /// copy, or in its zero row where the tap reads zero padding along D or H.
    fn b_rows(&self, spec: &Spec, bufs: &mut Buffers, ph: &Phase, pw: &Phase, jh: usize, h0: isize) {
        let zero = self.slots(spec) * self.cols.row_len();
        let in_step = self.plans[1].in_step;
        // (Within the reservation: nothing reallocates.)
        bufs.rows.clear();
        for ci in 0..spec.cin_g() {
            for (td, d) in bufs.ds.iter().enumerate() {
                for &(_, off) in &ph.taps {
                    // Band row r holds what position h0 + r reads.
                    let h = (jh * in_step) as isize + off;
                    let base = match (d, spec.axes[1].read(h)) {
                        (Some(_), Some(_)) => self.slot(ci, td, (h - h0) as usize),
                        _ => zero,
                    };
                    bufs.rows.extend(pw.taps.iter().map(|&(_, off)| base + self.cols.offset(off)));
                }
            }
        }
    }
}

/// Where one output row of a group goes: channel `co`'s starts at
/// `first + co·stride`, plus its bias.
struct Outputs<'a> {
    first: usize,
    stride: usize,
    bias: Option<&'a [f32]>,
}

/// One output row of one phase: the GEMM of the packed weights `a` over
/// the B rows `rows` (offsets into `band`), NR outputs at a time, every
/// block of MR channels in turn.
#[allow(clippy::too_many_arguments)]
fn gemm_row(a: &[f32], band: &[f32], rows: &[usize], panel: &mut Vec<f32>, cout_g: usize, to: &Outputs, dst: &Dst, out: &mut [f32]) {
    let k = rows.len();
    // With several channel blocks, copy the B tile into a contiguous panel
    // once: every block then streams it from L1.
    let several = cout_g > MR;
    for j in (0..dst.count).step_by(NR) {
        if several {
            // (Within the reservation: nothing reallocates.)
            panel.clear();
            for &r in rows {
                panel.extend_from_slice(&band[r + j..r + j + NR]);
            }
        }
        let mut co = 0;
        while co < cout_g {
            let m = block(co, cout_g);
            let blk = &a[co * k..(co + m) * k];
            let at: [usize; MR] = core::array::from_fn(|i| to.first + (co + i).min(cout_g - 1) * to.stride);
            let bs: [f32; MR] = core::array::from_fn(|i| to.bias.map_or(0.0, |b| b[(co + i).min(cout_g - 1)]));
            let b = if several { B::Panel(panel) } else { B::Rows(band, rows, j) };
            BLOCKS[m - 1](blk, b, out, &at, &bs, j, dst);
            co += m;
        }
    }
}

/// A call's scratch, reserved before any output is written.
struct Buffers {
    /// The band's source rows, laid out by `Layout::slot`, then a zero row.
    band: Vec<f32>,
    /// The source's own scratch.
    tmp: Vec<f32>,
    /// The current group's packed weights, phase GEMM after phase GEMM
    /// (D, H, W phase order), each from `packed_at[i]`.
    packed: Vec<f32>,
    packed_at: Vec<usize>,
    /// The group whose weights `packed` holds.
    packed_for: Option<usize>,
    /// The current plane's D source per D tap, if inside the input.
    ds: Vec<Option<usize>>,
    /// The current GEMM's B rows, and their tile copied out (`gemm_row`).
    rows: Vec<usize>,
    panel: Vec<f32>,
}

impl Buffers {
    fn new(spec: &Spec, layout: &Layout, src: &dyn Source) -> KernelResult<Self> {
        let [plan_d, plan_h, plan_w] = &layout.plans;
        let band = layout.slots(spec).saturating_add(1).saturating_mul(layout.cols.row_len());
        let (cout_g, cin_g) = (spec.cout_g(), spec.cin_g());
        let mut packed_at = mem::try_vec(plan_d.phases.len() * plan_h.phases.len() * plan_w.phases.len() + 1)?;
        packed_at.push(0);
        for pd in &plan_d.phases {
            for ph in &plan_h.phases {
                for pw in &plan_w.phases {
                    let len = [cout_g, cin_g, pd.taps.len(), ph.taps.len(), pw.taps.len()].into_iter().fold(1, usize::saturating_mul);
                    packed_at.push(packed_at[packed_at.len() - 1] + len);
                }
            }
        }
        let rows = [cin_g, plan_d.taps().0, plan_h.taps().0, plan_w.taps().0].into_iter().fold(1, usize::saturating_mul);
        Ok(Buffers {
            band: mem::try_filled(band, 0.0)?,
            tmp: mem::try_vec(src.scratch_len())?,
            packed: mem::try_filled(packed_at[packed_at.len() - 1], 0.0)?,
            packed_at,
            packed_for: None,
            ds: mem::try_vec(plan_d.taps().0)?,
            rows: mem::try_vec(rows)?,
            panel: mem::try_vec(rows.saturating_mul(NR))?,
        })
    }

    /// Packs group `g`'s weights for every phase GEMM.
    fn pack(&mut self, spec: &Spec, layout: &Layout, w: &[f32], g: usize) {
        self.packed_for = Some(g);
        let [plan_d, plan_h, plan_w] = &layout.plans;
        let mut at = self.packed_at.windows(2);
        for pd in &plan_d.phases {
            for ph in &plan_h.phases {
                for pw in &plan_w.phases {
                    let Some(&[from, to]) = at.next() else { unreachable!("one offset per phase GEMM") };
                    pack(spec, w, g, [pd, ph, pw], &mut self.packed[from..to]);
                }
            }
        }
    }
}
