//! `F.interpolate` on uint8 tensors, as PyTorch's CPU kernels compute it.
//! Nearest modes gather bytes with the float kernels' index tables
//! (`interpolate::table`, so every index rule is shared). Bilinear and
//! bicubic (4-D only) are separable integer convolutions: PyTorch's int16
//! weights (weights.rs), the horizontal pass first (horizontal.rs), its
//! bytes rounded and clamped, then the vertical pass (resize_image's, over a
//! ring of horizontal-pass rows); an axis whose length does not change is
//! skipped.

pub mod horizontal;
pub mod weights;

use super::{table, AxisSpec, Mode, Spec};
use crate::error::{KernelError, KernelResult};
use crate::mem;
use crate::resize_image::conv::{vertical_shift, Window};
use crate::resize_image::Ring;
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
    let taps = vt.as_ref().map_or(0, |v| v.table.taps);
    // Horizontal-pass rows the vertical pass reads, while it reads them.
    let mut ring = Ring::<u8>::new(if h.is_some() { taps } else { 0 }, out_row, taps)?;
    for p in 0..planes {
        // (The rest of the input: the horizontal pass's vector loads may run past the plane.)
        let src = &x[p * in_plane..];
        let dst = &mut out[p * out_plane..(p + 1) * out_plane];
        let Some(v) = &vt else {
            for (y, row) in dst.chunks_exact_mut(out_row).enumerate() {
                match &h {
                    Some(h) => h.row(vector, &src[y * in_row..], row),
                    None => row.copy_from_slice(&src[y * in_row..(y + 1) * in_row]),
                }
            }
            continue;
        };
        ring.restart();
        for (j, row) in dst.chunks_exact_mut(out_row).enumerate() {
            let (first, w) = (v.table.start[j] as usize, &v.table.coef[j * v.table.stride..(j + 1) * v.table.stride]);
            let window = match &h {
                Some(h) => ring.window(first, taps, |y, r| h.row(vector, &src[y * in_row..], r)),
                None => Window { data: &src[..in_plane], at: ring.offsets((first..first + taps).map(|y| y * in_row)) },
            };
            vertical_shift(vector, window, w, v.shift, row);
        }
    }
    Ok(())
}
