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
//! loading but a data-dependent branch the predictor misses.) Four channels
//! share each pass over the table, and each channel's input window is read
//! in order first (`warm`).

use super::{read, GridPadding, Spec, OUTSIDE};
use crate::error::KernelResult;
use crate::mem;
use crate::simd::{F32x4, I32x4, LANES};
use crate::threads;
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
    // Each thread's scratch, made before anything is written.
    let scratch =
        threads::PerThread::new(|| Ok((mem::try_filled(TILE.min(out_vol).div_ceil(LANES), EMPTY)?, mem::try_filled((PASS - 1) * TILE.min(out_vol), 0.0)?)))?;
    let tiles = out_vol.div_ceil(TILE);
    let y = threads::Disjoint::new(y);
    // Tiles of output points, every channel of each: one thread each.
    threads::runs(spec.batch * tiles, spec.batch * out_vol * ch * 4, &|items, slot| {
        let (groups, spare) = scratch.get(&slot);
        for i in items {
            let (n, start) = (i / tiles, i % tiles * TILE);
            let xs = &x[n * ch * in_vol..(n + 1) * ch * in_vol];
            // SAFETY: a tile writes its own points of item n's channels only.
            let ys = unsafe { &mut y.get()[n * ch * out_vol..(n + 1) * ch * out_vol] };
            let gs = &grid[n * out_vol * 2..(n + 1) * out_vol * 2];
            let len = TILE.min(out_vol - start);
            let groups = &mut groups[..len.div_ceil(LANES)];
            let window = table(spec, groups, &gs[start * 2..(start + len) * 2]);
            // PASS channels per pass share the table's loads and address
            // arithmetic; the last pass repeats its last channel as needed,
            // the copies written to `spare`.
            let plane = |c: usize| &xs[c.min(ch - 1) * in_vol..(c.min(ch - 1) + 1) * in_vol];
            let mut outs = ys.chunks_exact_mut(out_vol).map(|o| &mut o[start..start + len]);
            for c in (0..ch).step_by(PASS) {
                if let Some(window) = window.clone() {
                    (c..c + PASS).for_each(|c| warm(plane(c), window.clone()));
                }
                let mut spares = spare.chunks_exact_mut(len);
                // PASS - 1 spares always complete the last pass.
                let outs = core::array::from_fn(|_| outs.next().or_else(|| spares.next()).unwrap());
                channels(groups, core::array::from_fn(|k| plane(c + k)), width, outs);
            }
        }
    });
    Ok(())
}

/// Fills `groups` with the taps of `points` (x, y pairs); returns the span
/// of plane offsets they read when it is short enough to be worth `warm`.
fn table(spec: &Spec, groups: &mut [Group], points: &[f32]) -> Option<Range<usize>> {
    let (mut lo, mut end) = (OUTSIDE, 0);
    for (group, points) in groups.iter_mut().zip(points.chunks(2 * LANES)) {
        *group = match points.len() == 2 * LANES && spec.padding == GridPadding::Zeros {
            true => zeros_group(spec, points),
            false => scalar_group(spec, points),
        };
        for &o in group.at.as_flattened() {
            // OUTSIDE + 1 wraps to 0.
            (lo, end) = (lo.min(o), end.max(o.wrapping_add(1)));
        }
    }
    let span = lo as usize..end as usize;
    (lo < end && span.len() <= 2 * points.len()).then_some(span)
}

/// Up to four points' taps, each from the scalar loop's `bilinear_corners`.
fn scalar_group(spec: &Spec, points: &[f32]) -> Group {
    let mut group = EMPTY;
    let mut inside = points.len() == 2 * LANES;
    for (l, g) in points.chunks_exact(2).enumerate() {
        let taps = spec.bilinear_corners(g);
        for (k, (o, wt)) in taps.into_iter().enumerate() {
            group.at[k][l] = o;
            group.w[k][l] = wt;
        }
        // Taps at x0, x0 + 1 and y0, y0 + 1 all inside: the pattern `inside` promises.
        inside &= taps.iter().all(|t| t.0 != OUTSIDE);
    }
    group.inside = inside;
    group
}

