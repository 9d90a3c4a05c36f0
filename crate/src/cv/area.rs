//! INTER_AREA downscaling: block means for integer scales, cell-overlap
//! sums otherwise.

use super::tables;
use super::{Px, Spec};
use crate::error::KernelResult;
use crate::mem;
use crate::simd::{I16x8, Path};
use crate::threads;
use core::ops::Range;

/// Integer scales `[sy, sx]`: full blocks are the sum times 1/area in f32
/// (bytes: 2×2 is `(sum + 2) >> 2`, OpenCV's vector rule it also uses on
/// the tail), blocks cut by the edge (fx/fy sizes) the mean of what is there.
pub fn fast<T: Px>(path: Path, x: &[T], out: &mut [T], s: &Spec, [sy, sx]: [usize; 2]) {
    super::split_rows(out, s.ow * s.c, sy * sx, &|out, ys, _| fast_rows(path, x, out, s, [sy, sx], ys));
}

/// Output rows `ys` of `fast` into `out`.
fn fast_rows<T: Px>(path: Path, x: &[T], out: &mut [T], s: &Spec, [sy, sx]: [usize; 2], ys: Range<usize>) {
    let (c, row) = (s.c, s.w * s.c);
    let scale = 1.0 / (sx * sy) as f32;
    let full_cols = s.w / sx;
    for (dy, dst) in ys.zip(out.chunks_exact_mut(s.ow * c)) {
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
    let row = s.ow * s.c;
    let scratch = threads::PerThread::new(|| mem::try_filled_pair(row, 0f32, 0f32))?;
    // Output rows to threads: each run takes the cells of its rows (the table is in output order).
    super::split_rows(out, row, yt.len().div_ceil(s.oh) * s.w * s.c / row.max(1) + 1, &|out, ys, slot| {
        let cells = yt.partition_point(|c| (c.out as usize) < ys.start)..yt.partition_point(|c| (c.out as usize) < ys.end);
        let (buf, sum) = scratch.get(&slot);
        general_rows(x, out, s, &xt, &yt[cells], ys.start, buf, sum);
    });
    Ok(())
}

/// The output rows (from `first`) that `cells` of the row table make, into `out`.
#[allow(clippy::too_many_arguments)]
fn general_rows<T: Px>(x: &[T], out: &mut [T], s: &Spec, xt: &[tables::Cell], cells: &[tables::Cell], first: usize, buf: &mut [f32], sum: &mut [f32]) {
    let (c, row) = (s.c, s.ow * s.c);
    let mut current = None;
    for cell in cells {
        buf.fill(0.0);
        let src = &x[cell.src as usize * s.w * c..][..s.w * c];
        for t in xt {
            let (o, i) = (t.out as usize * c, t.src as usize * c);
            for (b, &v) in buf[o..o + c].iter_mut().zip(&src[i..i + c]) {
                *b += v.to_f32() * t.weight;
            }
        }
        let dy = cell.out as usize;
        if current == Some(dy) {
            sum.iter_mut().zip(&*buf).for_each(|(s, &b)| *s += cell.weight * b);
            continue;
        }
        if let Some(prev) = current {
            emit(sum, &mut out[(prev - first) * row..][..row]);
        }
        sum.iter_mut().zip(&*buf).for_each(|(s, &b)| *s = cell.weight * b);
        current = Some(dy);
    }
    if let Some(prev) = current {
        emit(sum, &mut out[(prev - first) * row..][..row]);
    }
}

fn emit<T: Px>(sum: &[f32], dst: &mut [T]) {
    dst.iter_mut().zip(sum).for_each(|(d, &v)| *d = T::from_f32(v));
}

/// Bytes halved in both axes: `rows` two source rows of `dst.len() / c`
/// pixel pairs, each output `(a + b + c + d + 2) >> 2`. The vector loop
/// moves each pixel pair's channels next to each other, sums byte pairs
/// into u16 lanes, and writes 8 bytes of which `step` are final (the
/// rest are rewritten by the next step or the scalar tail).
pub fn halve_u8(path: Path, rows: &[u8], dst: &mut [u8], c: usize) {
    let (r0, r1) = rows.split_at(rows.len() / 2);
    let step = if c == 3 { 6 } else { 8 };
    let mut d = 0;
    if path.vector() {
        let pairs = |v: I16x8| match c {
            3 => v.pair_rgb(),
            4 => v.pair_pixels(4),
            _ => v,
        };
        let two = I16x8::splat(2);
        while d + 8 <= dst.len() && 2 * d + 16 <= r0.len() {
            // SAFETY: 16 bytes from 2d are inside both rows (checked above).
            let (a, b) = unsafe { (I16x8::load_bytes(r0.as_ptr().add(2 * d)), I16x8::load_bytes(r1.as_ptr().add(2 * d))) };
            let s = pairs(a).sum_byte_pairs().add_sat(pairs(b).sum_byte_pairs()).add_sat(two).shr(2);
            let v = I16x8::narrow_u8(s, s);
            // SAFETY: 8 bytes from d are inside dst (checked above).
            unsafe {
                v.store_u32::<0>(dst.as_mut_ptr().add(d));
                v.store_u32::<1>(dst.as_mut_ptr().add(d + 4));
            }
            d += step;
        }
    }
    for (k, o) in dst.iter_mut().enumerate().skip(d) {
        let i = k / c * 2 * c + k % c;
        *o = ((r0[i] as u32 + r0[i + c] as u32 + r1[i] as u32 + r1[i + c] as u32 + 2) >> 2) as u8;
    }
}
