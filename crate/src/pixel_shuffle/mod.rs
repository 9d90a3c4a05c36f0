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
use crate::threads;

/// A shuffle's shape: `batch` × `channels` groups of r² small planes of
/// `h × w` (the big planes are `h·r × w·r`), stored `[N, C·r², h, w]` and
/// `[N, C, h·r, w·r]`, or with `channels_last` `[N, h, w, C·r²]` and
/// `[N, h·r, w·r, C]`.
#[derive(Clone, Copy, Debug)]
pub struct Shuffle {
    pub batch: usize,
    pub channels: usize,
    pub r: usize,
    pub h: usize,
    pub w: usize,
    pub channels_last: bool,
    /// The small side's channel `c` of block offset `(i, j)` is
    /// `(i·r + j)·C + c` (ONNX's DCR order) instead of `c·r² + i·r + j`
    /// (CRD, PyTorch's).
    pub blocks_outer: bool,
}

/// small → big (`pixel_shuffle`) when `to_big`, else big → small.
pub fn pixel_shuffle(path: Path, x: &[f32], out: &mut [f32], s: &Shuffle, to_big: bool) -> KernelResult {
    let Shuffle { batch, channels: c, r, h, w, channels_last, blocks_outer } = *s;
    if r == 0 {
        return Err(KernelError::BadArgument);
    }
    let Some(total) = [c, r, r, h, w].iter().try_fold(batch, |a, &b| a.checked_mul(b)) else {
        return Err(KernelError::BadBuffer);
    };
    if x.len() < total || out.len() < total {
        return Err(KernelError::BadBuffer);
    }
    // Both layouts are one walk over the six indices (n, c, y, i, x, j) of
    // `small[n][c·r² + i·r + j][y][x] = big[n][c][y·r + i][x·r + j]`: their
    // strides in each tensor, and the nesting that keeps the inner loop short-strided.
    let (rr, image) = (r * r, h * w * c * r * r);
    // Strides of the small side's channel index in (c, i, j), in channel units.
    let [sc, si, sj] = if blocks_outer { [1, r * c, c] } else { [rr, r, 1] };
    let (small, big, order) = if channels_last {
        ([image, sc, w * c * rr, si, c * rr, sj], [image, 1, rr * w * c, w * r * c, r * c, c], [0, 2, 3, 4, 5, 1])
    } else {
        let p = h * w;
        ([image, sc * p, w, si * p, 1, sj * p], [image, rr * h * w, rr * w, w * r, r, 1], [0, 1, 2, 3, 5, 4])
    };
    let pick = |a: [usize; 6]| order.map(|k| a[k]);
    let (e, sm, bg) = (pick([batch, c, h, r, w, r]), pick(small), pick(big));
    // Channels-first with r = 2: big row y·2 + i is the zip of small rows (i·2, i·2 + 1).
    let inner = Inner { zip: path.vector() && r == 2 && !channels_last, to_big, w, e: [e[4], e[5]], sm: [sm[4], sm[5]], bg: [bg[4], bg[5]] };
    // The outer three indices as one, split across threads: each of their
    // values moves its own e[3]·e[4]·e[5] elements.
    let out = threads::Disjoint::new(out);
    threads::runs_of(e[0] * e[1] * e[2], e[3] * e[4] * e[5], &|run, _| {
        for o in run {
            let (a, b, c) = (o / (e[1] * e[2]), o / e[2] % e[1], o % e[2]);
            for d in 0..e[3] {
                let s0 = a * sm[0] + b * sm[1] + c * sm[2] + d * sm[3];
                let b0 = a * bg[0] + b * bg[1] + c * bg[2] + d * bg[3];
                // SAFETY: the walk maps each index tuple to its own output elements.
                inner.run(x, unsafe { out.get() }, s0, b0);
            }
        }
    });
    Ok(())
}

/// The two innermost indices of the walk: their extents and strides.
struct Inner {
    zip: bool,
    to_big: bool,
    w: usize,
    e: [usize; 2],
    sm: [usize; 2],
    bg: [usize; 2],
}

