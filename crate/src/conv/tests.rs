//! The conv family's properties, on both paths: the worked example, the
//! adjoint, zero insertion, padding modes, channels-last, non-finite values
//! and the limits of the spec.
use super::*;

/// An axis padded by `padding` at the start and `padding + extra` at the
/// end (transposed: `padding − extra`, `extra` the output padding).
pub fn axis(in_len: usize, kernel: usize, stride: usize, padding: isize, dilation: usize, extra: isize, transposed: bool) -> Axis {
    let (n, s, span) = (in_len as isize, stride as isize, (dilation * (kernel - 1)) as isize);
    let out_len = if transposed { (n - 1) * s + span + 1 + extra - 2 * padding } else { (n + 2 * padding + extra - span - 1).div_euclid(s) + 1 };
    Axis { in_len, out_len: out_len as usize, kernel, stride, padding, dilation, mode: Mode::Constant }
}

/// The worked example of Dumoulin & Visin's convolution arithmetic: 2x2 input, 3x3 kernel, S=2, P=1, Pout=1.
#[test]
fn worked_transposed_example_is_pytorch() {
    let a = axis(2, 3, 2, 1, 1, 1, true);
    assert_eq!(a.out_len, 4);
    let spec = Spec { transposed: true, batch: 1, in_channels: 1, out_channels: 1, groups: 1, axes: [Axis::UNIT, a, a] };
    let x = [2.0, 3.0, 5.0, 7.0];
    let w = [11.0, 13.0, 17.0, 19.0, 23.0, 29.0, 31.0, 37.0, 41.0]; // k1..k9
    for vector in [false, true] {
        let mut out = [f32::NAN; 16];
        let src = Dense { x: &x, channels: 1, dims: [1, 2, 2] };
        if vector {
            simd128::run(&src, &w, None, &mut out, &spec).unwrap();
        } else {
            scalar::run(&src, &w, None, &mut out, &spec).unwrap();
        }
        assert_eq!(out, [46., 115., 69., 87., 139., 337., 202., 242., 115., 278., 161., 203., 185., 422., 259., 287.]);
    }
}

struct Rng(u32);
impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (self.0 >> 8) as usize % n
    }
    fn values(&mut self, n: usize) -> Vec<f32> {
        (0..n).map(|_| self.next(4096) as f32 / 1024.0 - 2.0).collect()
    }
}

/// A random valid spec of `rank` spatial axes; W of length `w_in`.
fn random_spec(r: &mut Rng, rank: usize, transposed: bool, w_in: usize) -> Spec {
    let groups = 1 + r.next(3);
    let mut axes = [Axis::UNIT; 3];
    for (i, a) in axes.iter_mut().enumerate().skip(3 - rank) {
        let in_len = if i == 2 { w_in } else { 1 + r.next(5) };
        let (kernel, stride, dilation) = (1 + r.next(4), 1 + r.next(3), 1 + r.next(2));
        let span = (dilation * (kernel - 1)) as isize;
        // Asymmetric: the end padding differs from the start by `extra`;
        // transposed, either may be negative (a crop, or output added).
        let (padding, extra) = if transposed {
            (r.next(span as usize + 3) as isize - 1, r.next(stride.max(dilation) + 2) as isize - 1)
        } else {
            (r.next(kernel) as isize, r.next(kernel + 1) as isize)
        };
        let fits =
            if transposed { (in_len as isize - 1) * stride as isize + span + extra >= 2 * padding } else { in_len as isize + 2 * padding + extra > span };
        *a = if fits { axis(in_len, kernel, stride, padding, dilation, extra, transposed) } else { axis(in_len, 1, stride, 0, 1, 0, transposed) };
    }
    Spec { transposed, batch: 1 + r.next(2), in_channels: groups * (1 + r.next(3)), out_channels: groups * (1 + r.next(6)), groups, axes }
}

