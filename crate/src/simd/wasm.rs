//! The vector types on SIMD128.

use core::arch::wasm32::*;

#[derive(Clone, Copy)]
pub struct F32x4(v128);

/// Four i32 lanes: positions riding along with `F32x4` values, fixed-point accumulators.
#[derive(Clone, Copy)]
pub struct I32x4(v128);

/// Eight i16 lanes: the fixed-point image kernels' data and weights.
#[derive(Clone, Copy)]
pub struct I16x8(v128);

impl I16x8 {
    #[inline(always)]
    pub fn zero() -> Self {
        Self(i16x8_splat(0))
    }
    #[inline(always)]
    pub fn splat(v: i16) -> Self {
        Self(i16x8_splat(v))
    }
    /// Eight i16 at `p`.
    /// # Safety
    /// `p` must point at 16 readable bytes.
    #[inline(always)]
    pub unsafe fn load_ptr(p: *const i16) -> Self {
        Self(v128_load(p as *const v128))
    }
    /// The two i16 at `p`, repeated four times.
    /// # Safety
    /// `p` must point at 2 readable i16.
    #[inline(always)]
    pub unsafe fn load_pair_splat(p: *const i16) -> Self {
        Self(v128_load32_splat(p as *const u32))
    }
    /// Eight bytes at `p` widened to i16.
    /// # Safety
    /// `p` must point at 8 readable bytes.
    #[inline(always)]
    pub unsafe fn load_u8x8(p: *const u8) -> Self {
        Self(u16x8_load_extend_u8x8(p))
    }
    #[inline(always)]
    pub fn add_sat(self, o: Self) -> Self {
        Self(i16x8_add_sat(self.0, o.0))
    }
    /// Lanes 0-3 from `lo`, lanes 4-7 from `hi` (little-endian i16 quads).
    #[inline(always)]
    pub fn from_quads(lo: u64, hi: u64) -> Self {
        Self(u64x2(lo, hi))
    }
    #[inline(always)]
    pub fn shl(self, bits: u32) -> Self {
        Self(i16x8_shl(self.0, bits))
    }
    #[inline(always)]
    pub fn sub(self, o: Self) -> Self {
        Self(i16x8_sub(self.0, o.0))
    }
    /// `(s·o + 2^14) >> 15` per lane, saturated (Q15 multiply).
    #[inline(always)]
    pub fn q15mul(self, o: Self) -> Self {
        Self(i16x8_q15mulr_sat(self.0, o.0))
    }
    /// Arithmetic shift right.
    #[inline(always)]
    pub fn shr(self, bits: u32) -> Self {
        Self(i16x8_shr(self.0, bits))
    }
    /// `a` then `b` saturated to u8, stored as the first 16 bytes of `s`.
    #[inline(always)]
    pub fn store_u8_sat(a: Self, b: Self, s: &mut [u8]) {
        let s = &mut s[..16];
        // SAFETY: sixteen in-bounds bytes.
        unsafe { v128_store(s.as_mut_ptr() as *mut v128, u8x16_narrow_i16x8(a.0, b.0)) }
    }
    /// `(a, b)` repeated four times: the weights of two taps for a pair dot product.
    #[inline(always)]
    pub fn splat_pair(a: i16, b: i16) -> Self {
        Self(i32x4_splat((a as u16 as u32 | (b as u16 as u32) << 16) as i32))
    }
    #[inline(always)]
    pub fn load(s: &[i16]) -> Self {
        let s = &s[..8];
        // SAFETY: eight in-bounds i16; v128_load allows any alignment.
        Self(unsafe { v128_load(s.as_ptr() as *const v128) })
    }
    #[inline(always)]
    pub fn store(self, s: &mut [i16]) {
        let s = &mut s[..8];
        // SAFETY: eight in-bounds i16.
        unsafe { v128_store(s.as_mut_ptr() as *mut v128, self.0) }
    }
    /// Stores the first `n` bytes (8, or else 4) at `p`.
    /// # Safety
    /// `p` must point at `n` writable bytes.
    #[inline(always)]
    pub unsafe fn store_bytes_low(self, p: *mut u8, n: usize) {
        if n == 8 {
            v128_store64_lane::<0>(self.0, p as *mut u64)
        } else {
            v128_store32_lane::<0>(self.0, p as *mut u32)
        }
    }
    /// Stores the low four lanes at `p`.
    /// # Safety
    /// `p` must point at four writable i16.
    #[inline(always)]
    pub unsafe fn store_low(self, p: *mut i16) {
        v128_store64_lane::<0>(self.0, p as *mut u64)
    }
    #[inline(always)]
    pub fn add(self, o: Self) -> Self {
        Self(i16x8_add(self.0, o.0))
    }
    #[inline(always)]
    pub fn or(self, o: Self) -> Self {
        Self(v128_or(self.0, o.0))
    }
    #[inline(always)]
    pub fn and(self, o: Self) -> Self {
        Self(v128_and(self.0, o.0))
    }
    /// Logical shift right (lanes as u16).
    #[inline(always)]
    pub fn shr_u(self, bits: u32) -> Self {
        Self(u16x8_shr(self.0, bits))
    }
    /// The sixteen bytes of `self` and `o` multiplied as u8 into u16 lanes: bytes 0-7, then 8-15.
    #[inline(always)]
    pub fn mul_bytes(self, o: Self) -> (Self, Self) {
        (Self(u16x8_extmul_low_u8x16(self.0, o.0)), Self(u16x8_extmul_high_u8x16(self.0, o.0)))
    }
    /// Lanes of `a ++ b` (indices below 16).
    #[inline(always)]
    pub fn shuffle<const A: usize, const B: usize, const C: usize, const D: usize, const E: usize, const F: usize, const G: usize, const H: usize>(
        a: Self, b: Self,
    ) -> Self {
        Self(i16x8_shuffle::<A, B, C, D, E, F, G, H>(a.0, b.0))
    }
    /// Lanes 0-3 and 4-7 sign-extended to i32.
    #[inline(always)]
    pub fn widen(self) -> (I32x4, I32x4) {
        (I32x4(i32x4_extend_low_i16x8(self.0)), I32x4(i32x4_extend_high_i16x8(self.0)))
    }
    /// Lanes 3 and 7 of `a`, then of `b` (four RGBA pixels' alphas),
    /// sign-extended to i32: a 32-bit shift and one 32-bit shuffle each,
    /// patterns engines lower to single instructions (an arbitrary lane
    /// shuffle costs V8 several, and a 64-bit arithmetic shift too).
    #[inline(always)]
    pub fn alphas4(a: Self, b: Self) -> I32x4 {
        I32x4(i32x4_shuffle::<1, 3, 5, 7>(i32x4_shr(a.0, 16), i32x4_shr(b.0, 16)))
    }
    /// `swizzle_bytes` with the mask already in a vector (for loops).
    #[inline(always)]
    pub fn swizzle(self, mask: Self) -> Self {
        Self(u8x16_swizzle(self.0, mask.0))
    }
    /// Sixteen raw bytes at `p`.
    /// # Safety
    /// `p` must point at 16 readable bytes.
    #[inline(always)]
    pub unsafe fn load_bytes(p: *const u8) -> Self {
        Self(v128_load(p as *const v128))
    }
    /// Eight raw bytes at `p`, then zeros.
    /// # Safety
    /// `p` must point at 8 readable bytes.
    #[inline(always)]
    pub unsafe fn load_bytes8(p: *const u8) -> Self {
        Self(v128_load64_zero(p as *const u64))
    }
    /// The sixteen bytes as they lie in memory (little-endian lanes).
    /// # Safety
    /// `p` must point at 16 writable bytes.
    #[inline(always)]
    pub unsafe fn store_bytes(self, p: *mut u8) {
        v128_store(p as *mut v128, self.0)
    }
    /// Byte `i` of the result is byte `mask[i]` of `self`, or 0 where that is 16 or more.
    #[inline(always)]
    pub fn swizzle_bytes(self, mask: [u8; 16]) -> Self {
        Self(u8x16_swizzle(
            self.0,
            u8x16(
                mask[0], mask[1], mask[2], mask[3], mask[4], mask[5], mask[6], mask[7], mask[8], mask[9], mask[10], mask[11], mask[12], mask[13], mask[14],
                mask[15],
            ),
        ))
    }
    /// Two pixels' four channels from pixels of `c` bytes at the start:
    /// `p0 q0 p1 q1 p2 q2 p3 q3` (byte k of p, then of q = p + c), and for
    /// `c <= 4` the same of the next two pixels in the upper half.
    #[inline(always)]
    pub fn pair_pixels(self, c: usize) -> Self {
        let v = self.0;
        Self(match c {
            2 => i8x16_shuffle::<0, 2, 1, 3, 2, 4, 3, 5, 4, 6, 5, 7, 6, 8, 7, 9>(v, v),
            3 => i8x16_shuffle::<0, 3, 1, 4, 2, 5, 3, 6, 6, 9, 7, 10, 8, 11, 9, 12>(v, v),
            4 => i8x16_shuffle::<0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15>(v, v),
            _ => return self.swizzle_bytes(super::pair_mask(c)),
        })
    }
    /// Four RGB pixels `p0 p1 p2 p3` as channel pairs `p0c p1c` (c = 0..3)
    /// then `p2c p3c`: bytes 12.. follow as they are.
    #[inline(always)]
    pub fn pair_rgb(self) -> Self {
        Self(i8x16_shuffle::<0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11, 12, 13, 14, 15>(self.0, self.0))
    }
    /// Lane `i` is byte `2i` plus byte `2i + 1`, as unsigned (horizontal byte-pair sums).
    #[inline(always)]
    pub fn sum_byte_pairs(self) -> Self {
        Self(u16x8_extadd_pairwise_u8x16(self.0))
    }
    /// `a` then `b` saturated to u8: sixteen bytes in the lanes.
    #[inline(always)]
    pub fn narrow_u8(a: Self, b: Self) -> Self {
        Self(u8x16_narrow_i16x8(a.0, b.0))
    }
    /// A 4×4 byte transpose: byte `4i + j` of the result is byte `4j + i`.
    #[inline(always)]
    pub fn transpose_bytes(self) -> Self {
        Self(i8x16_shuffle::<0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15>(self.0, self.0))
    }
    /// Stores bytes `4L .. 4L + 4` at `p`.
    /// # Safety
    /// `p` must point at 4 writable bytes.
    #[inline(always)]
    pub unsafe fn store_u32<const L: usize>(self, p: *mut u8) {
        v128_store32_lane::<L>(self.0, p as *mut u32)
    }
    /// Pairs of lanes (32 bits) interleaved: `s01 o01 s23 o23` and `s45 o45 s67 o67`.
    #[inline(always)]
    pub fn interleave_pairs(self, o: Self) -> (Self, Self) {
        (Self(i32x4_shuffle::<0, 4, 1, 5>(self.0, o.0)), Self(i32x4_shuffle::<2, 6, 3, 7>(self.0, o.0)))
    }
    /// `s0 o0 s1 o1 s2 o2 s3 o3`.
    #[inline(always)]
    pub fn interleave_low(self, o: Self) -> Self {
        Self(i16x8_shuffle::<0, 8, 1, 9, 2, 10, 3, 11>(self.0, o.0))
    }
    /// `s4 o4 s5 o5 s6 o6 s7 o7`.
    #[inline(always)]
    pub fn interleave_high(self, o: Self) -> Self {
        Self(i16x8_shuffle::<4, 12, 5, 13, 6, 14, 7, 15>(self.0, o.0))
    }
    /// Lane `i` of the result is `s[2i]·o[2i] + s[2i+1]·o[2i+1]` (wrapping).
    #[inline(always)]
    pub fn dot(self, o: Self) -> I32x4 {
        I32x4(i32x4_dot_i16x8(self.0, o.0))
    }
    /// `a` then `b`, each lane saturated to i16.
    #[inline(always)]
    pub fn narrow(a: I32x4, b: I32x4) -> Self {
        Self(i16x8_narrow_i32x4(a.0, b.0))
    }
    #[inline(always)]
    pub fn to_array(self) -> [i16; 8] {
        let mut a = [0; 8];
        self.store(&mut a);
        a
    }
}

