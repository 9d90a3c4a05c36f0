//! Rows in and out of the working scale: sRGB decode/encode, premultiplied
//! alpha. Pixels have `channels` bytes: gray, gray + alpha, RGB, RGBA; with
//! 2 and 4 the last is alpha, always linear (it is coverage, not light).
//!
//! Premultiplying is skipped for opaque images, and that changes nothing:
//! at alpha = 255 both conversions below are exact identities, so a tile
//! that happens to be opaque gives the same bits as the whole image.

use super::srgb::{decode_table, encode_table, FRAC, ONE};
use crate::simd::{hoist, Apart, F32x4, I16x8, I32x4};
use crate::threads::Lazy;

const HALF: i32 = 1 << (FRAC - 1);

/// Whether every pixel of `c` bytes (2 or 4) has alpha (its last byte) 255.
pub fn opaque(bytes: &[u8], c: usize) -> bool {
    // A constant pixel size, so the inner loop vectorises; blocks of 4096 pixels
    // stop the scan at the first translucent one.
    fn all<const C: usize>(bytes: &[u8]) -> bool {
        bytes.chunks(4096 * C).all(|b| b.chunks_exact(C).fold(0xff, |acc, p| acc & p[C - 1]) == 0xff)
    }
    if c == 2 {
        all::<2>(bytes)
    } else {
        all::<4>(bytes)
    }
}

/// `premultiply` only with alpha (2 or 4 channels).
#[derive(Clone, Copy)]
pub struct Mode {
    pub premultiply: bool,
    pub linear: bool,
    pub channels: usize,
}

impl Mode {
    /// Rows that need no decoding and no encoding: 8-bit levels as they are.
    pub fn plain(self) -> bool {
        !self.premultiply && !self.linear
    }

    /// Colour channels: all but alpha.
    fn colours(self) -> usize {
        self.channels - (1 - self.channels % 2)
    }
}

/// One row of 8-bit pixels -> working scale, premultiplied if asked.
pub fn decode_row(vector: bool, src: &[u8], dst: &mut [i16], m: Mode) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    if m.plain() {
        // Alpha included: every channel is just widened.
        for (d, &v) in dst.iter_mut().zip(src) {
            *d = (v as i16) << FRAC;
        }
        return;
    }
    // One loop per mode, with no division, keeps this per-source-pixel step cheap.
    let (lin, frac, c, colours) = (decode_table(), fractions(), m.channels, m.colours());
    let pixels = src.chunks_exact(c).zip(dst.chunks_exact_mut(c));
    match (m.premultiply, m.linear) {
        (true, true) => pixels.for_each(|(p, q)| {
            let f = frac[p[c - 1] as usize];
            for k in 0..colours {
                q[k] = ((lin[p[k] as usize] as i32 * f + (1 << 14)) >> 15) as i16;
            }
            q[c - 1] = (p[c - 1] as i16) << FRAC;
        }),
        // Constant pixel sizes, so each loop is compiled for its own.
        (true, false) if c == 2 => premultiply::<2>(vector, src, dst),
        (true, false) => premultiply::<4>(vector, src, dst),
        _ => pixels.for_each(|(p, q)| {
            for (k, (q, &v)) in q.iter_mut().zip(p).enumerate() {
                *q = if k < colours { lin[v as usize] } else { (v as i16) << FRAC };
            }
        }),
    }
}