fn both_paths(spec: &Spec, x: &[f32], w: &[f32], bias: Option<&[f32]>) -> (Vec<f32>, Vec<f32>) {
    let src = Dense { x, channels: spec.in_channels, dims: spec.axes.map(|a| a.in_len) };
    let mut a = vec![f32::NAN; spec.out_len()];
    let mut b = a.clone();
    scalar::run(&src, w, bias, &mut a, spec).unwrap();
    simd128::run(&src, w, bias, &mut b, spec).unwrap();
    (a, b)
}

/// `conv` on both paths, as the boundary calls it.
pub fn dispatched(spec: &Spec, x: &[f32], w: &[f32], bias: Option<&[f32]>) -> [Vec<f32>; 2] {
    [Path::Scalar, Path::Vector].map(|path| {
        let mut out = vec![f32::NAN; spec.out_len()];
        conv(path, x, w, bias, &mut out, spec).unwrap();
        out
    })
}

/// Bits, every NaN alike: the paths may carry different NaN payloads.
pub fn pattern(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| if x.is_nan() { u32::MAX } else { x.to_bits() }).collect()
}

/// Reflect, replicate and circular padding read through the axes' maps
/// give exactly what padding the input (`pad`) and convolving without
/// padding gives, on both paths, over every rank and tail length.
#[test]
fn padding_modes_equal_padding_first() {
    use crate::pad;
    let mut r = Rng(17);
    for mode in [Mode::Reflect, Mode::Replicate, Mode::Circular, Mode::Constant] {
        for rank in 1..=3 {
            for w_in in [1, 2, 3, 5, 7, 9, 17, 33] {
                let mut spec = random_spec(&mut r, rank, false, w_in);
                for a in spec.axes.iter_mut().skip(3 - rank) {
                    let limit = if mode == Mode::Reflect { a.in_len - 1 } else { a.in_len };
                    let padding = a.padding.min(limit as isize);
                    let kernel = a.kernel.min(limit + 1).min(a.in_len + 2 * padding as usize);
                    *a = Axis { mode, ..axis(a.in_len, kernel, a.stride, padding, a.dilation.min(1), 0, false) };
                }
                let x = r.values(spec.in_len());
                let w = r.values(spec.weight_len());
                let axes = spec.axes.iter().map(|a| pad::Axis { in_len: a.in_len, out_len: a.in_len + 2 * a.padding as usize, left: a.padding }).collect();
                let pspec = pad::Spec { mode, value: 0.0, outer: spec.batch * spec.in_channels, axes };
                let mut padded = vec![f32::NAN; pspec.lens().unwrap().1];
                pad::pad(Path::Scalar, &x, &mut padded, &pspec).unwrap();
                let plain =
                    Spec { axes: spec.axes.map(|a| Axis { in_len: a.in_len + 2 * a.padding as usize, padding: 0, mode: Mode::Constant, ..a }), ..spec.clone() };
                let [want_s, want_v] = dispatched(&plain, &padded, &w, None);
                let [got_s, got_v] = dispatched(&spec, &x, &w, None);
                assert_eq!(pattern(&got_s), pattern(&want_s), "{spec:?}");
                assert_eq!(pattern(&got_v), pattern(&want_v), "{spec:?}");
                assert_eq!(pattern(&got_v), pattern(&got_s), "{spec:?}");
            }
        }
    }
}

