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
use crate::resize_image::conv::{vertical_shift, Window};
use crate::simd::Path;
use horizontal::Horizontal;

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
pub fn gather<T: Copy>(x: &[T], out: &mut [T], spec: &Spec) -> KernelResult {
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
pub fn gather_planes<T: Copy>(x: &[T], out: &mut [T], planes: usize, lane: usize, in_lens: [usize; 3], index: &[Vec<usize>; 3]) {
    let [id, ih, iw] = in_lens;
    let [od, oh, ow] = [index[0].len(), index[1].len(), index[2].len()];
    let rows = (0..planes).flat_map(|p| index[0].iter().enumerate().map(move |(d, &sd)| (p, d, sd)));
    for (p, d, sd) in rows {
        for (h, &sh) in index[1].iter().enumerate() {
            let src = &x[((p * id + sd) * ih + sh) * iw * lane..][..iw * lane];
            let dst = &mut out[((p * od + d) * oh + h) * ow * lane..][..ow * lane];
            for (o, &sw) in dst.chunks_exact_mut(lane).zip(&index[2]) {
                o.copy_from_slice(&src[sw * lane..(sw + 1) * lane]);
            }
        }
    }
}

/// Bilinear or bicubic on [planes, H, W·c] bytes (c: channels-last channels, else 1).
fn separable(vector: bool, x: &[u8], out: &mut [u8], spec: &Spec) -> KernelResult {
    let [ah, aw] = [&spec.axes[0], &spec.axes[1]];
    let weights = |a: &AxisSpec| (a.in_len != a.out_len).then(|| weights::axis(a, spec.mode == Mode::Cubic, spec.antialias, spec.align_corners)).transpose();
    let (vt, ht) = (weights(ah)?, weights(aw)?);
    let (planes, c) = if spec.channels_last { (spec.batch, spec.channels) } else { (spec.batch * spec.channels, 1) };
    let h = ht.as_ref().map(|w| Horizontal::new(w, c)).transpose()?;
    let (in_row, out_row) = (aw.in_len * c, aw.out_len * c);
    let (in_plane, out_plane) = (ah.in_len * in_row, ah.out_len * out_row);
    // Scratch, all reserved before anything is written: the regrouped
    // strip, and a ring of the horizontal pass's rows that the vertical
    // pass reads (rows y at y % ring, whole strips of four; so a window of
    // `taps` rows from any first row fits in taps + 3).
    let mut scratch = mem::try_filled(h.as_ref().map_or(0, |h| h.scratch_len()), 0u8)?;
    let taps = vt.as_ref().map_or(0, |v| v.table.taps);
    let ring = if h.is_some() { (taps + 3).next_multiple_of(4) } else { 0 };
    let mut held = mem::try_filled(ring * out_row, 0u8)?;
    let mut at = mem::try_vec(taps)?;
    for p in 0..planes {
        // (The rest of the input: the horizontal pass's vector loads may run past the plane.)
        let src = &x[p * in_plane..];
        let dst = &mut out[p * out_plane..(p + 1) * out_plane];
        let Some(v) = &vt else {
            match &h {
                Some(h) => h.plane(vector, src, ah.in_len, dst, &mut scratch),
                None => dst.copy_from_slice(&src[..in_plane]),
            }
            continue;
        };
        let mut next = 0;
        for (j, row) in dst.chunks_exact_mut(out_row).enumerate() {
            let (first, w) = (v.table.start[j] as usize, &v.table.coef[j * v.table.stride..(j + 1) * v.table.stride]);
            // (Within the reservation: nothing reallocates.)
            at.clear();
            let rows: &[u8] = match &h {
                Some(h) => {
                    // Strips no window reads are skipped.
                    next = next.max(first / 4 * 4);
                    while next < first + taps {
                        let n = (ah.in_len - next).min(4);
                        h.plane(vector, &src[next * in_row..], n, &mut held[next % ring * out_row..][..n * out_row], &mut scratch);
                        next += n;
                    }
                    at.extend((first..first + taps).map(|y| y % ring * out_row));
                    &held
                }
                None => {
                    at.extend((first..first + taps).map(|y| y * in_row));
                    &src[..in_plane]
                }
            };
            vertical_shift(vector, Window { data: rows, at: &at }, w, v.shift, row);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
