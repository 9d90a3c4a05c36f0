use super::*;
use crate::error::KernelError;
use ResizeCoordinate::*;

fn spec(mode: ResizeMode, coordinate: ResizeCoordinate, planes: usize, lane: usize, axes: Vec<Axis>) -> Spec {
    Spec {
        mode,
        coordinate,
        nearest: ResizeNearest::RoundPreferFloor,
        cubic_a: -0.75,
        exclude_outside: false,
        antialias: false,
        extrapolation: 0.0,
        planes,
        lane,
        axes,
    }
}

fn axis(in_len: usize, out_len: usize, scale: f64) -> Axis {
    Axis { in_len, out_len, scale, roi: [0.0, 1.0] }
}

/// An axis resized to `out_len` with ONNX's sizes rule (scale out/in).
fn sized(in_len: usize, out_len: usize) -> Axis {
    axis(in_len, out_len, out_len as f64 / in_len as f64)
}

fn input(n: usize) -> Vec<f32> {
    (0..n).map(|i| ((i as f32) * 0.37).sin() + (i % 7) as f32 * 0.25).collect()
}

fn run(path: Path, x: &[f32], s: &Spec) -> Vec<f32> {
    let lens: Vec<(usize, usize)> = s.axes.iter().map(|a| (a.in_len, a.out_len)).collect();
    let n = Layout { planes: s.planes, lane: s.lane, lens: &lens }.plane_lens().unwrap().1 * s.planes;
    let mut out = vec![f32::NAN; n];
    resize(path, x, &mut out, s).unwrap();
    out
}

/// The tables applied one axis at a time in float64 over the whole
/// tensor, outermost axis first as the reference does, then the
/// extrapolated outputs filled: what the fused runner must equal.
fn naive(x: &[f32], s: &Spec) -> Vec<f32> {
    let mut dims: Vec<usize> = s.axes.iter().map(|a| a.in_len).collect();
    let mut cur: Vec<f64> = x.iter().map(|&v| v as f64).collect();
    let mut masks = vec![];
    for (k, a) in s.axes.iter().enumerate() {
        let (table, mask) = if a.scale == 0.0 { (None, None) } else { build(s, a).unwrap() };
        masks.push(mask);
        let Some(t) = table else { continue };
        let outer = s.planes * dims[..k].iter().product::<usize>();
        let inner = s.lane * dims[k + 1..].iter().product::<usize>();
        let mut next = vec![0.0; outer * a.out_len * inner];
        for o in 0..outer {
            for j in 0..a.out_len {
                for i in 0..inner {
                    let taps = (0..t.taps).map(|q| t.index[q * a.out_len + j] as usize);
                    let w = |q: usize| if t.taps == 1 { 1.0 } else { t.weight[q * a.out_len + j] as f64 };
                    next[(o * a.out_len + j) * inner + i] = taps.enumerate().map(|(q, src)| w(q) * cur[(o * a.in_len + src) * inner + i]).sum();
                }
            }
        }
        dims[k] = a.out_len;
        cur = next;
    }
    let mut out: Vec<f32> = cur.iter().map(|&v| v as f32).collect();
    let lens: Vec<(usize, usize)> = s.axes.iter().map(|a| (a.in_len, a.out_len)).collect();
    fill(&mut out, Layout { planes: s.planes, lane: s.lane, lens: &lens }, &masks, s.extrapolation);
    out
}

fn close(a: &[f32], b: &[f32], what: &str) {
    assert_eq!(a.len(), b.len(), "{what}");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!((x - y).abs() <= 1e-5 + 1e-5 * y.abs(), "{what}: at {i}: {x} vs {y}");
    }
}

/// Both paths, against each other (bit for bit) and against `naive`.
fn check(s: &Spec, what: &str) {
    let lens: Vec<(usize, usize)> = s.axes.iter().map(|a| (a.in_len, a.out_len)).collect();
    let x = input(Layout { planes: s.planes, lane: s.lane, lens: &lens }.plane_lens().unwrap().0 * s.planes);
    let (v, sc) = (run(Path::Vector, &x, s), run(Path::Scalar, &x, s));
    let bits = |o: &[f32]| o.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&v), bits(&sc), "{what}: vector and scalar paths differ");
    close(&v, &naive(&x, s), what);
}