/// Channels-last in and out is the channels-first result transposed, bit
/// for bit, forward and transposed (Winograd included).
#[test]
fn channels_last_is_channels_first_transposed() {
    let mut r = Rng(23);
    let mut specs: Vec<Spec> = (0..24).map(|i| random_spec(&mut r, 1 + i % 3, i % 2 == 1, 1 + i % 9)).collect();
    let (h, w) = (axis(3, 4, 2, 1, 1, 0, true), axis(5, 4, 2, 1, 1, 1, true));
    specs.push(Spec { transposed: true, batch: 2, in_channels: 4, out_channels: 8, groups: 1, axes: [Axis::UNIT, h, w] });
    for spec in specs {
        let (x, w) = (r.values(spec.in_len()), r.values(spec.weight_len()));
        let sp = |len: fn(&Axis) -> usize| spec.axes.iter().map(len).product::<usize>();
        let (s_in, s_out) = (sp(|a| a.in_len), sp(|a| a.out_len));
        let mut xl = vec![0.0; x.len()];
        for b in 0..spec.batch {
            transpose(
                &x[b * s_in * spec.in_channels..][..s_in * spec.in_channels],
                &mut xl[b * s_in * spec.in_channels..][..s_in * spec.in_channels],
                spec.in_channels,
                s_in,
            );
        }
        for path in [Path::Scalar, Path::Vector] {
            let mut first = vec![f32::NAN; spec.out_len()];
            conv(path, &x, &w, None, &mut first, &spec).unwrap();
            let mut last = vec![f32::NAN; spec.out_len()];
            conv_channels_last(path, &xl, &w, None, &mut last, &spec).unwrap();
            for (b, block) in last.chunks_exact(s_out * spec.out_channels).enumerate() {
                for (i, v) in block.iter().enumerate() {
                    let (s, c) = (i / spec.out_channels, i % spec.out_channels);
                    assert_eq!(v.to_bits(), first[(b * spec.out_channels + c) * s_out + s].to_bits(), "{spec:?}");
                }
            }
        }
    }
}

/// An infinite weight on a tap that reads padding adds nothing on
/// either path (0·inf would be NaN), forward and transposed.
#[test]
fn padding_with_an_infinite_weight_adds_nothing() {
    let (x, inf) = ([1.0, 2.0, 3.0], f32::INFINITY);
    for (transposed, w) in [(false, [inf, 1.0, 1.0]), (true, [1.0, 1.0, inf])] {
        let a = axis(3, 3, 1, 1, 1, 0, transposed);
        let spec = Spec { transposed, batch: 1, in_channels: 1, out_channels: 1, groups: 1, axes: [Axis::UNIT, Axis::UNIT, a] };
        for out in dispatched(&spec, &x, &w, None) {
            assert_eq!(out, [3.0, inf, inf], "transposed: {transposed}");
        }
    }
}

/// ±inf and NaN in the weights (next to padding, at random) or in the
/// input: both paths give the same numbers, NaN where the other has NaN.
#[test]
fn non_finite_values_agree_on_both_paths() {
    let mut r = Rng(13);
    let specials = [f32::INFINITY, f32::NEG_INFINITY, f32::NAN];
    for transposed in [false, true] {
        for rank in 1..=3 {
            for w_in in 1..=9 {
                let spec = random_spec(&mut r, rank, transposed, w_in);
                let (x, w) = (r.values(spec.in_len()), r.values(spec.weight_len()));
                // The first tap of the first filter reads padding wherever padding is.
                let (mut xs, mut ws) = (x.clone(), w.clone());
                ws[0] = specials[r.next(3)];
                for _ in 0..2 {
                    ws[r.next(w.len())] = specials[r.next(3)];
                    xs[r.next(x.len())] = specials[r.next(3)];
                }
                for (x, w) in [(&x, &ws), (&xs, &w), (&xs, &ws)] {
                    let [a, b] = dispatched(&spec, x, w, None);
                    assert_eq!(pattern(&a), pattern(&b), "{spec:?}");
                }
            }
        }
    }
}

#[test]
fn vector_path_matches_scalar_bit_for_bit() {
    let mut r = Rng(7);
    for transposed in [false, true] {
        for rank in 1..=3 {
            for w_in in 1..=17 {
                let spec = random_spec(&mut r, rank, transposed, w_in);
                spec.check().unwrap();
                let x = r.values(spec.in_len());
                let w = r.values(spec.weight_len());
                let bias = r.values(spec.out_channels);
                let (a, b) = both_paths(&spec, &x, &w, (w_in % 2 == 0).then_some(&bias[..]));
                assert!(a.iter().all(|v| v.is_finite()), "{spec:?}");
                assert_eq!(a.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), b.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), "{spec:?}");
            }
        }
    }
}

