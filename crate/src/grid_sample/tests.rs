use super::*;

fn spec(mode: GridMode, padding: GridPadding, align_corners: bool, input: [usize; 3], output: [usize; 3]) -> Spec {
    let rank = if input[0] == 1 && output[0] == 1 { 2 } else { 3 };
    Spec { mode, padding, rule: GridRule::PyTorch, align_corners, rank, batch: 1, channels: 1, input, output }
}

fn sample(s: &Spec, x: &[f32], grid: &[f32], path: Path) -> Vec<f32> {
    let mut y = vec![f32::NAN; s.lens().unwrap()[2]];
    grid_sample(path, x, grid, &mut y, s).unwrap();
    y
}

const MODES: [GridMode; 3] = [GridMode::Bilinear, GridMode::Nearest, GridMode::Bicubic];
const PADDINGS: [GridPadding; 3] = [GridPadding::Zeros, GridPadding::Border, GridPadding::Reflection];

#[test]
fn align_corners_identity_grid_reproduces_the_input() {
    let x: Vec<f32> = (0..12).map(|v| v as f32).collect();
    let grid: Vec<f32> = (0..3).flat_map(|h| (0..4).flat_map(move |w| [w as f32 * 2.0 / 3.0 - 1.0, h as f32 - 1.0])).collect();
    for mode in MODES {
        for padding in PADDINGS {
            let s = spec(mode, padding, true, [1, 3, 4], [1, 3, 4]);
            let y = sample(&s, &x, &grid, Path::Scalar);
            for (a, b) in y.iter().zip(&x) {
                assert!((a - b).abs() < 1e-5, "{mode:?} {padding:?}: {y:?}");
            }
        }
    }
}

#[test]
fn non_finite_points_land_where_pytorch_puts_them() {
    // x [1, 1, 3, 4] holding 1..12; the row through the middle (y = 0).
    let x: Vec<f32> = (1..=12).map(|v| v as f32).collect();
    let grid = [f32::NAN, 0.0, f32::INFINITY, 0.0, f32::NEG_INFINITY, 0.0];
    let expect = |mode, padding, want: [f32; 3]| {
        let got = sample(&spec(mode, padding, false, [1, 3, 4], [1, 1, 3]), &x, &grid, Path::Vector);
        assert_eq!(format!("{got:?}"), format!("{want:?}"), "{mode:?} {padding:?}");
    };
    expect(GridMode::Bilinear, GridPadding::Zeros, [f32::NAN; 3]);
    expect(GridMode::Nearest, GridPadding::Zeros, [0.0; 3]);
    expect(GridMode::Bilinear, GridPadding::Border, [5.0, 8.0, 5.0]);
    expect(GridMode::Nearest, GridPadding::Reflection, [5.0; 3]);
    expect(GridMode::Bicubic, GridPadding::Border, [f32::NAN; 3]);
    // 5-D: x [1, 1, 2, 3, 4] holding 1..24, points (x, 0, 0).
    let x: Vec<f32> = (1..=24).map(|v| v as f32).collect();
    let grid = [f32::NAN, 0.0, 0.0, f32::INFINITY, 0.0, 0.0, f32::NEG_INFINITY, 0.0, 0.0];
    let volume = |padding| sample(&spec(GridMode::Bilinear, padding, false, [2, 3, 4], [1, 1, 3]), &x, &grid, Path::Vector);
    assert_eq!(volume(GridPadding::Zeros), [0.0; 3]);
    assert_eq!(volume(GridPadding::Border), [14.0, 14.0, 11.0]);
    assert_eq!(volume(GridPadding::Reflection), [14.0; 3]);
}

#[test]
fn reflection_far_outside_folds_back() {
    // W = 3 without align_corners reflects about -0.5 and 2.5 (period 6 in pixels, 4 in grid units).
    let x = [10.0, 20.0, 30.0];
    for k in -3..=3 {
        for (g, want) in [(-2.0 / 3.0, 10.0), (0.0, 20.0), (2.0 / 3.0, 30.0)] {
            let grid = [g + 4.0 * k as f32, 0.0];
            let y = sample(&spec(GridMode::Nearest, GridPadding::Reflection, false, [1, 1, 3], [1, 1, 1]), &x, &grid, Path::Scalar);
            assert_eq!(y, [want], "g = {}", grid[0]);
        }
    }
}

