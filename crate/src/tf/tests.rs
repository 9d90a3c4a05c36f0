use super::*;

const SWEEP: [usize; 8] = [1, 2, 3, 5, 7, 9, 17, 33];
const METHODS: [Method; 7] = [Method::Bilinear, Method::Bicubic, Method::Area, Method::Lanczos3, Method::Lanczos5, Method::Gaussian, Method::MitchellCubic];

fn spec(method: Method, antialias: bool, channels: usize, height: (usize, usize), width: (usize, usize)) -> Spec {
    Spec { method, antialias, batch: 2, channels, height, width }
}

fn run(path: Path, x: &[f32], s: &Spec) -> Vec<f32> {
    let mut out = vec![f32::NAN; s.lens().unwrap().1];
    resize(path, x, &mut out, s).unwrap();
    out
}

/// The vector path equals the scalar oracle bit for bit on every tail,
/// writes every output, and keeps a constant image constant.
#[test]
fn vector_matches_scalar_on_odd_sizes() {
    for method in METHODS {
        for antialias in [false, true] {
            for (k, &i) in SWEEP.iter().enumerate() {
                let o = SWEEP[(k * 3 + 2) % SWEEP.len()];
                let channels = 1 + k % 4;
                let s = spec(method, antialias, channels, (o, i), (i, o));
                let x: Vec<f32> = (0..s.lens().unwrap().0).map(|v| (v as f32 * 0.61).sin()).collect();
                let (a, b) = (run(Path::Scalar, &x, &s), run(Path::Vector, &x, &s));
                assert!(a.iter().all(|v| v.is_finite()), "{method:?} {i}->{o}");
                assert_eq!(a.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), b.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
                let flat = run(Path::Vector, &vec![3.0; x.len()], &s);
                assert!(flat.iter().all(|v| (v - 3.0).abs() < 1e-5), "{method:?} {i}->{o}: {flat:?}");
            }
        }
    }
}

/// TF's worked example in resize_area_op.cc: 4 -> 3 averages in[0] + in[1]/3, ...
#[test]
fn area_example() {
    let s = Spec { method: Method::Area, antialias: false, batch: 1, channels: 1, height: (1, 1), width: (4, 3) };
    let x = [3.0, 6.0, 9.0, 12.0];
    let out = run(Path::Scalar, &x, &s);
    let want = [(3.0 + 2.0) * 0.75, (4.0 + 6.0) * 0.75, (3.0 + 12.0) * 0.75];
    assert!(out.iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-5), "{out:?}");
}

#[test]
fn nearest_picks_half_pixel_floor_for_bytes_and_floats() {
    let s = Spec { method: Method::Nearest, antialias: false, batch: 1, channels: 2, height: (1, 1), width: (5, 3) };
    let x: Vec<u8> = (0..10).collect();
    let mut out = [0u8; 6];
    nearest(&x, &mut out, &s, 1).unwrap();
    // 5 -> 3: floor((j + 0.5)·5/3) = 0, 2, 4.
    assert_eq!(out, [0, 1, 4, 5, 8, 9]);
    let xf: Vec<u8> = x.iter().flat_map(|&v| f32::from(v).to_le_bytes()).collect();
    let mut of = [0xffu8; 24];
    nearest(&xf, &mut of, &s, 4).unwrap();
    let floats: Vec<f32> = of.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
    assert_eq!(floats, [0.0, 1.0, 4.0, 5.0, 8.0, 9.0]);
}

#[test]
fn bytes_resize_as_their_float_values() {
    let s = spec(Method::Bilinear, true, 3, (7, 3), (9, 4));
    let x: Vec<u8> = (0..s.lens().unwrap().0).map(|v| (v * 37 % 256) as u8).collect();
    let mut out = vec![f32::NAN; s.lens().unwrap().1];
    resize_u8(Path::Vector, &x, &mut out, &s).unwrap();
    let xf: Vec<f32> = x.iter().map(|&v| f32::from(v)).collect();
    assert_eq!(out, run(Path::Vector, &xf, &s));
}

#[test]
fn rejects_zero_sizes_and_short_buffers() {
    let s = spec(Method::Bilinear, false, 1, (0, 2), (2, 2));
    assert_eq!(resize(Path::Vector, &[0.0; 4], &mut [0.0; 8], &s), Err(KernelError::BadArgument));
    let s = spec(Method::Bilinear, false, 1, (2, 2), (2, 2));
    assert_eq!(resize(Path::Vector, &[0.0; 3], &mut [0.0; 8], &s), Err(KernelError::BadArgument));
}

/// The interleaved width axis (few channels) computes exactly what the
/// channels-as-lanes layout computes, on both paths.
#[test]
fn interleaved_width_equals_channel_lanes() {
    for (k, method) in METHODS.into_iter().enumerate() {
        for channels in [1, 2, 3, 4, 9] {
            let o = SWEEP[(k + channels) % SWEEP.len()];
            let s = spec(method, k % 2 == 0, channels, (9, o), (17, 34 - o));
            let x: Vec<f32> = (0..s.lens().unwrap().0).map(|v| (v as f32 * 0.37).cos()).collect();
            let [h, w] = tables::axes(&s).unwrap();
            let mut lanes = vec![f32::NAN; s.lens().unwrap().1];
            let layout = Layout { planes: s.batch, lane: channels, lens: &[s.height, s.width] };
            resample(Path::Scalar, &x, &mut lanes, layout, &[Some(h), Some(w)]).unwrap();
            for path in [Path::Scalar, Path::Vector] {
                let [h, w] = tables::axes(&s).unwrap();
                let lens = [s.height, (s.width.0 * channels, s.width.1 * channels)];
                let mut flat = vec![f32::NAN; lanes.len()];
                resample(path, &x, &mut flat, Layout { planes: s.batch, lane: 1, lens: &lens }, &[Some(h), Some(w.interleaved(channels).unwrap())]).unwrap();
                assert_eq!(
                    flat.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                    lanes.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                    "{method:?} c={channels}"
                );
            }
        }
    }
}
