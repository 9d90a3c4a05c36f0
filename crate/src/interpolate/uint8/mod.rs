//! `F.interpolate` on uint8 tensors, as PyTorch's CPU kernels compute it.
//! Nearest modes gather bytes with the float kernels' index tables
//! (`interpolate::table`, so every index rule is shared). Bilinear and
//! bicubic (4-D only) are separable integer convolutions: PyTorch's int16
//! weights (weights.rs), the horizontal pass first (horizontal.rs), its
//! bytes rounded and clamped, then the vertical pass (resize_image's); an
//! axis whose length does not change is skipped.

pub mod horizontal;
pub mod weights;

use super::{table, AxisSpec, Mode, Spec};
use crate::error::{KernelError, KernelResult};
use crate::mem;
use crate::resize_image::conv::{vertical_wide, Wide, Window};
use crate::simd::Path;
use crate::threads;
use core::ops::Range;
use horizontal::Horizontal;
use weights::Weights;

pub fn interpolate(path: Path, x: &[u8], out: &mut [u8], spec: &Spec) -> KernelResult {
    if !spec.valid() {
        return Err(KernelError::BadArgument);
    }
    if x.len() < spec.in_len() || out.len() < spec.out_len() {
        return Err(KernelError::BadBuffer);
    }
    match spec.mode {
        Mode::Nearest | Mode::NearestExact => gather(x, out, spec),
        Mode::Linear | Mode::Cubic if spec.axes.len() == 2 => separable(path.vector(), x, out, spec),
        // PyTorch has no uint8 kernel for the rest.
        _ => Err(KernelError::BadArgument),
    }
}

/// The nearest modes for any element type: each output copies the source
/// element (or channels-last pixel) its axes' index tables name.
pub fn gather<T: Copy + Send + Sync>(x: &[T], out: &mut [T], spec: &Spec) -> KernelResult {
    let pad = 3 - spec.axes.len();
    let one = AxisSpec::new(1, 1, None);
    let axes: [&AxisSpec; 3] = core::array::from_fn(|k| if k < pad { &one } else { &spec.axes[k - pad] });
    let mut index: [Vec<usize>; 3] = Default::default();
    for (ix, a) in index.iter_mut().zip(axes) {
        *ix = match table(spec, a)? {
            Some(t) => mem::try_collect(t.index.iter().map(|&i| i as usize))?,
            None => mem::try_collect(0..a.out_len)?,
        };
    }
    let (planes, lane) = if spec.channels_last { (spec.batch, spec.channels) } else { (spec.batch * spec.channels, 1) };
    gather_planes(x, out, planes, lane, [axes[0].in_len, axes[1].in_len, axes[2].in_len], &index);
    Ok(())
}

/// Copies, per plane of `planes`, the elements (`lane` contiguous values)
/// that the index lists of the three axes name: output `[d][h][w]` is
/// input `[index[0][d]][index[1][h]][index[2][w]]` of the `in_lens` block.
pub fn gather_planes<T: Copy + Send + Sync>(x: &[T], out: &mut [T], planes: usize, lane: usize, in_lens: [usize; 3], index: &[Vec<usize>; 3]) {
    let [id, ih, iw] = in_lens;
    let [od, oh, ow] = [index[0].len(), index[1].len(), index[2].len()];
    let out = threads::Disjoint::new(&mut out[..planes * od * oh * ow * lane]);
    // Output rows (plane, d, h) to threads.
    threads::runs_of(planes * od * oh, ow * lane, &|rows, _| {
        for r in rows {
            let (p, d, h) = (r / (od * oh), r / oh % od, r % oh);
            let src = &x[((p * id + index[0][d]) * ih + index[1][h]) * iw * lane..][..iw * lane];
            // SAFETY: row r is written by the run that holds it.
            let dst = unsafe { &mut out.get()[r * ow * lane..][..ow * lane] };
            for (o, &sw) in dst.chunks_exact_mut(lane).zip(&index[2]) {
                o.copy_from_slice(&src[sw * lane..(sw + 1) * lane]);
            }
        }
    });
}

