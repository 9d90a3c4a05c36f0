//! `Image.reduce` (Reduce.c): each output the mean of a `fx × fy` block of
//! the box, the blocks at the box's right and bottom edges cut short.

use super::{Pixel, Plane};
use crate::error::KernelResult;
use crate::mem;
use crate::threads;
use core::ops::Range;

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
    let sums = threads::PerThread::new(|| mem::try_filled(w * c, T::Sum::default()))?;
    let dst = threads::Disjoint::new(&mut out);
    // Output rows to threads, each summing in its own columns.
    threads::runs_of(oh, fy * w * c, &|ys, slot| {
        let columns = sums.get(&slot);
        // SAFETY: these rows are written by the run that holds them.
        let dst = unsafe { &mut dst.get()[ys.start * ow * c..ys.end * ow * c] };
        for (y, row) in ys.zip(dst.chunks_exact_mut(ow * c)) {
            let rows = y0 + y * fy..y0 + ((y + 1) * fy).min(h);
            sum_row(src, plane, (x0, w), rows, fx, columns, row);
        }
    });
    Ok(out)
}

/// One output row: source rows `rows` (columns `x0 .. x0 + w`) summed down
/// into `columns`, then each block of `fx` pixels' mean.
fn sum_row<T: Pixel>(src: &[T], plane: Plane, (x0, w): (usize, usize), rows: Range<usize>, fx: usize, columns: &mut [T::Sum], row: &mut [T]) {
    let c = plane.c;
    columns.fill(T::Sum::default());
    for yy in rows.clone() {
        let line = &src[(yy * plane.in_w + x0) * c..][..w * c];
        columns.iter_mut().zip(line).for_each(|(s, &v)| T::add(s, v));
    }
    // Every block but a short last one has the same size.
    let full = T::scale(fx * rows.len());
    for (o, block) in row.chunks_exact_mut(c).zip(columns.chunks(fx * c)) {
        let scale = if block.len() == fx * c { full } else { T::scale(block.len() / c * rows.len()) };
        let mut sum = [T::Sum::default(); 4];
        for px in block.chunks_exact(c) {
            sum.iter_mut().zip(px).for_each(|(s, &v)| *s = T::join(*s, v));
        }
        o.iter_mut().zip(sum).for_each(|(o, s)| *o = T::mean(s, scale));
    }
}
