//! The vector path of 4-D bilinear `grid_sample`: a tile of output pixels'
//! four taps (offsets and weights) is worked out once, then every channel
//! reads it four pixels at a time. Channel-major order keeps each output
//! plane's writes contiguous and each input plane's reads local (nearby
//! pixels of a smooth warp read nearby input), and the tile's table stays
//! in L1 across channels.

use super::{read, Spec};
use crate::simd::{F32x4, LANES};

/// Output pixels per tile: its table (4 taps × offset and weight) is 8 kB.
const TILE: usize = 256;

pub(super) fn bilinear(spec: &Spec, x: &[f32], grid: &[f32], y: &mut [f32]) {
    let (in_vol, out_vol) = (spec.input[1] * spec.input[2], spec.output[1] * spec.output[2]);
    let ch = spec.channels;
    let mut at = [[0u32; TILE]; 4];
    let mut w = [[0f32; TILE]; 4];
    for n in 0..spec.batch {
        let xs = &x[n * ch * in_vol..(n + 1) * ch * in_vol];
        let ys = &mut y[n * ch * out_vol..(n + 1) * ch * out_vol];
        let gs = &grid[n * out_vol * 2..(n + 1) * out_vol * 2];
        for start in (0..out_vol).step_by(TILE) {
            let len = TILE.min(out_vol - start);
            for (p, g) in gs[start * 2..(start + len) * 2].chunks_exact(2).enumerate() {
                for (k, (o, wt)) in spec.point(g).bilinear().into_iter().enumerate() {
                    at[k][p] = o;
                    w[k][p] = wt;
                }
            }
            for c in 0..ch {
                let plane = &xs[c * in_vol..(c + 1) * in_vol];
                let out = &mut ys[c * out_vol + start..c * out_vol + start + len];
                let body = len - len % LANES;
                for p in (0..body).step_by(LANES) {
                    let tap = |k: usize| {
                        let o = &at[k][p..p + LANES];
                        F32x4::new(read(plane, o[0]), read(plane, o[1]), read(plane, o[2]), read(plane, o[3])).mul(F32x4::load(&w[k][p..]))
                    };
                    tap(0).add(tap(1)).add(tap(2)).add(tap(3)).store(&mut out[p..]);
                }
                for (p, v) in out.iter_mut().enumerate().skip(body) {
                    let tap = |k: usize| read(plane, at[k][p]) * w[k][p];
                    *v = tap(0) + tap(1) + tap(2) + tap(3);
                }
            }
        }
    }
}
