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

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
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
        /// Divides by 2^`bits` rounding half up (arithmetic shift after adding half).
        #[inline(always)]
        pub fn shr_round(self, bits: u32) -> Self {
            Self(i32x4_shr(i32x4_add(self.0, i32x4_splat(1 << (bits - 1))), bits))
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
        /// Lanes of `v` chosen by `p`, whose indices are all below 4.
        #[inline(always)]
        pub fn pick4(v: Self, p: &Pick) -> Self {
            Self(u8x16_swizzle(v.0, p.lo))
        }
        #[inline(always)]
        pub fn div(self, o: Self) -> Self {
            Self(f32x4_div(self.0, o.0))
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
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    #[derive(Clone, Copy)]
    pub struct F32x4([f32; 4]);

    #[derive(Clone, Copy)]
    pub struct I32x4([i32; 4]);

    #[derive(Clone, Copy)]
    pub struct I16x8([i16; 8]);

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
        pub fn shr_round(self, bits: u32) -> Self {
            Self(self.0.map(|v| v.wrapping_add(1 << (bits - 1)) >> bits))
        }
        #[inline(always)]
        pub fn to_array(self) -> [i32; 4] {
            self.0
        }
        #[inline(always)]
        pub fn splat(x: i32) -> Self {
            Self([x; 4])
        }
        #[inline(always)]
        pub fn new(a: i32, b: i32, c: i32, d: i32) -> Self {
            Self([a, b, c, d])
        }
        #[inline(always)]
        pub fn load(s: &[i32]) -> Self {
            Self([s[0], s[1], s[2], s[3]])
        }
        #[inline(always)]
        pub fn store(self, s: &mut [i32]) {
            s[..4].copy_from_slice(&self.0);
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            Self(core::array::from_fn(|i| self.0[i].wrapping_add(o.0[i])))
        }
    }

    #[derive(Clone, Copy)]
    pub struct Pick([u8; 4]);

    impl Pick {
        pub fn new(lanes: [u8; 4]) -> Self {
            Self(lanes)
        }
    }

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
        #[inline(always)]
        pub fn div(self, o: Self) -> Self {
            self.zip(o, |a, b| a / b)
        }
        #[inline(always)]
        pub fn running_max(self, v: Self) -> Self {
            self.zip(v, |m, v| if v > m || v.is_nan() { v } else { m })
        }
        #[inline(always)]
        pub fn running_max_at(self, at: I32x4, v: Self, pos: I32x4) -> (Self, I32x4) {
            let (mut m, mut i) = (self.0, at.0);
            for k in 0..4 {
                if v.0[k] > m[k] || v.0[k].is_nan() {
                    m[k] = v.0[k];
                    i[k] = pos.0[k];
                }
            }
            (Self(m), I32x4(i))
        }
        #[inline(always)]
        pub fn deinterleave(a: Self, b: Self) -> (Self, Self) {
            let (a, b) = (a.0, b.0);
            (Self([a[0], a[2], b[0], b[2]]), Self([a[1], a[3], b[1], b[3]]))
        }
        #[inline(always)]
        pub fn interleave(a: Self, b: Self) -> (Self, Self) {
            let (a, b) = (a.0, b.0);
            (Self([a[0], b[0], a[1], b[1]]), Self([a[2], b[2], a[3], b[3]]))
        }
        #[inline(always)]
        pub fn transpose(v: [Self; 4]) -> [Self; 4] {
            core::array::from_fn(|k| Self(core::array::from_fn(|l| v[l].0[k])))
        }
        #[inline(always)]
        pub fn pick(lo: Self, hi: Self, p: &Pick) -> Self {
            Self(p.0.map(|k| if k < 4 { lo.0[k as usize] } else { hi.0[k as usize - 4] }))
        }
        #[inline(always)]
        pub fn pick4(v: Self, p: &Pick) -> Self {
            Self(p.0.map(|k| v.0[k as usize]))
        }
        #[inline(always)]
        pub fn to_array(self) -> [f32; 4] {
            self.0
        }
    }
}

