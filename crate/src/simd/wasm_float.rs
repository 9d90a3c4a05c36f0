//! `F32x4` and `F64x2` on SIMD128 (the types are defined in `wasm.rs`).

use super::{F32x4, F64x2, I32x4, Pick};
use core::arch::wasm32::*;

impl F32x4 {
    #[inline(always)]
    pub fn splat(x: f32) -> Self {
        Self(f32x4_splat(x))
    }
    #[inline(always)]
    pub fn new(a: f32, b: f32, c: f32, d: f32) -> Self {
        Self(f32x4(a, b, c, d))
    }
    /// The first four elements of `s`.
    #[inline(always)]
    pub fn load(s: &[f32]) -> Self {
        let s = &s[..4];
        // SAFETY: four in-bounds f32; v128_load allows any alignment.
        Self(unsafe { v128_load(s.as_ptr() as *const v128) })
    }
    /// `[a[0], a[1], b[0], b[1]]`: two adjacent pairs, one 64-bit load each.
    /// # Safety
    /// `a` and `b` must each point at 2 readable f32.
    #[inline(always)]
    pub unsafe fn load_pairs(a: *const f32, b: *const f32) -> Self {
        Self(v128_load64_lane::<1>(v128_load64_zero(a as *const u64), b as *const u64))
    }
    #[inline(always)]
    pub fn store(self, s: &mut [f32]) {
        let s = &mut s[..4];
        // SAFETY: four in-bounds f32; v128_store allows any alignment.
        unsafe { v128_store(s.as_mut_ptr() as *mut v128, self.0) }
    }
    #[inline(always)]
    pub fn add(self, o: Self) -> Self {
        Self(f32x4_add(self.0, o.0))
    }
    #[inline(always)]
    pub fn sub(self, o: Self) -> Self {
        Self(f32x4_sub(self.0, o.0))
    }
    #[inline(always)]
    pub fn mul(self, o: Self) -> Self {
        Self(f32x4_mul(self.0, o.0))
    }
    /// The 4x4 transpose: lane `l` of output `k` is lane `k` of input `l`.
    #[inline(always)]
    pub fn transpose([a, b, c, d]: [Self; 4]) -> [Self; 4] {
        let (t0, t1) = (i32x4_shuffle::<0, 4, 1, 5>(a.0, b.0), i32x4_shuffle::<2, 6, 3, 7>(a.0, b.0));
        let (t2, t3) = (i32x4_shuffle::<0, 4, 1, 5>(c.0, d.0), i32x4_shuffle::<2, 6, 3, 7>(c.0, d.0));
        [
            Self(i32x4_shuffle::<0, 1, 4, 5>(t0, t2)),
            Self(i32x4_shuffle::<2, 3, 6, 7>(t0, t2)),
            Self(i32x4_shuffle::<0, 1, 4, 5>(t1, t3)),
            Self(i32x4_shuffle::<2, 3, 6, 7>(t1, t3)),
        ]
    }
    /// Lanes of the eight-lane window `lo ++ hi` chosen by `p`.
    #[inline(always)]
    pub fn pick(lo: Self, hi: Self, p: &Pick) -> Self {
        Self(v128_or(u8x16_swizzle(lo.0, p.lo), u8x16_swizzle(hi.0, p.hi)))
    }
    /// Lanes of `a ++ b` (indices below 8).
    #[inline(always)]
    pub fn shuffle<const A: usize, const B: usize, const C: usize, const D: usize>(a: Self, b: Self) -> Self {
        Self(i32x4_shuffle::<A, B, C, D>(a.0, b.0))
    }
    /// Lanes of `v` chosen by `p`, whose indices are all below 4.
    #[inline(always)]
    pub fn pick4(v: Self, p: &Pick) -> Self {
        Self(u8x16_swizzle(v.0, p.lo))
    }
    #[inline(always)]
    pub fn div(self, o: Self) -> Self {
        Self(f32x4_div(self.0, o.0))
    }
    /// The same 128 bits as four i32 lanes.
    #[inline(always)]
    pub fn bits(self) -> I32x4 {
        I32x4(self.0)
    }
    /// Four i32 lanes' bits as f32 lanes.
    #[inline(always)]
    pub fn from_bits(b: I32x4) -> Self {
        Self(b.0)
    }
    #[inline(always)]
    pub fn floor(self) -> Self {
        Self(f32x4_floor(self.0))
    }
    /// Toward zero, saturating; NaN to 0.
    #[inline(always)]
    pub fn to_i32(self) -> I32x4 {
        I32x4(i32x4_trunc_sat_f32x4(self.0))
    }
    /// All ones in lanes with `lo < v < hi` (never NaN), else 0.
    #[inline(always)]
    pub fn within(self, lo: f32, hi: f32) -> I32x4 {
        I32x4(v128_and(f32x4_gt(self.0, f32x4_splat(lo)), f32x4_lt(self.0, f32x4_splat(hi))))
    }
    /// PyTorch's running maximum: a lane takes `v` when `v > self` or `v`
    /// is NaN, so the first of equal values (and of -0/+0) stays and the
    /// last NaN wins.
    #[inline(always)]
    pub fn running_max(self, v: Self) -> Self {
        let take = v128_or(f32x4_gt(v.0, self.0), f32x4_ne(v.0, v.0));
        Self(v128_bitselect(v.0, self.0, take))
    }
    /// `running_max` that also carries each lane's position: a lane takes
    /// `(v, pos)` where it takes `v`.
    #[inline(always)]
    pub fn running_max_at(self, at: I32x4, v: Self, pos: I32x4) -> (Self, I32x4) {
        let take = v128_or(f32x4_gt(v.0, self.0), f32x4_ne(v.0, v.0));
        (Self(v128_bitselect(v.0, self.0, take)), I32x4(v128_bitselect(pos.0, at.0, take)))
    }
    /// Even and odd elements of the eight `a ++ b`.
    #[inline(always)]
    pub fn deinterleave(a: Self, b: Self) -> (Self, Self) {
        (Self(i32x4_shuffle::<0, 2, 4, 6>(a.0, b.0)), Self(i32x4_shuffle::<1, 3, 5, 7>(a.0, b.0)))
    }
    /// `a0 b0 a1 b1` and `a2 b2 a3 b3`: the inverse of `deinterleave`.
    #[inline(always)]
    pub fn interleave(a: Self, b: Self) -> (Self, Self) {
        (Self(i32x4_shuffle::<0, 4, 1, 5>(a.0, b.0)), Self(i32x4_shuffle::<2, 6, 3, 7>(a.0, b.0)))
    }
    #[inline(always)]
    pub fn to_array(self) -> [f32; 4] {
        [f32x4_extract_lane::<0>(self.0), f32x4_extract_lane::<1>(self.0), f32x4_extract_lane::<2>(self.0), f32x4_extract_lane::<3>(self.0)]
    }
}

