//! The one primitive every interpolation mode runs on: resample one axis of a
//! tensor viewed as `[outer, len, inner]` through a table of taps.
//!
//! `out[o][j][i] = Σ_t weight[t][j] · x[o][index[t][j]][i]`, summed in tap
//! order, which is the order PyTorch's CPU kernels add in. Separable modes run
//! it once per axis, innermost axis first (PyTorch evaluates the last axis
//! innermost), so the sums round exactly as PyTorch's do.
//!
//! Speed comes from three places. Two adjacent axes run fused (`run_pair`),
//! the inner one resampled into a small ring of rows that the outer one
//! combines, so no plane-sized intermediate goes through memory (three
//! axes: a ring of slices, `run_triple`). On the
//! contiguous axis, integer upscales (x2, x4) run polyphase (`Phases`): per
//! output phase a multiply-add of unaligned loads, the phases interleaved by
//! shuffles; other upscales read each block of four outputs' sources from
//! one vector window and pick lanes (`Blocks`), with a register-resident
//! loop over the table's periodic part; downscales put four rows into the
//! lanes instead (`gather_by_four`). Strided axes combine whole rows.
//!
//! Measured on x86 (W3 in bench/): a vector load that spans two recent
//! stores waits for them to reach the cache, and behind the output's
//! stores that is long; so ring rows are written in vector stores that line
//! up with the combining loads. Writing two output rows in one sweep, or
//! interleaving ring and output stores, ran up to twice as slow.

use crate::error::KernelResult;
use crate::mem;
use crate::simd::{F32x4, Path, Pick, LANES};

/// Taps for one axis: for output position `j`, tap `t` reads source index
/// `index[t * out_len + j]` with weight `weight[t * out_len + j]`. Tap-major so
/// that the gather path can load four outputs' weights as one vector.
pub struct AxisTable {
    pub in_len: usize,
    pub out_len: usize,
    pub taps: usize,
    pub index: Vec<u32>,
    pub weight: Vec<f32>,
    phases: Option<Phases>,
    blocks: Option<Blocks>,
    /// The taps output-major, for tables resampled four rows at a time
    /// (`by_four`), else empty.
    rows_taps: Vec<(u32, f32)>,
}

/// The contiguous-axis fast path: for every block of four outputs, each
/// tap's four sources lie in one window of `width` (4 or 8) consecutive
/// sources, so they are a lane pick from one or two vector loads instead of
/// four scalar loads. Upscales and mild downscales qualify (x2 bilinear and
/// bicubic: windows of 4; x1/2 bilinear: 8).
struct Blocks {
    width: usize,
    /// One window per block, which all its taps share (else one per tap).
    shared: bool,
    /// Window starts, block-major, `taps` per block.
    at: Vec<u32>,
    /// The matching lane picks.
    picks: Vec<Pick>,
    /// Blocks `run.0..run.1` repeat one block's picks and weights with every
    /// window advancing `run.2` sources per block (integer upscales, and the
    /// interior of many other tables): the longest such run.
    run: (usize, usize, usize),
}

/// The contiguous-axis path for integer upscales (x2, x4): outputs
/// `factor·m + p` for four consecutive `m` read four consecutive sources per
/// tap, so each phase `p` is a plain multiply-add of unaligned loads, and
/// the `factor` phase vectors interleave into the output. Cheaper than lane
/// picks (one shuffle per output vector instead of one swizzle per tap).
struct Phases {
    factor: usize,
    /// Outputs `factor·m0 .. factor·(m0 + len)` take this path, four `m`
    /// at a time; a last step moved back to end there rewrites a few of
    /// them (same values) rather than leave the rest to the edges.
    m0: usize,
    len: usize,
    /// Source and weight of tap `t` of phase `p` at `m0`, at `p·taps + t`.
    first: Vec<u32>,
    weight: Vec<f32>,
    /// `step` where every source is `first[0] + p·step + t`: then all loads
    /// of a step come from one address at fixed offsets, and equal ones
    /// merge (x2 bilinear: three loads for its four taps).
    step: Option<usize>,
    /// The outputs around the stretch as whole blocks of four, when each
    /// reads a window of four sources: (first output, window start, a
    /// pick and the weights per tap). Scalar outputs there made the whole
    /// pass measurably slower (bilinear x2: 15%).
    edges: Option<Vec<EdgeBlock>>,
}

/// Outputs `j..j + 4` from the window of four sources at `a`: per tap, a
/// pick and the four weights (`(j, a, taps)`).
type EdgeBlock = (usize, usize, Vec<(Pick, [f32; LANES])>);

impl AxisTable {
    pub fn new(in_len: usize, out_len: usize, taps: usize, index: Vec<u32>, weight: Vec<f32>) -> KernelResult<Self> {
        let mut t = Self { in_len, out_len, taps, index, weight, phases: None, blocks: None, rows_taps: Vec::new() };
        for factor in [2, 4] {
            if t.phases.is_none() {
                t.phases = t.phases(factor)?;
            }
        }
        // Else, preferred: one load per block, then one per tap, then two per block.
        for (width, shared) in [(4, true), (4, false), (8, true)] {
            if t.phases.is_none() && t.blocks.is_none() {
                t.blocks = t.blocks(width, shared)?;
            }
        }
        if t.phases.is_none() && t.blocks.is_none() && t.taps > 1 && t.valid() {
            let (index, weight) = (&t.index, &t.weight);
            t.rows_taps = mem::try_collect((0..out_len * taps).map(|i| (i / taps, i % taps)).map(|(j, k)| (index[k * out_len + j], weight[k * out_len + j])))?;
        }
        Ok(t)
    }

