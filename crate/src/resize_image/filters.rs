//! Reconstruction filters, in units of source pixels. When downscaling, the
//! coefficient tables stretch a filter by the scale factor, so its support
//! covers every source pixel that falls under an output pixel (antialiasing).

use crate::filters::{lanczos, triangle};

crate::codes! {
    /// The filters `resizeImage` offers; TypeScript names them in lower case.
    pub enum Filter {
        Nearest = 0,
        Box = 1,
        Bilinear = 2,
        Bicubic = 3,
        Mitchell = 4,
        Lanczos2 = 5,
        Lanczos3 = 6,
    }
}

impl Filter {
    /// Half-width of the filter at scale 1.
    pub fn support(self) -> f64 {
        match self {
            Filter::Nearest | Filter::Box => 0.5,
            Filter::Bilinear => 1.0,
            Filter::Bicubic | Filter::Mitchell | Filter::Lanczos2 => 2.0,
            Filter::Lanczos3 => 3.0,
        }
    }

    pub fn weight(self, x: f64) -> f64 {
        match self {
            // Half-open, so a sample exactly between two pixels belongs to one of them.
            Filter::Nearest | Filter::Box => f64::from(u8::from(x > -0.5 && x <= 0.5)),
            Filter::Bilinear => triangle(x),
            Filter::Bicubic => cubic(x, 0.0, 0.5),
            Filter::Mitchell => cubic(x, 1.0 / 3.0, 1.0 / 3.0),
            Filter::Lanczos2 => windowed(x, 2.0),
            Filter::Lanczos3 => windowed(x, 3.0),
        }
    }
}

/// Mitchell–Netravali's two-parameter cubic family (B = 0, C = 1/2 is Catmull-Rom).
fn cubic(x: f64, b: f64, c: f64) -> f64 {
    let x = x.abs();
    let v = if x < 1.0 {
        ((12.0 - 9.0 * b - 6.0 * c) * x + (-18.0 + 12.0 * b + 6.0 * c)) * x * x + (6.0 - 2.0 * b)
    } else if x < 2.0 {
        (((-b - 6.0 * c) * x + (6.0 * b + 30.0 * c)) * x + (-12.0 * b - 48.0 * c)) * x + (8.0 * b + 24.0 * c)
    } else {
        0.0
    };
    v / 6.0
}

/// Lanczos-`a` on the open window (−a, a).
fn windowed(x: f64, a: f64) -> f64 {
    if x.abs() < a {
        lanczos(x, a)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolating_filters_are_one_at_zero_and_zero_at_integers() {
        for f in [Filter::Bilinear, Filter::Bicubic, Filter::Lanczos2, Filter::Lanczos3] {
            assert!((f.weight(0.0) - 1.0).abs() < 1e-12, "{f:?}");
            for k in 1..4 {
                assert!(f.weight(k as f64).abs() < 1e-12, "{f:?} at {k}");
                assert!(f.weight(-(k as f64)).abs() < 1e-12, "{f:?} at -{k}");
            }
        }
        // Mitchell blurs: 8/9 at the centre, 1/18 at ±1.
        assert!((Filter::Mitchell.weight(0.0) - 8.0 / 9.0).abs() < 1e-12);
        assert!((Filter::Mitchell.weight(1.0) - 1.0 / 18.0).abs() < 1e-12);
    }

    #[test]
    fn integer_shifted_samples_sum_to_one() {
        // Partition of unity (Lanczos only approximately).
        for (f, tol) in [(Filter::Box, 1e-12), (Filter::Bilinear, 1e-12), (Filter::Bicubic, 1e-12), (Filter::Mitchell, 1e-12), (Filter::Lanczos3, 2e-2)] {
            for t in [0.1, 0.25, 0.5, 0.9] {
                let s: f64 = (-4..=4).map(|k| f.weight(k as f64 + t)).sum();
                assert!((s - 1.0).abs() < tol, "{f:?} at {t}: {s}");
            }
        }
        assert_eq!(Filter::from_code(6), Some(Filter::Lanczos3));
        assert_eq!(Filter::from_code(7), None);
    }
}
