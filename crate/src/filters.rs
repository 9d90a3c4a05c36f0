//! Filter shapes that `interpolate` (antialias, lanczos, uint8 weights),
//! `resize_image` and `pil` use, defined once. Where a window ends stays
//! with each user: Pillow's half-open [−a, a) for `interpolate` and `pil`,
//! the open (−a, a) for `resize_image`, since that edge decides which taps
//! a table gets.

use core::f64::consts::PI;

/// The tent 1 − |x|, zero beyond ±1.
pub fn triangle(x: f64) -> f64 {
    (1.0 - x.abs()).max(0.0)
}

/// sin(πx) / (πx), and 1 at 0.
pub fn sinc(x: f64) -> f64 {
    if x == 0.0 {
        1.0
    } else {
        (PI * x).sin() / (PI * x)
    }
}

/// Lanczos-`a`, sinc(x)·sinc(x/a), inside its window.
pub fn lanczos(x: f64, a: f64) -> f64 {
    sinc(x) * sinc(x / a)
}