    /// The longest stretch of sources `m` whose `factor` outputs
    /// `factor·m + p` read `m + offset[p][t]` with weights that depend on
    /// `p` and `t` only, if it holds at least a vector's worth of them.
    fn phases(&self, factor: usize) -> KernelResult<Option<Phases>> {
        if !matches!(self.taps, 1 | 2 | 4) || !self.valid() {
            return Ok(None);
        }
        let (n, taps) = (self.out_len, self.taps);
        // Source and weight bits of `m`'s outputs' tap `k`, the source relative to `m`.
        let key = |m: usize, k: usize| {
            let at = k % taps * n + factor * m + k / taps;
            (self.index[at] as i64 - m as i64, self.weight[at].to_bits())
        };
        let same = |a: usize, b: usize| (0..factor * taps).all(|k| key(a, k) == key(b, k));
        let sources = n / factor;
        let (mut best, mut start) = ((0, 0), 0);
        for m in 1..=sources {
            if m == sources || !same(m, start) {
                if m - start > best.1 - best.0 {
                    best = (start, m);
                }
                start = m;
            }
        }
        // Started on a multiple of four outputs, the stretch's stores line
        // up with the combining pass's loads of the row (a load across two
        // recent stores waits for them to reach the cache).
        let m0 = best.0.next_multiple_of(LANES / factor.min(LANES));
        let mut len = best.1.saturating_sub(m0);
        // Whole steps only, when the right edge block can take the rest.
        if factor * (len % LANES) + n - factor * (m0 + len) <= LANES {
            len -= len % LANES;
        }
        if len < LANES {
            return Ok(None);
        }
        let p = (0..factor * taps).map(|k| (k / taps, k % taps)).map(|(p, t)| t * n + factor * m0 + p);
        let first = mem::try_collect(p.clone().map(|k| self.index[k]))?;
        let step = [0, 1].into_iter().find(|&d| (0..factor * taps).all(|k| first[k] as usize == first[0] as usize + k / taps * d + k % taps));
        let (lo, hi) = (factor * m0, factor * (m0 + len));
        let edges = if lo <= LANES && n - hi <= LANES { self.edge_blocks([(lo > 0).then_some(0), (hi < n).then(|| n - LANES)])? } else { None };
        Ok(Some(Phases { factor, m0, len, first, weight: mem::try_collect(p.map(|k| self.weight[k]))?, step, edges }))
    }

    /// The edge blocks that start at `starts`, if every one fits a window.
    fn edge_blocks(&self, starts: [Option<usize>; 2]) -> KernelResult<Option<Vec<EdgeBlock>>> {
        let mut edges = mem::try_vec(starts.len())?;
        for j in starts.into_iter().flatten() {
            let Some(edge) = self.edge_block(j)? else { return Ok(None) };
            edges.push(edge);
        }
        Ok(Some(edges))
    }

    /// Outputs `j..j + 4` as picks from one window of four sources, if they fit one.
    fn edge_block(&self, j: usize) -> KernelResult<Option<EdgeBlock>> {
        let n = self.out_len;
        let lanes = |t: usize| &self.index[t * n + j..t * n + j + LANES];
        let (Some(&lo), Some(room)) = ((0..self.taps).flat_map(lanes).min(), self.in_len.checked_sub(LANES)) else {
            return Ok(None);
        };
        let a = (lo as usize).min(room);
        let mut taps = mem::try_vec(self.taps)?;
        for t in 0..self.taps {
            let Some(o) = window_offsets(lanes(t), a, LANES) else { return Ok(None) };
            taps.push((Pick::new(o), core::array::from_fn(|l| self.weight[t * n + j + l])));
        }
        Ok(Some((j, a, taps)))
    }

    fn blocks(&self, width: usize, shared: bool) -> KernelResult<Option<Blocks>> {
        if self.in_len < width || !self.valid() {
            return Ok(None);
        }
        let (n, taps) = (self.out_len, self.taps);
        let blocks = n / LANES;
        let mut at = mem::try_vec(blocks * taps)?;
        let mut picks = mem::try_vec(blocks * taps)?;
        let mut offsets: Vec<[u8; LANES]> = mem::try_vec(blocks * taps)?;
        for j in (0..blocks * LANES).step_by(LANES) {
            let lanes = |t: usize| &self.index[t * n + j..t * n + j + LANES];
            let block_lo = (0..taps).flat_map(lanes).min().map_or(0, |&lo| lo as usize);
            for t in 0..taps {
                let lanes = lanes(t);
                let lo = lanes.iter().min().map_or(0, |&lo| lo as usize);
                let a = if shared { block_lo } else { lo }.min(self.in_len - width);
                let Some(o) = window_offsets(lanes, a, width) else { return Ok(None) };
                at.push(a as u32);
                offsets.push(o);
                picks.push(Pick::new(o));
            }
        }
        // Block k repeats block k - 1 when its picks and weights are the
        // same and all its windows moved by the same step.
        let link = |k: usize| {
            let (this, prev) = (k * taps..(k + 1) * taps, (k - 1) * taps..k * taps);
            let same = offsets[this.clone()] == offsets[prev.clone()]
                && (0..taps).all(|t| self.weight[t * n + k * LANES..][..LANES] == self.weight[t * n + (k - 1) * LANES..][..LANES]);
            let step = at[k * taps].checked_sub(at[(k - 1) * taps])?;
            (same && this.zip(prev).all(|(a, b)| at[a].checked_sub(at[b]) == Some(step))).then_some(step)
        };
        let mut run = (0, 0, 0);
        let mut k = 1;
        while k < blocks {
            let Some(step) = link(k) else {
                k += 1;
                continue;
            };
            let start = k - 1;
            while k < blocks && link(k) == Some(step) {
                k += 1;
            }
            if k - start > run.1 - run.0 {
                run = (start, k, step as usize);
            }
        }
        Ok(Some(Blocks { width, shared, at, picks, run }))
    }

    /// One tap of weight 1 per output: a pure gather (nearest modes, copies).
    pub fn gather(in_len: usize, index: Vec<u32>) -> KernelResult<Self> {
        let out_len = index.len();
        Self::new(in_len, out_len, 1, index, mem::try_filled(out_len, 1.0)?)
    }

    /// Taps over contiguous windows (area, antialias): `window(j, w)` writes
    /// output `j`'s weights into `w` (room for `taps`, the longest window)
    /// and returns its first source and its length. Shorter windows are
    /// padded to `taps` with zero-weight taps on a source they already read,
    /// so each sum, taken in tap order, is PyTorch's for finite inputs (an
    /// infinite input times a padding 0 gives NaN where PyTorch keeps the
    /// infinity).
    pub fn windows(in_len: usize, out_len: usize, taps: usize, mut window: impl FnMut(usize, &mut [f32]) -> (usize, usize)) -> KernelResult<Self> {
        let taps = taps.max(1);
        let mut index = mem::try_filled(taps.saturating_mul(out_len), 0u32)?;
        let mut weight = mem::try_filled(taps * out_len, 0f32)?;
        let mut w = mem::try_filled(taps, 0f32)?;
        for j in 0..out_len {
            let (start, len) = window(j, &mut w);
            for t in 0..taps {
                let s = (start + t.min(len.saturating_sub(1))).min(in_len - 1);
                index[t * out_len + j] = s as u32;
                weight[t * out_len + j] = if t < len { w[t] } else { 0.0 };
            }
        }
        Self::new(in_len, out_len, taps, index, weight)
    }

