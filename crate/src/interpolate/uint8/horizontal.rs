//! The horizontal pass of uint8 bilinear and bicubic: rows of pixels of `c`
//! bytes, each output the rounded fixed-point sum over its window, clamped
//! to a byte (PyTorch rounds to bytes between the passes). The scalar loop
//! is the oracle; integer arithmetic makes the vector path equal by
//! construction, and the tests check its windows and tails.

use super::weights::Weights;
use crate::error::KernelResult;
use crate::mem;
use crate::resize_image::conv::{round_sat, Level};
use crate::simd::{I16x8, I32x4};

/// An axis's weights laid out for the vector path: per output, `steps`
/// groups of `lanes` weights (zero-padded past the window).
pub struct Horizontal<'w> {
    w: &'w Weights,
    c: usize,
    /// Taps per vector step: 8 for one channel (eight taps of one pixel row
    /// in the lanes), else 2 (two pixels' channels interleaved).
    lanes: usize,
    steps: usize,
    packed: Vec<i16>,
}

impl<'w> Horizontal<'w> {
    pub fn new(w: &'w Weights, c: usize) -> KernelResult<Self> {
        let t = &w.table;
        let lanes = if c == 1 { 8 } else { 2 };
        let steps = t.taps.div_ceil(lanes);
        let mut packed = mem::try_filled(t.out_len.saturating_mul(steps * lanes), 0i16)?;
        for (j, row) in packed.chunks_exact_mut(steps * lanes).enumerate() {
            row[..t.taps].copy_from_slice(&t.coef[j * t.stride..j * t.stride + t.taps]);
        }
        Ok(Self { w, c, lanes, steps, packed })
    }

    /// One row: `src` starts at the row's first pixel and may run on past
    /// it (the vector path reads up to 16 bytes beyond a window, and only
    /// falls back to the scalar loop where `src` ends); `dst` is the output row.
    pub fn row(&self, vector: bool, src: &[u8], dst: &mut [u8]) {
        let (t, c) = (&self.w.table, self.c);
        assert!(src.len() >= t.in_len * c && dst.len() >= t.out_len * c && t.start.iter().all(|&s| s as usize + t.taps <= t.in_len));
        for j in 0..t.out_len {
            let reach = (t.start[j] as usize + self.steps * self.lanes) * c + 16;
            if vector && reach <= src.len() {
                // SAFETY: the output's loads end before `reach` (`lanes`
                // pixels per step, eight bytes per load), inside `src`.
                unsafe { self.output_vector(src, j, &mut dst[j * c..(j + 1) * c]) }
            } else {
                self.output_scalar(src, j, &mut dst[j * c..(j + 1) * c]);
            }
        }
    }

    fn output_scalar(&self, src: &[u8], j: usize, out: &mut [u8]) {
        let (t, c) = (&self.w.table, self.c);
        let (s, w) = (t.start[j] as usize, &t.coef[j * t.stride..j * t.stride + t.taps]);
        for (ch, o) in out.iter_mut().enumerate() {
            let acc = w.iter().enumerate().fold(0i32, |a, (k, &wk)| a.wrapping_add(wk as i32 * src[(s + k) * c + ch] as i32));
            *o = u8::from_i16(round_sat(acc, self.w.shift));
        }
    }

    /// # Safety
    /// Every load of output `j` lies inside `src` (see `row`).
    unsafe fn output_vector(&self, src: &[u8], j: usize, out: &mut [u8]) {
        let (c, steps, lanes) = (self.c, self.steps, self.lanes);
        let p = src.as_ptr().add(self.w.table.start[j] as usize * c);
        let w = self.packed.as_ptr().add(j * steps * lanes);
        let byte = |acc: i32| u8::from_i16(round_sat(acc, self.w.shift));
        if c == 1 {
            let mut acc = I32x4::zero();
            for q in 0..steps {
                acc = acc.add(I16x8::load_u8x8(p.add(8 * q)).dot(I16x8::load_ptr(w.add(8 * q))));
            }
            out[0] = byte(acc.to_array().iter().fold(0i32, |a, &v| a.wrapping_add(v)));
            return;
        }
        // Four channels at a time: pixel k's and k + 1's lanes interleaved
        // meet the two taps' weights in one pair dot product.
        for (g, out) in out.chunks_mut(4).enumerate() {
            let p = p.add(4 * g);
            let mut acc = I32x4::zero();
            for q in 0..steps {
                let (a, b) = (I16x8::load_u8x8(p.add(2 * q * c)), I16x8::load_u8x8(p.add((2 * q + 1) * c)));
                acc = acc.add(a.interleave_low(b).dot(I16x8::load_pair_splat(w.add(2 * q))));
            }
            for (o, v) in out.iter_mut().zip(acc.to_array()) {
                *o = byte(v);
            }
        }
    }
}