/// Transposed convolution by zero insertion, independent of both paths: insert S−1 zeros
/// between inputs, pad by D(K−1)−P (plus the output padding at the end)
/// and correlate at stride 1 with the kernel rotated 180 degrees.
#[test]
fn transposed_equals_zero_insertion_with_rotated_kernel() {
    let mut r = Rng(11);
    for _ in 0..40 {
        let (i_len, k, s, d) = (1 + r.next(6), 1 + r.next(4), 1 + r.next(3), 1 + r.next(2));
        let span = d * (k - 1);
        // Start padding from −1 (output before the full one's start) to past
        // the middle, end padding anywhere that leaves an output.
        let p = r.next(span / 2 + 3) as isize - 1;
        let extra = (r.next(s.max(d) + 3) as isize - 2).max(2 * p - ((i_len - 1) * s + span) as isize);
        let a = axis(i_len, k, s, p, d, extra, true);
        let (cin, cout) = (1 + r.next(3), 1 + r.next(3));
        let spec = Spec { transposed: true, batch: 1, in_channels: cin, out_channels: cout, groups: 1, axes: [Axis::UNIT, Axis::UNIT, a] };
        let x = r.values(spec.in_len());
        let w = r.values(spec.weight_len());
        let (ours, _) = both_paths(&spec, &x, &w, None);
        let lead = span as isize - p;
        for co in 0..cout {
            for o in 0..a.out_len {
                let mut want = 0.0f64;
                for ci in 0..cin {
                    // Virtual input: v[m] = x[(m − lead)/S] where divisible and in range.
                    for kk in 0..k {
                        let m = o as isize + (kk * d) as isize - lead;
                        if m < 0 || m % s as isize != 0 || m as usize / s >= i_len {
                            continue;
                        }
                        let rot = k - 1 - kk;
                        want += x[ci * i_len + m as usize / s] as f64 * w[(ci * cout + co) * k + rot] as f64;
                    }
                }
                let got = ours[co * a.out_len + o] as f64;
                assert!((got - want).abs() < 1e-4, "{a:?}: {got} vs {want}");
            }
        }
    }
}

/// <conv(x, w), y> = <x, conv_transpose(y, w)>: the convolution matrix C and its transpose Cᵀ.
#[test]
fn transposed_is_the_adjoint() {
    let mut r = Rng(5);
    for rank in 1..=3 {
        for _ in 0..10 {
            let w_in = 1 + r.next(12);
            let fwd = random_spec(&mut r, rank, false, w_in);
            let axes = fwd.axes.map(|a| Axis { in_len: a.out_len, out_len: a.in_len, ..a });
            let back = Spec { transposed: true, in_channels: fwd.out_channels, out_channels: fwd.in_channels, axes, ..fwd.clone() };
            back.check().unwrap_or_else(|_| panic!("{fwd:?} {back:?}"));
            let x = r.values(fwd.in_len());
            let y = r.values(fwd.out_len());
            let w = r.values(fwd.weight_len());
            let (cx, _) = both_paths(&fwd, &x, &w, None);
            let (_, ty) = both_paths(&back, &y, &w, None);
            let lhs: f64 = cx.iter().zip(&y).map(|(a, b)| *a as f64 * *b as f64).sum();
            let rhs: f64 = x.iter().zip(&ty).map(|(a, b)| *a as f64 * *b as f64).sum();
            assert!((lhs - rhs).abs() < 1e-3 * (1.0 + lhs.abs()), "{fwd:?}: {lhs} vs {rhs}");
        }
    }
}

