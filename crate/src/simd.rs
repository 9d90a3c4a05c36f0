//! Four-lane f32 vectors: SIMD128 on wasm32 built with `+simd128`, a plain
//! `[f32; 4]` twin everywhere else.
//!
//! Kernels keep two paths side by side: a scalar loop (the in-crate oracle)
//! and a vector loop written against `F32x4`. Because the vector type has a
//! scalar twin, the vector loop (blocking, tails, index arithmetic) also runs
//! under native `cargo test`, and in wasm the tests flip `set_enabled` to run
//! both paths on the same input and compare.

use core::sync::atomic::{AtomicBool, Ordering};

static ENABLED: AtomicBool = AtomicBool::new(true);

/// Whether kernels take their vector path. Tests turn it off to reach the scalar oracle.
#[inline]
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

pub fn set_enabled(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

pub const LANES: usize = 4;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub struct F32x4(v128);

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
        /// Lane-wise maximum that lets NaN win, like PyTorch's max pooling.
        #[inline(always)]
        pub fn max_nan(self, o: Self) -> Self {
            Self(f32x4_max(self.0, o.0))
        }
        #[inline(always)]
        pub fn to_array(self) -> [f32; 4] {
            [
                f32x4_extract_lane::<0>(self.0),
                f32x4_extract_lane::<1>(self.0),
                f32x4_extract_lane::<2>(self.0),
                f32x4_extract_lane::<3>(self.0),
            ]
        }
    }
    /// Eight i16 lanes: the fixed-point image kernels' data and weights.
    #[derive(Clone, Copy)]
    pub struct I16x8(v128);

    /// Four i32 lanes: fixed-point accumulators.
    #[derive(Clone, Copy)]
    pub struct I32x4(v128);

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
        /// Sixteen bytes at `p` (four RGBA8 pixels) widened to i16: pixels 0-1 and 2-3.
        /// # Safety
        /// `p` must point at 16 readable bytes.
        #[inline(always)]
        pub unsafe fn load_u8_widen(p: *const u8) -> (Self, Self) {
            let v = v128_load(p as *const v128);
            (Self(u16x8_extend_low_u8x16(v)), Self(u16x8_extend_high_u8x16(v)))
        }
        /// Two RGBA8 pixels (the first 8 bytes of `s`) as i16 channel pairs `r0 r1 g0 g1 b0 b1 a0 a1`.
        #[inline(always)]
        pub fn load_u8_pairs(s: &[u8]) -> Self {
            let s = &s[..8];
            // SAFETY: eight in-bounds bytes; the load zeroes the upper half.
            let v = unsafe { v128_load64_zero(s.as_ptr() as *const u64) };
            Self(i8x16_shuffle::<0, 16, 4, 16, 1, 16, 5, 16, 2, 16, 6, 16, 3, 16, 7, 16>(v, i8x16_splat(0)))
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
        /// Stores the low four lanes.
        #[inline(always)]
        pub fn store_low(self, s: &mut [i16]) {
            let s = &mut s[..4];
            // SAFETY: four in-bounds i16 (eight bytes).
            unsafe { v128_store64_lane::<0>(self.0, s.as_mut_ptr() as *mut u64) }
        }
        /// Two RGBA pixels `r0 g0 b0 a0 r1 g1 b1 a1` as channel pairs `r0 r1 g0 g1 b0 b1 a0 a1`.
        #[inline(always)]
        pub fn pair_channels(self) -> Self {
            Self(i8x16_shuffle::<0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 14, 15>(self.0, self.0))
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
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            Self(i32x4_add(self.0, o.0))
        }
        /// Divides by 2^`bits` rounding half up (arithmetic shift after adding half).
        #[inline(always)]
        pub fn shr_round(self, bits: u32) -> Self {
            Self(i32x4_shr(i32x4_add(self.0, i32x4_splat(1 << (bits - 1))), bits))
        }
        #[inline(always)]
        pub fn to_array(self) -> [i32; 4] {
            [
                i32x4_extract_lane::<0>(self.0),
                i32x4_extract_lane::<1>(self.0),
                i32x4_extract_lane::<2>(self.0),
                i32x4_extract_lane::<3>(self.0),
            ]
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    #[derive(Clone, Copy)]
    pub struct F32x4([f32; 4]);

    impl F32x4 {
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            Self([x; 4])
        }
        #[inline(always)]
        pub fn new(a: f32, b: f32, c: f32, d: f32) -> Self {
            Self([a, b, c, d])
        }
        #[inline(always)]
        pub fn load(s: &[f32]) -> Self {
            Self([s[0], s[1], s[2], s[3]])
        }
        #[inline(always)]
        pub fn store(self, s: &mut [f32]) {
            s[..4].copy_from_slice(&self.0);
        }
        #[inline(always)]
        fn zip(self, o: Self, f: impl Fn(f32, f32) -> f32) -> Self {
            Self(core::array::from_fn(|i| f(self.0[i], o.0[i])))
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            self.zip(o, |a, b| a + b)
        }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self {
            self.zip(o, |a, b| a - b)
        }
        #[inline(always)]
        pub fn mul(self, o: Self) -> Self {
            self.zip(o, |a, b| a * b)
        }
        /// wasm's f32x4.max: NaN if either lane is NaN.
        #[inline(always)]
        pub fn max_nan(self, o: Self) -> Self {
            self.zip(o, |a, b| if a.is_nan() || b.is_nan() { f32::NAN } else { a.max(b) })
        }
        #[inline(always)]
        pub fn to_array(self) -> [f32; 4] {
            self.0
        }
    }
    #[derive(Clone, Copy)]
    pub struct I16x8([i16; 8]);

    #[derive(Clone, Copy)]
    pub struct I32x4([i32; 4]);

    impl I16x8 {
        #[inline(always)]
        pub fn zero() -> Self {
            Self([0; 8])
        }
        #[inline(always)]
        pub fn splat(v: i16) -> Self {
            Self([v; 8])
        }
        /// # Safety
        /// `p` must point at 8 readable i16.
        #[inline(always)]
        pub unsafe fn load_ptr(p: *const i16) -> Self {
            Self(core::array::from_fn(|i| p.add(i).read_unaligned()))
        }
        /// # Safety
        /// `p` must point at 2 readable i16.
        #[inline(always)]
        pub unsafe fn load_pair_splat(p: *const i16) -> Self {
            Self::splat_pair(p.read_unaligned(), p.add(1).read_unaligned())
        }
        /// # Safety
        /// `p` must point at 8 readable bytes.
        #[inline(always)]
        pub unsafe fn load_u8x8(p: *const u8) -> Self {
            Self(core::array::from_fn(|i| p.add(i).read() as i16))
        }
        /// # Safety
        /// `p` must point at 16 readable bytes.
        #[inline(always)]
        pub unsafe fn load_u8_widen(p: *const u8) -> (Self, Self) {
            let b = |i: usize| p.add(i).read() as i16;
            (Self(core::array::from_fn(b)), Self(core::array::from_fn(|i| b(i + 8))))
        }
        #[inline(always)]
        pub fn load_u8_pairs(s: &[u8]) -> Self {
            let p = |i: usize| s[i] as i16;
            Self([p(0), p(4), p(1), p(5), p(2), p(6), p(3), p(7)])
        }
        #[inline(always)]
        pub fn add_sat(self, o: Self) -> Self {
            Self(core::array::from_fn(|i| self.0[i].saturating_add(o.0[i])))
        }
        #[inline(always)]
        pub fn from_quads(lo: u64, hi: u64) -> Self {
            Self(core::array::from_fn(|i| ((if i < 4 { lo } else { hi }) >> (16 * (i % 4))) as u16 as i16))
        }
        #[inline(always)]
        pub fn shl(self, bits: u32) -> Self {
            Self(self.0.map(|v| v << bits))
        }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self {
            Self(core::array::from_fn(|i| self.0[i].wrapping_sub(o.0[i])))
        }
        #[inline(always)]
        pub fn q15mul(self, o: Self) -> Self {
            Self(core::array::from_fn(|i| ((self.0[i] as i32 * o.0[i] as i32 + (1 << 14)) >> 15).clamp(-32768, 32767) as i16))
        }
        #[inline(always)]
        pub fn shr(self, bits: u32) -> Self {
            Self(self.0.map(|v| v >> bits))
        }
        #[inline(always)]
        pub fn store_u8_sat(a: Self, b: Self, s: &mut [u8]) {
            for (d, v) in s[..16].iter_mut().zip(a.0.iter().chain(&b.0)) {
                *d = (*v).clamp(0, 255) as u8;
            }
        }
        #[inline(always)]
        pub fn splat_pair(a: i16, b: i16) -> Self {
            Self([a, b, a, b, a, b, a, b])
        }
        #[inline(always)]
        pub fn load(s: &[i16]) -> Self {
            Self(s[..8].try_into().unwrap())
        }
        #[inline(always)]
        pub fn store(self, s: &mut [i16]) {
            s[..8].copy_from_slice(&self.0);
        }
        #[inline(always)]
        pub fn store_low(self, s: &mut [i16]) {
            s[..4].copy_from_slice(&self.0[..4]);
        }
        #[inline(always)]
        pub fn pair_channels(self) -> Self {
            let v = self.0;
            Self([v[0], v[4], v[1], v[5], v[2], v[6], v[3], v[7]])
        }
        #[inline(always)]
        pub fn interleave_low(self, o: Self) -> Self {
            let (s, o) = (self.0, o.0);
            Self([s[0], o[0], s[1], o[1], s[2], o[2], s[3], o[3]])
        }
        #[inline(always)]
        pub fn interleave_high(self, o: Self) -> Self {
            let (s, o) = (self.0, o.0);
            Self([s[4], o[4], s[5], o[5], s[6], o[6], s[7], o[7]])
        }
        #[inline(always)]
        pub fn dot(self, o: Self) -> I32x4 {
            let p = |i: usize| (self.0[i] as i32).wrapping_mul(o.0[i] as i32);
            I32x4(core::array::from_fn(|i| p(2 * i).wrapping_add(p(2 * i + 1))))
        }
        #[inline(always)]
        pub fn narrow(a: I32x4, b: I32x4) -> Self {
            let sat = |v: i32| v.clamp(i16::MIN as i32, i16::MAX as i32) as i16;
            Self(core::array::from_fn(|i| sat(if i < 4 { a.0[i] } else { b.0[i - 4] })))
        }
        #[inline(always)]
        pub fn to_array(self) -> [i16; 8] {
            self.0
        }
    }

    impl I32x4 {
        #[inline(always)]
        pub fn zero() -> Self {
            Self([0; 4])
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            Self(core::array::from_fn(|i| self.0[i].wrapping_add(o.0[i])))
        }
        #[inline(always)]
        pub fn shr_round(self, bits: u32) -> Self {
            Self(self.0.map(|v| v.wrapping_add(1 << (bits - 1)) >> bits))
        }
        #[inline(always)]
        pub fn to_array(self) -> [i32; 4] {
            self.0
        }
    }
}