/// sRGB rows, premultiplied: `w = x·a` (alpha itself times 255), then
/// `(w + (w >> 8) + 2) >> 2`, within a working unit of `w·64/255` and exact
/// at alpha 255 (`x·64`: opaque pixels pass unchanged). No tables, no
/// branches: sixteen bytes at a time with a byte multiply into u16 lanes.
fn premultiply<const C: usize>(vector: bool, src: &[u8], dst: &mut [i16]) {
    let c = C;
    let n = if vector { src.len() - src.len() % 16 } else { 0 };
    // Each byte's factor: its pixel's alpha, or 255 (from the `or`) for alpha itself.
    let mask: [u8; 16] = core::array::from_fn(|i| if i % c == c - 1 { 0x80 } else { (i - i % c + c - 1) as u8 });
    let ones: [u8; 16] = core::array::from_fn(|i| if i % c == c - 1 { 0xff } else { 0 });
    // SAFETY: 16-byte arrays.
    let (mask, ones, two) = hoist(unsafe { (I16x8::load_bytes(mask.as_ptr()), I16x8::load_bytes(ones.as_ptr()), I16x8::splat(2)) });
    let scale = |w: I16x8| w.add(w.shr_u(8)).add(two).shr_u(2);
    // (Blocks of known length: no bounds checks in the loop.)
    for (x, d) in src[..n].chunks_exact(16).zip(dst[..n].chunks_exact_mut(16)) {
        // SAFETY: sixteen bytes.
        let x = unsafe { I16x8::load_bytes(x.as_ptr()) };
        let (lo, hi) = x.mul_bytes(x.swizzle(mask).or(ones));
        scale(lo).store(&mut d[..8]);
        scale(hi).store(&mut d[8..]);
    }
    premultiply_scalar(&src[n..], &mut dst[n..], c);
}

/// `premultiply`'s tail, and the whole row on the scalar path: one copy for every pixel size.
#[inline(never)]
fn premultiply_scalar(src: &[u8], dst: &mut [i16], c: usize) {
    for (p, q) in src.chunks_exact(c).zip(dst.chunks_exact_mut(c)) {
        for (k, (&x, q)) in p.iter().zip(q).enumerate() {
            let w = x as u32 * if k == c - 1 { 255 } else { p[c - 1] as u32 };
            *q = ((w + (w >> 8) + 2) >> 2) as i16;
        }
    }
}

/// Alpha as a fraction with 15 bits: `a / 255 · 2^15`, rounded; 255 maps to
/// exactly 2^15, so premultiplying an opaque pixel changes nothing.
fn fractions() -> &'static [i32; 256] {
    static T: Lazy<[i32; 256]> = Lazy::new();
    T.get(|| core::array::from_fn(|a| ((a as i32) * (1 << 15) + 127) / 255))
}

/// One row of working-scale values (possibly overshooting) -> 8-bit pixels.
pub fn encode_row(vector: bool, src: &[i16], dst: &mut [u8], m: Mode) {
    match (m.premultiply, m.linear) {
        (false, false) => encode_plain(vector, src, dst),
        (true, false) if m.channels == 2 => unpremultiply::<2>(vector, src, dst),
        (true, false) => unpremultiply::<4>(vector, src, dst),
        _ => encode_linear(src, dst, m),
    }
}

fn encode_linear(src: &[i16], dst: &mut [u8], m: Mode) {
    let (enc, recip, c, colours) = (encode_table(), reciprocals(), m.channels, m.colours());
    for (p, q) in src.chunks_exact(c).zip(dst.chunks_exact_mut(c)) {
        // Without alpha, as if opaque.
        let a = if colours < c { (p[c - 1] as i32).clamp(0, ONE) } else { ONE };
        for k in 0..colours {
            let x = if !m.premultiply || a == ONE {
                (p[k] as i32).clamp(0, ONE)
            } else if a < HALF {
                // Rounds to alpha 0: no colour to speak of.
                0
            } else {
                // A premultiplied colour cannot exceed its alpha.
                (((p[k] as i32).clamp(0, a) as u32 * recip[a as usize] + (1 << 15)) >> 16) as i32
            };
            q[k] = enc[x as usize];
        }
        if colours < c {
            q[c - 1] = ((a + HALF) >> FRAC) as u8;
        }
    }
}