/// Bilinear or bicubic on [planes, H, W·c] bytes (c: channels-last channels, else 1).
fn separable(vector: bool, x: &[u8], out: &mut [u8], spec: &Spec) -> KernelResult {
    let [ah, aw] = [&spec.axes[0], &spec.axes[1]];
    let weights = |a: &AxisSpec| (a.in_len != a.out_len).then(|| weights::axis(a, spec.mode == Mode::Cubic, spec.antialias, spec.align_corners)).transpose();
    let (vt, ht) = (weights(ah)?, weights(aw)?);
    let (planes, c) = if spec.channels_last { (spec.batch, spec.channels) } else { (spec.batch * spec.channels, 1) };
    let plane = Plane { in_h: ah.in_len, in_w: aw.in_len, out_h: ah.out_len, out_w: aw.out_len, c };
    Passes::split(vector, x, out, planes, plane, &|| Passes::new(plane, vt.as_ref(), ht.as_ref(), false))
}

/// The sizes of one image plane of `c`-value pixels.
#[derive(Clone, Copy, Debug)]
pub struct Plane {
    pub in_h: usize,
    pub in_w: usize,
    pub out_h: usize,
    pub out_w: usize,
    pub c: usize,
}

/// Two separable passes over byte planes, each rounding to bytes as it
/// goes (PyTorch's uint8 kernels, Pillow's Resample.c): horizontal first
/// through a ring of its rows, or vertical first, four rows at a time. An
/// axis without weights is not resampled.
pub struct Passes<'w> {
    plane: Plane,
    vt: Option<&'w Weights>,
    h: Option<Horizontal<'w>>,
    vertical_first: bool,
    scratch: Vec<u8>,
    held: Vec<u8>,
    ring: usize,
    at: Vec<usize>,
}

impl<'w> Passes<'w> {
    /// All scratch is reserved here, before anything is written: the
    /// regrouped strip, and the rows between the passes (rows y at
    /// y % ring, whole strips of four; so a window of `taps` rows from any
    /// first row fits in taps + 3; or four vertical-pass rows).
    pub fn new(plane: Plane, vt: Option<&'w Weights>, ht: Option<&'w Weights>, vertical_first: bool) -> KernelResult<Self> {
        let h = ht.map(|w| Horizontal::new(w, plane.c)).transpose()?;
        let scratch = mem::try_filled(h.as_ref().map_or(0, |h| h.scratch_len()), 0u8)?;
        let taps = vt.map_or(0, |v| v.table.taps);
        let (ring, held) = match (h.is_some(), vertical_first) {
            (false, _) => (0, 0),
            (true, false) => ((taps + 3).next_multiple_of(4), (taps + 3).next_multiple_of(4) * plane.out_w * plane.c),
            (true, true) => (4, 4 * plane.in_w * plane.c),
        };
        Ok(Self { plane, vt, h, vertical_first, scratch, held: mem::try_filled(held, 0u8)?, ring, at: mem::try_vec(taps)? })
    }

    /// `planes` planes of `x` into `out`, split across threads (each with
    /// the passes `make` gives for `plane`): whole planes, or with fewer planes than
    /// threads, bands of each plane's output rows. A band starts on a
    /// multiple of four rows, so the strips of four that the passes group
    /// rows into are those of the whole plane.
    #[inline(never)]
    pub fn split(vector: bool, x: &[u8], out: &mut [u8], planes: usize, plane: Plane, make: &dyn Fn() -> KernelResult<Self>) -> KernelResult {
        let Plane { in_h, in_w, out_h, out_w, c } = plane;
        let (in_plane, out_row) = (in_h * in_w * c, out_w * c);
        let work = planes * (in_plane + out_h * out_row);
        if threads::count() == 1 || !threads::worth(work) {
            // Too small to split: one thread's passes, not one for each thread.
            let mut one = make()?;
            for (p, dst) in out.chunks_exact_mut((out_h * out_row).max(1)).take(planes).enumerate() {
                one.run(vector, &x[p * in_plane..], dst, 0..out_h);
            }
            return Ok(());
        }
        let parts = threads::PerThread::new(make)?;
        let strips = out_h.div_ceil(4);
        let pieces = if planes < threads::count() { threads::chunks(strips, work).div_ceil(planes.max(1)).max(1) } else { 1 };
        let per = (strips.div_ceil(pieces) * 4).max(4);
        let pieces = out_h.div_ceil(per).max(1);
        let out = threads::Disjoint::new(&mut out[..planes * out_h * out_row]);
        threads::runs(planes * pieces, work, &|run, slot| {
            for i in run {
                let (p, band) = (i / pieces, (i % pieces * per).min(out_h)..((i % pieces + 1) * per).min(out_h));
                // SAFETY: piece i writes rows `band` of plane p only.
                let dst = unsafe { &mut out.get()[(p * out_h + band.start) * out_row..(p * out_h + band.end) * out_row] };
                // (The rest of the input: the horizontal pass's vector loads may run past the plane.)
                parts.get(&slot).run(vector, &x[p * in_plane..], dst, band);
            }
        });
        Ok(())
    }

