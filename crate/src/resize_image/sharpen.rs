//! pica's unsharp mask (its `mm_unsharp_mask`), with its arithmetic: the
//! lightness is HSV's value (max of R, G, B) in 8.8 fixed point; a
//! recursive Gaussian (Deriche's, as pica's `glur`) blurs it, rows then
//! columns, each pass running forward and back in f64 with a f32 line and
//! truncating to u16; RGB then scale by the sharpened over the original
//! lightness. Same inputs, same bytes as pica's JavaScript.
//!
//! Both passes run down columns (the rows' pass on the transposed image):
//! the vector path filters eight neighbouring columns at once in f64x2 lanes
//! (which round as scalar f64 code does), the scalar path one column at a time.

use crate::error::KernelResult;
use crate::mem;
use crate::simd::F64x2;
use crate::threads;

/// The mask's parameters in pica's fixed point.
#[derive(Clone, Copy, Debug)]
pub struct Unsharp {
    /// `amount / 100` in 4.12 fixed point (up to 20480: the products stay in i32).
    pub amount: i32,
    /// `threshold << 8`: lightness differences below it are left alone.
    pub threshold: i32,
    /// pica's `gaussCoef(radius)`, as f32 values: a0 a1 a2 a3 b1 b2, left and right corner gains.
    pub coef: [f64; 8],
}

/// Sharpens interleaved RGBA `img` (`w × h`) in place; alpha is unchanged.
pub fn unsharp(vector: bool, img: &mut [u8], w: usize, h: usize, u: &Unsharp) -> KernelResult {
    let n = w * h;
    let mut a = mem::try_filled(n, 0u16)?;
    let mut blur = mem::try_filled(n, 0u16)?;
    // (2 to spare: the vector path's stores of 4 f32 from 2.)
    let lines = threads::PerThread::new(|| mem::try_filled(BLOCK * w.max(h) + 2, 0f32))?;
    // pica's passes run along rows, then along columns; here both run down
    // columns (lanes over neighbouring columns), the rows' pass on the
    // transpose. Every step splits across threads: the transposes by the
    // rows they write, the passes by blocks of columns, the mask by pixels.
    let source: &[u8] = img;
    transpose(h, w, &mut a, |i| light(&source[i * 4..i * 4 + 3]));
    columns(vector, &a, &mut blur, &lines, &u.coef, w, h);
    transpose(w, h, &mut a, |i| blur[i]);
    columns(vector, &a, &mut blur, &lines, &u.coef, h, w);
    let img = threads::Disjoint::new(img);
    threads::runs_of(n, 4, &|run, _| {
        // SAFETY: these pixels are written by the run that holds them.
        let pixels = unsafe { &mut img.get()[run.start * 4..run.end * 4] };
        for (px, &b) in pixels.chunks_exact_mut(4).zip(&blur[run]) {
            mask(px, b, u);
        }
    });
    Ok(())
}

/// One pixel sharpened by its blurred lightness `b`.
#[inline(always)]
fn mask(px: &mut [u8], b: u16, u: &Unsharp) {
    let v1 = light(px) as i32;
    let diff = v1 - b as i32;
    if diff.abs() < u.threshold {
        return;
    }
    let v2 = (v1 + ((u.amount * diff + 2048) >> 12)).clamp(0, 65280);
    let scale = (v2 << 12) / v1.max(1);
    for c in &mut px[..3] {
        *c = ((*c as i32 * scale + 2048) >> 12).min(255) as u8;
    }
}

/// HSV's value of an RGB pixel in 8.8 fixed point: pica's lightness.
#[inline(always)]
fn light(px: &[u8]) -> u16 {
    (px[0].max(px[1]).max(px[2]) as u16) << 8
}

