//! Rows in and out of the working scale: sRGB decode/encode, premultiplied
//! alpha. Alpha is always linear (it is coverage, not light).
//!
//! Premultiplying is skipped for opaque images, and that changes nothing:
//! at alpha = 255 both conversions below are exact identities, so a tile
//! that happens to be opaque gives the same bits as the whole image.

use super::srgb::{decode_table, encode_table, FRAC, ONE};
use crate::simd::I16x8;

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
pub fn decode_row(src: &[u8], dst: &mut [i16], m: Mode) {
    let lin = decode_table();
    for (p, q) in src.chunks_exact(4).zip(dst.chunks_exact_mut(4)) {
        let a = p[3] as i32;
        for c in 0..3 {
            let x = if m.linear { lin[p[c] as usize] as i32 } else { (p[c] as i32) << FRAC };
            q[c] = if m.premultiply { ((x * a + 127) / 255) as i16 } else { x as i16 };
        }
        q[3] = (a << FRAC) as i16;
    }
}

/// One row of working-scale values (possibly overshooting) -> 8-bit RGBA.
pub fn encode_row(vector: bool, src: &[i16], dst: &mut [u8], m: Mode) {
    if !m.premultiply && !m.linear {
        return encode_plain(vector, src, dst);
    }
    let enc = encode_table();
    for (p, q) in src.chunks_exact(4).zip(dst.chunks_exact_mut(4)) {
        let a = (p[3] as i32).clamp(0, ONE);
        for c in 0..3 {
            let x = if !m.premultiply {
                (p[c] as i32).clamp(0, ONE)
            } else if a == ONE {
                (p[c] as i32).clamp(0, ONE)
            } else if a < HALF {
                // Rounds to alpha 0: no colour to speak of.
                0
            } else {
                // A premultiplied colour cannot exceed its alpha.
                ((p[c] as i32).clamp(0, a) * ONE + a / 2) / a
            };
            q[c] = if m.linear { enc[x as usize] } else { ((x + HALF) >> FRAC) as u8 };
        }
        q[3] = ((a + HALF) >> FRAC) as u8;
    }
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
                decode_row(&src, &mut w, m);
                encode_row(false, &w, &mut back, m);
                assert_eq!(back, src);
            }
        }
    }

    #[test]
    fn premultiplied_colour_follows_alpha() {
        let m = Mode { premultiply: true, linear: false };
        let mut w = [0i16; 8];
        decode_row(&[200, 100, 0, 128, 9, 9, 9, 0], &mut w, m);
        let pm = |v: i32| ((v * 64 * 128 + 127) / 255) as i16;
        assert_eq!(&w[..4], &[pm(200), pm(100), 0, 128 * 64]);
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
