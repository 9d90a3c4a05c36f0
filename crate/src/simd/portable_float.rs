//! `F32x4` and `F64x2` on plain arrays (the types are defined in `portable.rs`).

use super::{F32x4, F64x2, I32x4, Pick};

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
    /// # Safety
    /// `a` and `b` must each point at 2 readable f32.
    #[inline(always)]
    pub unsafe fn load_pairs(a: *const f32, b: *const f32) -> Self {
        Self([a.read_unaligned(), a.add(1).read_unaligned(), b.read_unaligned(), b.add(1).read_unaligned()])
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
    pub fn bits(self) -> I32x4 {
        I32x4(self.0.map(|v| v.to_bits() as i32))
    }
    #[inline(always)]
    pub fn from_bits(b: I32x4) -> Self {
        Self(b.0.map(|v| f32::from_bits(v as u32)))
    }
    #[inline(always)]
    pub fn floor(self) -> Self {
        Self(self.0.map(f32::floor))
    }
    #[inline(always)]
    pub fn to_i32(self) -> I32x4 {
        I32x4(self.0.map(|v| v as i32))
    }
    #[inline(always)]
    pub fn within(self, lo: f32, hi: f32) -> I32x4 {
        I32x4(self.0.map(|v| -i32::from(lo < v && v < hi)))
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
    pub fn shuffle<const A: usize, const B: usize, const C: usize, const D: usize>(a: Self, b: Self) -> Self {
        let l = |i: usize| if i < 4 { a.0[i] } else { b.0[i - 4] };
        Self([l(A), l(B), l(C), l(D)])
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

impl F64x2 {
    #[inline(always)]
    pub fn splat(x: f64) -> Self {
        Self([x; 2])
    }
    #[inline(always)]
    pub fn add(self, o: Self) -> Self {
        Self([self.0[0] + o.0[0], self.0[1] + o.0[1]])
    }
    #[inline(always)]
    pub fn mul(self, o: Self) -> Self {
        Self([self.0[0] * o.0[0], self.0[1] * o.0[1]])
    }
    pub fn load_u16x8(s: &[u16]) -> [Self; 4] {
        core::array::from_fn(|k| Self([s[2 * k] as f64, s[2 * k + 1] as f64]))
    }
    pub fn load_f32x8(s: &[f32]) -> [Self; 4] {
        core::array::from_fn(|k| Self([s[2 * k] as f64, s[2 * k + 1] as f64]))
    }
    pub fn store_f32x8(v: [Self; 4], s: &mut [f32]) {
        let s = &mut s[..10];
        for (k, v) in v.iter().enumerate() {
            s[2 * k..2 * k + 2].copy_from_slice(&v.0.map(|x| x as f32));
        }
    }
    pub fn store_u16x8_wrapping(v: [Self; 4], s: &mut [u16]) {
        for (k, v) in v.iter().enumerate() {
            s[2 * k..2 * k + 2].copy_from_slice(&v.0.map(|x| x as i32 as u16));
        }
    }
}
