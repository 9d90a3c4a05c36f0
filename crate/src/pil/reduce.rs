//! `Image.reduce` (Reduce.c): each output the mean of a `fx × fy` block of
//! the box, the blocks at the box's right and bottom edges cut short.

use super::{Pixel, Plane};
use crate::error::KernelResult;
use crate::mem;

/// The reduced size of `len` source positions.
pub fn reduced(len: usize, factor: usize) -> usize {
    (len - 1) / factor + 1
}

/// Reduces the box `[x0, x0 + w) × [y0, y0 + h)` of `src` (`plane.in_*`
/// its size, `plane.c` values a pixel) by `fx × fy`. Each band of `fy` rows
/// is first summed down its columns (a plain lane-wise add), then across
/// each block of `fx` pixels.
pub fn reduce<T: Pixel>(src: &[T], plane: Plane, factor: [usize; 2], bx: [usize; 4]) -> KernelResult<Vec<T>> {
    let ([fx, fy], [x0, y0, w, h], c) = (factor, bx, plane.c);
    let (ow, oh) = (reduced(w, fx), reduced(h, fy));
    let mut out = mem::try_filled(ow * oh * c, T::default())?;
    let mut columns = mem::try_filled(w * c, T::Sum::default())?;
    for (y, row) in out.chunks_exact_mut(ow * c).enumerate() {
        let rows = y0 + y * fy..y0 + ((y + 1) * fy).min(h);
        columns.fill(T::Sum::default());
        for yy in rows.clone() {
            let line = &src[(yy * plane.in_w + x0) * c..][..w * c];
            columns.iter_mut().zip(line).for_each(|(s, &v)| T::add(s, v));
        }
        for (o, block) in row.chunks_exact_mut(c).zip(columns.chunks(fx * c)) {
            let n = block.len() / c * rows.len();
            let mut sum = [T::Sum::default(); 4];
            for px in block.chunks_exact(c) {
                sum.iter_mut().zip(px).for_each(|(s, &v)| *s = T::join(*s, v));
            }
            o.iter_mut().zip(sum).for_each(|(o, s)| *o = T::mean(s, n));
        }
    }
    Ok(out)
}
