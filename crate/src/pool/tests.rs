use super::*;

fn trivial() -> Axis {
    Axis::sliding(1, 1, 1, 1, 0, 1).unwrap()
}

fn spec2(op: Op, lane: usize, h: Axis, w: Axis) -> Spec {
    Spec { op, planes: 1, lane, axes: [trivial(), h, w] }
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

#[test]
fn sliding_windows_follow_pytorch() {
    // 9, k=4, s=4, p=2 in ceil mode has 3 outputs; the last window is
    // clipped by the input, its padded length by the right padding.
    let a = Axis::sliding(9, 3, 4, 4, 2, 1).unwrap();
    let w: Vec<_> = a.windows.iter().map(|w| (w.start, w.end, w.padded)).collect();
    assert_eq!(w, [(0, 2, 4), (2, 6, 4), (6, 9, 4)]);
    // Dilation 3 with padding 1 on length 2: positions -1 and 2, none inside.
    let e = Axis::sliding(2, 1, 2, 1, 1, 3).unwrap();
    assert_eq!(e.count(&e.windows[0]), 0);
    assert_eq!(e.windows[0].start, 2);
    assert_eq!(Axis::sliding(4, 2, 2, 0, 0, 1).err(), Some(KernelError::BadArgument));
    assert_eq!(Axis::sliding(4, 2, 2, 2, 0, 1 << 31).err(), Some(KernelError::BadArgument));
    assert_eq!(Axis::sliding(4, 1 << 30, 2, 4, 0, 1).err(), Some(KernelError::BadArgument));
    assert_eq!(Axis::sliding(4, 2, 0, 2, 0, 1).err(), Some(KernelError::BadArgument));
}

#[test]
fn window_tables_that_cannot_be_allocated_are_out_of_memory() {
    assert!(matches!(Axis::adaptive(1, usize::MAX / 8), Err(KernelError::OutOfMemory { .. })));
}

#[test]
fn adaptive_windows_overlap_when_uneven() {
    let a = Axis::adaptive(5, 3).unwrap();
    let w: Vec<_> = a.windows.iter().map(|w| (w.start, w.end)).collect();
    assert_eq!(w, [(0, 2), (1, 4), (3, 5)]);
    // i·in exceeds 2^32 here; the windows still tile the axis.
    let long = Axis::adaptive(3_000_000_000, 3).unwrap();
    assert_eq!(long.windows[2], Window { start: 2_000_000_000, end: 3_000_000_000, padded: 1_000_000_000 });
}

#[test]
fn max_ties_nan_and_signed_zero_follow_pytorch() {
    let x = [1.0, f32::NAN, 3.0, f32::NAN, -0.0, 0.0, 2.0, 5.0];
    let spec = spec2(Op::Max, 1, trivial(), Axis::sliding(8, 2, 4, 4, 0, 1).unwrap());
    let (mut out, mut ix) = ([0.0; 2], [0; 2]);
    pool(crate::simd::Path::Vector, &x, &mut out, Some(&mut ix), &spec).unwrap();
    assert!(out[0].is_nan());
    assert_eq!(ix, [3, 7]);
    let spec = spec2(Op::Max, 1, trivial(), Axis::sliding(8, 4, 2, 2, 0, 1).unwrap());
    for vector in [false, true] {
        let mut out = [0.0; 4];
        pool_path(vector, &x, &mut out, None, &spec).unwrap();
        assert_eq!(out[2].to_bits(), (-0.0f32).to_bits());
    }
    // A window of -inf only: the index is its first element (padding skipped).
    let x = [f32::NEG_INFINITY; 4];
    let spec = spec2(Op::Max, 1, trivial(), Axis::sliding(4, 3, 2, 2, 1, 1).unwrap());
    for vector in [false, true] {
        let (mut out, mut ix) = ([0.0; 3], [-1; 3]);
        pool_path(vector, &x, &mut out, Some(&mut ix), &spec).unwrap();
        assert_eq!(ix, [0, 1, 3]);
    }
}

#[test]
fn avg_divisors() {
    let x = [1.0, 2.0, 3.0, 4.0, 5.0];
    let axis = || Axis::sliding(5, 3, 3, 2, 1, 1).unwrap();
    let run = |d| {
        let mut out = [0.0; 3];
        pool(crate::simd::Path::Vector, &x, &mut out, None, &spec2(Op::Avg(d), 1, trivial(), axis())).unwrap();
        out
    };
    assert_eq!(run(Divisor::Real), [1.5, 3.0, 4.5]);
    assert_eq!(run(Divisor::Padded), [1.0, 3.0, 3.0]);
    assert_eq!(run(Divisor::Fixed(2)), [1.5, 4.5, 4.5]);
}

/// W-axis geometries (kernel, stride, pad, dilation) covering the pairs
/// path, contiguous, deinterleaved and gathered taps, padding and ceil overhang.
const W_TAPS: [(usize, usize, usize, usize); 6] = [(2, 2, 0, 1), (3, 1, 1, 1), (3, 2, 1, 1), (2, 3, 1, 2), (4, 3, 2, 1), (1, 1, 0, 1)];

fn w_axis(w: usize, (k, s, p, d): (usize, usize, usize, usize)) -> Axis {
    // The ceil-mode length: the last window may hang past the input.
    let mut out = (w + 2 * p - d * (k - 1) - 1).div_ceil(s) + 1;
    if (out - 1) * s >= w + p {
        out -= 1;
    }
    Axis::sliding(w, out, k, s, p, d).unwrap()
}

/// Vector and scalar paths agree bit for bit over every tail length, on
/// the row path (lane 1) and the channels-last path (lane > 1).
#[test]
fn vector_path_matches_scalar_for_every_tail() {
    for op in [Op::Max, Op::Avg(Divisor::Real), Op::Avg(Divisor::Padded)] {
        for taps in W_TAPS {
            for n in 1..=17 {
                for lane in [1, 2, 3, 4, 5, 7, 8, 17] {
                    let (h, w) = (5, 2 * n + 1);
                    let x: Vec<f32> = (0..h * w * lane).map(|i| ((i * 7 % 13) as f32 * 0.37).sin()).collect();
                    let spec = spec2(op, lane, Axis::sliding(h, 2, 3, 2, 1, 1).unwrap(), w_axis(w, taps));
                    let n = spec.out_len().unwrap();
                    let (mut a, mut b) = (vec![f32::NAN; n], vec![f32::NAN; n]);
                    pool_path(false, &x, &mut a, None, &spec).unwrap();
                    pool_path(true, &x, &mut b, None, &spec).unwrap();
                    assert!(a.iter().all(|v| v.is_finite()));
                    assert_eq!(bits(&a), bits(&b));
                    if op == Op::Max {
                        let (mut ia, mut ib) = (vec![-1; n], vec![-1; n]);
                        pool_path(false, &x, &mut a, Some(&mut ia), &spec).unwrap();
                        pool_path(true, &x, &mut b, Some(&mut ib), &spec).unwrap();
                        assert_eq!(bits(&a), bits(&b));
                        assert_eq!(ia, ib);
                    }
                }
            }
        }
    }
}

/// The row path (channels first) and the per-position walk (channels
/// last, the same data transposed) must give the same bits and indices.
#[test]
fn row_path_equals_the_per_position_walk() {
    let (c, h) = (3, 5);
    for w in [1, 2, 9, 14] {
        let x: Vec<f32> = (0..c * h * w).map(|i| ((i % 7) as f32 * 1.3).cos()).collect();
        let xl: Vec<f32> = (0..h * w * c).map(|i| x[(i % c) * h * w + i / c]).collect();
        let sliding = W_TAPS.into_iter().filter(|&(k, _, p, d)| (k - 1) * d < w + 2 * p).map(Some);
        // None: adaptive windows (3 outputs, and w + 2 overlapping ones).
        for taps in sliding.chain([None, None]).enumerate() {
            for op in [Op::Max, Op::Avg(Divisor::Real), Op::Avg(Divisor::Padded)] {
                for vector in [false, true] {
                    let w_axis = || match taps {
                        (_, Some(t)) => w_axis(w, t),
                        (i, None) => Axis::adaptive(w, if i % 2 == 0 { 3 } else { w + 2 }).unwrap(),
                    };
                    let axes = || [trivial(), Axis::sliding(h, 3, 2, 2, 1, 1).unwrap(), w_axis()];
                    let first = Spec { op, planes: c, lane: 1, axes: axes() };
                    let last = Spec { op, planes: 1, lane: c, axes: axes() };
                    let n = first.out_len().unwrap();
                    let (mut a, mut b) = (vec![f32::NAN; n], vec![f32::NAN; n]);
                    let (mut ia, mut ib) = (vec![-1; n], vec![-1; n]);
                    let indexed = op == Op::Max;
                    pool_path(vector, &x, &mut a, indexed.then_some(&mut ia[..]), &first).unwrap();
                    pool_path(vector, &xl, &mut b, indexed.then_some(&mut ib[..]), &last).unwrap();
                    let m = n / c;
                    for i in 0..n {
                        assert_eq!(b[i].to_bits(), a[(i % c) * m + i / c].to_bits(), "{taps:?} {op:?} w={w}");
                        assert_eq!(ib[i], ia[(i % c) * m + i / c]);
                    }
                }
            }
        }
    }
}

/// Every small 1-D geometry (lengths 1-9, kernels 1-5, strides 1-3,
/// dilations 1-2, any legal padding, floor and ceil): the row path with
/// both vector settings equals the per-position walk, indices included.
#[test]
fn row_path_covers_every_small_geometry() {
    let lane = 2;
    for w in 1..=9 {
        let x: Vec<f32> = (0..w).map(|i| ((i * 5 % 7) as f32).sin()).collect();
        let xl: Vec<f32> = x.iter().flat_map(|&v| [v; 2]).collect();
        for (k, s, d) in (1..=5usize).flat_map(|k| (1..=3).flat_map(move |s| (1..=2).map(move |d| (k, s, d)))) {
            for p in 0..=((k - 1) * d).div_ceil(2) {
                for ceil in [false, true] {
                    let span = (w + 2 * p) as isize - (d * (k - 1) + 1) as isize;
                    let mut out = (span + if ceil { s as isize - 1 } else { 0 }).div_euclid(s as isize) + 1;
                    if ceil && (out - 1) * s as isize >= (w + p) as isize {
                        out -= 1;
                    }
                    if out < 1 {
                        continue;
                    }
                    let axis = || Axis::sliding(w, out as usize, k, s, p, d).unwrap();
                    for op in [Op::Max, Op::Avg(Divisor::Padded)] {
                        let indexed = op == Op::Max;
                        let n = out as usize;
                        let last = spec2(op, lane, trivial(), axis());
                        let (mut b, mut ib) = (vec![f32::NAN; n * lane], vec![-1; n * lane]);
                        pool_path(false, &xl, &mut b, indexed.then_some(&mut ib[..]), &last).unwrap();
                        for vector in [false, true] {
                            let first = spec2(op, 1, trivial(), axis());
                            let (mut a, mut ia) = (vec![f32::NAN; n], vec![-1; n]);
                            pool_path(vector, &x, &mut a, None, &first).unwrap();
                            if indexed {
                                pool_path(vector, &x, &mut vec![0.0; n], Some(&mut ia[..]), &first).unwrap();
                            }
                            for j in 0..n {
                                assert_eq!(a[j].to_bits(), b[j * lane].to_bits(), "w={w} k={k} s={s} d={d} p={p} ceil={ceil} {op:?}");
                                if indexed {
                                    assert_eq!(ia[j], ib[j * lane]);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn indices_agree_with_values_on_both_layouts() {
    let (c, h, w) = (3, 5, 6);
    let x: Vec<f32> = (0..c * h * w).map(|i| ((i * 5 % 11) as f32).round()).collect();
    let axes = || (Axis::sliding(h, 3, 2, 2, 1, 1).unwrap(), Axis::sliding(w, 2, 3, 2, 1, 2).unwrap());
    let (ah, aw) = axes();
    let first = Spec { op: Op::Max, planes: c, lane: 1, axes: [trivial(), ah, aw] };
    let (ah, aw) = axes();
    let last = Spec { op: Op::Max, planes: 1, lane: c, axes: [trivial(), ah, aw] };
    let xl: Vec<f32> = (0..h * w * c).map(|i| x[(i % c) * h * w + i / c]).collect();
    let (mut a, mut ia) = (vec![f32::NAN; 6 * c], vec![-1; 6 * c]);
    let (mut b, mut ib) = (vec![f32::NAN; 6 * c], vec![-1; 6 * c]);
    pool(crate::simd::Path::Vector, &x, &mut a, Some(&mut ia), &first).unwrap();
    pool(crate::simd::Path::Vector, &xl, &mut b, Some(&mut ib), &last).unwrap();
    let mut plain = vec![f32::NAN; 6 * c];
    pool(crate::simd::Path::Vector, &x, &mut plain, None, &first).unwrap();
    assert_eq!(bits(&a), bits(&plain));
    for i in 0..6 * c {
        let (ch, o) = (i % c, i / c);
        assert_eq!(b[i].to_bits(), a[ch * 6 + o].to_bits());
        assert_eq!(ib[i], ia[ch * 6 + o]);
        assert_eq!(x[ch * h * w + ia[ch * 6 + o] as usize], a[ch * 6 + o]);
    }
}

#[test]
fn rejects_what_could_overrun() {
    let spec = spec2(Op::Max, 1, trivial(), Axis::sliding(4, 2, 2, 2, 0, 1).unwrap());
    assert_eq!(pool(crate::simd::Path::Vector, &[0.0; 3], &mut [0.0; 2], None, &spec), Err(KernelError::BadBuffer));
    assert_eq!(pool(crate::simd::Path::Vector, &[0.0; 4], &mut [0.0; 1], None, &spec), Err(KernelError::BadBuffer));
    assert_eq!(pool(crate::simd::Path::Vector, &[0.0; 4], &mut [0.0; 2], Some(&mut [0; 1]), &spec), Err(KernelError::BadBuffer));
    let avg = spec2(Op::Avg(Divisor::Real), 1, trivial(), Axis::sliding(4, 2, 2, 2, 0, 1).unwrap());
    assert_eq!(pool(crate::simd::Path::Vector, &[0.0; 4], &mut [0.0; 2], Some(&mut [0; 2]), &avg), Err(KernelError::BadArgument));
}

/// ONNX's geometry: every small axis with begin and end pads below the
/// kernel, floor and ceil. The windows equal a brute-force listing of
/// their positions (the divisor counts those in `[−pad, in + pad_end)`),
/// and both paths agree over tails of 1 to 33 outputs.
#[test]
fn asymmetric_pads_match_brute_force_on_both_paths() {
    for w in [1, 2, 3, 5, 7, 9, 17, 33] {
        let x: Vec<f32> = (0..w).map(|i| ((i * 5 % 7) as f32 * 0.9).sin()).collect();
        for (k, s, d) in (1..=4usize).flat_map(|k| (1..=3).flat_map(move |s| (1..=2).map(move |d| (k, s, d)))) {
            for (pb, pe, ceil) in (0..k).flat_map(|a| (0..k).flat_map(move |b| [(a, b, false), (a, b, true)])) {
                let span = (w + pb + pe) as isize - (d * (k - 1) + 1) as isize;
                let mut out = (span + if ceil { s as isize - 1 } else { 0 }).div_euclid(s as isize) + 1;
                if ceil && (out - 1) * s as isize >= (w + pb) as isize {
                    out -= 1;
                }
                if out < 1 {
                    continue;
                }
                let axis = || Axis::padded(w, out as usize, Taps { kernel: k, stride: s, pad: pb, dilation: d }, pe).unwrap();
                for (i, win) in axis().windows.iter().enumerate() {
                    let at: Vec<isize> = (0..k).map(|t| (i * s + t * d) as isize - pb as isize).collect();
                    let inside: Vec<usize> = at.iter().filter(|&&p| p >= 0 && p < w as isize).map(|&p| p as usize).collect();
                    let padded = at.iter().filter(|&&p| p < (w + pe) as isize).count();
                    assert_eq!((win.start, win.padded), (inside.first().copied().unwrap_or(win.start), padded));
                    assert_eq!(axis().count(win), inside.len(), "w={w} k={k} s={s} d={d} pads={pb},{pe}");
                }
                for op in [Op::Max, Op::Avg(Divisor::Real), Op::Avg(Divisor::Padded)] {
                    let spec = spec2(op, 1, trivial(), axis());
                    let n = out as usize;
                    let (mut a, mut b) = (vec![f32::NAN; n], vec![f32::NAN; n]);
                    let indexed = op == Op::Max;
                    let (mut ia, mut ib) = (vec![-1; n], vec![-1; n]);
                    pool_path(false, &x, &mut a, indexed.then_some(&mut ia[..]), &spec).unwrap();
                    pool_path(true, &x, &mut b, indexed.then_some(&mut ib[..]), &spec).unwrap();
                    assert_eq!(bits(&a), bits(&b));
                    assert_eq!(ia, ib);
                    pool_path(true, &x, &mut b, None, &spec).unwrap();
                    assert_eq!(bits(&a), bits(&b));
                }
            }
        }
    }
}

#[test]
fn whole_tensor_indices_add_the_plane_and_follow_the_storage_order() {
    let dims = [2, 3, 4];
    let local: Vec<i32> = (0..24).rev().collect();
    for column_major in [false, true] {
        let mut ix: Vec<i32> = local.iter().chain(&local).copied().collect();
        whole_tensor_indices(&mut ix, 2, dims, column_major);
        for (i, &v) in ix.iter().enumerate() {
            let at = local[i % 24] as usize;
            let (a0, a1, a2) = (at / 12, at / 4 % 3, at % 4);
            let want = if column_major { a0 + 2 * a1 + 6 * a2 } else { at } + 24 * (i / 24);
            assert_eq!(v as usize, want);
        }
    }
}