/// `F32x4::pick(lo, hi, &Pick::new([a, b, c, d]))` is `[w[a], w[b], w[c], w[d]]`
/// of the window `w = lo ++ hi` (every index below 8); `F32x4::pick4(v, p)`
/// the same from `v` alone, for indices below 4 (one swizzle instead of two).
pub use imp::{F32x4, I16x8, I32x4, Pick};

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
        assert_eq!(a.sub(a).to_array(), [0.0; 4]);
    }

    #[test]
    fn running_max_keeps_the_first_of_equals_and_takes_nan() {
        let m = F32x4::new(-0.0, 1.0, f32::NAN, 2.0);
        let v = F32x4::new(0.0, f32::NAN, 5.0, 1.0);
        let r = m.running_max(v).to_array();
        assert_eq!(r[0].to_bits(), (-0.0f32).to_bits());
        assert!(r[1].is_nan() && r[2].is_nan());
        assert_eq!(r[3], 2.0);
        assert_eq!(F32x4::splat(f32::NEG_INFINITY).running_max(F32x4::splat(3.0)).to_array(), [3.0; 4]);
        assert_eq!(F32x4::splat(6.0).div(F32x4::new(1.0, 2.0, 3.0, 4.0)).to_array(), [6.0, 3.0, 2.0, 1.5]);
    }

    #[test]
    fn running_max_at_moves_positions_with_values() {
        let m = F32x4::new(-0.0, 1.0, f32::NAN, 2.0);
        let v = F32x4::new(0.0, f32::NAN, 5.0, 3.0);
        let (r, at) = m.running_max_at(I32x4::splat(7), v, I32x4::new(0, 1, 2, 3).add(I32x4::splat(10)));
        let mut idx = [0; 5];
        at.store(&mut idx);
        assert_eq!(idx, [7, 11, 7, 13, 0]);
        assert_eq!(r.to_array()[0].to_bits(), (-0.0f32).to_bits());
        let mut back = [0; 4];
        I32x4::load(&idx[1..]).store(&mut back);
        assert_eq!(back, [11, 7, 13, 0]);
    }

    #[test]
    fn interleave_inverts_deinterleave() {
        let (a, b) = (F32x4::new(0.0, 1.0, 2.0, 3.0), F32x4::new(4.0, 5.0, 6.0, 7.0));
        let (even, odd) = F32x4::deinterleave(a, b);
        assert_eq!(even.to_array(), [0.0, 2.0, 4.0, 6.0]);
        assert_eq!(odd.to_array(), [1.0, 3.0, 5.0, 7.0]);
        let (lo, hi) = F32x4::interleave(even, odd);
        assert_eq!((lo.to_array(), hi.to_array()), (a.to_array(), b.to_array()));
    }

    #[test]
    fn transpose_swaps_lanes_and_vectors() {
        let v: [F32x4; 4] = core::array::from_fn(|r| F32x4::new(r as f32, r as f32 + 10.0, r as f32 + 20.0, r as f32 + 30.0));
        let t = F32x4::transpose(v).map(F32x4::to_array);
        assert_eq!(t, [[0.0, 1.0, 2.0, 3.0], [10.0, 11.0, 12.0, 13.0], [20.0, 21.0, 22.0, 23.0], [30.0, 31.0, 32.0, 33.0]]);
    }

    #[test]
    fn pick_selects_from_an_eight_lane_window() {
        let lo = F32x4::new(0.0, 1.0, 2.0, 3.0);
        let hi = F32x4::new(4.0, 5.0, 6.0, 7.0);
        assert_eq!(F32x4::pick(lo, hi, &Pick::new([7, 0, 4, 3])).to_array(), [7.0, 0.0, 4.0, 3.0]);
        assert_eq!(F32x4::pick(lo, hi, &Pick::new([1, 1, 2, 2])).to_array(), [1.0, 1.0, 2.0, 2.0]);
        assert_eq!(F32x4::pick4(lo, &Pick::new([3, 0, 0, 2])).to_array(), [3.0, 0.0, 0.0, 2.0]);
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
