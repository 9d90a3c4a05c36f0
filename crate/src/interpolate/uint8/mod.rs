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
    let [(id, ih, iw), (od, oh, ow)] = [|a: &AxisSpec| a.in_len, |a: &AxisSpec| a.out_len].map(|f| (f(axes[0]), f(axes[1]), f(axes[2])));
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
    Ok(())
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
    // strip, and the horizontal pass's plane when a vertical pass follows.
    let mut scratch = mem::try_filled(h.as_ref().map_or(0, |h| h.scratch_len()), 0u8)?;
    let mut mid = mem::try_filled(if h.is_some() && vt.is_some() { ah.in_len * out_row } else { 0 }, 0u8)?;
    let mut at = mem::try_vec(vt.as_ref().map_or(0, |v| v.table.taps))?;
    for p in 0..planes {
        // (The rest of the input: the horizontal pass's vector loads may run past the plane.)
        let src = &x[p * in_plane..];
        let dst = &mut out[p * out_plane..(p + 1) * out_plane];
        let rows: &[u8] = match (&h, &vt) {
            (None, None) => {
                dst.copy_from_slice(&src[..in_plane]);
                continue;
            }
            (Some(h), None) => {
                h.plane(vector, src, ah.in_len, dst, &mut scratch);
                continue;
            }
            (Some(h), Some(_)) => {
                h.plane(vector, src, ah.in_len, &mut mid, &mut scratch);
                &mid
            }
            (None, Some(_)) => &src[..in_plane],
        };
        let v = vt.as_ref().expect("a vertical pass follows");
        for (j, row) in dst.chunks_exact_mut(out_row).enumerate() {
            let (first, w) = (v.table.start[j] as usize, &v.table.coef[j * v.table.stride..(j + 1) * v.table.stride]);
            // (Within the reservation: nothing reallocates.)
            at.clear();
            // (Rows of `out_row` bytes: without a horizontal pass, in_row is out_row.)
            at.extend((first..first + v.table.taps).map(|y| y * out_row));
            vertical_shift(vector, Window { data: rows, at: &at }, w, v.shift, row);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