#[test]
fn nearest_rounds_half_to_even() {
    // W = 4, align_corners: g = -1/3 is x = 1.0, g = 0 is x = 1.5 → 2, g = 2/3 is x = 2.5 → 2.
    let x = [0.0, 1.0, 2.0, 3.0];
    let grid = [0.0, 0.0, 2.0 / 3.0, 0.0, -2.0 / 3.0, 0.0];
    let y = sample(&spec(GridMode::Nearest, GridPadding::Zeros, true, [1, 1, 4], [1, 1, 3]), &x, &grid, Path::Scalar);
    assert_eq!(y, [2.0, 2.0, 0.0]);
}

#[test]
fn both_paths_agree_bit_for_bit_on_every_tail() {
    for w in [1, 2, 3, 5, 7, 9, 17, 33] {
        for ch in [1, 2, 3, 5, 9] {
            for (mode, padding) in MODES.into_iter().flat_map(|m| PADDINGS.map(|p| (m, p))) {
                for (align, rule) in [(false, GridRule::PyTorch), (true, GridRule::PyTorch), (false, GridRule::Onnx), (true, GridRule::Onnx)] {
                    let s = Spec { channels: ch, batch: 2, rule, ..spec(mode, padding, align, [1, 4, 5], [1, 2, w]) };
                    assert_paths_agree(&s);
                }
            }
        }
    }
}

#[test]
fn volumes_agree_bit_for_bit_on_both_paths() {
    for w in [1, 2, 3, 5, 7, 9, 17, 33] {
        for ch in [1, 3, 4, 5, 9] {
            for (mode, padding) in MODES.into_iter().flat_map(|m| PADDINGS.map(|p| (m, p))) {
                for (align, rule) in [(false, GridRule::PyTorch), (true, GridRule::Onnx), (false, GridRule::Onnx)] {
                    let s = Spec { channels: ch, batch: 2, rule, ..spec(mode, padding, align, [3, 4, 5], [2, 1, w]) };
                    assert_paths_agree(&s);
                }
            }
        }
    }
}

#[test]
fn near_identity_warps_agree_on_both_paths() {
    // Shifted by a fraction of a pixel: groups of consecutive taps, groups
    // a row boundary cuts, and gathers at the edges.
    for (w, ch) in [(9, 1), (17, 2), (33, 3)] {
        let h = 5;
        let mut s = spec(GridMode::Bilinear, GridPadding::Zeros, false, [1, h, w], [1, h, w]);
        s.channels = ch;
        let x: Vec<f32> = (0..ch * h * w).map(|i| (i as f32 * 0.53).sin()).collect();
        let grid: Vec<f32> = (0..h * w)
            .flat_map(|p| [((p % w) as f32 + 0.8) * 2.0 / w as f32 - 1.0, ((p / w) as f32 + 0.3 + 0.02 * (p % w) as f32) * 2.0 / h as f32 - 1.0])
            .collect();
        let bits = |v: Vec<f32>| v.into_iter().map(f32::to_bits).collect::<Vec<_>>();
        assert_eq!(bits(sample(&s, &x, &grid, Path::Vector)), bits(sample(&s, &x, &grid, Path::Scalar)), "w={w} c={ch}");
    }
}

#[test]
fn rejects_what_typescript_rules_out() {
    let s = spec(GridMode::Bicubic, GridPadding::Zeros, false, [2, 2, 2], [1, 1, 1]);
    let mut y = [0.0; 1];
    assert_eq!(grid_sample(Path::Vector, &[0.0; 8], &[0.0; 3], &mut y, &Spec { rank: 4, ..s }), Err(KernelError::BadArgument));
    assert_eq!(grid_sample(Path::Vector, &[0.0; 8], &[0.0; 3], &mut y, &Spec { input: [2, 0, 2], ..s }), Err(KernelError::BadArgument));
    let s = spec(GridMode::Bilinear, GridPadding::Zeros, false, [1, 2, 2], [1, 1, 1]);
    assert_eq!(grid_sample(Path::Vector, &[0.0; 3], &[0.0; 2], &mut y, &s), Err(KernelError::BadBuffer));
}