    /// Output positions that read source index `s`, for skipping work on
    /// rows no later pass reads.
    pub fn reads(&self) -> KernelResult<Vec<bool>> {
        // A zero-weight tap still reads its source: 0·NaN is NaN in PyTorch too.
        let mut used = mem::try_filled(self.in_len, false)?;
        for &i in &self.index {
            used[i as usize] = true;
        }
        Ok(used)
    }

    /// Indices in range and one per tap and output.
    fn valid(&self) -> bool {
        self.index.len() == self.taps * self.out_len && self.weight.len() == self.index.len() && self.index.iter().all(|&i| (i as usize) < self.in_len)
    }

    /// How far apart (plus one) the sources of any one output are.
    pub fn span(&self) -> usize {
        (0..self.out_len)
            .map(|j| {
                let (lo, hi) = (0..self.taps).map(|t| self.index[t * self.out_len + j]).fold((u32::MAX, 0), |(a, b), i| (a.min(i), b.max(i)));
                (hi - lo) as usize + 1
            })
            .max()
            .unwrap_or(1)
    }

    #[inline(always)]
    fn tap(&self, t: usize, j: usize) -> (usize, f32) {
        let k = t * self.out_len + j;
        (self.index[k] as usize, self.weight[k])
    }
}

/// Where four sources lie in the window of `width` sources from `a`, if they all do.
fn window_offsets(sources: &[u32], a: usize, width: usize) -> Option<[u8; LANES]> {
    let mut o = [0; LANES];
    for (o, &s) in o.iter_mut().zip(sources) {
        *o = (s as usize).checked_sub(a).filter(|&d| d < width)? as u8;
    }
    Some(o)
}

/// Scratch memory of the passes. `reserve` makes room for every pass of a
/// call before any output is written, so a call that runs out of memory
/// fails before it writes; the passes then never grow it.
#[derive(Default)]
pub struct Scratch {
    lanes: Lanes,
    /// `run_pair`'s ring of resampled rows.
    rows: Ring,
    /// `run_triple`'s ring of resampled slices.
    slices: Ring,
}

/// `gather_by_four`'s four rows in the lanes, and their sums.
#[derive(Default)]
struct Lanes {
    columns: Vec<F32x4>,
    sums: Vec<F32x4>,
}

/// A ring of resampled rows (or slices), and the source each slot holds.
#[derive(Default)]
struct Ring {
    data: Vec<f32>,
    held: Vec<usize>,
}

impl Scratch {
    /// Room for one pass over `tables`: one to three adjacent axes, outermost
    /// first (`run`, `run_pair`, `run_triple`).
    pub fn reserve(&mut self, path: Path, tables: &[&AxisTable], inner: usize) -> KernelResult {
        let Some(&tw) = tables.last() else { return Ok(()) };
        if by_four(tw, inner, path.vector()) {
            mem::try_reserve(&mut self.lanes.columns, tw.in_len)?;
            mem::try_reserve(&mut self.lanes.sums, tw.out_len)?;
        }
        if let [.., th, _] = tables {
            mem::try_reserve(&mut self.rows.data, ring_len(th, tw, inner))?;
            mem::try_reserve(&mut self.rows.held, th.span() + LANES - 1)?;
        }
        if let [td, th, _] = tables {
            mem::try_reserve(&mut self.slices.data, triple_ring_len(td, th, tw, inner))?;
            mem::try_reserve(&mut self.slices.held, td.span())?;
        }
        Ok(())
    }
}

impl Ring {
    /// The ring as `slots` slots of `stride` floats, placed 1 KiB off
    /// `out`'s 4 KiB phase, and its slots' sources, none held yet. Where
    /// ring rows and output rows sit at the same address modulo 4 KiB, x86
    /// cores stall loads behind unrelated stores (4K aliasing): it made
    /// nearest x2 on 256x256 planes twice as slow. (The extra 1 KiB of
    /// `ring_len` makes room for the offset.)
    fn take(&mut self, slots: usize, stride: usize, out: &[f32]) -> (&mut [f32], &mut [usize]) {
        // Within what `Scratch::reserve` made room for: nothing reallocates.
        debug_assert!(slots * stride + 1024 <= self.data.capacity() && slots <= self.held.capacity(), "ring not reserved");
        self.data.resize(slots * stride + 1024, 0.0);
        self.held.clear();
        self.held.resize(slots, usize::MAX);
        let phase = (out.as_ptr() as usize).wrapping_sub(self.data.as_ptr() as usize) % 4096;
        (&mut self.data[(phase + 4096 - 1024) % 4096 / 4..], &mut self.held)
    }
}

/// Padding between ring rows, in floats.
const RING_PAD: usize = 16;

/// The length of `run_pair`'s ring (sizes that overflow saturate, and then
/// cannot be reserved).
fn ring_len(th: &AxisTable, tw: &AxisTable, inner: usize) -> usize {
    (th.span() + LANES - 1).saturating_mul(tw.out_len.saturating_mul(inner).saturating_add(RING_PAD)).saturating_add(1024)
}

/// The length of `run_triple`'s ring of slices.
fn triple_ring_len(td: &AxisTable, th: &AxisTable, tw: &AxisTable, inner: usize) -> usize {
    let slice = th.out_len.saturating_mul(tw.out_len).saturating_mul(inner);
    td.span().saturating_mul(slice.saturating_add(RING_PAD)).saturating_add(1024)
}

/// Resamples `x` (`[outer, table.in_len, inner]`) into `out`
/// (`[outer, table.out_len, inner]`). Rows `o` with `skip[o]` set need not
/// be written (only those sharing a group of four with a needed row are):
/// the caller knows nothing reads them.
#[allow(clippy::too_many_arguments)]
pub fn run(path: Path, x: &[f32], out: &mut [f32], outer: usize, inner: usize, t: &AxisTable, skip: Option<&[bool]>, scratch: &mut Scratch) {
    run_path(path.vector(), x, out, outer, inner, t, skip, &mut scratch.lanes)
}

