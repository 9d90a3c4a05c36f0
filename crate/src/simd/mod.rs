//! Four-lane f32 vectors: SIMD128 on wasm32 built with `+simd128`, a plain
//! `[f32; 4]` twin everywhere else.
//!
//! Kernels keep two paths side by side: a scalar loop (the in-crate oracle)
//! and a vector loop written against `F32x4`. Because the vector type has a
//! scalar twin, the vector loop (blocking, tails, index arithmetic) also runs
//! under native `cargo test`, and in wasm the tests pass `Path::Scalar` to run
//! both paths on the same input and compare.

crate::codes! {
    /// Which of a kernel's two paths runs: the vector loop, or the scalar
    /// loop that is its in-crate oracle. Chosen per call by the caller.
    pub enum Path {
        Vector = 0,
        Scalar = 1,
    }
}

impl Path {
    #[inline]
    pub fn vector(self) -> bool {
        self == Path::Vector
    }
}

pub const LANES: usize = 4;

/// `I16x8::pair_pixels`'s byte mask for pixels of `c` bytes (up to 12):
/// `p0 q0 p1 q1 p2 q2 p3 q3` with q = p + c, and for `c <= 4` the same of
/// the next two pixels (from byte 2c) in the upper half, else a copy.
pub(crate) fn pair_mask(c: usize) -> [u8; 16] {
    core::array::from_fn(|i| {
        let k = i % 8;
        (k / 2 + (k % 2) * c + if c <= 4 && i >= 8 { 2 * c } else { 0 }) as u8
    })
}

/// `v` as a value the optimiser cannot see through. Hot loops take their
/// vector constants from such values: LLVM writes a `v128.const` at every
/// use (rematerialising a wasm constant looks free), and V8 builds each one
/// anew, several instructions at a time, inside the loop.
#[inline(always)]
pub fn hoist<T>(v: T) -> T {
    core::hint::black_box(v)
}

/// A zero LLVM cannot see (`hoist`). Or-ed between two operations it would
/// fuse, it keeps them apart: two saturating narrows in a row become clamps
/// and byte masks (more than a dozen instructions per vector in V8, against
/// two), and a right shift then a left one a shift and a mask constant.
#[derive(Clone, Copy)]
pub struct Apart(I32x4);

impl Apart {
    pub fn hidden() -> Self {
        Apart(hoist(I32x4::zero()))
    }

    /// `I16x8::narrow(a, b)`, kept apart from what follows.
    #[inline(always)]
    pub fn narrow(self, a: I32x4, b: I32x4) -> I16x8 {
        I16x8::narrow(a, b).or(self.0.bits16())
    }

    /// `v`, kept apart from what follows.
    #[inline(always)]
    pub fn keep(self, v: I32x4) -> I32x4 {
        v.or(self.0)
    }
}

/// A byte mask (for `I16x8::swizzle`) regrouping eight i16 values of two
/// pixels of `c` lanes (1 to 4) so that lanes `2i, 2i + 1` are channel `i`
/// of the two (lanes past `2c` left over).
pub(crate) fn pair_lanes_mask(c: usize) -> I16x8 {
    let lanes: [u8; 8] = match c {
        1 => [0, 1, 2, 3, 4, 5, 6, 7],
        2 => [0, 2, 1, 3, 4, 5, 6, 7],
        3 => [0, 3, 1, 4, 2, 5, 6, 7],
        _ => [0, 4, 1, 5, 2, 6, 3, 7],
    };
    let bytes: [u8; 16] = core::array::from_fn(|i| 2 * lanes[i / 2] + (i % 2) as u8);
    // SAFETY: a 16-byte array.
    unsafe { I16x8::load_bytes(bytes.as_ptr()) }
}

// Methods, not operator traits: `add`, `shl` and the rest mirror the
// SIMD128 instructions one to one (lane-wise, i16/i32 wrapping), both
// implementations offer the same calls, and `a.add(b)` keeps the lane
// semantics in sight where `a + b` would hide them.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[path = "wasm.rs"]
#[allow(clippy::should_implement_trait)]
mod imp;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[path = "portable.rs"]
#[allow(clippy::should_implement_trait)]
mod imp;
#[cfg(test)]
mod tests;

/// `F32x4::pick(lo, hi, &Pick::new([a, b, c, d]))` is `[w[a], w[b], w[c], w[d]]`
/// of the window `w = lo ++ hi` (every index below 8); `F32x4::pick4(v, p)`
/// the same from `v` alone, for indices below 4 (one swizzle instead of two).
pub use imp::{F32x4, F64x2, I16x8, I32x4, Pick};
