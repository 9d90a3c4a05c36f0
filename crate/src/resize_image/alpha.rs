//! Rows in and out of the working scale: sRGB decode/encode, premultiplied
//! alpha. Alpha is always linear (it is coverage, not light).
//!
//! Premultiplying is skipped for opaque images, and that changes nothing:
//! at alpha = 255 both conversions below are exact identities, so a tile
//! that happens to be opaque gives the same bits as the whole image.

use super::srgb::{decode_table, encode_table, FRAC, ONE};
use crate::simd::I16x8;
use std::sync::OnceLock;

const HALF: i32 = 1 << (FRAC - 1);

/// Whether every pixel of `rgba` has alpha 255.
pub fn opaque(rgba: &[u8]) -> bool {
    // Word-wise so the loop vectorises; RGBA little-endian keeps alpha in the top byte.
    rgba.chunks_exact(4).fold(0xff, |acc, p| acc & p[3]) == 0xff
}

#[derive(Clone, Copy)]
pub struct Mode {
    pub premultiply: bool,
    pub linear: bool,
}

/// One row of 8-bit RGBA -> working scale, premultiplied if asked.
pub fn decode_row(vector: bool, src: &[u8], dst: &mut [i16], m: Mode) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    if !m.premultiply && !m.linear {
        // Alpha included: every channel is just widened.
        for (d, &v) in dst.iter_mut().zip(src) {
            *d = (v as i16) << FRAC;
        }
        return;
    }
    // One loop per mode, with no division, keeps this per-source-pixel step cheap.
    let (lin, frac) = (decode_table(), fractions());
    let pixels = src.chunks_exact(4).zip(dst.chunks_exact_mut(4));
    match (m.premultiply, m.linear) {
        (true, true) => pixels.for_each(|(p, q)| {
            let f = frac[p[3] as usize];
            for c in 0..3 {
                q[c] = ((lin[p[c] as usize] as i32 * f + (1 << 14)) >> 15) as i16;
            }
            q[3] = (p[3] as i16) << FRAC;
        }),
        (true, false) => premultiply(vector, src, dst),
        _ => pixels.for_each(|(p, q)| {
            for c in 0..3 {
                q[c] = lin[p[c] as usize];
            }
            q[3] = (p[3] as i16) << FRAC;
        }),
    }
}

/// sRGB rows, premultiplied: `x - x·(1 - a/255)` in Q15, with the
/// complement saturated at 32767 (alpha 0 still gives exactly 0, since
/// x < 2^14) and exactly 0 at alpha 255 (opaque pixels pass unchanged).
fn premultiply(vector: bool, src: &[u8], dst: &mut [i16]) {
    let quads = complements();
    let n = if vector { src.len() - src.len() % 8 } else { 0 };
    for i in (0..n).step_by(8) {
        // SAFETY: i + 8 <= n <= src.len().
        let x = unsafe { I16x8::load_u8x8(src.as_ptr().add(i)) }.shl(FRAC);
        let g = I16x8::from_quads(quads[src[i + 3] as usize], quads[src[i + 7] as usize]);
        x.sub(x.q15mul(g)).store(&mut dst[i..]);
    }
    for (p, q) in src[n..].chunks_exact(4).zip(dst[n..].chunks_exact_mut(4)) {
        let g = quads[p[3] as usize];
        for c in 0..4 {
            let x = (p[c] as i32) << FRAC;
            let gc = (g >> (16 * c)) as u16 as i16 as i32;
            q[c] = (x - ((x * gc + (1 << 14)) >> 15)) as i16;
        }
    }
}

/// Per alpha, the Q15 complement `(1 - a/255)·2^15` for the three colour
/// lanes and 0 for the alpha lane, packed as four i16.
fn complements() -> &'static [u64; 256] {
    static T: OnceLock<[u64; 256]> = OnceLock::new();
    T.get_or_init(|| {
        core::array::from_fn(|a| {
            let g = ((32768 - fractions()[a]).min(32767)) as u64;
            g | g << 16 | g << 32
        })
    })
}

/// Alpha as a fraction with 15 bits: `a / 255 · 2^15`, rounded; 255 maps to
/// exactly 2^15, so premultiplying an opaque pixel changes nothing.
fn fractions() -> &'static [i32; 256] {
    static T: OnceLock<[i32; 256]> = OnceLock::new();
    T.get_or_init(|| core::array::from_fn(|a| ((a as i32) * (1 << 15) + 127) / 255))
}

/// One row of working-scale values (possibly overshooting) -> 8-bit RGBA.
pub fn encode_row(vector: bool, src: &[i16], dst: &mut [u8], m: Mode) {
    if !m.premultiply && !m.linear {
        return encode_plain(vector, src, dst);
    }
    let (enc, recip) = (encode_table(), reciprocals());
    for (p, q) in src.chunks_exact(4).zip(dst.chunks_exact_mut(4)) {
        let a = (p[3] as i32).clamp(0, ONE);
        for c in 0..3 {
            let x = if !m.premultiply || a == ONE {
                (p[c] as i32).clamp(0, ONE)
            } else if a < HALF {
                // Rounds to alpha 0: no colour to speak of.
                0
            } else {
                // A premultiplied colour cannot exceed its alpha.
                (((p[c] as i32).clamp(0, a) as u32 * recip[a as usize] + (1 << 15)) >> 16) as i32
            };
            q[c] = if m.linear { enc[x as usize] } else { ((x + HALF) >> FRAC) as u8 };
        }
        q[3] = ((a + HALF) >> FRAC) as u8;
    }
}

/// `ONE·2^16 / a`, rounded: unpremultiplying by multiplication (`ONE` maps
/// to exactly 2^16, so opaque pixels come back unchanged).
fn reciprocals() -> &'static [u32; ONE as usize + 1] {
    // (A static array, not a heap table: nothing here can run out of memory.)
    static T: OnceLock<[u32; ONE as usize + 1]> = OnceLock::new();
    const N: u32 = (ONE as u32) << 16;
    T.get_or_init(|| core::array::from_fn(|a| (N + a as u32 / 2).checked_div(a as u32).unwrap_or(0)))
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
                let m = Mode { premultiply, linear };
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
        let m = Mode { premultiply: true, linear: false };
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
        assert!(opaque(&[1, 2, 3, 255, 4, 5, 6, 255]) && !opaque(&[1, 2, 3, 255, 4, 5, 6, 254]));
        // Colour under an alpha that rounds to 0 is dropped.
        encode_row(false, &[500, 500, 500, 31, 500, 500, 500, 32], &mut out, m);
        assert_eq!(out, [0, 0, 0, 0, 255, 255, 255, 1]);
    }

    #[test]
    fn plain_encoding_vector_matches_scalar() {
        let m = Mode { premultiply: false, linear: false };
        for n in [4, 8, 16, 20, 36, 68] {
            let src: Vec<i16> = (0..n as i32).map(|i| ((i * 7919) % 40_000 - 5_000) as i16).chain([i16::MAX, i16::MIN]).collect();
            let (mut a, mut b) = (vec![1u8; n + 2], vec![2u8; n + 2]);
            encode_row(false, &src, &mut a, m);
            encode_row(true, &src, &mut b, m);
            assert_eq!(a, b);
        }
    }
}
