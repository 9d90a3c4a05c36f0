use super::*;

/// The definition, element by element: the oracle both paths answer to.
fn reference_unfold(g: &Geometry, x: &[f32]) -> Vec<f32> {
    let ([h, w], [oh, ow], [kh, kw]) = (g.image, g.blocks, g.kernel);
    let mut out = Vec::new();
    for p in 0..g.planes {
        for i in 0..kh {
            for j in 0..kw {
                for oy in 0..oh {
                    for ox in 0..ow {
                        let iy = (oy * g.stride[0] + i * g.dilation[0]) as i64 - g.padding[0] as i64;
                        let ix = (ox * g.stride[1] + j * g.dilation[1]) as i64 - g.padding[1] as i64;
                        let inside = (0..h as i64).contains(&iy) && (0..w as i64).contains(&ix);
                        out.push(if inside { x[(p * h + iy as usize) * w + ix as usize] } else { 0.0 });
                    }
                }
            }
        }
    }
    out
}

fn blocks(g: &Geometry) -> [usize; 2] {
    [0, 1].map(|a| (g.image[a] + 2 * g.padding[a] - g.dilation[a] * (g.kernel[a] - 1) - 1) / g.stride[a] + 1)
}

fn geometries() -> Vec<Geometry> {
    let mut all = Vec::new();
    for w in [1, 2, 3, 5, 7, 9, 17, 33] {
        for (kernel, stride, padding, dilation) in [
            ([1, 1], [1, 1], [0, 0], [1, 1]),
            ([3, 3], [1, 1], [1, 1], [1, 1]),
            ([2, 3], [2, 3], [1, 2], [1, 1]),
            ([3, 2], [1, 1], [2, 0], [2, 1]),
            ([2, 2], [3, 1], [0, 1], [1, 3]),
        ] {
            let mut g = Geometry { planes: 2, image: [4, w], blocks: [0, 0], kernel, stride, padding, dilation };
            if (0..2).all(|a| g.image[a] + 2 * g.padding[a] > g.dilation[a] * (g.kernel[a] - 1)) {
                g.blocks = blocks(&g);
                all.push(g);
            }
        }
    }
    all
}

fn data(n: usize, seed: f32) -> Vec<f32> {
    (0..n).map(|i| ((i as f32 + seed) * 0.618).sin()).collect()
}

#[test]
fn both_paths_match_the_definition_on_every_tail() {
    for g in geometries() {
        let (image, cols) = g.lens().unwrap();
        let x = data(image, 1.0);
        let want = reference_unfold(&g, &x);
        for path in [Path::Vector, Path::Scalar] {
            let mut out = vec![f32::NAN; cols];
            unfold(path, &g, &x, &mut out).unwrap();
            assert_eq!(out, want, "{g:?} {path:?}");
        }
    }
}

#[test]
fn fold_is_the_adjoint_and_both_paths_agree_bit_for_bit() {
    for g in geometries() {
        let (image, cols) = g.lens().unwrap();
        let (x, c) = (data(image, 2.0), data(cols, 3.0));
        let mut folded = [vec![f32::NAN; image], vec![f32::NAN; image]];
        fold(Path::Vector, &g, &c, &mut folded[0]).unwrap();
        fold(Path::Scalar, &g, &c, &mut folded[1]).unwrap();
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&folded[0]), bits(&folded[1]), "{g:?}");
        // <unfold(x), c> = <x, fold(c)>
        let u = reference_unfold(&g, &x);
        let lhs: f64 = u.iter().zip(&c).map(|(a, b)| (*a as f64) * (*b as f64)).sum();
        let rhs: f64 = x.iter().zip(&folded[0]).map(|(a, b)| (*a as f64) * (*b as f64)).sum();
        assert!((lhs - rhs).abs() < 1e-4 * (1.0 + lhs.abs()), "{g:?}: {lhs} vs {rhs}");
    }
}

#[test]
fn fold_leaves_gaps_zero_and_sums_overlaps() {
    // 1 plane, 1x5 image, kernel 1x2, stride 3: blocks at 0-1 and 3-4, position 2 uncovered.
    let g = Geometry { planes: 1, image: [1, 5], blocks: [1, 2], kernel: [1, 2], stride: [1, 3], padding: [0, 0], dilation: [1, 1] };
    let mut out = [f32::NAN; 5];
    fold(Path::Vector, &g, &[1.0, 2.0, 3.0, 4.0], &mut out).unwrap();
    assert_eq!(out, [1.0, 3.0, 0.0, 2.0, 4.0]);
    // Kernel 1x2, stride 1 on 1x3: the middle position gets both taps.
    let g = Geometry { blocks: [1, 2], image: [1, 3], stride: [1, 1], ..g };
    let mut out = [f32::NAN; 3];
    fold(Path::Vector, &g, &[1.0, 2.0, 10.0, 20.0], &mut out).unwrap();
    assert_eq!(out, [1.0, 12.0, 20.0]);
}

#[test]
fn rejects_what_could_leave_its_blocks() {
    let g = Geometry { planes: 1, image: [2, 2], blocks: [1, 1], kernel: [2, 2], stride: [1, 1], padding: [0, 0], dilation: [1, 1] };
    assert_eq!(unfold(Path::Vector, &g, &[0.0; 3], &mut [0.0; 4]), Err(KernelError::BadBuffer));
    assert_eq!(unfold(Path::Vector, &g, &[0.0; 4], &mut [0.0; 3]), Err(KernelError::BadBuffer));
    assert_eq!(fold(Path::Vector, &g, &[0.0; 3], &mut [0.0; 4]), Err(KernelError::BadBuffer));
    let zero = Geometry { stride: [0, 1], ..g };
    assert_eq!(unfold(Path::Vector, &zero, &[0.0; 4], &mut [0.0; 4]), Err(KernelError::BadArgument));
    // More blocks than the image has room for still reads only inside it.
    let wide = Geometry { blocks: [3, 3], padding: [5, 5], ..g };
    let mut out = vec![f32::NAN; 36];
    unfold(Path::Vector, &wide, &[1.0; 4], &mut out).unwrap();
    assert_eq!(out, reference_unfold(&wide, &[1.0; 4]));
}
