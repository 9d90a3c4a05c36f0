//! `pixel_shuffle` / `pixel_unshuffle` (ESPCN's sub-pixel rearrangement,
//! ONNX DepthToSpace in CRD order): a group of r² planes of h×w ("small")
//! and one plane of (h·r)×(w·r) ("big") hold the same values,
//! `big[y·r + i][x·r + j] = small[i·r + j][y][x]`.
//!
//! Both directions walk the big plane row by row: big row `y·r + i` is the
//! interleaving of row `y` of the r small planes `i·r .. i·r + r`. For r = 2
//! that is a SIMD zip (or unzip) of two rows.

pub mod export;
use crate::error::{KernelError, KernelResult};
use crate::simd::{F32x4, Path, LANES};

/// small → big (`pixel_shuffle`) when `to_big`, else big → small.
/// `groups` groups of r² small planes of `h × w`.
#[allow(clippy::too_many_arguments)]
pub fn pixel_shuffle(path: Path, x: &[f32], out: &mut [f32], groups: usize, r: usize, h: usize, w: usize, to_big: bool) -> KernelResult {
    pixel_shuffle_path(path.vector(), x, out, groups, r, h, w, to_big)
}

#[allow(clippy::too_many_arguments)]
fn pixel_shuffle_path(vector: bool, x: &[f32], out: &mut [f32], groups: usize, r: usize, h: usize, w: usize, to_big: bool) -> KernelResult {
    if r == 0 {
        return Err(KernelError::BadArgument);
    }
    let Some(total) = [r, r, h, w].iter().try_fold(groups, |a, &b| a.checked_mul(b)) else {
        return Err(KernelError::BadBuffer);
    };
    if x.len() < total || out.len() < total {
        return Err(KernelError::BadBuffer);
    }
    let plane = h * w;
    let group = r * r * plane;
    let row = w * r;
    for g in 0..groups {
        let (x, out) = (&x[g * group..(g + 1) * group], &mut out[g * group..(g + 1) * group]);
        for y in 0..h {
            for i in 0..r {
                let big = (y * r + i) * row;
                // Row y of small plane i·r + j starts at small(j).
                let small = |j: usize| (i * r + j) * plane + y * w;
                if to_big {
                    let dst = &mut out[big..big + row];
                    if r == 2 && vector {
                        zip(dst, &x[small(0)..small(0) + w], &x[small(1)..small(1) + w]);
                    } else {
                        for j in 0..r {
                            let src = &x[small(j)..small(j) + w];
                            for (k, &v) in src.iter().enumerate() {
                                dst[k * r + j] = v;
                            }
                        }
                    }
                } else {
                    let src = &x[big..big + row];
                    if r == 2 && vector {
                        let (lo, hi) = out.split_at_mut(small(1));
                        unzip(src, &mut lo[small(0)..small(0) + w], &mut hi[..w]);
                    } else {
                        for j in 0..r {
                            let dst = &mut out[small(j)..small(j) + w];
                            for (k, d) in dst.iter_mut().enumerate() {
                                *d = src[k * r + j];
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// `dst = a0 b0 a1 b1 …`
fn zip(dst: &mut [f32], a: &[f32], b: &[f32]) {
    let n = a.len();
    let body = n - n % LANES;
    // Exact chunks let the compiler drop the bounds checks from the loop.
    for ((d, a), b) in dst[..2 * body].chunks_exact_mut(2 * LANES).zip(a.chunks_exact(LANES)).zip(b.chunks_exact(LANES)) {
        let (lo, hi) = F32x4::interleave(F32x4::load(a), F32x4::load(b));
        lo.store(d);
        hi.store(&mut d[LANES..]);
    }
    for k in body..n {
        dst[2 * k] = a[k];
        dst[2 * k + 1] = b[k];
    }
}

/// `a = src[0], src[2], …; b = src[1], src[3], …`
fn unzip(src: &[f32], a: &mut [f32], b: &mut [f32]) {
    let n = a.len();
    let body = n - n % LANES;
    for ((s, a), b) in src[..2 * body].chunks_exact(2 * LANES).zip(a.chunks_exact_mut(LANES)).zip(b.chunks_exact_mut(LANES)) {
        let (even, odd) = F32x4::deinterleave(F32x4::load(s), F32x4::load(&s[LANES..]));
        even.store(a);
        odd.store(b);
    }
    for k in body..n {
        a[k] = src[2 * k];
        b[k] = src[2 * k + 1];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shuffle_is_depth_to_space_crd() {
        // One group, r = 2, 1×2 small planes: channel i·2 + j lands at (i, j) of each 2×2 block.
        let x: Vec<f32> = (0..8).map(|v| v as f32).collect();
        let mut out = [f32::NAN; 8];
        pixel_shuffle(crate::simd::Path::Vector, &x, &mut out, 1, 2, 1, 2, true).unwrap();
        assert_eq!(out, [0.0, 2.0, 1.0, 3.0, 4.0, 6.0, 5.0, 7.0]);
    }

    #[test]
    fn both_paths_round_trip_bit_exactly_for_every_tail() {
        for r in 1..=3 {
            for w in 1..=17 {
                let (groups, h) = (2, 3);
                let n = groups * r * r * h * w;
                let x: Vec<f32> = (0..n).map(|i| (i as f32 * 0.71).sin()).collect();
                let mut big = [vec![f32::NAN; n], vec![f32::NAN; n]];
                let mut back = [vec![f32::NAN; n], vec![f32::NAN; n]];
                for (k, vector) in [false, true].into_iter().enumerate() {
                    pixel_shuffle_path(vector, &x, &mut big[k], groups, r, h, w, true).unwrap();
                    pixel_shuffle_path(vector, &big[k], &mut back[k], groups, r, h, w, false).unwrap();
                }
                let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&big[0]), bits(&big[1]));
                assert_eq!(bits(&back[0]), bits(&x));
                assert_eq!(bits(&back[1]), bits(&x));
            }
        }
    }

    #[test]
    fn rejects_short_buffers() {
        assert_eq!(pixel_shuffle(crate::simd::Path::Vector, &[0.0; 3], &mut [0.0; 4], 1, 2, 1, 1, true), Err(KernelError::BadBuffer));
        assert_eq!(pixel_shuffle(crate::simd::Path::Vector, &[0.0; 4], &mut [0.0; 4], 1, 0, 1, 1, true), Err(KernelError::BadArgument));
    }
}
