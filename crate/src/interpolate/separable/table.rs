//! A table's taps, and what it is analysed into once, when built: the
//! layouts the contiguous-axis vector paths run (`Phases`, `Blocks`), or
//! the output-major taps of four-rows-at-a-time resampling.

use crate::error::KernelResult;
use crate::mem;
use crate::simd::{Pick, LANES};

/// Taps for one axis: for output position `j`, tap `t` reads source index
/// `index[t * out_len + j]` with weight `weight[t * out_len + j]`. Tap-major so
/// that the gather path can load four outputs' weights as one vector.
pub struct AxisTable {
    pub in_len: usize,
    pub out_len: usize,
    pub taps: usize,
    pub index: Vec<u32>,
    pub weight: Vec<f32>,
    /// Per output, how many of its taps are real, when some are fewer than
    /// `taps` (windows padded with zero-weight taps); else empty.
    pub lens: Vec<u32>,
    pub(super) phases: Option<Phases>,
    pub(super) blocks: Option<Blocks>,
    /// The taps output-major, for tables resampled four rows at a time
    /// (`by_four`), else empty.
    pub(super) rows_taps: Vec<(u32, f32)>,
    /// Where outputs skip source rows (downscales), the largest step from
    /// one output's first source to the next one's, up to eight; else 0.
    /// `run_pair`'s ring makes room for it, so its groups of four hold
    /// rows outputs read rather than the rows between them.
    pub(super) skip_step: usize,
}

/// The contiguous-axis fast path: for every block of four outputs, each
/// tap's four sources lie in one window of `width` (4 or 8) consecutive
/// sources, so they are a lane pick from one or two vector loads instead of
/// four scalar loads. Upscales and mild downscales qualify (x2 bilinear and
/// bicubic: windows of 4; x1/2 bilinear: 8).
pub(super) struct Blocks {
    pub(super) width: usize,
    /// One window per block, which all its taps share (else one per tap).
    pub(super) shared: bool,
    /// Window starts, block-major, `taps` per block.
    pub(super) at: Vec<u32>,
    /// The matching lane picks.
    pub(super) picks: Vec<Pick>,
    /// Blocks `run.0..run.1` repeat one block's picks and weights with every
    /// window advancing `run.2` sources per block (integer upscales, and the
    /// interior of many other tables): the longest such run.
    pub(super) run: (usize, usize, usize),
}

/// The contiguous-axis path for integer upscales (x2, x4): outputs
/// `factor·m + p` for four consecutive `m` read four consecutive sources per
/// tap, so each phase `p` is a plain multiply-add of unaligned loads, and
/// the `factor` phase vectors interleave into the output. Cheaper than lane
/// picks (one shuffle per output vector instead of one swizzle per tap).
pub(super) struct Phases {
    pub(super) factor: usize,
    /// Outputs `factor·m0 .. factor·(m0 + len)` take this path, four `m`
    /// at a time; a last step moved back to end there rewrites a few of
    /// them (same values) rather than leave the rest to the edges.
    pub(super) m0: usize,
    pub(super) len: usize,
    /// Source and weight of tap `t` of phase `p` at `m0`, at `p·taps + t`.
    pub(super) first: Vec<u32>,
    pub(super) weight: Vec<f32>,
    /// `step` where every source is `first[0] + p·step + t`: then all loads
    /// of a step come from one address at fixed offsets, and equal ones
    /// merge (x2 bilinear: three loads for its four taps).
    pub(super) step: Option<usize>,
    /// The outputs around the stretch as whole blocks of four, when each
    /// reads a window of four sources: (first output, window start, a
    /// pick and the weights per tap). Scalar outputs there made the whole
    /// pass measurably slower (bilinear x2: 15%).
    pub(super) edges: Option<Vec<EdgeBlock>>,
}

/// Outputs `j..j + 4` from the window of four sources at `a`: per tap, a
/// pick and the four weights (`(j, a, taps)`).
pub(super) type EdgeBlock = (usize, usize, Vec<(Pick, [f32; LANES])>);

impl AxisTable {
    pub fn new(in_len: usize, out_len: usize, taps: usize, index: Vec<u32>, weight: Vec<f32>) -> KernelResult<Self> {
        let mut t = Self { in_len, out_len, taps, index, weight, lens: Vec::new(), phases: None, blocks: None, rows_taps: Vec::new(), skip_step: 0 };
        let first = |j: usize| (0..taps).map(|k| t.index[k * out_len + j]).min().unwrap_or(0) as usize;
        let step = (1..out_len).map(|j| first(j).saturating_sub(first(j - 1))).max().unwrap_or(0);
        t.skip_step = if step > 1 { step.min(2 * LANES) } else { 0 };
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
        let (mut index, mut weight) = mem::try_filled_pair(taps.saturating_mul(out_len), 0u32, 0f32)?;
        let mut w = mem::try_filled(taps, 0f32)?;
        let mut lens = mem::try_filled(out_len, taps as u32)?;
        for j in 0..out_len {
            let (start, len) = window(j, &mut w);
            lens[j] = len.min(taps) as u32;
            for t in 0..taps {
                let s = (start + t.min(len.saturating_sub(1))).min(in_len - 1);
                index[t * out_len + j] = s as u32;
                weight[t * out_len + j] = if t < len { w[t] } else { 0.0 };
            }
        }
        let mut t = Self::new(in_len, out_len, taps, index, weight)?;
        if lens.iter().any(|&n| n as usize != taps) {
            t.lens = lens;
        }
        Ok(t)
    }

    /// This table over rows of `lanes` interleaved channels, as one axis of
    /// `len · lanes` elements: output `j·lanes + c` reads source `s·lanes + c`
    /// wherever output `j` reads `s`. Same taps, same sums; but few channels
    /// then take the contiguous-axis paths (four rows in the lanes, windows)
    /// instead of combining a few floats per output.
    pub fn interleaved(&self, lanes: usize) -> KernelResult<Self> {
        let n = self.index.len().saturating_mul(lanes);
        let (mut index, mut weight) = (mem::try_vec(n)?, mem::try_vec(n)?);
        // Tap-major, so source k's entry becomes `lanes` consecutive ones.
        for (&s, &w) in self.index.iter().zip(&self.weight) {
            for c in 0..lanes as u32 {
                index.push(s * lanes as u32 + c);
                weight.push(w);
            }
        }
        let mut t = Self::new(self.in_len * lanes, self.out_len * lanes, self.taps, index, weight)?;
        if !self.lens.is_empty() {
            t.lens = mem::try_vec(self.out_len * lanes)?;
            t.lens.extend(self.lens.iter().flat_map(|&n| core::iter::repeat_n(n, lanes)));
        }
        Ok(t)
    }

    /// The real taps of output `j`: the padding taps after them only read
    /// a source with weight 0.
    pub fn real_taps(&self, j: usize) -> usize {
        self.lens.get(j).map_or(self.taps, |&n| n as usize)
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
    pub(super) fn valid(&self) -> bool {
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
    pub(super) fn tap(&self, t: usize, j: usize) -> (usize, f32) {
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
