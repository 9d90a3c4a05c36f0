//! INTER_AREA downscaling: block means for integer scales, cell-overlap
//! sums otherwise.

use super::tables;
use super::{Px, Spec};
use crate::error::KernelResult;
use crate::mem;
use crate::simd::Path;

/// Integer scales `[sy, sx]`: full blocks are the sum times 1/area in f32
/// (bytes: 2×2 is `(sum + 2) >> 2`, OpenCV's vector rule it also uses on
/// the tail), blocks cut by the edge (fx/fy sizes) the mean of what is there.
pub fn fast<T: Px>(path: Path, x: &[T], out: &mut [T], s: &Spec, [sy, sx]: [usize; 2]) {
    let (c, row) = (s.c, s.w * s.c);
    let scale = 1.0 / (sx * sy) as f32;
    let full_cols = s.w / sx;
    for (dy, dst) in out.chunks_exact_mut(s.ow * c).enumerate() {
        let y0 = dy * sy;
        let ys = sy.min(s.h - y0);
        let mut start = 0;
        if ys == sy {
            if sy == 2 && sx == 2 && T::halve(path, &x[y0 * row..][..2 * row], &mut dst[..full_cols * c], c) {
                start = full_cols;
            }
            for d in start..full_cols {
                for ch in 0..c {
                    let v = block(x, row, y0 * row + d * sx * c + ch, sy, sx, c);
                    dst[d * c + ch] = T::block_mean(v, scale, sy == 2 && sx == 2);
                }
            }
            start = full_cols;
        }
        for d in start..s.ow {
            let xs = sx.min(s.w - d * sx);
            for ch in 0..c {
                let v = block(x, row, y0 * row + d * sx * c + ch, ys, xs, c);
                dst[d * c + ch] = T::from_f32(v / (ys * xs) as f32);
            }
        }
    }
}

/// The sum of a block, row by row, in f32 (exact for bytes: below 2^24).
fn block<T: Px>(x: &[T], row: usize, at: usize, ys: usize, xs: usize, c: usize) -> f32 {
    let mut sum = 0f32;
    for r in 0..ys {
        for k in 0..xs {
            sum += x[at + r * row + k * c].to_f32();
        }
    }
    sum
}

/// Fractional scales: each source row's horizontal cell sums (f32), added
/// into the output row with the row's weight; an output row is written when
/// the table moves on to the next.
pub fn general<T: Px>(x: &[T], out: &mut [T], s: &Spec) -> KernelResult {
    let [sy, sx] = s.inv.map(|i| 1.0 / i);
    let xt = tables::area(s.w, s.ow, sx)?;
    let yt = tables::area(s.h, s.oh, sy)?;
    let (c, row) = (s.c, s.ow * s.c);
    let (mut buf, mut sum) = mem::try_filled_pair(row, 0f32, 0f32)?;
    let mut current = None;
    for cell in &yt {
        buf.fill(0.0);
        let src = &x[cell.src as usize * s.w * c..][..s.w * c];
        for t in &xt {
            let (o, i) = (t.out as usize * c, t.src as usize * c);
            for ch in 0..c {
                buf[o + ch] += src[i + ch].to_f32() * t.weight;
            }
        }
        let dy = cell.out as usize;
        if current == Some(dy) {
            sum.iter_mut().zip(&buf).for_each(|(s, &b)| *s += cell.weight * b);
            continue;
        }
        if let Some(prev) = current {
            emit(&sum, &mut out[prev * row..][..row]);
        }
        sum.iter_mut().zip(&buf).for_each(|(s, &b)| *s = cell.weight * b);
        current = Some(dy);
    }
    if let Some(prev) = current {
        emit(&sum, &mut out[prev * row..][..row]);
    }
    Ok(())
}

fn emit<T: Px>(sum: &[f32], dst: &mut [T]) {
    dst.iter_mut().zip(sum).for_each(|(d, &v)| *d = T::from_f32(v));
}

/// Bytes halved in both axes: `rows` two source rows of `dst.len() / c`
/// pixel pairs, each output `(a + b + c + d + 2) >> 2`.
pub fn halve_u8(_path: Path, rows: &[u8], dst: &mut [u8], c: usize) {
    let (r0, r1) = rows.split_at(rows.len() / 2);
    for (d, o) in dst.iter_mut().enumerate() {
        let i = d / c * 2 * c + d % c;
        *o = ((r0[i] as u32 + r0[i + c] as u32 + r1[i] as u32 + r1[i + c] as u32 + 2) >> 2) as u8;
    }
}