/// `dst` (`cols × rows`) = the `rows × cols` matrix whose element `i` is
/// `src(i)`, transposed, in tiles that stay in cache.
fn transpose(rows: usize, cols: usize, dst: &mut [u16], src: impl Fn(usize) -> u16 + Sync) {
    const T: usize = 32;
    let dst = threads::Disjoint::new(dst);
    // Tiles of T source columns (T rows of dst) to threads.
    threads::runs_of(cols.div_ceil(T), T * rows, &|tiles, _| {
        // SAFETY: dst rows `T·tiles` are written by the run that holds them.
        let dst = unsafe { dst.get() };
        for r0 in (0..rows).step_by(T) {
            for c0 in tiles.clone().map(|t| t * T) {
                for r in r0..(r0 + T).min(rows) {
                    for c in c0..(c0 + T).min(cols) {
                        dst[c * rows + r] = src(r * cols + c);
                    }
                }
            }
        }
    });
}

/// Columns filtered at once by the vector path.
const BLOCK: usize = 8;

/// The recursive Gaussian down every column of `src` (`rows × cols`) into `out`.
fn columns(vector: bool, src: &[u16], out: &mut [u16], lines: &threads::PerThread<Vec<f32>>, c: &[f64; 8], rows: usize, cols: usize) {
    let out = threads::Disjoint::new(out);
    // Blocks of columns to threads, each filtering through its own line:
    // one run a thread, as every row holds a cache line that two runs
    // write (measured: eight runs on two threads made the pass slower
    // than one thread).
    let blocks = cols.div_ceil(BLOCK);
    let parts = if threads::worth(rows * cols) { threads::count().min(blocks) } else { 1 };
    threads::for_each(parts, rows * cols, &|k, slot| {
        let line = lines.get(&slot);
        // SAFETY: these columns are written by the run that holds them.
        let out = unsafe { out.get() };
        let (mut x, end) = (k * blocks / parts * BLOCK, ((k + 1) * blocks / parts * BLOCK).min(cols));
        if vector {
            while x + BLOCK <= end {
                column::<[F64x2; 4]>(src, out, line, c, rows, cols, x);
                x += BLOCK;
            }
        }
        for x in x..end {
            column::<f64>(src, out, line, c, rows, cols, x);
        }
    });
}

/// The lanes of a pass: one column (`f64`) or `BLOCK` neighbouring ones.
trait Lanes: Copy {
    const N: usize;
    fn load(s: &[u16]) -> Self;
    fn splat(v: f64) -> Self;
    fn add(self, o: Self) -> Self;
    fn mul(self, o: Self) -> Self;
    /// `line` = the lanes rounded to f32 (2 more elements to spare).
    fn keep(self, line: &mut [f32]);
    /// `out` = `line` + the lanes, truncated to u16 as a JavaScript Uint16Array store does.
    fn finish(self, line: &[f32], out: &mut [u16]);
}

impl Lanes for f64 {
    const N: usize = 1;
    fn load(s: &[u16]) -> Self {
        s[0] as f64
    }
    fn splat(v: f64) -> Self {
        v
    }
    fn add(self, o: Self) -> Self {
        self + o
    }
    fn mul(self, o: Self) -> Self {
        self * o
    }
    fn keep(self, line: &mut [f32]) {
        line[0] = self as f32;
    }
    fn finish(self, line: &[f32], out: &mut [u16]) {
        out[0] = (line[0] as f64 + self) as i32 as u16;
    }
}

impl Lanes for [F64x2; 4] {
    const N: usize = BLOCK;
    #[inline(always)]
    fn load(s: &[u16]) -> Self {
        F64x2::load_u16x8(s)
    }
    #[inline(always)]
    fn splat(v: f64) -> Self {
        [F64x2::splat(v); 4]
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        core::array::from_fn(|k| self[k].add(o[k]))
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        core::array::from_fn(|k| self[k].mul(o[k]))
    }
    #[inline(always)]
    fn keep(self, line: &mut [f32]) {
        F64x2::store_f32x8(self, line);
    }
    #[inline(always)]
    fn finish(self, line: &[f32], out: &mut [u16]) {
        F64x2::store_u16x8_wrapping(F64x2::load_f32x8(line).add(self), out);
    }
}

