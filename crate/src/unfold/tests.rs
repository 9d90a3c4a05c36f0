use super::*;

/// The definition, element by element: the oracle both paths answer to.
fn reference_unfold(g: &Geometry, x: &[f32]) -> Vec<f32> {
    let ([d, h, w], [od, oh, ow], [kd, kh, kw]) = (g.image, g.blocks, g.kernel);
    let at = |a: usize, o: usize, k: usize| (o * g.stride[a] + k * g.dilation[a]) as i64 - g.padding[a] as i64;
    let mut out = Vec::new();
    for p in 0..g.planes {
        for (a, i, j) in (0..kd).flat_map(|a| (0..kh).flat_map(move |i| (0..kw).map(move |j| (a, i, j)))) {
            for (oz, oy, ox) in (0..od).flat_map(|z| (0..oh).flat_map(move |y| (0..ow).map(move |x| (z, y, x)))) {
                let (iz, iy, ix) = (at(0, oz, a), at(1, oy, i), at(2, ox, j));
                let inside = (0..d as i64).contains(&iz) && (0..h as i64).contains(&iy) && (0..w as i64).contains(&ix);
                out.push(if inside { x[((p * d + iz as usize) * h + iy as usize) * w + ix as usize] } else { 0.0 });
            }
        }
    }
    out
}

/// Blocks with `extra` more padding at the end of each axis than at the start.
fn blocks(g: &Geometry, extra: usize) -> [usize; 3] {
    [0, 1, 2].map(|a| (g.image[a] + 2 * g.padding[a] + extra - g.dilation[a] * (g.kernel[a] - 1) - 1) / g.stride[a] + 1)
}

/// 2-D geometries on every tail width, then 3-D ones, some with uneven padding.
fn geometries() -> Vec<Geometry> {
    let mut all = Vec::new();
    let mut add = |g: Geometry, extra: usize| {
        if (0..3).all(|a| g.image[a] + 2 * g.padding[a] > g.dilation[a] * (g.kernel[a] - 1)) {
            all.push(Geometry { blocks: blocks(&g, extra), ..g });
        }
    };
    for w in [1, 2, 3, 5, 7, 9, 17, 33] {
        for (kernel, stride, padding, dilation) in [
            ([1, 1], [1, 1], [0, 0], [1, 1]),
            ([3, 3], [1, 1], [1, 1], [1, 1]),
            ([2, 3], [2, 3], [1, 2], [1, 1]),
            ([3, 2], [1, 1], [2, 0], [2, 1]),
            ([2, 2], [3, 1], [0, 1], [1, 3]),
        ] {
            let one = |v: [usize; 2], unit: usize| [unit, v[0], v[1]];
            let g = Geometry {
                planes: 2,
                image: [1, 4, w],
                blocks: [0; 3],
                kernel: one(kernel, 1),
                stride: one(stride, 1),
                padding: one(padding, 0),
                dilation: one(dilation, 1),
            };
            add(g, 0);
            add(g, w % 3);
            add(
                Geometry { image: [3, 4, w], kernel: [2, kernel[0], kernel[1]], stride: [2, stride[0], stride[1]], padding: [1, padding[0], padding[1]], ..g },
                w % 2,
            );
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
fn chunks_run_twice_give_the_same_bits() {
    for g in geometries() {
        let (image, cols) = g.lens().unwrap();
        for (fold, len, out_len) in [(false, image, cols), (true, cols, image)] {
            let x = data(len, 4.0);
            let once = apply_to(&g, &x, out_len, fold);
            let twice = threads::rerun_chunks(|| apply_to(&g, &x, out_len, fold));
            assert_eq!(once.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), twice.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), "{g:?} fold {fold}");
        }
    }
}

fn apply_to(g: &Geometry, x: &[f32], out_len: usize, fold: bool) -> Vec<f32> {
    let mut out = vec![f32::NAN; out_len];
    apply(Path::Vector, g, x, &mut out, fold).unwrap();
    out
}

#[test]
fn fold_leaves_gaps_zero_and_sums_overlaps() {
    // 1 plane, 1x5 image, kernel 1x2, stride 3: blocks at 0-1 and 3-4, position 2 uncovered.
    let g = Geometry { planes: 1, image: [1, 1, 5], blocks: [1, 1, 2], kernel: [1, 1, 2], stride: [1, 1, 3], padding: [0; 3], dilation: [1; 3] };
    let mut out = [f32::NAN; 5];
    fold(Path::Vector, &g, &[1.0, 2.0, 3.0, 4.0], &mut out).unwrap();
    assert_eq!(out, [1.0, 3.0, 0.0, 2.0, 4.0]);
    // Kernel 1x2, stride 1 on 1x3: the middle position gets both taps.
    let g = Geometry { blocks: [1, 1, 2], image: [1, 1, 3], stride: [1; 3], ..g };
    let mut out = [f32::NAN; 3];
    fold(Path::Vector, &g, &[1.0, 2.0, 10.0, 20.0], &mut out).unwrap();
    assert_eq!(out, [1.0, 12.0, 20.0]);
}

#[test]
fn rejects_what_could_leave_its_blocks() {
    let g = Geometry { planes: 1, image: [1, 2, 2], blocks: [1; 3], kernel: [1, 2, 2], stride: [1; 3], padding: [0; 3], dilation: [1; 3] };
    assert_eq!(unfold(Path::Vector, &g, &[0.0; 3], &mut [0.0; 4]), Err(KernelError::BadBuffer));
    assert_eq!(unfold(Path::Vector, &g, &[0.0; 4], &mut [0.0; 3]), Err(KernelError::BadBuffer));
    assert_eq!(fold(Path::Vector, &g, &[0.0; 3], &mut [0.0; 4]), Err(KernelError::BadBuffer));
    let zero = Geometry { stride: [1, 0, 1], ..g };
    assert_eq!(unfold(Path::Vector, &zero, &[0.0; 4], &mut [0.0; 4]), Err(KernelError::BadArgument));
    // More blocks than the image has room for still reads only inside it.
    let wide = Geometry { blocks: [2, 3, 3], padding: [1, 5, 5], ..g };
    let mut out = vec![f32::NAN; 72];
    unfold(Path::Vector, &wide, &[1.0; 4], &mut out).unwrap();
    assert_eq!(out, reference_unfold(&wide, &[1.0; 4]));
}

/// A tap whose block rows all lie in the padding, where the vector path's
/// whole-span copy applies (stride 1, width kept): the span is empty, not
/// one row short of nothing (it trapped here before the runs skipped it).
#[test]
fn a_tap_wholly_in_the_padding_copies_nothing() {
    let g = Geometry { planes: 1, image: [1, 2, 4], blocks: [1, 3, 4], kernel: [1, 2, 3], stride: [1; 3], padding: [0, 3, 1], dilation: [1, 5, 1] };
    let x = data(8, 1.0);
    for path in [Path::Vector, Path::Scalar] {
        let mut out = vec![f32::NAN; 72];
        unfold(path, &g, &x, &mut out).unwrap();
        assert_eq!(out, reference_unfold(&g, &x), "{path:?}");
    }
}
