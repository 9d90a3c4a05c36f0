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
    // Bits both ways: a mask keeps or zeroes whole lanes.
    let masked = F32x4::from_bits(a.bits().and(I32x4::new(-1, 0, -1, 0)));
    assert_eq!(masked.to_array(), [1.0, 0.0, 3.0, 0.0]);
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
    let pairs = px.swizzle_bytes([0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 14, 15]);
    assert_eq!(pairs.to_array(), [1, 5, 2, 6, 3, 7, 4, 8]);
    let d = pairs.dot(I16x8::splat_pair(10, -1));
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
    // SAFETY: five writable i16.
    unsafe { px.store_low(out.as_mut_ptr()) };
    assert_eq!(out, [1, 2, 3, 4, 0]);
    let bytes = [1u8, 2, 3, 4, 250, 251, 252, 253, 9];
    // SAFETY: eight readable bytes.
    let low = unsafe { I16x8::load_bytes8(bytes.as_ptr()) };
    assert_eq!(low.swizzle_bytes([0, 16, 4, 16, 1, 16, 5, 16, 2, 16, 6, 16, 3, 16, 7, 16]).to_array(), [1, 250, 2, 251, 3, 252, 4, 253]);
    assert_eq!(low.to_array()[4..], [0; 4]);
    let mut some = [0u8; 9];
    // SAFETY: nine writable bytes.
    unsafe { low.store_bytes_low(some.as_mut_ptr(), 8) };
    assert_eq!(some, [1, 2, 3, 4, 250, 251, 252, 253, 0]);
    // SAFETY: four writable bytes from 5.
    unsafe { low.store_bytes_low(some.as_mut_ptr().add(5), 4) };
    assert_eq!(some[5..], [1, 2, 3, 4]);
    assert_eq!(I16x8::alphas4(px, I16x8::load(&[0, 0, 0, -7, 0, 0, 0, 300])).to_array(), [4, 8, -7, 300]);
    let v = I16x8::load(&[32767, -5, 100, 0, -32768, 300, 255, 256]);
    assert_eq!(v.add_sat(I16x8::splat(1)).to_array(), [32767, -4, 101, 1, -32767, 301, 256, 257]);
    assert_eq!(v.shr(2).to_array(), [8191, -2, 25, 0, -8192, 75, 63, 64]);
    assert_eq!(I16x8::from_quads(0x0004_0003_0002_0001, 0xffff_0007_0006_0005).to_array(), [1, 2, 3, 4, 5, 6, 7, -1]);
    assert_eq!(I16x8::splat(3).shl(2).sub(I16x8::splat(13)).to_array(), [-1; 8]);
    let q = I16x8::load(&[16320, 16320, 100, -100, i16::MIN, 0, 1, 3]).q15mul(I16x8::load(&[16384, 32767, -32768, -32768, i16::MIN, 5, 16384, 16384]));
    assert_eq!(q.to_array(), [8160, 16320, -100, 100, 32767, 0, 1, 2]);
    let bytes: Vec<u8> = (1..=16).collect();
    // SAFETY: 8 i16 readable.
    let l = unsafe { I16x8::load_ptr([1i16, 2, 3, 4, 5, 6, 7, 8].as_ptr()) };
    assert_eq!(l.to_array(), [1, 2, 3, 4, 5, 6, 7, 8]);
    // SAFETY: two readable i16.
    assert_eq!(unsafe { I16x8::load_pair_splat([3i16, -4].as_ptr()) }.to_array(), [3, -4, 3, -4, 3, -4, 3, -4]);
    // SAFETY: 16 readable bytes.
    assert_eq!(unsafe { I16x8::load_u8x8(bytes.as_ptr().add(8)) }.to_array(), [9, 10, 11, 12, 13, 14, 15, 16]);
    let mut b = [0u8; 17];
    I16x8::store_u8_sat(v, I16x8::splat(7), &mut b);
    assert_eq!(b, [255, 0, 100, 0, 0, 255, 255, 255, 7, 7, 7, 7, 7, 7, 7, 7, 0]);
}
