//! The vector types as plain arrays: the same lane arithmetic, so vector
//! loops run (and are tested) natively.

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
    /// `p` must point at 8 readable bytes.
    #[inline(always)]
    pub unsafe fn load_bytes8(p: *const u8) -> Self {
        Self::from_bytes(core::array::from_fn(|i| if i < 8 { *p.add(i) } else { 0 }))
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
    /// # Safety
    /// `p` must point at `n` writable bytes.
    #[inline(always)]
    pub unsafe fn store_bytes_low(self, p: *mut u8, n: usize) {
        core::ptr::copy_nonoverlapping(self.bytes().as_ptr(), p, n);
    }
    /// # Safety
    /// `p` must point at four writable i16.
    #[inline(always)]
    pub unsafe fn store_low(self, p: *mut i16) {
        core::ptr::copy_nonoverlapping(self.0.as_ptr(), p, 4);
    }
    #[inline(always)]
    pub fn add(self, o: Self) -> Self {
        Self(core::array::from_fn(|i| self.0[i].wrapping_add(o.0[i])))
    }
    #[inline(always)]
    pub fn or(self, o: Self) -> Self {
        Self(core::array::from_fn(|i| self.0[i] | o.0[i]))
    }
    #[inline(always)]
    pub fn and(self, o: Self) -> Self {
        Self(core::array::from_fn(|i| self.0[i] & o.0[i]))
    }
    #[inline(always)]
    pub fn shr_u(self, bits: u32) -> Self {
        Self(self.0.map(|v| ((v as u16) >> bits) as i16))
    }
    #[inline(always)]
    pub fn mul_bytes(self, o: Self) -> (Self, Self) {
        let (a, b) = (self.bytes(), o.bytes());
        let p = |i: usize| (a[i] as u16 * b[i] as u16) as i16;
        (Self(core::array::from_fn(p)), Self(core::array::from_fn(|i| p(i + 8))))
    }
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub fn shuffle<const A: usize, const B: usize, const C: usize, const D: usize, const E: usize, const F: usize, const G: usize, const H: usize>(
        a: Self, b: Self,
    ) -> Self {
        let l = |i: usize| if i < 8 { a.0[i] } else { b.0[i - 8] };
        Self([l(A), l(B), l(C), l(D), l(E), l(F), l(G), l(H)])
    }
    #[inline(always)]
    pub fn widen(self) -> (I32x4, I32x4) {
        (I32x4(core::array::from_fn(|i| self.0[i] as i32)), I32x4(core::array::from_fn(|i| self.0[i + 4] as i32)))
    }
    #[inline(always)]
    pub fn swizzle(self, mask: Self) -> Self {
        self.swizzle_bytes(mask.bytes())
    }
    fn bytes(self) -> [u8; 16] {
        let mut b = [0; 16];
        for (d, v) in b.chunks_exact_mut(2).zip(self.0) {
            d.copy_from_slice(&v.to_le_bytes());
        }
        b
    }
    fn from_bytes(b: [u8; 16]) -> Self {
        Self(core::array::from_fn(|i| i16::from_le_bytes([b[2 * i], b[2 * i + 1]])))
    }
    /// # Safety
    /// `p` must point at 16 readable bytes.
    #[inline(always)]
    pub unsafe fn load_bytes(p: *const u8) -> Self {
        Self::from_bytes(core::array::from_fn(|i| *p.add(i)))
    }
    /// # Safety
    /// `p` must point at 16 writable bytes.
    #[inline(always)]
    pub unsafe fn store_bytes(self, p: *mut u8) {
        for (i, b) in self.bytes().into_iter().enumerate() {
            *p.add(i) = b;
        }
    }
    #[inline(always)]
    pub fn swizzle_bytes(self, mask: [u8; 16]) -> Self {
        let b = self.bytes();
        Self::from_bytes(mask.map(|m| if m < 16 { b[m as usize] } else { 0 }))
    }
    #[inline(always)]
    pub fn pair_pixels(self, c: usize) -> Self {
        self.swizzle_bytes(super::pair_mask(c))
    }
    #[inline(always)]
    pub fn pair_rgb(self) -> Self {
        self.swizzle_bytes([0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11, 12, 13, 14, 15])
    }
    #[inline(always)]
    pub fn sum_byte_pairs(self) -> Self {
        let b = self.bytes();
        Self(core::array::from_fn(|i| b[2 * i] as i16 + b[2 * i + 1] as i16))
    }
    #[inline(always)]
    pub fn narrow_u8(a: Self, b: Self) -> Self {
        let mut s = [0u8; 16];
        Self::store_u8_sat(a, b, &mut s);
        Self::from_bytes(s)
    }
    #[inline(always)]
    pub fn transpose_bytes(self) -> Self {
        self.swizzle_bytes(core::array::from_fn(|i| (i % 4 * 4 + i / 4) as u8))
    }
    /// # Safety
    /// `p` must point at 4 writable bytes.
    #[inline(always)]
    pub unsafe fn store_u32<const L: usize>(self, p: *mut u8) {
        for (i, &b) in self.bytes()[4 * L..4 * L + 4].iter().enumerate() {
            *p.add(i) = b;
        }
    }
    #[inline(always)]
    pub fn interleave_pairs(self, o: Self) -> (Self, Self) {
        let (s, o) = (self.0, o.0);
        (Self([s[0], s[1], o[0], o[1], s[2], s[3], o[2], o[3]]), Self([s[4], s[5], o[4], o[5], s[6], s[7], o[6], o[7]]))
    }
    #[inline(always)]
    pub fn alphas4(a: Self, b: Self) -> I32x4 {
        I32x4([a.0[3] as i32, a.0[7] as i32, b.0[3] as i32, b.0[7] as i32])
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
    /// Shifts left (wrapping).
    #[inline(always)]
    pub fn shl(self, bits: u32) -> Self {
        Self(self.0.map(|v| v.wrapping_shl(bits)))
    }
    #[inline(always)]
    pub fn shr(self, bits: u32) -> Self {
        Self(self.0.map(|v| v >> bits))
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
    #[inline(always)]
    pub fn mul(self, o: Self) -> Self {
        Self(core::array::from_fn(|i| self.0[i].wrapping_mul(o.0[i])))
    }
    #[inline(always)]
    pub fn and(self, o: Self) -> Self {
        Self(core::array::from_fn(|i| self.0[i] & o.0[i]))
    }
    #[inline(always)]
    pub fn select(self, a: Self, b: Self) -> Self {
        Self(core::array::from_fn(|i| (a.0[i] & self.0[i]) | (b.0[i] & !self.0[i])))
    }
    #[inline(always)]
    pub fn sub(self, o: Self) -> Self {
        Self(core::array::from_fn(|i| self.0[i].wrapping_sub(o.0[i])))
    }
    #[inline(always)]
    pub fn or(self, o: Self) -> Self {
        Self(core::array::from_fn(|i| self.0[i] | o.0[i]))
    }
    #[inline(always)]
    pub fn to_f32(self) -> F32x4 {
        F32x4(self.0.map(|v| v as f32))
    }
    #[inline(always)]
    pub fn min(self, o: Self) -> Self {
        Self(core::array::from_fn(|i| self.0[i].min(o.0[i])))
    }
    #[inline(always)]
    pub fn max(self, o: Self) -> Self {
        Self(core::array::from_fn(|i| self.0[i].max(o.0[i])))
    }
    #[inline(always)]
    pub fn shuffle<const A: usize, const B: usize, const C: usize, const D: usize>(a: Self, b: Self) -> Self {
        let l = |i: usize| if i < 4 { a.0[i] } else { b.0[i - 4] };
        Self([l(A), l(B), l(C), l(D)])
    }
    #[inline(always)]
    pub fn bits16(self) -> I16x8 {
        I16x8(core::array::from_fn(|i| (self.0[i / 2] >> (16 * (i % 2))) as i16))
    }
    #[inline(always)]
    pub fn gt(self, o: Self) -> Self {
        Self(core::array::from_fn(|i| -i32::from(self.0[i] > o.0[i])))
    }
}

#[derive(Clone, Copy)]
pub struct Pick([u8; 4]);

impl Pick {
    pub fn new(lanes: [u8; 4]) -> Self {
        Self(lanes)
    }
}

#[derive(Clone, Copy)]
pub struct F64x2([f64; 2]);

// The float types' methods, in a file of their own for size.
#[path = "portable_float.rs"]
mod float;
