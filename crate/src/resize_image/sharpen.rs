//! pica's unsharp mask (its `mm_unsharp_mask`), with its arithmetic: the
//! lightness is HSV's value (max of R, G, B) in 8.8 fixed point; a
//! recursive Gaussian (Deriche's, as pica's `glur`) blurs it, rows then
//! columns, each pass running forward and back in f64 with a f32 line and
//! writing u16 transposed; RGB then scale by the sharpened over the original
//! lightness. Same inputs, same bytes as pica's JavaScript.
//!
//! The vector path filters two rows at once (one per f64 lane, which rounds
//! as scalar f64 code does); the scalar path one row at a time.

use crate::error::KernelResult;
use crate::mem;
use crate::simd::F64x2;

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
    let mut bright = mem::try_filled(n, 0u16)?;
    let mut across = mem::try_filled(n, 0u16)?;
    let mut blur = mem::try_filled(n, 0u16)?;
    let mut line = mem::try_filled(2 * w.max(h), 0f32)?;
    for (v, px) in bright.iter_mut().zip(img.chunks_exact(4)) {
        *v = (px[0].max(px[1]).max(px[2]) as u16) << 8;
    }
    blur_pass(vector, &bright, &mut across, &mut line, &u.coef, w, h);
    blur_pass(vector, &across, &mut blur, &mut line, &u.coef, h, w);
    for ((px, &v), &b) in img.chunks_exact_mut(4).zip(&bright).zip(&blur) {
        let (v1, diff) = (v as i32, v as i32 - b as i32);
        if diff.abs() < u.threshold {
            continue;
        }
        let v2 = (v1 + ((u.amount * diff + 2048) >> 12)).clamp(0, 65280);
        let scale = (v2 << 12) / v1.max(1);
        for c in &mut px[..3] {
            *c = ((*c as i32 * scale + 2048) >> 12).min(255) as u8;
        }
    }
    Ok(())
}

/// Filters the `h` rows (of `w`) of `src` into the columns of `out` (rows of `h`).
fn blur_pass(vector: bool, src: &[u16], out: &mut [u16], line: &mut [f32], c: &[f64; 8], w: usize, h: usize) {
    let mut i = 0;
    if vector {
        while i + 2 <= h {
            rows::<F64x2>(src, out, line, c, w, h, i);
            i += 2;
        }
    }
    for i in i..h {
        rows::<f64>(src, out, line, c, w, h, i);
    }
}

/// The lanes of a pass: one row (`f64`) or two (`F64x2`).
trait Lanes: Copy {
    const N: usize;
    fn load(f: impl Fn(usize) -> f64) -> Self;
    fn splat(v: f64) -> Self;
    fn add(self, o: Self) -> Self;
    fn mul(self, o: Self) -> Self;
    fn lane(self, k: usize) -> f64;
}

impl Lanes for f64 {
    const N: usize = 1;
    fn load(f: impl Fn(usize) -> f64) -> Self {
        f(0)
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
    fn lane(self, _: usize) -> f64 {
        self
    }
}

impl Lanes for F64x2 {
    const N: usize = 2;
    #[inline(always)]
    fn load(f: impl Fn(usize) -> f64) -> Self {
        F64x2::new(f(0), f(1))
    }
    #[inline(always)]
    fn splat(v: f64) -> Self {
        F64x2::splat(v)
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        F64x2::add(self, o)
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        F64x2::mul(self, o)
    }
    #[inline(always)]
    fn lane(self, k: usize) -> f64 {
        self.to_array()[k]
    }
}

/// Rows `i .. i + V::N`: forward into `line`, then back, the sum of both
/// truncated to u16 as a JavaScript Uint16Array store does.
#[inline(always)]
fn rows<V: Lanes>(src: &[u16], out: &mut [u16], line: &mut [f32], c: &[f64; 8], w: usize, h: usize, i: usize) {
    let n = V::N;
    let x = |j: usize| V::load(|k| src[(i + k) * w + j] as f64);
    let [a0, a1, a2, a3, b1, b2, left, right] = c.map(V::splat);
    let step = |cur: V, prev: V, p: V, pp: V, a: V, b: V| cur.mul(a).add(prev.mul(b)).add(p.mul(b1)).add(pp.mul(b2));
    let mut prev = x(0);
    let (mut pp, mut p) = (prev.mul(left), prev.mul(left));
    for j in 0..w {
        let cur = x(j);
        (pp, p) = (p, step(cur, prev, p, pp, a0, a1));
        prev = cur;
        for k in 0..n {
            line[j * n + k] = p.lane(k) as f32;
        }
    }
    prev = x(w - 1);
    (pp, p) = (prev.mul(right), prev.mul(right));
    let mut cur = prev;
    for j in (0..w).rev() {
        (pp, p) = (p, step(cur, prev, p, pp, a2, a3));
        (prev, cur) = (cur, x(j));
        for k in 0..n {
            out[j * h + i + k] = (line[j * n + k] as f64 + p.lane(k)) as i32 as u16;
        }
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