/// A W axis whose two taps lie 2^61 apart (one input, one output) needs
/// a band copy of 2^61 floats per row on the vector path: out of
/// memory, and the output untouched. The scalar path needs no band.
#[test]
fn scratch_that_cannot_be_allocated_is_out_of_memory() {
    let d = 1usize << 61;
    let a = Axis { in_len: 1, out_len: 1, kernel: 2, stride: 1, padding: (d / 2) as isize, dilation: d, mode: Mode::Constant };
    let spec = Spec { transposed: false, batch: 1, in_channels: 1, out_channels: 1, groups: 1, axes: [Axis::UNIT, Axis::UNIT, a] };
    spec.check().unwrap();
    let mut out = [f32::NAN];
    assert!(matches!(conv(Path::Vector, &[1.0], &[2.0, 3.0], Some(&[0.5]), &mut out, &spec), Err(KernelError::OutOfMemory { .. })));
    assert!(out[0].is_nan());
    conv(Path::Scalar, &[1.0], &[2.0, 3.0], Some(&[0.5]), &mut out, &spec).unwrap();
    assert_eq!(out, [0.5]);
}

#[test]
fn rejects_geometry_whose_arithmetic_overflows() {
    let a = axis(5, 3, 1, 0, 1, 0, false);
    let good = Spec { transposed: false, batch: 1, in_channels: 1, out_channels: 1, groups: 1, axes: [Axis::UNIT, Axis::UNIT, a] };
    let huge = usize::MAX / 2 + 1;
    for t in [false, true] {
        let far = Axis { dilation: huge, ..a };
        assert_eq!(Spec { transposed: t, axes: [Axis::UNIT, Axis::UNIT, far], ..good.clone() }.check(), Err(KernelError::BadArgument));
    }
    assert_eq!(Spec { batch: huge, in_channels: 2, out_channels: 2, ..good.clone() }.check(), Err(KernelError::BadArgument));
    assert_eq!(Spec { out_channels: huge, ..good.clone() }.check(), Err(KernelError::BadArgument));
}

#[test]
fn rejects_inconsistent_specs() {
    let a = axis(5, 3, 1, 0, 1, 0, false);
    let good = Spec { transposed: false, batch: 1, in_channels: 4, out_channels: 6, groups: 2, axes: [Axis::UNIT, Axis::UNIT, a] };
    assert!(good.check().is_ok());
    assert!(Spec { groups: 4, ..good.clone() }.check().is_err());
    assert!(Spec { axes: [Axis::UNIT, Axis::UNIT, Axis { out_len: 0, ..a }], ..good.clone() }.check().is_err());
    assert!(Spec { axes: [Axis::UNIT, Axis::UNIT, Axis { in_len: 0, ..a }], ..good.clone() }.check().is_err());
    let t = axis(3, 3, 2, 0, 1, 1, true);
    let tspec = Spec { transposed: true, axes: [Axis::UNIT, Axis::UNIT, t], ..good.clone() };
    assert!(tspec.check().is_ok());
    let reflect = Axis { mode: Mode::Reflect, ..t };
    assert!(Spec { axes: [Axis::UNIT, Axis::UNIT, reflect], ..tspec }.check().is_err());
    let mut out = vec![0.0; 100];
    assert_eq!(conv(crate::simd::Path::Vector, &[0.0; 3], &[0.0; 100], None, &mut out, &good), Err(KernelError::BadBuffer));
}

/// The tiled transpose against its definition, over every tile and edge shape.
#[test]
fn transpose_moves_every_element() {
    for rows in 1..=35 {
        for cols in [1, 2, 3, 4, 5, 7, 16, 17, 33] {
            let src: Vec<f32> = (0..2 * rows * cols).map(|i| i as f32).collect();
            let mut dst = vec![f32::NAN; src.len()];
            transpose(&src, &mut dst, rows, cols);
            for b in 0..2 {
                for i in 0..rows {
                    for j in 0..cols {
                        assert_eq!(dst[(b * cols + j) * rows + i], src[(b * rows + i) * cols + j], "{rows}x{cols}");
                    }
                }
            }
        }
    }
}
