//! The vector path of 4-D bilinear `grid_sample`: a tile of output pixels'
//! four taps (offsets and weights) is worked out once, then every channel
//! reads it four pixels at a time. Channel-major order keeps each output
//! plane's writes contiguous and each input plane's reads local (nearby
//! pixels of a smooth warp read nearby input), in long enough runs for the
//! prefetcher, and the tile's table stays in L2 across channels. Four
//! pixels whose taps are all inside read each tap row as adjacent pairs
//! (one 64-bit load per pixel and row); the rest gather tap by tap, reading
//! zero outside. (A third case, two overlapping vector loads per row when
//! the four nw taps are consecutive, was 5% slower overall: it needs less
//! loading but a data-dependent branch the predictor misses.) Two channels
//! share each pass over the table.

use super::{read, Spec, OUTSIDE};
use crate::error::KernelResult;
use crate::mem;
use crate::simd::{F32x4, LANES};
use core::ops::Range;

/// Output pixels per tile (32 rows of 256): a 270 kB table, in L2 while
/// every channel reads it (3% faster than 4096: fewer input rows read twice).
const TILE: usize = 8192;

/// Four output pixels' taps, lane = pixel.
#[derive(Clone, Copy)]
struct Group {
    /// Offsets of the nw, ne, sw, se taps in the plane (OUTSIDE when outside).
    at: [[u32; LANES]; 4],
    w: [[f32; LANES]; 4],
    /// Every tap of every lane inside: ne = nw + 1, sw = nw + W, se = sw + 1,
    /// and se < the plane's length (checked when set; the pair loads rely on it).
    inside: bool,
}

const EMPTY: Group = Group { at: [[OUTSIDE; LANES]; 4], w: [[0.0; LANES]; 4], inside: false };

pub(super) fn bilinear(spec: &Spec, x: &[f32], grid: &[f32], y: &mut [f32]) -> KernelResult {
    let (in_vol, out_vol) = (spec.input[1] * spec.input[2], spec.output[1] * spec.output[2]);
    let (ch, width) = (spec.channels, spec.input[2]);
    let mut groups = mem::try_filled(TILE.min(out_vol).div_ceil(LANES), EMPTY)?;
    let mut spare = mem::try_filled(TILE.min(out_vol), 0.0)?;
    for n in 0..spec.batch {
        let xs = &x[n * ch * in_vol..(n + 1) * ch * in_vol];
        let ys = &mut y[n * ch * out_vol..(n + 1) * ch * out_vol];
        let gs = &grid[n * out_vol * 2..(n + 1) * out_vol * 2];
        for start in (0..out_vol).step_by(TILE) {
            let len = TILE.min(out_vol - start);
            let groups = &mut groups[..len.div_ceil(LANES)];
            let window = table(spec, groups, &gs[start * 2..(start + len) * 2]);
            // Two channels per pass share the table's loads and address
            // arithmetic; an odd last channel is paired with itself, the copy
            // written to `spare`.
            let plane = |c: usize| &xs[c * in_vol..(c + 1) * in_vol];
            let mut outs = ys.chunks_exact_mut(out_vol).map(|o| &mut o[start..start + len]);
            for c in (0..ch).step_by(2) {
                if let Some(window) = window.clone() {
                    warm(plane(c), window.clone());
                    warm(plane((c + 1).min(ch - 1)), window);
                }
                let Some(a) = outs.next() else { break };
                match outs.next() {
                    Some(b) => channels(groups, [plane(c), plane(c + 1)], width, [a, b]),
                    None => channels(groups, [plane(c), plane(c)], width, [a, &mut spare[..len]]),
                }
            }
        }
    }
    Ok(())
}

/// Fills `groups` with the taps of `points` (x, y pairs); returns the span
/// of plane offsets they read when it is short enough to be worth `warm`.
fn table(spec: &Spec, groups: &mut [Group], points: &[f32]) -> Option<Range<usize>> {
    let (width, in_vol) = (spec.input[2], spec.input[1] * spec.input[2]);
    let (mut lo, mut hi) = (OUTSIDE, 0);
    for (group, points) in groups.iter_mut().zip(points.chunks(2 * LANES)) {
        *group = EMPTY;
        let mut inside = points.len() == 2 * LANES;
        for (l, g) in points.chunks_exact(2).enumerate() {
            let taps = spec.bilinear_corners(g);
            for (k, (o, wt)) in taps.into_iter().enumerate() {
                group.at[k][l] = o;
                group.w[k][l] = wt;
                if o != OUTSIDE {
                    (lo, hi) = (lo.min(o), hi.max(o));
                }
            }
            inside &= taps[0].0 != OUTSIDE && {
                let nw = taps[0].0 as usize;
                nw + width + 1 < in_vol && taps.iter().zip([nw, nw + 1, nw + width, nw + width + 1]).all(|(&(o, _), r)| o as usize == r)
            };
        }
        group.inside = inside;
    }
    let span = lo as usize..hi as usize + 1;
    (lo <= hi && span.len() <= 2 * points.len()).then_some(span)
}

/// Reads `plane[window]` in order, one element per 64-byte line, before a
/// channel pass reads it in the warp's order: wasm has no prefetch, and the
/// hardware prefetcher does not follow a wavy walk across rows, while this
/// sequential walk keeps many misses in flight (13% faster on the benchmark).
fn warm(plane: &[f32], window: Range<usize>) {
    for v in plane[window].iter().step_by(16) {
        // SAFETY: a reference to an element; volatile only keeps the unused load.
        unsafe { core::ptr::read_volatile(v) };
    }
}

/// Two channels of one tile: `out[p] = nw·w_nw + ne·w_ne + sw·w_sw + se·w_se`, in that order.
fn channels(groups: &[Group], planes: [&[f32]; 2], width: usize, mut outs: [&mut [f32]; 2]) {
    for (i, g) in groups.iter().enumerate() {
        let p = i * LANES;
        let n = LANES.min(outs[0].len() - p);
        let w = g.w.map(|w| F32x4::load(&w));
        let o = g.at[0].map(|o| o as usize);
        for (plane, out) in planes.iter().zip(outs.iter_mut()) {
            let [nw, ne, sw, se] = if g.inside {
                let (top, bottom) = (plane.as_ptr(), plane.as_ptr().wrapping_add(width));
                // SAFETY: `inside` holds every lane's se offset (nw + width + 1) below in_vol, the plane's length.
                let (a, b) = unsafe { (F32x4::load_pairs(top.add(o[0]), top.add(o[1])), F32x4::load_pairs(top.add(o[2]), top.add(o[3]))) };
                let (c, d) = unsafe { (F32x4::load_pairs(bottom.add(o[0]), bottom.add(o[1])), F32x4::load_pairs(bottom.add(o[2]), bottom.add(o[3]))) };
                let ((nw, ne), (sw, se)) = (F32x4::deinterleave(a, b), F32x4::deinterleave(c, d));
                [nw, ne, sw, se]
            } else {
                g.at.map(|o| F32x4::new(read(plane, o[0]), read(plane, o[1]), read(plane, o[2]), read(plane, o[3])))
            };
            let v = nw.mul(w[0]).add(ne.mul(w[1])).add(sw.mul(w[2])).add(se.mul(w[3]));
            if n == LANES {
                v.store(&mut out[p..]);
            } else {
                out[p..p + n].copy_from_slice(&v.to_array()[..n]);
            }
        }
    }
}
