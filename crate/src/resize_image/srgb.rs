//! The working scale every pass runs in, and the sRGB transfer curve.
//!
//! Channels are carried as i16 with six fractional bits over 8-bit levels
//! (`0..=ONE`, ONE = 255·64): enough that two passes of rounding stay far
//! below one output level, and enough headroom for a filter's overshoot.
//! Linear light uses the same range, which resolves even the darkest sRGB
//! step (level 1 decodes to about 5 working units).

use crate::threads::Lazy;

pub const FRAC: u32 = 6;
/// Full scale: an 8-bit 255 in the working scale.
pub const ONE: i32 = 255 << FRAC;

pub fn to_linear(v: f64) -> f64 {
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

pub fn from_linear(v: f64) -> f64 {
    if v <= 0.003_130_8 {
        v * 12.92
    } else {
        1.055 * v.powf(1.0 / 2.4) - 0.055
    }
}

/// 8-bit sRGB level -> linear light in the working scale.
pub fn decode_table() -> &'static [i16; 256] {
    static T: Lazy<[i16; 256]> = Lazy::new();
    T.get(|| core::array::from_fn(|v| (to_linear(v as f64 / 255.0) * ONE as f64).round() as i16))
}

/// Linear light in the working scale (`0..=ONE`) -> 8-bit sRGB level.
/// (A static array, not a heap table: nothing here can run out of memory.)
pub fn encode_table() -> &'static [u8; ONE as usize + 1] {
    static T: Lazy<[u8; ONE as usize + 1]> = Lazy::new();
    T.get(|| core::array::from_fn(|x| (from_linear(x as f64 / ONE as f64) * 255.0).round() as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_round_trips() {
        let (d, e) = (decode_table(), encode_table());
        for v in 0..256 {
            assert_eq!(e[d[v] as usize] as usize, v);
        }
        assert_eq!((d[0], d[255] as i32), (0, ONE));
        // Half intensity in linear light is sRGB 188, not 128.
        assert_eq!(e[(ONE / 2) as usize], 188);
    }
}