#[test]
fn onnx_nearest_rounds_before_reflecting() {
    // W = 4 without align_corners reflects about -0.5 and 3.5. g = 1.5 is
    // x = 4.5: PyTorch reflects (2.5), then rounds to 2; ONNX rounds (4),
    // then reflects to 3. g = -1.5 is x = -1.5: PyTorch 0.5 → 0, ONNX -2 → 1.
    let x = [10.0, 20.0, 30.0, 40.0];
    let s = spec(GridMode::Nearest, GridPadding::Reflection, false, [1, 1, 4], [1, 1, 2]);
    let grid = [1.5, 0.0, -1.5, 0.0];
    assert_eq!(sample(&s, &x, &grid, Path::Scalar), [30.0, 10.0]);
    let onnx = Spec { rule: GridRule::Onnx, ..s };
    assert_eq!(sample(&onnx, &x, &grid, Path::Scalar), [40.0, 20.0]);
    assert_eq!(sample(&onnx, &x, &grid, Path::Vector), [40.0, 20.0]);
}

#[test]
fn onnx_cubic_clips_a_point_outside_to_the_border_pixel() {
    // x = -0.75 (g = -1.125 of W = 4 without align_corners): PyTorch blends
    // the clipped taps 0, 0, 0, 1; ONNX clips the point to 0 first.
    let x = [1.0, 2.0, 4.0, 8.0];
    let s = spec(GridMode::Bicubic, GridPadding::Border, false, [1, 1, 4], [1, 1, 1]);
    let grid = [-1.125, 0.0];
    assert_ne!(sample(&s, &x, &grid, Path::Scalar), [1.0]);
    assert_eq!(sample(&Spec { rule: GridRule::Onnx, ..s }, &x, &grid, Path::Vector), [1.0]);
    // Inside the bounds (x = -0.25) both leave the point alone.
    let grid = [-0.875, 0.0];
    assert_eq!(sample(&s, &x, &grid, Path::Scalar), sample(&Spec { rule: GridRule::Onnx, ..s }, &x, &grid, Path::Scalar));
}

#[test]
fn tricubic_of_a_volume_constant_along_depth_is_bicubic() {
    for (padding, align) in [(GridPadding::Border, false), (GridPadding::Reflection, true), (GridPadding::Reflection, false)] {
        for w in [1, 2, 3, 5, 7, 9, 17, 33] {
            let (d, h) = (3, 4);
            let plane: Vec<f32> = (0..h * 5).map(|i| (i as f32 * 0.61).sin()).collect();
            let volume: Vec<f32> = plane.iter().cycle().take(d * h * 5).copied().collect();
            let points: Vec<[f32; 3]> =
                (0..2 * w).map(|i| [(i as f32 * 0.77).cos() * 1.7, (i as f32 * 0.29).sin() * 1.3, (i as f32 * 1.3).cos() * 2.5]).collect();
            let flat = spec(GridMode::Bicubic, padding, align, [1, h, 5], [1, 2, w]);
            let deep = spec(GridMode::Bicubic, padding, align, [d, h, 5], [2, 1, w]);
            for rule in [GridRule::PyTorch, GridRule::Onnx] {
                let g2: Vec<f32> = points.iter().flat_map(|p| [p[0], p[1]]).collect();
                let g3: Vec<f32> = points.iter().flatten().copied().collect();
                let want = sample(&Spec { rule, ..flat }, &plane, &g2, Path::Scalar);
                for path in [Path::Scalar, Path::Vector] {
                    let got = sample(&Spec { rule, ..deep }, &volume, &g3, path);
                    for (a, b) in got.iter().zip(&want) {
                        assert!((a - b).abs() < 1e-5, "{padding:?} {align} w={w}: {got:?} vs {want:?}");
                    }
                }
            }
        }
    }
}

/// Both paths give the same bits on `s`, with non-finite and huge
/// coordinates in the first group of four grid points.
fn assert_paths_agree(s: &Spec) {
    let [nx, ng, _] = s.lens().unwrap();
    let x: Vec<f32> = (0..nx).map(|i| (i as f32 * 0.37).sin()).collect();
    let mut grid: Vec<f32> = (0..ng).map(|i| (i as f32 * 0.91).cos() * 1.6).collect();
    grid[..5].copy_from_slice(&[f32::NAN, 0.5, 3e9, f32::INFINITY, f32::NEG_INFINITY]);
    let bits = |v: Vec<f32>| v.into_iter().map(f32::to_bits).collect::<Vec<_>>();
    assert_eq!(bits(sample(s, &x, &grid, Path::Vector)), bits(sample(s, &x, &grid, Path::Scalar)), "{s:?}");
}