impl Inner {
    // Not inlined: the walk above keeps one copy of its loops instead of one per branch here.
    #[inline(never)]
    fn run(&self, x: &[f32], out: &mut [f32], s0: usize, b0: usize) {
        let Inner { w, e, sm, bg, .. } = *self;
        if self.zip {
            let s1 = s0 + sm[0];
            if self.to_big {
                zip(&mut out[b0..b0 + 2 * w], &x[s0..s0 + w], &x[s1..s1 + w]);
            } else {
                let (lo, hi) = out.split_at_mut(s1);
                unzip(&x[b0..b0 + 2 * w], &mut lo[s0..s0 + w], &mut hi[..w]);
            }
            return;
        }
        let ((from, f), (to, t)) = if self.to_big { ((s0, sm), (b0, bg)) } else { ((b0, bg), (s0, sm)) };
        for k in 0..e[0] {
            for m in 0..e[1] {
                out[to + k * t[0] + m * t[1]] = x[from + k * f[0] + m * f[1]];
            }
        }
    }
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
        pixel_shuffle(Path::Vector, &x, &mut out, &shape(1, 1, 2, 1, 2, false), true).unwrap();
        assert_eq!(out, [0.0, 2.0, 1.0, 3.0, 4.0, 6.0, 5.0, 7.0]);
    }

    fn shape(batch: usize, channels: usize, r: usize, h: usize, w: usize, channels_last: bool) -> Shuffle {
        Shuffle { batch, channels, r, h, w, channels_last, blocks_outer: false }
    }

    /// `[N, C, H, W]` data in `[N, H, W, C]` order.
    fn to_last(v: &[f32], c: usize, hw: usize) -> Vec<f32> {
        (0..v.len()).map(|k| v[(k / (hw * c) * c + k % c) * hw + k / c % hw]).collect()
    }

    /// CRD-ordered channels `c·r² + k` of `[N, C·r², h, w]` data moved to `k·C + c` (DCR).
    fn to_blocks_outer(v: &[f32], c: usize, rr: usize, hw: usize) -> Vec<f32> {
        let image = c * rr * hw;
        (0..v.len()).map(|i| (i / image, i / hw % (c * rr), i % hw)).map(|(n, ch, p)| v[n * image + ((ch % c) * rr + ch / c) * hw + p]).collect()
    }

    #[test]
    fn both_paths_layouts_and_channel_orders_round_trip_bit_exactly_for_every_tail() {
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        for r in 1..=3 {
            for w in [1, 2, 3, 5, 7, 9, 17] {
                let (n, c, h) = (2, 2, 3);
                let len = n * c * r * r * h * w;
                let x: Vec<f32> = (0..len).map(|i| (i as f32 * 0.71).sin()).collect();
                let mut big = Vec::new();
                for (channels_last, blocks_outer) in [(false, false), (true, false), (false, true), (true, true)] {
                    // The same values, with the small side's channels in the order the shuffle reads them.
                    let ordered = if blocks_outer { to_blocks_outer(&x, c, r * r, h * w) } else { x.clone() };
                    let input = if channels_last { to_last(&ordered, c * r * r, h * w) } else { ordered };
                    for path in [Path::Vector, Path::Scalar] {
                        let s = Shuffle { blocks_outer, ..shape(n, c, r, h, w, channels_last) };
                        let (mut y, mut back) = (vec![f32::NAN; len], vec![f32::NAN; len]);
                        pixel_shuffle(path, &input, &mut y, &s, true).unwrap();
                        pixel_shuffle(path, &y, &mut back, &s, false).unwrap();
                        assert_eq!(bits(&back), bits(&input));
                        big.push(if channels_last { y } else { to_last(&y, c, h * w * r * r) });
                    }
                }
                assert!(big.iter().all(|b| bits(b) == bits(&big[0])), "r {r} w {w}");
            }
        }
    }

    #[test]
    fn rejects_short_buffers() {
        assert_eq!(pixel_shuffle(Path::Vector, &[0.0; 3], &mut [0.0; 4], &shape(1, 1, 2, 1, 1, false), true), Err(KernelError::BadBuffer));
        assert_eq!(pixel_shuffle(Path::Vector, &[0.0; 4], &mut [0.0; 4], &shape(1, 1, 0, 1, 1, true), true), Err(KernelError::BadArgument));
    }
}
