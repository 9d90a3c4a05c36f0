use super::horizontal::Horizontal;
use super::*;
use crate::simd::Path;

const ODD: [usize; 8] = [1, 2, 3, 5, 7, 9, 17, 33];

fn bytes(n: usize, seed: usize) -> Vec<u8> {
    (0..n).map(|i| ((i ^ seed) as u32).wrapping_mul(0x9E37_79B1).to_be_bytes()[0]).collect()
}

fn spec(mode: Mode, antialias: bool, channels_last: bool, channels: usize, axes: Vec<AxisSpec>) -> Spec {
    Spec { mode, align_corners: false, antialias, channels_last, batch: 2, channels, axes }
}

#[test]
fn weights_use_the_largest_precision_that_fits_i16() {
    for (cubic, aa) in [(false, false), (false, true), (true, false), (true, true)] {
        for (i, o) in [(2, 5), (5, 2), (33, 7), (7, 33), (1080, 224), (3, 1)] {
            let w = weights::axis(&AxisSpec::new(i, o, None), cubic, aa, false).unwrap();
            let t = &w.table;
            let big = t.coef.iter().map(|&c| c.unsigned_abs()).max().unwrap() as u32;
            assert!(big < 1 << 15 && (w.shift == 22 || 2 * big + 1 >= 1 << 15), "{cubic} {aa} {i}->{o}: {big} at {}", w.shift);
            // Each window's weights sum to one, up to the rounding of each weight.
            for j in 0..o {
                let sum: i32 = t.coef[j * t.stride..(j + 1) * t.stride].iter().map(|&c| c as i32).sum();
                assert!((sum - (1 << w.shift)).abs() <= t.taps as i32, "{cubic} {aa} {i}->{o} row {j}: {sum}");
                assert!(t.start[j] as usize + t.taps <= i);
            }
        }
    }
}

#[test]
fn horizontal_vector_matches_scalar_on_every_tail() {
    for (cubic, aa) in [(false, false), (false, true), (true, false), (true, true)] {
        for w_in in ODD {
            for w_out in [1, 2, 3, 5, 9, w_in, 2 * w_in + 1] {
                if w_out == w_in {
                    continue;
                }
                let w = weights::axis(&AxisSpec::new(w_in, w_out, None), cubic, aa, false).unwrap();
                for c in (1..=6).chain([13]) {
                    let h = Horizontal::new(&w, c).unwrap();
                    let mut scratch = vec![0xA5; h.scratch_len()];
                    for rows in [1, 3, 4, 5, 8, 9] {
                        // Exactly the rows: the vector path must find where its loads would leave them.
                        let src = bytes(rows * w_in * c, w_in * 7 + c);
                        let (mut a, mut b) = (vec![1; rows * w_out * c], vec![2; rows * w_out * c]);
                        h.plane(false, &src, rows, &mut a, &mut scratch);
                        h.plane(true, &src, rows, &mut b, &mut scratch);
                        assert_eq!(a, b, "cubic {cubic} aa {aa} {w_in}->{w_out} c {c} rows {rows}");
                    }
                }
            }
        }
    }
}

#[test]
fn both_paths_agree_in_both_layouts() {
    for (mode, aa) in [(Mode::Linear, false), (Mode::Linear, true), (Mode::Cubic, false), (Mode::Cubic, true)] {
        for c in 1..=5 {
            // (Unantialiased downscales skip the strips no window reads.)
            for (h, w, oh, ow) in [(9, 17, 4, 33), (5, 7, 5, 3), (6, 9, 11, 9), (33, 2, 7, 5), (41, 9, 5, 4)] {
                for channels_last in [false, true] {
                    let s = spec(mode, aa, channels_last, c, vec![AxisSpec::new(h, oh, None), AxisSpec::new(w, ow, None)]);
                    let x = bytes(s.in_len(), h * w + c);
                    let (mut a, mut b) = (vec![0; s.out_len()], vec![1; s.out_len()]);
                    interpolate(Path::Scalar, &x, &mut a, &s).unwrap();
                    interpolate(Path::Vector, &x, &mut b, &s).unwrap();
                    assert_eq!(a, b, "{mode:?} aa {aa} c {c} {h}x{w}->{oh}x{ow} cl {channels_last}");
                }
            }
        }
    }
}

#[test]
fn channels_last_is_the_transposed_contiguous_result() {
    let (c, h, w, oh, ow) = (3, 7, 9, 4, 13);
    let axes = vec![AxisSpec::new(h, oh, None), AxisSpec::new(w, ow, None)];
    for mode in [Mode::Nearest, Mode::NearestExact, Mode::Linear, Mode::Cubic] {
        let first = Spec { batch: 1, ..spec(mode, false, false, c, axes.clone()) };
        let last = Spec { channels_last: true, ..first.clone() };
        let x = bytes(c * h * w, 5);
        let xl: Vec<u8> = (0..h * w * c).map(|i| x[(i % c) * h * w + i / c]).collect();
        let (mut a, mut b) = (vec![0; c * oh * ow], vec![0; c * oh * ow]);
        interpolate(Path::Vector, &x, &mut a, &first).unwrap();
        interpolate(Path::Vector, &xl, &mut b, &last).unwrap();
        assert!((0..oh * ow * c).all(|i| b[i] == a[(i % c) * oh * ow + i / c]), "{mode:?}");
    }
}

#[test]
fn nearest_gathers_what_the_float_kernel_copies() {
    // The byte gather and the float kernel share the index tables: on
    // distinct values they must pick the same sources.
    for mode in [Mode::Nearest, Mode::NearestExact] {
        for axes in [vec![AxisSpec::new(9, 4, None)], vec![AxisSpec::new(5, 11, Some(2.3)), AxisSpec::new(7, 3, None)], vec![AxisSpec::new(3, 7, None); 3]] {
            for channels_last in [false, axes.len() > 1] {
                let s = spec(mode, false, channels_last, 3, axes.clone());
                let x: Vec<f32> = (0..s.in_len()).map(|i| i as f32).collect();
                let (mut a, mut b) = (vec![f32::NAN; s.out_len()], vec![f32::NAN; s.out_len()]);
                crate::interpolate::interpolate(Path::Vector, &x, &mut a, &s).unwrap();
                gather(&x, &mut b, &s).unwrap();
                assert_eq!(a, b, "{mode:?} {axes:?} cl {channels_last}");
            }
        }
    }
}

#[test]
fn modes_without_a_uint8_kernel_are_rejected() {
    for (mode, rank) in [(Mode::Linear, 1), (Mode::Linear, 3), (Mode::Area, 2), (Mode::Lanczos, 2), (Mode::Cubic, 1)] {
        let s = spec(mode, false, false, 1, vec![AxisSpec::new(4, 2, None); rank]);
        let x = vec![0; s.in_len()];
        assert_eq!(interpolate(Path::Vector, &x, &mut vec![0; s.out_len()], &s), Err(KernelError::BadArgument), "{mode:?} rank {rank}");
    }
}