/// Four points' taps with zeros padding, lane = point: the scalar loop's
/// arithmetic (`Axis::taps`, `corners`) in vectors (the benchmark's
/// tables take 0.34 ms instead of 1.12).
fn zeros_group(spec: &Spec, points: &[f32]) -> Group {
    let (gx, gy) = F32x4::deinterleave(F32x4::load(points), F32x4::load(&points[LANES..]));
    let (x, y) = (Lanes::new(gx, spec.input[2], 1, spec.align_corners), Lanes::new(gy, spec.input[1], spec.input[2], spec.align_corners));
    let mut group = EMPTY;
    let mut all = I32x4::splat(-1);
    for (k, (j, i)) in [(0, 0), (0, 1), (1, 0), (1, 1)].into_iter().enumerate() {
        let ok = y.ok[j].and(x.ok[i]);
        all = all.and(ok);
        group.at[k] = ok.select(y.at[j].add(x.at[i]), I32x4::splat(OUTSIDE as i32)).to_array().map(|o| o as u32);
        y.w[j].mul(x.w[i]).store(&mut group.w[k]);
    }
    // Every tap inside: se = nw + width + 1 lies in the plane.
    group.inside = all.to_array() == [-1; LANES];
    group
}

/// Four points' two taps along one axis: offsets (index × stride), whether
/// each is inside, and weights.
struct Lanes {
    at: [I32x4; 2],
    ok: [I32x4; 2],
    w: [F32x4; 2],
}

impl Lanes {
    fn new(g: F32x4, size: usize, stride: usize, align: bool) -> Self {
        let (n, one) = (size as f32, F32x4::splat(1.0));
        // `Axis::unnormalize`; `- 0.0` leaves every value as it is.
        let (scale, shift) = if align { ((n - 1.0) / 2.0, 0.0) } else { (n / 2.0, 0.5) };
        let c = g.add(one).mul(F32x4::splat(scale)).sub(F32x4::splat(shift));
        let c0 = c.floor();
        let c1 = c0.add(one);
        let f = c.sub(c0);
        let at = |c: F32x4| c.to_i32().mul(I32x4::splat(stride as i32));
        Lanes { at: [at(c0), at(c1)], ok: [c0.within(-1.0, n), c1.within(-1.0, n)], w: [one.sub(f), f] }
    }
}

/// Reads `plane[window]` in order, one element per 64-byte line, before a
/// channel pass reads it in the warp's order: wasm has no prefetch, and the
/// hardware prefetcher does not follow a wavy walk across rows, while this
/// sequential walk keeps many misses in flight (13% faster on the benchmark).
fn warm(plane: &[f32], window: Range<usize>) {
    for line in plane[window].chunks(16) {
        // SAFETY: a pointer to an element; volatile only keeps the unused load.
        unsafe { core::ptr::read_volatile(line.as_ptr()) };
    }
}

/// Channels per pass over a tile's table.
const PASS: usize = 4;

/// PASS channels of one tile: `out[p] = nw·w_nw + ne·w_ne + sw·w_sw + se·w_se`, in that order.
/// One branch per group, then the PASS channels in straight-line code.
fn channels(groups: &[Group], planes: [&[f32]; PASS], width: usize, mut outs: [&mut [f32]; PASS]) {
    for (i, g) in groups.iter().enumerate() {
        let p = i * LANES;
        let w = g.w.map(|w| F32x4::load(&w));
        let blend = |[nw, ne, sw, se]: [F32x4; 4]| nw.mul(w[0]).add(ne.mul(w[1])).add(sw.mul(w[2])).add(se.mul(w[3]));
        let v = if g.inside {
            let o = g.at[0].map(|o| o as usize);
            planes.map(|plane| {
                let (top, bottom) = (plane.as_ptr(), plane.as_ptr().wrapping_add(width));
                // SAFETY: `inside` holds every lane's se offset (nw + width + 1) below in_vol, the plane's length.
                let (a, b) = unsafe { (F32x4::load_pairs(top.add(o[0]), top.add(o[1])), F32x4::load_pairs(top.add(o[2]), top.add(o[3]))) };
                let (c, d) = unsafe { (F32x4::load_pairs(bottom.add(o[0]), bottom.add(o[1])), F32x4::load_pairs(bottom.add(o[2]), bottom.add(o[3]))) };
                let ((nw, ne), (sw, se)) = (F32x4::deinterleave(a, b), F32x4::deinterleave(c, d));
                blend([nw, ne, sw, se])
            })
        } else {
            planes.map(|plane| blend(gather(plane, &g.at)))
        };
        for (out, v) in outs.iter_mut().zip(v) {
            match out.get_mut(p..p + LANES) {
                Some(out) => v.store(out),
                None => {
                    let n = out.len() - p;
                    out[p..].copy_from_slice(&v.to_array()[..n]);
                }
            }
        }
    }
}

/// Four pixels' taps one by one, zero outside (groups at the input's edges).
fn gather(plane: &[f32], at: &[[u32; LANES]; 4]) -> [F32x4; 4] {
    at.map(|o| F32x4::new(read(plane, o[0]), read(plane, o[1]), read(plane, o[2]), read(plane, o[3])))
}
