use super::coeffs::PRECISION;
use super::*;
use crate::simd::Path;

fn image(n: usize, seed: usize) -> Vec<u8> {
    (0..n).map(|i| ((i ^ seed) as u32).wrapping_mul(0x9E37_79B1).to_be_bytes()[0]).collect()
}

fn spec(resample: Resample, plane: Plane) -> Spec {
    let bx = [0.0, 0.0, plane.in_w as f32, plane.in_h as f32];
    Spec { resample, plane, bx, reduce: None, premultiply: plane.c.is_multiple_of(2), pillow12: false }
}

fn run(path: Path, src: &[u8], s: &Spec) -> Vec<u8> {
    // (Prefilled: a byte the kernel leaves unwritten shows up as a mismatch.)
    let mut out = vec![0xa5; s.plane.out_w * s.plane.out_h * s.plane.c];
    resize(path, src, &mut out, s).unwrap();
    out
}

#[test]
fn vector_and_scalar_agree_on_every_tail() {
    for r in [Resample::Bilinear, Resample::Lanczos, Resample::Box, Resample::Nearest] {
        for w in [1, 2, 3, 5, 7, 9, 17, 33] {
            for c in 1..=4 {
                for (h, oh, ow) in [(9, 3, (w / 2).max(1)), (3, 7, 2 * w + 1), (20, 5, w + 3), (4, 4, w)] {
                    for pillow12 in [false, true] {
                        let plane = Plane { in_h: h, in_w: w, out_h: oh, out_w: ow, c };
                        let s = Spec { pillow12, ..spec(r, plane) };
                        let src = image(h * w * c, w * 31 + c);
                        let mut other = vec![0x5a; ow * oh * c];
                        resize(Path::Scalar, &src, &mut other, &s).unwrap();
                        assert_eq!(run(Path::Vector, &src, &s), other, "{r:?} {h}x{w}x{c} -> {oh}x{ow}");
                    }
                }
            }
        }
    }
}

#[test]
fn weights_sum_to_one_in_22_bits() {
    for r in [Resample::Box, Resample::Bilinear, Resample::Hamming, Resample::Bicubic, Resample::Lanczos] {
        for (i, o) in [(1, 5), (5, 1), (17, 33), (257, 31), (3840, 1920)] {
            let w = Axis::new(r, i, 0.0, i as f32, o).unwrap().weights().unwrap();
            let (t, low) = (&w.table, w.low.as_ref().unwrap());
            for j in 0..o {
                let row = j * t.stride..(j + 1) * t.stride;
                let sum: i32 = t.coef[row.clone()].iter().zip(&low[row]).map(|(&h, &l)| ((h as i32) << 11) + l as i32).sum();
                assert!((sum - (1 << PRECISION)).abs() <= t.taps as i32, "{r:?} {i}->{o} row {j}: {sum}");
            }
        }
    }
}

#[test]
fn reduce_rounds_block_means_and_cuts_edge_blocks_short() {
    // 5×3 of one channel by 2×2: blocks of 4, 2 (right edge), 2 (bottom), 1 (corner).
    let src: Vec<u8> = (0..15).map(|v| v * 10).collect();
    let plane = Plane { in_h: 3, in_w: 5, out_h: 1, out_w: 1, c: 1 };
    let out = reduce::reduce(&src, plane, [2, 2], [0, 0, 5, 3]).unwrap();
    let mean = |s: u32, n: u32| ((s + n / 2) / n) as u8;
    assert_eq!(out, [mean(10 + 50 + 60, 4), mean(20 + 30 + 70 + 80, 4), mean(40 + 90, 2), mean(100 + 110, 2), mean(120 + 130, 2), 140]);
    // Pillow's truncated float32 reciprocal: a block of 3 summing to 2 gives 0, not round(2/3) = 1
    // (Image.reduce((3, 1)) on [[1, 1, 0]] in pillow 13).
    assert_eq!(<u8 as Pixel>::mean(2, <u8 as Pixel>::scale(3)), 0);
}

#[test]
fn unpremultiply_by_reciprocal_is_the_division() {
    let inverse = inverses();
    for a in 1..255u8 {
        for v in 0..=255u8 {
            let mut px = [v, a];
            unpremultiply(&mut px, &inverse);
            assert_eq!(px[0] as u32, (255 * v as u32 / a as u32).min(255), "{v} / {a}");
        }
    }
}

#[test]
fn pass_order_follows_pillow_13() {
    // Both orders round to bytes between the passes, so they differ somewhere.
    let plane = Plane { in_h: 60, in_w: 20, out_h: 7, out_w: 15, c: 3 };
    let src = image(60 * 20 * 3, 5);
    let s13 = spec(Resample::Lanczos, plane);
    let s12 = Spec { pillow12: true, ..s13 };
    assert_ne!(run(Path::Vector, &src, &s13), run(Path::Vector, &src, &s12));
    // Growing rows never run the vertical pass first.
    let up = Plane { in_h: 7, in_w: 20, out_h: 60, out_w: 15, c: 3 };
    let src = image(7 * 20 * 3, 6);
    assert_eq!(run(Path::Vector, &src, &spec(Resample::Lanczos, up)), run(Path::Vector, &src, &Spec { pillow12: true, ..spec(Resample::Lanczos, up) }));
}

#[test]
fn rejects_bad_sizes_and_reduce_boxes() {
    let plane = Plane { in_h: 4, in_w: 4, out_h: 2, out_w: 2, c: 3 };
    let src = image(48, 1);
    let mut out = vec![0; 12];
    let bad = Spec { reduce: Some(([2, 2], [1, 0, 4, 4])), ..spec(Resample::Box, plane) };
    assert_eq!(resize(Path::Vector, &src, &mut out, &bad), Err(KernelError::BadArgument));
    let five = Spec { plane: Plane { c: 5, ..plane }, ..spec(Resample::Box, plane) };
    assert_eq!(resize(Path::Vector, &src, &mut out, &five), Err(KernelError::BadArgument));
    assert_eq!(resize(Path::Vector, &src[..40], &mut out, &spec(Resample::Box, plane)), Err(KernelError::BadBuffer));
}