#[allow(clippy::too_many_arguments)]
fn run_path(vector: bool, x: &[f32], out: &mut [f32], outer: usize, inner: usize, t: &AxisTable, skip: Option<&[bool]>, lanes: &mut Lanes) {
    let (lin, lout) = (t.in_len * inner, t.out_len * inner);
    assert!(x.len() >= outer * lin && out.len() >= outer * lout && t.valid());
    let skipped = |o: usize| skip.is_some_and(|s| s[o]);
    if by_four(t, inner, vector) {
        for o in (0..outer).step_by(LANES).filter(|&o| !(o..(o + LANES).min(outer)).all(skipped)) {
            // Past the last row, the group repeats it (written twice, same values).
            let group: [usize; LANES] = core::array::from_fn(|r| (o + r).min(outer - 1));
            gather_by_four(x, lin, group, t, lanes);
            scatter_four(&lanes.sums, out, group.map(|g| g * lout));
        }
        return;
    }
    for o in (0..outer).filter(|&o| !skipped(o)) {
        resample(&x[o * lin..(o + 1) * lin], &mut out[o * lout..(o + 1) * lout], t, inner, vector);
    }
}

/// Two adjacent axes at once: `x` is `[outer, th.in_len, tw.in_len, inner]`,
/// `out` is `[outer, th.out_len, tw.out_len, inner]`. Each output row of the
/// outer axis combines a few rows resampled along the inner axis; those are
/// computed once, when first needed, into a ring of a few rows, so the
/// intermediate stays in cache instead of making a round trip through
/// memory. The arithmetic, and so every rounding, is that of `run` along
/// `tw` and then along `th`.
#[allow(clippy::too_many_arguments)]
pub fn run_pair(
    path: Path, x: &[f32], out: &mut [f32], outer: usize, inner: usize, th: &AxisTable, tw: &AxisTable, skip: Option<&[bool]>, scratch: &mut Scratch,
) {
    run_pair_path(path.vector(), x, out, outer, inner, [th, tw], skip, &mut scratch.rows, &mut scratch.lanes)
}

#[allow(clippy::too_many_arguments)]
fn run_pair_path(
    vector: bool, x: &[f32], out: &mut [f32], outer: usize, inner: usize, [th, tw]: [&AxisTable; 2], skip: Option<&[bool]>, ring: &mut Ring, lanes: &mut Lanes,
) {
    let (row_in, row_out) = (tw.in_len * inner, tw.out_len * inner);
    let (lin, lout) = (th.in_len * row_in, th.out_len * row_out);
    assert!(x.len() >= outer * lin && out.len() >= outer * lout && th.valid() && tw.valid());
    // Every output row reads source rows within `span` of each other, and
    // rows are resampled in groups of `group` from the first one missing, so
    // `s % slots` gives every row an output reads a slot of its own.
    let group = if by_four(tw, inner, vector) { LANES } else { 1 };
    let (slots, stride) = (th.span() + group - 1, row_out + RING_PAD);
    let (ring, held) = ring.take(th.span() + LANES - 1, stride, out);
    let held = &mut held[..slots];
    for o in (0..outer).filter(|&o| !skip.is_some_and(|s| s[o])) {
        let src = &x[o * lin..(o + 1) * lin];
        let dst = &mut out[o * lout..(o + 1) * lout];
        held.fill(usize::MAX);
        let mut j = 0;
        while j < th.out_len {
            for t in 0..th.taps {
                let s = th.tap(t, j).0;
                if held[s % slots] == s {
                    continue;
                }
                if group == 1 {
                    let slot = s % slots;
                    resample(&src[s * row_in..(s + 1) * row_in], &mut ring[slot * stride..slot * stride + row_out], tw, inner, vector);
                    held[slot] = s;
                } else {
                    // Past the last row, the group repeats it (computed twice, same slot).
                    let group: [usize; LANES] = core::array::from_fn(|r| (s + r).min(th.in_len - 1));
                    gather_by_four(src, row_in, group, tw, lanes);
                    scatter_four(&lanes.sums, ring, group.map(|g| g % slots * stride));
                    for g in group {
                        held[g % slots] = g;
                    }
                }
            }
            let ring_row = |t: usize| &ring[th.tap(t, j).0 % slots * stride..][..row_out];
            let (row, next) = dst[j * row_out..].split_at_mut(row_out);
            // Upscales make pairs of output rows from the same two rows: for
            // long (channels-last) rows, one sweep over those. (Short rows
            // come from L1 anyway, and there two output streams run slower.)
            if inner > 1 && th.taps == 2 && j + 1 < th.out_len && (0..2).all(|t| th.tap(t, j + 1).0 == th.tap(t, j).0) {
                let [wa, wb] = [j, j + 1].map(|j| [th.tap(0, j).1, th.tap(1, j).1]);
                combine_twin(ring_row(0), ring_row(1), wa, wb, row, &mut next[..row_out], vector);
                j += 2;
            } else {
                combine(th.taps, ring_row, |t| th.tap(t, j).1, row, vector);
                j += 1;
            }
        }
    }
}

/// Three adjacent axes at once (`[outer, td.in_len, th.in_len, tw.in_len,
/// inner]`): `run_pair`'s scheme one level up, a ring of whole slices, each
/// resampled by `run_pair` when first needed, combined along `td`. Same
/// arithmetic as the three passes one after the other.
#[allow(clippy::too_many_arguments)]
pub fn run_triple(path: Path, x: &[f32], out: &mut [f32], outer: usize, inner: usize, td: &AxisTable, th: &AxisTable, tw: &AxisTable, scratch: &mut Scratch) {
    run_triple_path(path.vector(), x, out, outer, inner, [td, th, tw], scratch)
}

fn run_triple_path(vector: bool, x: &[f32], out: &mut [f32], outer: usize, inner: usize, [td, th, tw]: [&AxisTable; 3], scratch: &mut Scratch) {
    let (slice_in, slice_out) = (th.in_len * tw.in_len * inner, th.out_len * tw.out_len * inner);
    let (lin, lout) = (td.in_len * slice_in, td.out_len * slice_out);
    assert!(x.len() >= outer * lin && out.len() >= outer * lout && td.valid());
    let (slots, stride) = (td.span(), slice_out + RING_PAD);
    let Scratch { lanes, rows, slices } = scratch;
    let (ring, held) = slices.take(slots, stride, out);
    for o in 0..outer {
        let (src, dst) = (&x[o * lin..(o + 1) * lin], &mut out[o * lout..(o + 1) * lout]);
        held.fill(usize::MAX);
        for (j, slice) in dst.chunks_exact_mut(slice_out).enumerate() {
            for t in 0..td.taps {
                let s = td.tap(t, j).0;
                let slot = s % slots;
                if held[slot] != s {
                    let to = &mut ring[slot * stride..slot * stride + slice_out];
                    run_pair_path(vector, &src[s * slice_in..(s + 1) * slice_in], to, 1, inner, [th, tw], None, rows, lanes);
                    held[slot] = s;
                }
            }
            combine(td.taps, |t| &ring[td.tap(t, j).0 % slots * stride..][..slice_out], |t| td.tap(t, j).1, slice, vector);
        }
    }
}

