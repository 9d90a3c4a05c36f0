use super::pair::run_pair_path;
use super::triple::run_triple_path;
use super::*;

fn table(in_len: usize, out_len: usize, taps: usize, seed: u32) -> AxisTable {
    let mut r = seed;
    let mut next = || {
        r = r.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        r >> 8
    };
    let index = (0..taps * out_len).map(|_| next() % in_len as u32).collect();
    let weight = (0..taps * out_len).map(|_| (next() % 1000) as f32 / 997.0 - 0.3).collect();
    AxisTable::new(in_len, out_len, taps, index, weight).unwrap()
}

/// Scratch reserved for a pass over `tables`, as `interpolate` reserves it.
fn scratch(vector: bool, tables: &[&AxisTable], inner: usize) -> Scratch {
    let mut s = Scratch::default();
    s.reserve(if vector { Path::Vector } else { Path::Scalar }, tables, inner).unwrap();
    s
}

/// `run_path` with its scratch reserved.
fn single(vector: bool, x: &[f32], out: &mut [f32], outer: usize, inner: usize, t: &AxisTable) {
    run_path(vector, x, out, outer, inner, t, None, &mut scratch(vector, &[t], inner).lanes)
}

/// The vector path must equal the scalar oracle bit for bit, whatever the tail.
#[test]
fn vector_path_matches_scalar_for_every_tail() {
    for taps in 1..=4 {
        for out_len in 1..=17 {
            for inner in [1, 2, 3, 4, 5, 7, 8, 17] {
                let t = table(9, out_len, taps, (taps * 100 + out_len * 7 + inner) as u32);
                let x: Vec<f32> = (0..3 * 9 * inner).map(|i| (i as f32 * 0.37).sin()).collect();
                let mut a = vec![f32::NAN; 3 * out_len * inner];
                let mut b = a.clone();
                single(false, &x, &mut a, 3, inner, &t);
                single(true, &x, &mut b, 3, inner, &t);
                assert!(a.iter().all(|v| v.is_finite()));
                assert_eq!(a.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), b.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
            }
        }
    }
}

/// Real tables (which mostly take the window or phase paths) against the scalar oracle.
#[test]
fn window_path_matches_scalar() {
    use crate::interpolate::{antialias, cubic, linear, nearest, AxisSpec};
    let (mut windowed, mut periodic, mut layouts, mut phased, mut stepped) = (0, 0, [0; 4], [0; 5], [0; 2]);
    for in_len in [4, 5, 8, 9, 16] {
        for out_len in (1..=17).chain([32, 33, 48, 50]).chain([2 * in_len, 3 * in_len, 4 * in_len, in_len / 2]) {
            let a = AxisSpec::new(in_len, out_len, None);
            let tables = [
                linear::table(&a, false),
                linear::table(&a, true),
                cubic::table(&a, false),
                nearest::table(&a),
                antialias::table(&a, false, antialias::Filter::Lanczos3),
            ];
            for t in tables {
                let t = t.unwrap();
                if let Some(p) = &t.phases {
                    phased[p.factor] += 1;
                    phased[0] += usize::from(p.edges.is_some());
                    if let Some(s) = p.step {
                        stepped[s] += 1;
                    }
                }
                windowed += usize::from(t.blocks.is_some());
                periodic += usize::from(t.blocks.as_ref().is_some_and(|b| b.run.1 > b.run.0 + 1));
                if let Some(b) = &t.blocks {
                    layouts[usize::from(b.width > LANES) * 2 + usize::from(b.shared)] += 1;
                }
                let x: Vec<f32> = (0..2 * in_len).map(|i| (i as f32 * 0.37).sin()).collect();
                let (mut a, mut b) = (vec![f32::NAN; 2 * out_len], vec![f32::NAN; 2 * out_len]);
                single(false, &x, &mut a, 2, 1, &t);
                single(true, &x, &mut b, 2, 1, &t);
                assert_eq!(bits(&a), bits(&b));
            }
        }
    }
    assert!(
        windowed > 200 && periodic > 20 && phased[2] > 20 && phased[4] > 10 && phased[0] > 30 && stepped[0] > 5 && stepped[1] > 10,
        "{windowed} {periodic} {phased:?} {stepped:?}"
    );
    // Per-tap windows of 4, shared windows of 4 and of 8 all ran.
    assert!(layouts[0] > 0 && layouts[1] > 0 && layouts[3] > 0, "{layouts:?}");
}