impl F64x2 {
    #[inline(always)]
    pub fn splat(x: f64) -> Self {
        Self(f64x2_splat(x))
    }
    #[inline(always)]
    pub fn add(self, o: Self) -> Self {
        Self(f64x2_add(self.0, o.0))
    }
    #[inline(always)]
    pub fn mul(self, o: Self) -> Self {
        Self(f64x2_mul(self.0, o.0))
    }
    /// The first 8 of `s`, in order, two per vector.
    #[inline(always)]
    pub fn load_u16x8(s: &[u16]) -> [Self; 4] {
        let v = unsafe { v128_load(s[..8].as_ptr() as *const v128) };
        let (lo, hi) = (u32x4_extend_low_u16x8(v), u32x4_extend_high_u16x8(v));
        let up = |v: v128| i64x2_shuffle::<1, 0>(v, v);
        [f64x2_convert_low_u32x4(lo), f64x2_convert_low_u32x4(up(lo)), f64x2_convert_low_u32x4(hi), f64x2_convert_low_u32x4(up(hi))].map(Self)
    }
    /// The first 8 of `s` widened, in order.
    #[inline(always)]
    pub fn load_f32x8(s: &[f32]) -> [Self; 4] {
        let (lo, hi) = unsafe { (v128_load(s[..8].as_ptr() as *const v128), v128_load(s[4..8].as_ptr() as *const v128)) };
        let up = |v: v128| i64x2_shuffle::<1, 0>(v, v);
        [f64x2_promote_low_f32x4(lo), f64x2_promote_low_f32x4(up(lo)), f64x2_promote_low_f32x4(hi), f64x2_promote_low_f32x4(up(hi))].map(Self)
    }
    /// `v` rounded to f32 into the first 8 of `s`, which has 2 more to spare
    /// (it writes, then overwrites, zeros there).
    #[inline(always)]
    pub fn store_f32x8(v: [Self; 4], s: &mut [f32]) {
        // Whole-vector stores of each demote: LLVM scalarises a demote
        // whose upper (zero) lanes go unused, or two demotes shuffled together.
        let s = &mut s[..10];
        for (k, v) in v.iter().enumerate() {
            unsafe { v128_store(s[2 * k..2 * k + 4].as_mut_ptr() as *mut v128, f32x4_demote_f64x2_zero(v.0)) };
        }
    }
    /// `v` truncated, wrapped to u16 (as `as i32 as u16` for |v| < 2^31), into the first 8 of `s`.
    #[inline(always)]
    pub fn store_u16x8_wrapping(v: [Self; 4], s: &mut [u16]) {
        // t + 1.5·2^52 holds t mod 2^32 in its low mantissa bits (|t| < 2^51):
        // no float-to-int conversion, which LLVM would scalarise here.
        let magic = f64x2_splat(6755399441055744.0);
        let [a, b, c, d] = v.map(|v| f64x2_add(f64x2_trunc(v.0), magic));
        let lo = i8x16_shuffle::<0, 1, 8, 9, 16, 17, 24, 25, 0, 1, 8, 9, 16, 17, 24, 25>(a, b);
        let hi = i8x16_shuffle::<0, 1, 8, 9, 16, 17, 24, 25, 0, 1, 8, 9, 16, 17, 24, 25>(c, d);
        unsafe { v128_store(s[..8].as_mut_ptr() as *mut v128, i64x2_shuffle::<0, 2>(lo, hi)) };
    }
}