/// sRGB rows, unpremultiplied in f32: a colour `x` (clamped to `0..=a`: it
/// cannot exceed its alpha) becomes `x·(255/a) + 0.5` truncated, alpha `a`
/// becomes `(a + HALF) >> FRAC`. Colour under an
/// alpha that rounds to 0 is dropped. At `a = ONE` the factor is exactly
/// 1/64, so opaque pixels come back as plain rounding gives them. The
/// vector loop divides once per four pixels; the scalar loop does the same
/// f32 operations, so both paths agree bit for bit.
fn unpremultiply<const C: usize>(vector: bool, src: &[i16], dst: &mut [u8]) {
    let c = C;
    let n = if vector { src.len().min(dst.len()) / 16 * 16 } else { 0 };
    let k = hoist(Consts {
        zero: I32x4::zero(),
        one: I32x4::splat(ONE),
        below_half: I32x4::splat(HALF - 1),
        half: I32x4::splat(HALF),
        levels: F32x4::splat(255.0),
        point_five: F32x4::splat(0.5),
        magic: F32x4::splat(8_388_608.0),
        magic_bits: I32x4::splat(0x4b00_0000),
        colour: I32x4::splat(0x00ff_ffff),
        low_byte: I16x8::splat(0xff),
        apart: Apart::hidden(),
    });
    // (Blocks of known length: no bounds checks in the loop.)
    for (p, d) in src[..n].chunks_exact(16).zip(dst[..n].chunks_exact_mut(16)) {
        let (p0, p1) = (I16x8::load(&p[..8]), I16x8::load(&p[8..]));
        let bytes = if c == 2 { unpremultiply_gray(p0, p1, &k) } else { unpremultiply_rgba(p0, p1, &k) };
        // SAFETY: sixteen bytes.
        unsafe { bytes.store_bytes(d.as_mut_ptr()) };
    }
    unpremultiply_scalar(&src[n..], &mut dst[n..], c);
}

/// `unpremultiply`'s tail, and the whole row on the scalar path.
#[inline(never)]
fn unpremultiply_scalar(src: &[i16], dst: &mut [u8], c: usize) {
    for (p, q) in src.chunks_exact(c).zip(dst.chunks_exact_mut(c)) {
        let a = (p[c - 1] as i32).clamp(0, ONE);
        let (bound, r) = (if a >= HALF { a } else { 0 }, 255.0 / a.max(HALF) as f32);
        for (k, (&x, q)) in p.iter().zip(q).enumerate() {
            *q = match k == c - 1 {
                true => ((a + HALF) >> FRAC) as u8,
                false => ((x as i32).clamp(0, bound) as f32 * r + 0.5) as i32 as u8,
            };
        }
    }
}

/// The vector constants of `unpremultiply`, held in registers (`hoist`).
#[derive(Clone, Copy)]
struct Consts {
    zero: I32x4,
    one: I32x4,
    below_half: I32x4,
    half: I32x4,
    levels: F32x4,
    point_five: F32x4,
    magic: F32x4,
    magic_bits: I32x4,
    colour: I32x4,
    low_byte: I16x8,
    apart: Apart,
}

impl Consts {
    /// Alphas clamped to `0..=ONE`, and `255/a` (one division for four
    /// pixels), 0 where alpha rounds to 0: no colour to speak of.
    #[inline(always)]
    fn alpha_terms(&self, a: I32x4) -> (I32x4, F32x4) {
        let a = a.max(self.zero).min(self.one);
        let levels = F32x4::from_bits(self.levels.bits().and(a.gt(self.below_half)));
        (a, levels.div(a.max(self.half).to_f32()))
    }

    /// Colour levels: `v` times `r`, rounded (`floor(x + 0.5)`), through the
    /// mantissa of `floor(..) + 2^23`. The oracle clamps `v` to `0..=a`
    /// first; here narrowing to bytes does it: below 0 the level is at most
    /// 0, past `a` it is at least `a·(255/a)` rounded, 255.
    #[inline(always)]
    fn levels(&self, v: I32x4, r: F32x4) -> I32x4 {
        v.to_f32().mul(r).add(self.point_five).floor().add(self.magic).bits().sub(self.magic_bits)
    }

