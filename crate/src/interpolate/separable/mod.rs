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

mod gather;
mod pair;
mod table;
#[cfg(test)]
mod tests;
mod triple;

use crate::error::KernelResult;
use crate::mem;
use crate::simd::{F32x4, Path, LANES};
pub use pair::run_pair;
pub use table::AxisTable;
pub use triple::run_triple;

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
            mem::try_reserve(&mut self.rows.held, ring_slots(th))?;
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

/// How many rows `run_pair`'s ring holds: an output's span, room for a
/// group of four from its last row, and a downscale's step to the next
/// output's rows.
fn ring_slots(th: &AxisTable) -> usize {
    th.span() + LANES - 1 + th.skip_step
}

/// The length of `run_pair`'s ring (sizes that overflow saturate, and then
/// cannot be reserved).
fn ring_len(th: &AxisTable, tw: &AxisTable, inner: usize) -> usize {
    ring_slots(th).saturating_mul(tw.out_len.saturating_mul(inner).saturating_add(RING_PAD)).saturating_add(1024)
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
    // Needed rows two at a time (`resample_rows`), an odd last one alone.
    let mut needed = (0..outer).filter(|&o| !skipped(o));
    while let Some(p) = needed.next() {
        let row = |o: usize| &x[o * lin..(o + 1) * lin];
        match needed.next() {
            Some(o) => {
                let (a, b) = out.split_at_mut(o * lout);
                resample_rows([row(p), row(o)], [&mut a[p * lout..(p + 1) * lout], &mut b[..lout]], t, inner, vector)
            }
            None => resample(row(p), &mut out[p * lout..(p + 1) * lout], t, inner, vector),
        }
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
            gather::gather_simd(src, dst, t)
        } else {
            gather::gather_scalar(src, dst, t)
        }
        return;
    }
    if !(vector && inner < LANES && t.taps > 1) {
        return (0..t.out_len).for_each(|j| plain(src, dst, j, t, inner, vector));
    }
    // Pixels of two or three floats (channels-last RGB): one vector per
    // output over each tap's four floats from its pixel on, stored whole;
    // what spills into the next output is overwritten when that one is
    // made. Outputs whose loads or store would leave the row go the plain
    // way. Lane by lane this is `combine`'s arithmetic, in tap order.
    if t.taps == 2 {
        return bilinear([src], [dst], t, inner);
    }
    for j in 0..t.out_len {
        let fits = j + 1 < t.out_len && (0..t.taps).all(|k| t.tap(k, j).0 * inner + LANES <= src.len());
        if !fits {
            plain(src, dst, j, t, inner, vector);
            continue;
        }
        let term = |k: usize| {
            let (i, w) = t.tap(k, j);
            F32x4::load(&src[i * inner..]).mul(F32x4::splat(w))
        };
        (1..t.taps).fold(term(0), |acc, k| acc.add(term(k))).store(&mut dst[j * inner..]);
    }
}

/// Output `j` of a slice the plain way: `combine` over its taps.
fn plain(src: &[f32], dst: &mut [f32], j: usize, t: &AxisTable, inner: usize, vector: bool) {
    combine(t.taps, |k| &src[t.tap(k, j).0 * inner..][..inner], |k| t.tap(k, j).1, &mut dst[j * inner..(j + 1) * inner], vector)
}

/// `R` slices of one length, each as `resample` makes it. Bilinear's loop
/// for pixels of two or three floats sweeps them together: a downscale
/// reads a few floats far apart per output, and two rows' loads in flight
/// together wait less than one row's. (The other loops gained nothing from
/// it, measured, and go a row at a time.)
fn resample_rows<const R: usize>(src: [&[f32]; R], dst: [&mut [f32]; R], t: &AxisTable, inner: usize, vector: bool) {
    if vector && inner > 1 && inner < LANES && t.taps == 2 {
        return bilinear(src, dst, t, inner);
    }
    src.into_iter().zip(dst).for_each(|(s, d)| resample(s, d, t, inner, vector));
}

/// `resample`'s two-tap loop for pixels of two or three floats, over `R`
/// slices at once (row by row the same arithmetic): the two taps' tables
/// walked in step, one check per output. (The generic loop reads the table
/// per check and per term: [1,1080,1920,3] -> 224x224 took 15.1M
/// instructions a call that way, 8.6M this way, counted by valgrind.)
fn bilinear<const R: usize>(src: [&[f32]; R], mut dst: [&mut [f32]; R], t: &AxisTable, inner: usize) {
    let len = src.iter().map(|s| s.len()).min().unwrap_or(0);
    let (i0, i1) = t.index.split_at(t.out_len);
    let (w0, w1) = t.weight.split_at(t.out_len);
    for (j, (((&a, &b), &wa), &wb)) in i0.iter().zip(i1).zip(w0).zip(w1).enumerate() {
        let (a, b) = (a as usize * inner, b as usize * inner);
        let rows = src.iter().zip(dst.iter_mut());
        if j + 1 == t.out_len || a.max(b) + LANES > len {
            rows.for_each(|(s, d)| plain(s, d, j, t, inner, true));
            continue;
        }
        let (va, vb) = (F32x4::splat(wa), F32x4::splat(wb));
        for (s, d) in rows {
            F32x4::load(&s[a..]).mul(va).add(F32x4::load(&s[b..]).mul(vb)).store(&mut d[j * inner..]);
        }
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