/// Two-tap `combine` of the same two rows into two outputs with their own weights.
fn combine_twin(r0: &[f32], r1: &[f32], wa: [f32; 2], wb: [f32; 2], a: &mut [f32], b: &mut [f32], vector: bool) {
    let n = a.len();
    let body = if vector { n - n % LANES } else { 0 };
    let (va, vb) = (wa.map(F32x4::splat), wb.map(F32x4::splat));
    for (((x, y), oa), ob) in
        r0[..body].chunks_exact(LANES).zip(r1[..body].chunks_exact(LANES)).zip(a[..body].chunks_exact_mut(LANES)).zip(b[..body].chunks_exact_mut(LANES))
    {
        let (x, y) = (F32x4::load(x), F32x4::load(y));
        x.mul(va[0]).add(y.mul(va[1])).store(oa);
        x.mul(vb[0]).add(y.mul(vb[1])).store(ob);
    }
    for i in body..n {
        a[i] = r0[i] * wa[0] + r1[i] * wa[1];
        b[i] = r0[i] * wb[0] + r1[i] * wb[1];
    }
}

/// Whether a contiguous axis is resampled four rows at a time: when its
/// taps do not fit a `Blocks` window (downscales), a lane gather per tap
/// costs more than putting four rows into the lanes.
fn by_four(t: &AxisTable, inner: usize, vector: bool) -> bool {
    vector && inner == 1 && !t.rows_taps.is_empty()
}

/// Writes lane `r` of `sums` to the row of `out` starting at `at[r]`.
fn scatter_four(sums: &[F32x4], out: &mut [f32], at: [usize; LANES]) {
    let n = sums.len();
    let body = n - n % LANES;
    for j in (0..body).step_by(LANES) {
        let quad = F32x4::transpose([sums[j], sums[j + 1], sums[j + 2], sums[j + 3]]);
        for (v, a) in quad.into_iter().zip(at) {
            v.store(&mut out[a + j..]);
        }
    }
    for (j, s) in sums.iter().enumerate().skip(body) {
        for (v, a) in s.to_array().into_iter().zip(at) {
            out[a + j] = v;
        }
    }
}

/// Resamples four rows of a contiguous axis with the rows in the lanes:
/// `sums[j]` holds output `j` of rows `group`, each tap one vector
/// multiply-add (lane by lane the scalar oracle's arithmetic).
fn gather_by_four(src: &[f32], row_in: usize, group: [usize; LANES], t: &AxisTable, lanes: &mut Lanes) {
    let Lanes { columns, sums } = lanes;
    let r: [&[f32]; LANES] = group.map(|s| &src[s * row_in..(s + 1) * row_in]);
    // Within what `Scratch::reserve` made room for: nothing reallocates.
    debug_assert!(row_in <= columns.capacity() && t.out_len <= sums.capacity(), "lanes not reserved");
    columns.clear();
    let body = row_in - row_in % LANES;
    for i in (0..body).step_by(LANES) {
        columns.extend(F32x4::transpose(r.map(|row| F32x4::load(&row[i..]))));
    }
    columns.extend((body..row_in).map(|i| F32x4::new(r[0][i], r[1][i], r[2][i], r[3][i])));
    sums.clear();
    sums.extend(t.rows_taps.chunks_exact(t.taps).map(|taps| {
        let (s, w) = taps[0];
        let mut acc = columns[s as usize].mul(F32x4::splat(w));
        for &(s, w) in &taps[1..] {
            acc = acc.add(columns[s as usize].mul(F32x4::splat(w)));
        }
        acc
    }));
}