    /// Output rows `band` of one plane into `dst`: `src` starts at the
    /// plane's first row and may run on past its last; `band` starts on a
    /// multiple of four.
    #[inline(never)]
    pub fn run(&mut self, vector: bool, src: &[u8], dst: &mut [u8], band: Range<usize>) {
        let Plane { in_h, in_w, out_w, c, .. } = self.plane;
        let (in_row, out_row) = (in_w * c, out_w * c);
        let Some(v) = self.vt else {
            // Rows keep their places: the band's rows of the source.
            let src = &src[band.start * in_row..];
            match &self.h {
                Some(h) => h.plane(vector, src, band.len(), dst, &mut self.scratch),
                None => dst.copy_from_slice(&src[..band.len() * in_row]),
            }
            return;
        };
        let src_rows = &src[..in_h * in_row];
        match &self.h {
            Some(h) if self.vertical_first => {
                for (s, rows) in dst.chunks_mut(4 * out_row).enumerate() {
                    let n = rows.len() / out_row;
                    for (k, row) in self.held.chunks_exact_mut(in_row).take(n).enumerate() {
                        vertical_row(vector, v, band.start + 4 * s + k, src_rows, in_row, &mut self.at, row);
                    }
                    h.plane(vector, &self.held, n, rows, &mut self.scratch);
                }
            }
            Some(h) => {
                let (taps, ring) = (v.table.taps, self.ring);
                let mut next = 0;
                for (j, row) in band.clone().zip(dst.chunks_exact_mut(out_row)) {
                    let first = v.table.start[j] as usize;
                    // Strips no window reads are skipped.
                    next = next.max(first / 4 * 4);
                    while next < first + taps {
                        let n = (in_h - next).min(4);
                        h.plane(vector, &src[next * in_row..], n, &mut self.held[next % ring * out_row..][..n * out_row], &mut self.scratch);
                        next += n;
                    }
                    self.at.clear();
                    self.at.extend((first..first + taps).map(|y| y % ring * out_row));
                    vertical_wide(vector, Window { data: &self.held, at: &self.at }, wide(v, j), v.shift, row);
                }
            }
            None => {
                for (j, row) in band.zip(dst.chunks_exact_mut(out_row)) {
                    vertical_row(vector, v, j, src_rows, in_row, &mut self.at, row);
                }
            }
        }
    }
}

/// Output row `j` of the vertical pass straight from the source rows.
fn vertical_row(vector: bool, v: &Weights, j: usize, src: &[u8], in_row: usize, at: &mut Vec<usize>, row: &mut [u8]) {
    let first = v.table.start[j] as usize;
    // (Within the reservation: nothing reallocates.)
    at.clear();
    at.extend((first..first + v.table.taps).map(|y| y * in_row));
    vertical_wide(vector, Window { data: src, at }, wide(v, j), v.shift, row);
}

/// Output `j`'s weights.
fn wide(v: &Weights, j: usize) -> Wide<'_> {
    let r = j * v.table.stride..(j + 1) * v.table.stride;
    Wide { high: &v.table.coef[r.clone()], low: v.low.as_ref().map(|l| &l[r]) }
}

#[cfg(test)]
mod tests;
