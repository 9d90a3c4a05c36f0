//! The window of rows a vertical pass reads: a ring of the last rows made,
//! or, for windows too tall to keep, one row at a time summed as it comes.

use super::{conv, float};
use crate::error::KernelResult;
use crate::mem;

/// The last `rows` rows (of `len`) a pass produced, for a window that only
/// moves down, and room for the offsets of a window of `taps` rows. Rows
/// are produced a strip at a time: the rows up to the next multiple of
/// `strip` that exist (below `end`). Past `limit` bytes the ring streams
/// instead: `data` is one row, `acc` its sums.
pub(super) struct Ring<T: Stream = i16> {
    data: Vec<T>,
    acc: Vec<T::Sum>,
    len: usize,
    taps: usize,
    next: usize,
    at: Vec<usize>,
    strip: usize,
    end: usize,
}

/// A vertical pass's rows, its weights, and how a streamed window sums
/// them: in the order and arithmetic of `pass`, so streaming gives its bits.
pub(super) trait Stream: Copy + Default {
    type Sum: Copy + Default;
    type Weight: Copy;
    fn pass(vector: bool, rows: conv::Window<Self>, w: &[Self::Weight], dst: &mut [Self]);
    fn accumulate(row: &[Self], w: Self::Weight, acc: &mut [Self::Sum]);
    fn finish(acc: &[Self::Sum], dst: &mut [Self]);
}

impl Stream for i16 {
    type Sum = i32;
    type Weight = i16;
    fn pass(vector: bool, rows: conv::Window<Self>, w: &[i16], dst: &mut [i16]) {
        conv::vertical(vector, rows, w, dst)
    }
    fn accumulate(row: &[i16], w: i16, acc: &mut [i32]) {
        conv::accumulate(row, w, acc)
    }
    fn finish(acc: &[i32], dst: &mut [i16]) {
        conv::finish(acc, dst)
    }
}

impl Stream for f32 {
    type Sum = f32;
    type Weight = f32;
    fn pass(vector: bool, rows: conv::Window<Self>, w: &[f32], dst: &mut [f32]) {
        float::vertical(vector, rows, w, dst)
    }
    fn accumulate(row: &[f32], w: f32, acc: &mut [f32]) {
        acc.iter_mut().zip(row).for_each(|(a, &x)| *a += w * x);
    }
    fn finish(acc: &[f32], dst: &mut [f32]) {
        dst.copy_from_slice(&acc[..dst.len()]);
    }
}

impl<T: Stream> Ring<T> {
    pub(super) fn new(rows: usize, len: usize, taps: usize, limit: usize) -> KernelResult<Self> {
        if rows.saturating_mul(len).saturating_mul(size_of::<T>()) > limit {
            let (data, acc) = mem::try_filled_pair(len, T::default(), T::Sum::default())?;
            return Ok(Ring { data, acc, len, taps, next: 0, at: Vec::new(), strip: 1, end: usize::MAX });
        }
        // An overflowing product saturates, and that allocation fails.
        let data = mem::try_filled(rows.saturating_mul(len), T::default())?;
        Ok(Ring { data, acc: Vec::new(), len, taps, next: 0, at: mem::try_vec(taps)?, strip: 1, end: usize::MAX })
    }

    /// Produces rows in strips of `strip` (which divides the ring's rows, so
    /// a strip's rows lie together), up to row `end`.
    pub(super) fn in_strips(self, strip: usize, end: usize) -> Self {
        let streams = self.streams();
        assert!(streams || (self.data.len() / self.len).is_multiple_of(strip));
        Ring { strip: if streams { 1 } else { strip }, end, ..self }
    }

    /// Whether windows are summed row by row (too tall to keep).
    pub(super) fn streams(&self) -> bool {
        !self.acc.is_empty()
    }

    /// How many rows' elements and sums it holds, for tests of its memory bound.
    #[cfg(test)]
    pub(super) fn held(&self) -> (usize, usize) {
        (self.data.len(), self.acc.len())
    }

    /// Rows `first..first + taps`, producing the missing ones with
    /// `fill(y, rows)`: rows y.. (a strip or part of one) into `rows`.
    pub(super) fn window(&mut self, first: usize, mut fill: impl FnMut(usize, &mut [T])) -> conv::Window<'_, T> {
        let (n, len, taps) = (self.data.len() / self.len, self.len, self.taps);
        self.next = self.next.max(first);
        while self.next < first + taps {
            let y = self.next;
            let rows = ((y / self.strip + 1) * self.strip).min(self.end) - y;
            fill(y, &mut self.data[(y % n) * len..(y % n + rows) * len]);
            self.next += rows;
        }
        // (Within the reservation: nothing reallocates.)
        self.at.clear();
        self.at.extend((first..first + taps).map(|y| (y % n) * len));
        conv::Window { data: &self.data, at: &self.at }
    }

    /// `offsets` as a window's list (of rows held elsewhere), in the room reserved for it.
    pub(super) fn offsets(&mut self, offsets: impl Iterator<Item = usize>) -> &[usize] {
        self.at.clear();
        self.at.extend(offsets);
        &self.at
    }

    /// One output row of the vertical pass over rows `first..first + taps`
    /// with weights `w`, producing rows with `fill(y, row)`.
    pub(super) fn vertical(&mut self, vector: bool, first: usize, w: &[T::Weight], mut fill: impl FnMut(usize, &mut [T]), dst: &mut [T]) {
        if !self.streams() {
            return T::pass(vector, self.window(first, fill), w, dst);
        }
        self.acc.fill(T::Sum::default());
        for (y, &wk) in (first..).zip(&w[..self.taps]) {
            fill(y, &mut self.data);
            T::accumulate(&self.data, wk, &mut self.acc);
        }
        T::finish(&self.acc, dst);
    }
}