/// One `[len, inner]` slice along one axis.
fn resample(src: &[f32], dst: &mut [f32], t: &AxisTable, inner: usize, vector: bool) {
    if inner == 1 {
        if vector {
            gather_simd(src, dst, t)
        } else {
            gather_scalar(src, dst, t)
        }
        return;
    }
    for (j, row) in dst.chunks_exact_mut(inner).enumerate() {
        combine(t.taps, |k| &src[t.tap(k, j).0 * inner..][..inner], |k| t.tap(k, j).1, row, vector);
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

/// The vector path of a contiguous axis: four outputs at a time, their
/// sources picked from a window (`Blocks`). Tables without windows never
/// get here with more than one tap: they are resampled four rows at a time
/// (`by_four`); single-tap gathers without windows copy one by one.
fn gather_simd(src: &[f32], dst: &mut [f32], t: &AxisTable) {
    if let Some(ph) = &t.phases {
        return gather_phases(src, dst, t, ph);
    }
    let Some(b) = &t.blocks else {
        return gather_scalar(src, dst, t);
    };
    let body = t.out_len - t.out_len % LANES;
    gather_blocks(src, &mut dst[..body], t, b);
    for (j, d) in dst.iter_mut().enumerate().skip(body) {
        *d = dot_scalar(t, j, |s| src[s]);
    }
}

/// `Phases` over their stretch, then the few outputs around it.
fn gather_phases(src: &[f32], dst: &mut [f32], t: &AxisTable, ph: &Phases) {
    let (lo, hi) = (ph.factor * ph.m0, ph.factor * (ph.m0 + ph.len));
    let run = &mut dst[lo..hi];
    // Nearest x2 and x4, bilinear and bicubic x2 have a `step`.
    match (ph.factor, t.taps, ph.step) {
        (2, 1, Some(0)) => phases::<2, 1, 0>(src, run, ph),
        (2, 2, Some(1)) => phases::<2, 2, 1>(src, run, ph),
        (2, 4, Some(1)) => phases::<2, 4, 1>(src, run, ph),
        (4, 1, Some(0)) => phases::<4, 1, 0>(src, run, ph),
        (2, 1, _) => phases::<2, 1, ANY_STEP>(src, run, ph),
        (2, 2, _) => phases::<2, 2, ANY_STEP>(src, run, ph),
        (2, _, _) => phases::<2, 4, ANY_STEP>(src, run, ph),
        (_, 1, _) => phases::<4, 1, ANY_STEP>(src, run, ph),
        (_, 2, _) => phases::<4, 2, ANY_STEP>(src, run, ph),
        _ => phases::<4, 4, ANY_STEP>(src, run, ph),
    }
    // After the stretch, so that they are the latest stores of the
    // outputs they share with it.
    match &ph.edges {
        // (Lane by lane the scalar arithmetic; they rewrite some outputs of the stretch.)
        Some(edges) => {
            for (j, a, taps) in edges {
                let v = F32x4::load(&src[*a..]);
                let tap = |(p, w): &(Pick, [f32; LANES])| (F32x4::pick4(v, p), F32x4::load(w));
                let (x, w) = tap(&taps[0]);
                let mut acc = if taps.len() == 1 { x } else { x.mul(w) };
                for (x, w) in taps[1..].iter().map(tap) {
                    acc = acc.add(x.mul(w));
                }
                acc.store(&mut dst[*j..]);
            }
        }
        None => {
            for j in (0..lo).chain(hi..t.out_len) {
                dst[j] = dot_scalar(t, j, |s| src[s]);
            }
        }
    }
}

/// `S` for `Phases` without a `step`.
const ANY_STEP: usize = usize::MAX;

/// `F` phases of `T` taps, sources and weights in registers; sources
/// `first[0] + p·S + t` unless `S` is `ANY_STEP`.
#[inline(always)]
fn phases<const F: usize, const T: usize, const S: usize>(src: &[f32], run: &mut [f32], ph: &Phases) {
    let first: [[usize; T]; F] = core::array::from_fn(|p| core::array::from_fn(|t| ph.first[p * T + t] as usize));
    let w: [[F32x4; T]; F] = core::array::from_fn(|p| core::array::from_fn(|t| F32x4::splat(ph.weight[p * T + t])));
    let len = ph.len;
    // The last loads are the furthest: checked once here instead of per step.
    assert!(len >= LANES && first.iter().flatten().all(|&a| a + len <= src.len()) && run.len() == F * len);
    // Outputs `F·m ..` from sources `m ..`, for `m + 4 <= len`.
    let step = |m: usize, d: &mut [f32]| {
        let v: [F32x4; F] = core::array::from_fn(|p| {
            let at = |t: usize| if S == ANY_STEP { first[p][t] } else { first[0][0] + p * S + t } + m;
            // SAFETY: `first[p][t] + m + 4 <= first[p][t] + len <= src.len()` (asserted above).
            let tap = |t: usize| F32x4::load(unsafe { src.get_unchecked(at(t)..at(t) + LANES) });
            let mut acc = tap(0);
            if T > 1 {
                acc = acc.mul(w[p][0]);
                for (t, w) in w[p].iter().enumerate().skip(1) {
                    acc = acc.add(tap(t).mul(*w));
                }
            }
            acc
        });
        // Output `F·m + p` is lane `m` of phase `p`.
        let out: [F32x4; F] = match *v.as_slice() {
            [a, b] => {
                let (lo, hi) = F32x4::interleave(a, b);
                core::array::from_fn(|i| [lo, hi][i])
            }
            [a, b, c, e] => {
                let o = F32x4::transpose([a, b, c, e]);
                core::array::from_fn(|i| o[i])
            }
            _ => unreachable!("factors are 2 or 4"),
        };
        for (o, d) in out.iter().zip(d.chunks_exact_mut(LANES)) {
            o.store(d);
        }
    };
    for (k, d) in run.chunks_exact_mut(F * LANES).enumerate() {
        step(k * LANES, d);
    }
    if !len.is_multiple_of(LANES) {
        step(len - LANES, &mut run[F * (len - LANES)..]);
    }
}

/// The window path over whole blocks; its periodic run gets a loop with
/// the picks and weights in registers.
fn gather_blocks(src: &[f32], dst: &mut [f32], t: &AxisTable, b: &Blocks) {
    match (b.width > LANES, b.shared) {
        (true, _) => gather_blocks_in::<true, true>(src, dst, t, b),
        (false, true) => gather_blocks_in::<false, true>(src, dst, t, b),
        (false, false) => gather_blocks_in::<false, false>(src, dst, t, b),
    }
}

/// `WIDE`: windows of 8 sources (two loads, two swizzles per pick), else 4;
/// `SHARED`: one window per block, else one per tap.
fn gather_blocks_in<const WIDE: bool, const SHARED: bool>(src: &[f32], dst: &mut [f32], t: &AxisTable, b: &Blocks) {
    let (n, taps) = (t.out_len, t.taps);
    let weight = |tap: usize, k: usize| F32x4::load(&t.weight[tap * n + k * LANES..]);
    let (r0, r1, step) = b.run;
    for k in (0..r0).chain(r1..b.at.len() / taps) {
        let (at, picks) = (&b.at[k * taps..(k + 1) * taps], &b.picks[k * taps..(k + 1) * taps]);
        let shared = window::<WIDE>(&src[at[0] as usize..]);
        let tap = |i: usize| pick::<WIDE>(if SHARED { shared } else { window::<WIDE>(&src[at[i] as usize..]) }, &picks[i]);
        let mut acc = tap(0);
        if taps > 1 {
            acc = acc.mul(weight(0, k));
            for i in 1..taps {
                acc = acc.add(tap(i).mul(weight(i, k)));
            }
        }
        acc.store(&mut dst[k * LANES..]);
    }
    if r0 == r1 {
        return;
    }
    let run = &mut dst[r0 * LANES..r1 * LANES];
    let (at, picks) = (&b.at[r0 * taps..(r0 + 1) * taps], &b.picks[r0 * taps..(r0 + 1) * taps]);
    let w = |i: usize| weight(i, r0);
    match taps {
        1 => periodic::<1, WIDE, SHARED>(src, run, at, step, picks, [F32x4::splat(1.0)]),
        2 => periodic::<2, WIDE, SHARED>(src, run, at, step, picks, core::array::from_fn(w)),
        4 => periodic::<4, WIDE, SHARED>(src, run, at, step, picks, core::array::from_fn(w)),
        _ => {
            for (k, d) in run.chunks_exact_mut(LANES).enumerate() {
                let tap = |i: usize| pick::<WIDE>(window::<WIDE>(&src[at[i] as usize + k * step..]), &picks[i]);
                let mut acc = tap(0).mul(w(0));
                for i in 1..taps {
                    acc = acc.add(tap(i).mul(w(i)));
                }
                acc.store(d);
            }
        }
    }
}

/// The window at the start of `src`: 4 sources, or 8 as two vectors.
#[inline(always)]
fn window<const WIDE: bool>(src: &[f32]) -> (F32x4, F32x4) {
    let lo = F32x4::load(src);
    (lo, if WIDE { F32x4::load(&src[LANES..]) } else { lo })
}

#[inline(always)]
fn pick<const WIDE: bool>((lo, hi): (F32x4, F32x4), p: &Pick) -> F32x4 {
    if WIDE {
        F32x4::pick(lo, hi, p)
    } else {
        F32x4::pick4(lo, p)
    }
}

#[inline(always)]
fn periodic<const T: usize, const WIDE: bool, const SHARED: bool>(src: &[f32], run: &mut [f32], at: &[u32], step: usize, picks: &[Pick], w: [F32x4; T]) {
    let picks: [Pick; T] = core::array::from_fn(|i| picks[i]);
    let mut at: [usize; T] = core::array::from_fn(|i| at[i] as usize);
    let width = if WIDE { 2 * LANES } else { LANES };
    // The last windows are the furthest: checked once here instead of per block.
    let blocks = run.len() / LANES;
    assert!(blocks == 0 || at.iter().all(|&a| a + (blocks - 1) * step + width <= src.len()));
    for d in run.chunks_exact_mut(LANES) {
        // SAFETY: every window lies inside `src` (asserted above).
        let load = |i: usize| window::<WIDE>(unsafe { src.get_unchecked(at[i]..at[i] + width) });
        let shared = load(0);
        let tap = |i: usize| pick::<WIDE>(if SHARED { shared } else { load(i) }, &picks[i]);
        let mut acc = tap(0);
        if T > 1 {
            acc = acc.mul(w[0]);
            for (i, w) in w.iter().enumerate().skip(1) {
                acc = acc.add(tap(i).mul(*w));
            }
        }
        acc.store(d);
        at.iter_mut().for_each(|a| *a += step);
    }
}

/// `out = Σ_t weight(t) · row(t)` for `t < taps` lane-wise, in tap order;
/// one tap copies.
#[inline(always)]
fn combine<'r>(taps: usize, row: impl Fn(usize) -> &'r [f32], weight: impl Fn(usize) -> f32, out: &mut [f32], vector: bool) {
    let n = out.len();
    let r0 = &row(0)[..n];
    let body = if vector { n - n % LANES } else { 0 };
    let (head, tail) = out.split_at_mut(body);
    let quads = |r: &'r [f32]| r[..body].chunks_exact(LANES);
    if taps == 1 {
        // A vector loop: for rows of a few KiB, wasm's memory.copy costs more in its call.
        for (o, a) in head.chunks_exact_mut(LANES).zip(quads(r0)) {
            F32x4::load(a).store(o);
        }
        return tail.copy_from_slice(&r0[body..]);
    }
    let w0 = weight(0);
    let v0 = F32x4::splat(w0);
    if taps == 2 {
        // The common case (linear modes) without the tap loop.
        let (r1, w1) = (&row(1)[..n], weight(1));
        let v1 = F32x4::splat(w1);
        for ((o, a), b) in head.chunks_exact_mut(LANES).zip(quads(r0)).zip(quads(r1)) {
            F32x4::load(a).mul(v0).add(F32x4::load(b).mul(v1)).store(o);
        }
        for (i, o) in tail.iter_mut().enumerate() {
            *o = r0[body + i] * w0 + r1[body + i] * w1;
        }
        return;
    }
    if taps == 4 {
        // bicubic: the four rows at once, the sum kept in a register.
        let (r1, r2, r3) = (&row(1)[..n], &row(2)[..n], &row(3)[..n]);
        let w: [f32; 4] = core::array::from_fn(&weight);
        let v = w.map(F32x4::splat);
        for ((((o, a), b), c), d) in head.chunks_exact_mut(LANES).zip(quads(r0)).zip(quads(r1)).zip(quads(r2)).zip(quads(r3)) {
            let acc = F32x4::load(a).mul(v[0]).add(F32x4::load(b).mul(v[1]));
            acc.add(F32x4::load(c).mul(v[2])).add(F32x4::load(d).mul(v[3])).store(o);
        }
        for (i, o) in tail.iter_mut().enumerate() {
            let k = body + i;
            *o = r0[k] * w[0] + r1[k] * w[1] + r2[k] * w[2] + r3[k] * w[3];
        }
        return;
    }
    for (o, a) in head.chunks_exact_mut(LANES).zip(quads(r0)) {
        F32x4::load(a).mul(v0).store(o);
    }
    for (i, o) in tail.iter_mut().enumerate() {
        *o = r0[body + i] * w0;
    }
    // Tap by tap over the whole row: each row is streamed once.
    for t in 1..taps {
        let (r, w) = (&row(t)[..n], weight(t));
        let v = F32x4::splat(w);
        for (o, a) in head.chunks_exact_mut(LANES).zip(quads(r)) {
            F32x4::load(o).add(F32x4::load(a).mul(v)).store(o);
        }
        for (i, o) in tail.iter_mut().enumerate() {
            *o += r[body + i] * w;
        }
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
        AxisTable::new(in_len, out_len, taps, index, weight).unwrap()
    }

    /// Scratch reserved for a pass over `tables`, as `interpolate` reserves it.
    fn scratch(vector: bool, tables: &[&AxisTable], inner: usize) -> Scratch {
        let mut s = Scratch::default();
        s.reserve(if vector { Path::Vector } else { Path::Scalar }, tables, inner).unwrap();
        s
    }

    /// `run_path` with its scratch reserved.
    fn single(vector: bool, x: &[f32], out: &mut [f32], outer: usize, inner: usize, t: &AxisTable) {
        run_path(vector, x, out, outer, inner, t, None, &mut scratch(vector, &[t], inner).lanes)
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
                    single(false, &x, &mut a, 3, inner, &t);
                    single(true, &x, &mut b, 3, inner, &t);
                    assert!(a.iter().all(|v| v.is_finite()));
                    assert_eq!(a.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), b.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
                }
            }
        }
    }

    /// Real tables (which mostly take the window or phase paths) against the scalar oracle.
    #[test]
    fn window_path_matches_scalar() {
        use crate::interpolate::{antialias, cubic, linear, nearest, AxisSpec};
        let (mut windowed, mut periodic, mut layouts, mut phased, mut stepped) = (0, 0, [0; 4], [0; 5], [0; 2]);
        for in_len in [4, 5, 8, 9, 16] {
            for out_len in (1..=17).chain([32, 33, 48, 50]).chain([2 * in_len, 3 * in_len, 4 * in_len, in_len / 2]) {
                let a = AxisSpec::new(in_len, out_len, None);
                let tables = [
                    linear::table(&a, false),
                    linear::table(&a, true),
                    cubic::table(&a, false),
                    nearest::table(&a),
                    antialias::table(&a, false, antialias::Filter::Lanczos3),
                ];
                for t in tables {
                    let t = t.unwrap();
                    if let Some(p) = &t.phases {
                        phased[p.factor] += 1;
                        phased[0] += usize::from(p.edges.is_some());
                        if let Some(s) = p.step {
                            stepped[s] += 1;
                        }
                    }
                    windowed += usize::from(t.blocks.is_some());
                    periodic += usize::from(t.blocks.as_ref().is_some_and(|b| b.run.1 > b.run.0 + 1));
                    if let Some(b) = &t.blocks {
                        layouts[usize::from(b.width > LANES) * 2 + usize::from(b.shared)] += 1;
                    }
                    let x: Vec<f32> = (0..2 * in_len).map(|i| (i as f32 * 0.37).sin()).collect();
                    let (mut a, mut b) = (vec![f32::NAN; 2 * out_len], vec![f32::NAN; 2 * out_len]);
                    single(false, &x, &mut a, 2, 1, &t);
                    single(true, &x, &mut b, 2, 1, &t);
                    assert_eq!(bits(&a), bits(&b));
                }
            }
        }
        assert!(
            windowed > 200 && periodic > 20 && phased[2] > 20 && phased[4] > 10 && phased[0] > 30 && stepped[0] > 5 && stepped[1] > 10,
            "{windowed} {periodic} {phased:?} {stepped:?}"
        );
        // Per-tap windows of 4, shared windows of 4 and of 8 all ran.
        assert!(layouts[0] > 0 && layouts[1] > 0 && layouts[3] > 0, "{layouts:?}");
    }

    /// The fused pair equals the two passes one after the other, bit for bit, on both paths.
    #[test]
    fn pair_matches_two_passes() {
        for (taps_h, taps_w) in [(1, 2), (2, 2), (4, 4), (3, 1), (5, 2)] {
            for (hin, hout, win, wout) in [(5, 9, 7, 13), (9, 4, 6, 3), (1, 3, 2, 5)] {
                for inner in [1, 3, 4, 6, 33] {
                    let mut th = table(hin, hout, taps_h, (hin * 31 + taps_h) as u32);
                    // Sources of one output near each other, as every mode's are.
                    th.index.iter_mut().enumerate().for_each(|(k, i)| *i = ((k % hout) * hin / hout + k / hout).min(hin - 1) as u32);
                    let tw = table(win, wout, taps_w, (win * 17 + taps_w) as u32);
                    let x: Vec<f32> = (0..2 * hin * win * inner).map(|i| (i as f32 * 0.61).cos()).collect();
                    for vector in [false, true] {
                        let mut mid = vec![f32::NAN; 2 * hin * wout * inner];
                        let mut want = vec![f32::NAN; 2 * hout * wout * inner];
                        single(vector, &x, &mut mid, 2 * hin, inner, &tw);
                        single(vector, &mid, &mut want, 2, wout * inner, &th);
                        let mut got = vec![f32::NAN; want.len()];
                        let mut s = scratch(vector, &[&th, &tw], inner);
                        run_pair_path(vector, &x, &mut got, 2, inner, [&th, &tw], None, &mut s.rows, &mut s.lanes);
                        assert_eq!(bits(&got), bits(&want), "{taps_h} {taps_w} {hin} {hout} {win} {wout} {inner} {vector}");
                    }
                }
            }
        }
    }

    /// Three fused axes equal the three passes one after the other, bit for bit.
    #[test]
    fn triple_matches_three_passes() {
        use crate::interpolate::{cubic, linear, nearest, AxisSpec};
        let t = |i: usize, o: usize, kind: usize| {
            let a = AxisSpec::new(i, o, None);
            match kind {
                0 => linear::table(&a, false),
                1 => cubic::table(&a, true),
                _ => nearest::table(&a),
            }
            .unwrap()
        };
        for (d, h, w) in [((3, 5), (4, 7), (9, 18)), ((6, 2), (5, 5), (8, 3)), ((1, 3), (2, 1), (5, 9))] {
            for kinds in [[0, 0, 0], [1, 2, 0], [2, 1, 1]] {
                for inner in [1, 3, 9] {
                    let (td, th, tw) = (t(d.0, d.1, kinds[0]), t(h.0, h.1, kinds[1]), t(w.0, w.1, kinds[2]));
                    let x: Vec<f32> = (0..2 * d.0 * h.0 * w.0 * inner).map(|i| (i as f32 * 0.71).sin()).collect();
                    for vector in [false, true] {
                        let mut a = vec![f32::NAN; 2 * d.0 * h.0 * w.1 * inner];
                        let mut b = vec![f32::NAN; 2 * d.0 * h.1 * w.1 * inner];
                        let mut want = vec![f32::NAN; 2 * d.1 * h.1 * w.1 * inner];
                        single(vector, &x, &mut a, 2 * d.0 * h.0, inner, &tw);
                        single(vector, &a, &mut b, 2 * d.0, w.1 * inner, &th);
                        single(vector, &b, &mut want, 2, h.1 * w.1 * inner, &td);
                        let mut got = vec![f32::NAN; want.len()];
                        run_triple_path(vector, &x, &mut got, 2, inner, [&td, &th, &tw], &mut scratch(vector, &[&td, &th, &tw], inner));
                        assert_eq!(bits(&got), bits(&want), "{d:?} {h:?} {w:?} {kinds:?} {inner} {vector}");
                    }
                }
            }
        }
    }

    fn bits(v: &[f32]) -> Vec<u32> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    #[test]
    fn skipped_rows_stay_untouched() {
        let t = AxisTable::gather(2, vec![1, 0]).unwrap();
        let mut out = [f32::NAN; 4];
        run(Path::Vector, &[1.0, 2.0, 3.0, 4.0], &mut out, 2, 1, &t, Some(&[false, true]), &mut scratch(true, &[&t], 1));
        assert_eq!(out[..2], [2.0, 1.0]);
        assert!(out[2].is_nan() && out[3].is_nan());
    }
}