    /// Alphas in the working scale to levels.
    #[inline(always)]
    fn alpha_levels(&self, a: I32x4) -> I32x4 {
        a.add(self.half).shr(FRAC)
    }

    /// Sixteen levels as bytes, saturated.
    #[inline(always)]
    fn bytes(&self, q: [I32x4; 4]) -> I16x8 {
        I16x8::narrow_u8(self.apart.narrow(q[0], q[1]), self.apart.narrow(q[2], q[3]))
    }
}

/// Four RGBA pixels; the alphas go through integer rounding, over the colour bytes.
#[inline(always)]
fn unpremultiply_rgba(p0: I16x8, p1: I16x8, k: &Consts) -> I16x8 {
    let (a, r) = k.alpha_terms(I16x8::alphas4(p0, p1));
    let ((v0, v1), (v2, v3)) = (p0.widen(), p1.widen());
    let q0 = k.levels(v0, F32x4::shuffle::<0, 0, 0, 0>(r, r));
    let q1 = k.levels(v1, F32x4::shuffle::<1, 1, 1, 1>(r, r));
    let q2 = k.levels(v2, F32x4::shuffle::<2, 2, 2, 2>(r, r));
    let q3 = k.levels(v3, F32x4::shuffle::<3, 3, 3, 3>(r, r));
    // (The alphas' shifts kept apart too: fused, LLVM adds a byte mask.)
    k.bytes([q0, q1, q2, q3]).and(k.colour.bits16()).or(k.apart.keep(k.alpha_levels(a)).shl(24).bits16())
}

/// Eight gray + alpha pixels, the same way.
#[inline(always)]
fn unpremultiply_gray(p0: I16x8, p1: I16x8, k: &Consts) -> I16x8 {
    let (lo, hi) = I16x8::shuffle::<1, 3, 5, 7, 9, 11, 13, 15>(p0, p1).widen();
    let ((a0, r0), (a1, r1)) = (k.alpha_terms(lo), k.alpha_terms(hi));
    let ((v0, v1), (v2, v3)) = (p0.widen(), p1.widen());
    let q0 = k.levels(v0, F32x4::shuffle::<0, 0, 1, 1>(r0, r0));
    let q1 = k.levels(v1, F32x4::shuffle::<2, 2, 3, 3>(r0, r0));
    let q2 = k.levels(v2, F32x4::shuffle::<0, 0, 1, 1>(r1, r1));
    let q3 = k.levels(v3, F32x4::shuffle::<2, 2, 3, 3>(r1, r1));
    // Alpha levels into the odd bytes: each below 256, so shifting them up leaves the colour bytes alone.
    let alpha = I16x8::narrow(k.alpha_levels(a0), k.alpha_levels(a1)).shl(8);
    k.bytes([q0, q1, q2, q3]).and(k.low_byte).or(alpha)
}

/// `ONE·2^16 / a`, rounded: unpremultiplying by multiplication (`ONE` maps
/// to exactly 2^16, so opaque pixels come back unchanged).
fn reciprocals() -> &'static [u32; ONE as usize + 1] {
    // (A static array, not a heap table: nothing here can run out of memory.)
    static T: Lazy<[u32; ONE as usize + 1]> = Lazy::new();
    const N: u32 = (ONE as u32) << 16;
    T.get(|| core::array::from_fn(|a| (N + a as u32 / 2).checked_div(a as u32).unwrap_or(0)))
}

