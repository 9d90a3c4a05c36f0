use super::*;

fn spec(method: CvMethod, h: usize, w: usize, c: usize, oh: usize, ow: usize) -> Spec {
    Spec { method, h, w, c, oh, ow, inv: [oh as f64 / h as f64, ow as f64 / w as f64] }
}

fn noise(n: usize, seed: u32) -> Vec<u8> {
    let mut s = seed.wrapping_mul(2654435761).wrapping_add(1);
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            (s >> 24) as u8
        })
        .collect()
}

const METHODS: [CvMethod; 7] =
    [CvMethod::Nearest, CvMethod::Linear, CvMethod::Cubic, CvMethod::Area, CvMethod::Lanczos4, CvMethod::LinearExact, CvMethod::NearestExact];

#[test]
fn vector_and_scalar_paths_agree_and_write_everything() {
    for &n in &[1usize, 2, 3, 5, 7, 9, 17, 33] {
        for c in [1, 3, 4] {
            for m in METHODS {
                for (oh, ow) in [(n, (n / 2).max(1)), (2 * n, n + 1), (n.div_ceil(2), n.div_ceil(2))] {
                    let s = spec(m, n, n + 1, c, oh, ow);
                    let x = noise(s.in_len(), n as u32);
                    let mut a = vec![7u8; s.out_len()];
                    let mut b = vec![9u8; s.out_len()];
                    resize(Path::Vector, &x, &mut a, &s).unwrap();
                    resize(Path::Scalar, &x, &mut b, &s).unwrap();
                    assert_eq!(a, b, "{s:?}");
                    let xf: Vec<f32> = x.iter().map(|&v| v as f32).collect();
                    let mut f = vec![f32::NAN; s.out_len()];
                    resize(Path::Vector, &xf, &mut f, &s).unwrap();
                    assert!(f.iter().all(|v| v.is_finite()), "{s:?}");
                }
            }
        }
    }
}

#[test]
fn plans_follow_opencv() {
    assert_eq!(spec(CvMethod::Linear, 8, 8, 1, 4, 4).plan(), Plan::AreaFast { sy: 2, sx: 2 });
    assert_eq!(spec(CvMethod::Linear, 9, 9, 1, 3, 3).plan(), Plan::Separable { kernel: Kernel::Linear, area: false });
    assert_eq!(spec(CvMethod::Area, 9, 9, 1, 3, 3).plan(), Plan::AreaFast { sy: 3, sx: 3 });
    assert_eq!(spec(CvMethod::Area, 9, 9, 1, 4, 4).plan(), Plan::AreaGeneral);
    assert_eq!(spec(CvMethod::Area, 4, 9, 1, 8, 4).plan(), Plan::Separable { kernel: Kernel::Linear, area: true });
    assert_eq!(spec(CvMethod::Cubic, 4, 4, 3, 4, 4).plan(), Plan::Copy);
}

#[test]
fn bad_arguments_are_rejected() {
    let s = spec(CvMethod::Linear, 4, 4, 1, 2, 2);
    let x = [0u8; 16];
    assert!(resize(Path::Scalar, &x[..15], &mut [0u8; 4], &s).is_err());
    assert!(resize(Path::Scalar, &x, &mut [0u8; 4], &Spec { inv: [0.0, 1.0], ..s }).is_err());
    assert!(resize(Path::Scalar, &x, &mut [0u8; 4], &Spec { ow: 0, ..s }).is_err());
}