/// The fused pair equals the two passes one after the other, bit for bit, on both paths.
#[test]
fn pair_matches_two_passes() {
    for (taps_h, taps_w) in [(1, 2), (2, 2), (4, 4), (3, 1), (5, 2)] {
        // (40 -> 7: outputs skip rows, so the ring's groups of four are the rows they read.)
        for (hin, hout, win, wout) in [(5, 9, 7, 13), (9, 4, 6, 3), (1, 3, 2, 5), (40, 7, 9, 5)] {
            for inner in [1, 3, 4, 6, 33] {
                let random = table(hin, hout, taps_h, (hin * 31 + taps_h) as u32);
                // Sources of one output near each other, as every mode's are.
                let index = (0..hout * taps_h).map(|k| ((k % hout) * hin / hout + k / hout).min(hin - 1) as u32).collect();
                let th = AxisTable::new(hin, hout, taps_h, index, random.weight).unwrap();
                assert_eq!(th.skip_step > 0, hin > 2 * hout);
                let tw = table(win, wout, taps_w, (win * 17 + taps_w) as u32);
                let x: Vec<f32> = (0..2 * hin * win * inner).map(|i| (i as f32 * 0.61).cos()).collect();
                for vector in [false, true] {
                    let mut mid = vec![f32::NAN; 2 * hin * wout * inner];
                    let mut want = vec![f32::NAN; 2 * hout * wout * inner];
                    single(vector, &x, &mut mid, 2 * hin, inner, &tw);
                    single(vector, &mid, &mut want, 2, wout * inner, &th);
                    let mut got = vec![f32::NAN; want.len()];
                    let mut s = scratch(vector, &[&th, &tw], inner);
                    run_pair_path(vector, &x, &mut got, 2, inner, [&th, &tw], None, 0..th.out_len, &mut s.rows, &mut s.lanes);
                    assert_eq!(bits(&got), bits(&want), "{taps_h} {taps_w} {hin} {hout} {win} {wout} {inner} {vector}");
                }
            }
        }
    }
}

/// Three fused axes equal the three passes one after the other, bit for bit.
#[test]
fn triple_matches_three_passes() {
    use crate::interpolate::{cubic, linear, nearest, AxisSpec};
    let t = |i: usize, o: usize, kind: usize| {
        let a = AxisSpec::new(i, o, None);
        match kind {
            0 => linear::table(&a, false),
            1 => cubic::table(&a, true),
            _ => nearest::table(&a),
        }
        .unwrap()
    };
    for (d, h, w) in [((3, 5), (4, 7), (9, 18)), ((6, 2), (5, 5), (8, 3)), ((1, 3), (2, 1), (5, 9))] {
        for kinds in [[0, 0, 0], [1, 2, 0], [2, 1, 1]] {
            for inner in [1, 3, 9] {
                let (td, th, tw) = (t(d.0, d.1, kinds[0]), t(h.0, h.1, kinds[1]), t(w.0, w.1, kinds[2]));
                let x: Vec<f32> = (0..2 * d.0 * h.0 * w.0 * inner).map(|i| (i as f32 * 0.71).sin()).collect();
                for vector in [false, true] {
                    let mut a = vec![f32::NAN; 2 * d.0 * h.0 * w.1 * inner];
                    let mut b = vec![f32::NAN; 2 * d.0 * h.1 * w.1 * inner];
                    let mut want = vec![f32::NAN; 2 * d.1 * h.1 * w.1 * inner];
                    single(vector, &x, &mut a, 2 * d.0 * h.0, inner, &tw);
                    single(vector, &a, &mut b, 2 * d.0, w.1 * inner, &th);
                    single(vector, &b, &mut want, 2, h.1 * w.1 * inner, &td);
                    let mut got = vec![f32::NAN; want.len()];
                    run_triple_path(vector, &x, &mut got, 2, inner, [&td, &th, &tw], &mut scratch(vector, &[&td, &th, &tw], inner));
                    assert_eq!(bits(&got), bits(&want), "{d:?} {h:?} {w:?} {kinds:?} {inner} {vector}");
                }
            }
        }
    }
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

#[test]
fn skipped_rows_stay_untouched() {
    let t = AxisTable::gather(2, vec![1, 0]).unwrap();
    let mut out = [f32::NAN; 4];
    run(Path::Vector, &[1.0, 2.0, 3.0, 4.0], &mut out, 2, 1, &t, Some(&[false, true]), &mut scratch(true, &[&t], 1));
    assert_eq!(out[..2], [2.0, 1.0]);
    assert!(out[2].is_nan() && out[3].is_nan());
}