impl I32x4 {
    #[inline(always)]
    pub fn zero() -> Self {
        Self(i32x4_splat(0))
    }
    /// Divides by 2^`bits` rounding half up (arithmetic shift after adding half).
    #[inline(always)]
    pub fn shr_round(self, bits: u32) -> Self {
        Self(i32x4_shr(i32x4_add(self.0, i32x4_splat(1 << (bits - 1))), bits))
    }
    /// Shifts left (wrapping).
    #[inline(always)]
    pub fn shl(self, bits: u32) -> Self {
        Self(i32x4_shl(self.0, bits))
    }
    /// Arithmetic shift right (rounding toward −∞).
    #[inline(always)]
    pub fn shr(self, bits: u32) -> Self {
        Self(i32x4_shr(self.0, bits))
    }
    #[inline(always)]
    pub fn to_array(self) -> [i32; 4] {
        [i32x4_extract_lane::<0>(self.0), i32x4_extract_lane::<1>(self.0), i32x4_extract_lane::<2>(self.0), i32x4_extract_lane::<3>(self.0)]
    }
    #[inline(always)]
    pub fn splat(x: i32) -> Self {
        Self(i32x4_splat(x))
    }
    #[inline(always)]
    pub fn new(a: i32, b: i32, c: i32, d: i32) -> Self {
        Self(i32x4(a, b, c, d))
    }
    #[inline(always)]
    pub fn load(s: &[i32]) -> Self {
        let s = &s[..4];
        // SAFETY: four in-bounds i32; v128_load allows any alignment.
        Self(unsafe { v128_load(s.as_ptr() as *const v128) })
    }
    #[inline(always)]
    pub fn store(self, s: &mut [i32]) {
        let s = &mut s[..4];
        // SAFETY: four in-bounds i32; v128_store allows any alignment.
        unsafe { v128_store(s.as_mut_ptr() as *mut v128, self.0) }
    }
    #[inline(always)]
    pub fn add(self, o: Self) -> Self {
        Self(i32x4_add(self.0, o.0))
    }
    /// Wrapping.
    #[inline(always)]
    pub fn mul(self, o: Self) -> Self {
        Self(i32x4_mul(self.0, o.0))
    }
    #[inline(always)]
    pub fn and(self, o: Self) -> Self {
        Self(v128_and(self.0, o.0))
    }
    #[inline(always)]
    pub fn to_f32(self) -> F32x4 {
        F32x4(f32x4_convert_i32x4(self.0))
    }
    #[inline(always)]
    pub fn min(self, o: Self) -> Self {
        Self(i32x4_min(self.0, o.0))
    }
    #[inline(always)]
    pub fn max(self, o: Self) -> Self {
        Self(i32x4_max(self.0, o.0))
    }
    /// Lanes of `a ++ b` (indices below 8).
    #[inline(always)]
    pub fn shuffle<const A: usize, const B: usize, const C: usize, const D: usize>(a: Self, b: Self) -> Self {
        Self(i32x4_shuffle::<A, B, C, D>(a.0, b.0))
    }
    #[inline(always)]
    pub fn sub(self, o: Self) -> Self {
        Self(i32x4_sub(self.0, o.0))
    }
    #[inline(always)]
    pub fn or(self, o: Self) -> Self {
        Self(v128_or(self.0, o.0))
    }
    /// The same 128 bits as eight i16 lanes.
    #[inline(always)]
    pub fn bits16(self) -> I16x8 {
        I16x8(self.0)
    }
    /// All ones where `self > o`, else 0.
    #[inline(always)]
    pub fn gt(self, o: Self) -> Self {
        Self(i32x4_gt(self.0, o.0))
    }
    /// `a` where `self` (a mask: lanes all ones or zero) is set, else `b`.
    #[inline(always)]
    pub fn select(self, a: Self, b: Self) -> Self {
        Self(v128_bitselect(a.0, b.0, self.0))
    }
}

/// A lane selection, as byte masks for `i8x16.swizzle` (which yields 0
/// for an out-of-range byte index, so two swizzles or-ed cover 8 lanes).
#[derive(Clone, Copy)]
pub struct Pick {
    lo: v128,
    hi: v128,
}

impl Pick {
    pub fn new(lanes: [u8; 4]) -> Self {
        let mask = |from: u8| {
            let mut b = [0xffu8; 16];
            for (l, &k) in lanes.iter().enumerate() {
                if (from..from + 4).contains(&k) {
                    for i in 0..4 {
                        b[4 * l + i] = 4 * (k - from) + i as u8;
                    }
                }
            }
            // SAFETY: [u8; 16] and v128 have the same size; any bits are a valid v128.
            unsafe { core::mem::transmute::<[u8; 16], v128>(b) }
        };
        Self { lo: mask(0), hi: mask(4) }
    }
}

/// Two f64 lanes: recursive filters that must round as scalar f64 code does.
#[derive(Clone, Copy)]
pub struct F64x2(v128);

// The float types' methods, in a file of their own for size.
#[path = "wasm_float.rs"]
mod float;