/// Straight sRGB: every channel (alpha too) is just rounded back to 8 bits.
fn encode_plain(vector: bool, src: &[i16], dst: &mut [u8]) {
    let body = if vector { src.len() - src.len() % 16 } else { 0 };
    for i in (0..body).step_by(16) {
        let half = I16x8::splat(HALF as i16);
        let a = I16x8::load(&src[i..]).add_sat(half).shr(FRAC);
        let b = I16x8::load(&src[i + 8..]).add_sat(half).shr(FRAC);
        I16x8::store_u8_sat(a, b, &mut dst[i..]);
    }
    for (d, &v) in dst[body..src.len()].iter_mut().zip(&src[body..]) {
        *d = (((v as i32).clamp(0, ONE) + HALF) >> FRAC) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_then_encode_is_the_identity_where_alpha_allows() {
        for linear in [false, true] {
            for premultiply in [false, true] {
                let m = Mode { premultiply, linear, channels: 4 };
                let src: Vec<u8> = (0..256 * 4).map(|i| if i % 4 == 3 { 255 } else { (i / 4) as u8 }).collect();
                let mut w = vec![0i16; src.len()];
                let mut back = vec![0u8; src.len()];
                decode_row(false, &src, &mut w, m);
                encode_row(false, &w, &mut back, m);
                assert_eq!(back, src);
            }
        }
    }

    #[test]
    fn premultiplied_colour_follows_alpha() {
        let m = Mode { premultiply: true, linear: false, channels: 4 };
        let mut w = [0i16; 8];
        decode_row(false, &[200, 100, 0, 128, 9, 9, 9, 0], &mut w, m);
        // Within one working unit (1/64 level) of the exact product.
        for (got, v) in w[..3].iter().zip([200.0, 100.0, 0.0]) {
            assert!((*got as f64 - v * 64.0 * 128.0 / 255.0).abs() < 1.0);
        }
        assert_eq!(w[3], 128 * 64);
        assert_eq!(&w[4..], &[0, 0, 0, 0]);
        let mut out = [0u8; 8];
        encode_row(false, &w, &mut out, m);
        assert_eq!(out, [200, 100, 0, 128, 0, 0, 0, 0]);
        assert!(opaque(&[1, 2, 3, 255, 4, 5, 6, 255], 4) && !opaque(&[1, 2, 3, 255, 4, 5, 6, 254], 4) && opaque(&[7, 255], 2));
        // Colour under an alpha that rounds to 0 is dropped.
        encode_row(false, &[500, 500, 500, 31, 500, 500, 500, 32], &mut out, m);
        assert_eq!(out, [0, 0, 0, 0, 255, 255, 255, 1]);
    }

    #[test]
    fn premultiplied_vector_matches_scalar_on_every_tail() {
        for (n, c) in [1, 2, 3, 5, 7, 9, 17, 33].into_iter().flat_map(|n| [(n, 2), (n, 4)]) {
            let m = Mode { premultiply: true, linear: false, channels: c };
            let src: Vec<u8> = (0..n * c).map(|i| ((i * 97 + 13) % 256) as u8).collect();
            let (mut a, mut b) = (vec![i16::MIN; n * c], vec![i16::MAX; n * c]);
            decode_row(false, &src, &mut a, m);
            decode_row(true, &src, &mut b, m);
            assert_eq!(a, b, "premultiply {n}");
            let work: Vec<i16> = (0..(n * c) as i32)
                .map(|i| ((i * 7919) % 20_000 - 2_000) as i16)
                .chain([ONE as i16, 40, 12_000, ONE as i16, i16::MAX, i16::MIN, i16::MIN, 32])
                .collect();
            let (mut a, mut b) = (vec![1u8; work.len()], vec![2u8; work.len()]);
            encode_row(false, &work, &mut a, m);
            encode_row(true, &work, &mut b, m);
            assert_eq!(a, b, "unpremultiply {n}");
        }
    }

    #[test]
    fn plain_encoding_vector_matches_scalar() {
        let m = Mode { premultiply: false, linear: false, channels: 4 };
        for n in [4, 8, 16, 20, 36, 68] {
            let src: Vec<i16> = (0..n as i32).map(|i| ((i * 7919) % 40_000 - 5_000) as i16).chain([i16::MAX, i16::MIN]).collect();
            let (mut a, mut b) = (vec![1u8; n + 2], vec![2u8; n + 2]);
            encode_row(false, &src, &mut a, m);
            encode_row(true, &src, &mut b, m);
            assert_eq!(a, b);
        }
    }
}