#[test]
fn vector_equals_scalar_on_odd_sizes() {
    let modes = [ResizeMode::Nearest, ResizeMode::Linear, ResizeMode::Cubic];
    let coordinates = [HalfPixel, HalfPixelSymmetric, PytorchHalfPixel, AlignCorners, Asymmetric, TfHalfPixelForNn];
    for n in [1, 2, 3, 5, 7, 9, 17, 33] {
        for (m, c) in modes.iter().flat_map(|&m| coordinates.iter().map(move |&c| (m, c))) {
            for (i, o) in [(n, 2 * n), (n, n * 3 / 2 + 1), (2 * n + 1, n), (n, 1)] {
                check(&spec(m, c, 2, 1, vec![sized(3, 5), sized(i, o)]), &format!("{m:?} {c:?} {i}->{o}"));
                check(&spec(m, c, 1, 3, vec![sized(i, o), axis(2, 2, 0.0), sized(o, i)]), &format!("{m:?} {c:?} lane 3 {i}->{o}"));
            }
        }
    }
}

#[test]
fn options_on_both_paths() {
    for n in [1, 3, 7, 17] {
        for mode in [ResizeMode::Linear, ResizeMode::Cubic] {
            let mut s = spec(mode, HalfPixel, 1, 1, vec![sized(4 * n + 1, n), sized(n, 2 * n + 1)]);
            s.antialias = true;
            check(&s, &format!("{mode:?} antialias {n}"));
            s.exclude_outside = true;
            s.cubic_a = -0.5;
            check(&s, &format!("{mode:?} antialias exclude_outside {n}"));
        }
        for nearest in [ResizeNearest::RoundPreferFloor, ResizeNearest::RoundPreferCeil, ResizeNearest::Floor, ResizeNearest::Ceil, ResizeNearest::Legacy] {
            let mut s = spec(ResizeMode::Nearest, Asymmetric, 1, 1, vec![axis(n, n * 5 / 3, 5.0 / 3.0), axis(3 * n, n, 0.6)]);
            s.nearest = nearest;
            check(&s, &format!("{nearest:?} {n}"));
        }
    }
}

#[test]
fn any_rank_and_any_axes() {
    // Rank 5 with every axis resized: the runner fuses three axes at most.
    check(&spec(ResizeMode::Linear, HalfPixel, 1, 1, vec![sized(2, 3), sized(3, 2), sized(4, 7), sized(5, 3), sized(3, 9)]), "rank 5");
    // Resizing N and C of NCHW: the spatial axes ride along as the lane.
    check(&spec(ResizeMode::Cubic, AlignCorners, 1, 35, vec![sized(2, 5), sized(3, 2)]), "N and C");
    // Copied axes between resized ones.
    check(&spec(ResizeMode::Nearest, HalfPixel, 3, 2, vec![sized(5, 9), axis(4, 4, 0.0), axis(3, 3, 0.0), sized(6, 4)]), "copied middle axes");
    check(&spec(ResizeMode::Linear, Asymmetric, 1, 1, vec![sized(7, 1)]), "rank 1");
}

#[test]
fn crop_and_resize_extrapolates() {
    let mut s = spec(ResizeMode::Linear, TfCropAndResize, 2, 1, vec![sized(4, 5), sized(6, 7)]);
    s.axes[0].roi = [-0.25, 1.25];
    s.axes[1].roi = [0.3, 0.6];
    s.extrapolation = 7.5;
    check(&s, "roi reaching outside");
    let out = run(Path::Vector, &input(48), &s);
    // Row 0 sits at -0.25·3 = -0.75: outside; row 1 at 0.375.
    assert!(out[..7].iter().all(|&v| v == 7.5) && out[7..14].iter().all(|&v| v != 7.5));
}

#[test]
fn identity_axes_are_copies() {
    // Scale 1 with half-pixel maps every output onto its pixel: no table.
    let s = spec(ResizeMode::Cubic, HalfPixel, 1, 1, vec![sized(5, 5)]);
    let (table, mask) = build(&s, &s.axes[0]).unwrap();
    assert!(table.is_none() && mask.is_none());
    // Nearest is a gather; linear at whole-pixel sources too.
    let s = spec(ResizeMode::Linear, Asymmetric, 1, 1, vec![axis(8, 4, 0.5)]);
    assert_eq!(build(&s, &s.axes[0]).unwrap().0.unwrap().taps, 1);
}

#[test]
fn tables_that_cannot_be_allocated_are_out_of_memory() {
    let s = spec(ResizeMode::Linear, HalfPixel, 1, 1, vec![]);
    let huge = axis(4, usize::MAX / 4, 1e18);
    assert!(matches!(build(&s, &huge), Err(KernelError::OutOfMemory { .. })));
}

#[test]
fn rejects_bad_specs() {
    let mut out = [0.0; 4];
    for a in [axis(2, 3, 0.0), axis(0, 2, 1.0), axis(2, 2, -1.0), axis(2, 2, f64::NAN)] {
        let s = spec(ResizeMode::Linear, HalfPixel, 1, 1, vec![a]);
        assert_eq!(resize(Path::Vector, &[1.0; 4], &mut out, &s), Err(KernelError::BadArgument));
    }
}