pub use imp::{F32x4, I16x8, I32x4};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_round_trip_and_arithmetic() {
        let a = F32x4::load(&[1.0, 2.0, 3.0, 4.0, 99.0]);
        let b = F32x4::new(0.5, 0.5, 2.0, f32::NAN);
        let mut out = [0.0; 5];
        a.mul(b).add(F32x4::splat(1.0)).store(&mut out);
        assert_eq!(&out[..3], &[1.5, 2.0, 7.0]);
        assert!(out[3].is_nan());
        assert_eq!(out[4], 0.0);
        let m = a.max_nan(b).to_array();
        assert_eq!(&m[..3], &[1.0, 2.0, 3.0]);
        assert!(m[3].is_nan());
        assert_eq!(a.sub(a).to_array(), [0.0; 4]);
    }

    #[test]
    fn i16_lanes_pair_dot_and_narrow() {
        let px = I16x8::load(&[1, 2, 3, 4, 5, 6, 7, 8, 99]);
        assert_eq!(px.pair_channels().to_array(), [1, 5, 2, 6, 3, 7, 4, 8]);
        let d = px.pair_channels().dot(I16x8::splat_pair(10, -1));
        assert_eq!(d.to_array(), [5, 14, 23, 32]);
        let b = I16x8::load(&[-1, -2, -3, -4, -5, -6, -7, -8]);
        assert_eq!(px.interleave_low(b).to_array(), [1, -1, 2, -2, 3, -3, 4, -4]);
        assert_eq!(px.interleave_high(b).to_array(), [5, -5, 6, -6, 7, -7, 8, -8]);
        let big = I16x8::splat_pair(i16::MAX, i16::MAX).dot(I16x8::splat_pair(i16::MAX, i16::MAX));
        assert_eq!(big.to_array(), [2 * 32767 * 32767; 4]);
        let r = I32x4::zero().add(d).shr_round(2).to_array();
        assert_eq!(r, [1, 4, 6, 8]); // 5/4 -> 1, 14/4 -> 3.5 -> 4, 23/4 -> 5.75 -> 6, 32/4
        let n = I16x8::narrow(big, I32x4::zero().add(I16x8::splat_pair(-300, 0).dot(I16x8::splat_pair(200, 0))));
        assert_eq!(n.to_array(), [32767, 32767, 32767, 32767, -32768, -32768, -32768, -32768]);
        let mut out = [0i16; 5];
        px.store_low(&mut out);
        assert_eq!(out, [1, 2, 3, 4, 0]);
        let bytes = [1u8, 2, 3, 4, 250, 251, 252, 253, 9];
        assert_eq!(I16x8::load_u8_pairs(&bytes).to_array(), [1, 250, 2, 251, 3, 252, 4, 253]);
        let v = I16x8::load(&[32767, -5, 100, 0, -32768, 300, 255, 256]);
        assert_eq!(v.add_sat(I16x8::splat(1)).to_array(), [32767, -4, 101, 1, -32767, 301, 256, 257]);
        assert_eq!(v.shr(2).to_array(), [8191, -2, 25, 0, -8192, 75, 63, 64]);
        assert_eq!(I16x8::from_quads(0x0004_0003_0002_0001, 0xffff_0007_0006_0005).to_array(), [1, 2, 3, 4, 5, 6, 7, -1]);
        assert_eq!(I16x8::splat(3).shl(2).sub(I16x8::splat(13)).to_array(), [-1; 8]);
        let q = I16x8::load(&[16320, 16320, 100, -100, i16::MIN, 0, 1, 3]).q15mul(I16x8::load(&[16384, 32767, -32768, -32768, i16::MIN, 5, 16384, 16384]));
        assert_eq!(q.to_array(), [8160, 16320, -100, 100, 32767, 0, 1, 2]);
        let bytes: Vec<u8> = (1..=16).collect();
        // SAFETY: 16 bytes and 8 i16 readable.
        let ((lo, hi), l) = unsafe { (I16x8::load_u8_widen(bytes.as_ptr()), I16x8::load_ptr([1i16, 2, 3, 4, 5, 6, 7, 8].as_ptr())) };
        assert_eq!((lo.to_array(), hi.to_array()), ([1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13, 14, 15, 16]));
        assert_eq!(l.to_array(), [1, 2, 3, 4, 5, 6, 7, 8]);
        // SAFETY: two readable i16.
        assert_eq!(unsafe { I16x8::load_pair_splat([3i16, -4].as_ptr()) }.to_array(), [3, -4, 3, -4, 3, -4, 3, -4]);
        // SAFETY: 16 readable bytes.
        assert_eq!(unsafe { I16x8::load_u8x8(bytes.as_ptr().add(8)) }.to_array(), [9, 10, 11, 12, 13, 14, 15, 16]);
        let mut b = [0u8; 17];
        I16x8::store_u8_sat(v, I16x8::splat(7), &mut b);
        assert_eq!(b, [255, 0, 100, 0, 0, 255, 255, 255, 7, 7, 7, 7, 7, 7, 7, 7, 0]);
    }
}