/// Columns `x .. x + V::N`: forward into `line`, then back into `out`.
#[inline(always)]
fn column<V: Lanes>(src: &[u16], out: &mut [u16], line: &mut [f32], c: &[f64; 8], rows: usize, cols: usize, x: usize) {
    let n = V::N;
    let at = |r: usize| r * cols + x;
    let load = |r: usize| V::load(&src[at(r)..at(r) + n]);
    let [a0, a1, a2, a3, b1, b2, left, right] = c.map(V::splat);
    let step = |cur: V, prev: V, p: V, pp: V, a: V, b: V| cur.mul(a).add(prev.mul(b)).add(p.mul(b1)).add(pp.mul(b2));
    let mut prev = load(0);
    let (mut pp, mut p) = (prev.mul(left), prev.mul(left));
    for r in 0..rows {
        let cur = load(r);
        (pp, p) = (p, step(cur, prev, p, pp, a0, a1));
        prev = cur;
        p.keep(&mut line[r * n..]);
    }
    prev = load(rows - 1);
    (pp, p) = (prev.mul(right), prev.mul(right));
    let mut cur = prev;
    for (r, kept) in line.chunks_exact(n).take(rows).enumerate().rev() {
        (pp, p) = (p, step(cur, prev, p, pp, a2, a3));
        (prev, cur) = (cur, load(r));
        p.finish(kept, &mut out[at(r)..at(r) + n]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// pica's gaussCoef for radius 0.6, as its Float32Array holds them.
    fn coef() -> [f64; 8] {
        let sigma: f64 = 0.6;
        let a = 0.527076f64.exp() / sigma;
        let (g1, g2) = ((-a).exp(), (-2.0 * a).exp());
        let k = (1.0 - g1) * (1.0 - g1) / (1.0 + 2.0 * a * g1 - g2);
        let (a0, a1, a2, a3, b1, b2) = (k, k * (a - 1.0) * g1, k * (a + 1.0) * g1, -k * g2, 2.0 * g1, -g2);
        [a0, a1, a2, a3, b1, b2, (a0 + a1) / (1.0 - b1 - b2), (a2 + a3) / (1.0 - b1 - b2)].map(|v| v as f32 as f64)
    }

    fn image(w: usize, h: usize) -> Vec<u8> {
        (0..w * h * 4).map(|i| ((i * 97 + i / 7 * 13) % 256) as u8).collect()
    }

    #[test]
    fn vector_and_scalar_agree_on_every_tail() {
        let u = Unsharp { amount: (1.6 * 4096.0 + 0.5) as i32, threshold: 1 << 8, coef: coef() };
        for w in [1, 2, 3, 5, 7, 9, 17, 33] {
            for h in [1, 2, 3, 5, 7, 9, 17, 33] {
                let (mut a, mut b) = (image(w, h), image(w, h));
                unsharp(false, &mut a, w, h, &u).unwrap();
                unsharp(true, &mut b, w, h, &u).unwrap();
                assert_eq!(a, b, "{w}x{h}");
            }
        }
    }

    #[test]
    fn flat_images_and_alpha_stay() {
        let u = Unsharp { amount: 20480, threshold: 0, coef: coef() };
        let mut flat: Vec<u8> = [40, 90, 200, 17].repeat(6 * 5);
        let before = flat.clone();
        unsharp(true, &mut flat, 6, 5, &u).unwrap();
        assert_eq!(flat, before);
        let mut img = image(9, 7);
        let alpha: Vec<u8> = img.iter().skip(3).step_by(4).copied().collect();
        unsharp(true, &mut img, 9, 7, &u).unwrap();
        assert!(img.iter().skip(3).step_by(4).copied().eq(alpha));
        assert_ne!(img, image(9, 7));
    }
}
