//! `unfold` (im2col) and `fold` (col2im): the matrix view of a 2-D
//! convolution (3-D for ONNX's Col2Im, with the same layout one axis
//! deeper). Column row `(c, i, j)` of plane `c` holds, for every sliding
//! block `(oy, ox)`, the image value under kernel tap `(i, j)`:
//! `col[(c·kh + i)·kw + j][oy·ow + ox] = img[c][oy·sh − ph + i·dh][ox·sw − pw + j·dw]`,
//! zero where that falls in the padding. `unfold` writes the columns;
//! `fold` is its adjoint, summing every column value into the image position
//! it came from (taps that overlap add up, positions no block covers stay 0).
//!
//! Both walk the same runs: the block rows of one tap, whose valid blocks
//! `lo..hi` read (or write) one image row each at `ix0, ix0 + sw, …`. With
//! stride 1 a row is a contiguous copy (unfold) or add (fold, SIMD128).
//! Fold visits taps in PyTorch's order (tap-major, then blocks), so every
//! image value sums its contributions in the same order, bit for bit.

pub mod export;
use crate::error::{KernelError, KernelResult};
use crate::simd::{F32x4, Path, LANES};
use crate::threads;
use core::ops::Range;

/// One im2col/col2im over `planes` planes of `image` = [d, h, w] and a grid
/// of `blocks` = [od, oh, ow] sliding blocks; every triple is [depth,
/// height, width], 2-D geometries with a unit depth (kernel, stride and
/// dilation 1, padding 0). `padding` is each axis's start; the end padding
/// is whatever `blocks` implies.
#[derive(Clone, Copy, Debug)]
pub struct Geometry {
    pub planes: usize,
    pub image: [usize; 3],
    pub blocks: [usize; 3],
    pub kernel: [usize; 3],
    pub stride: [usize; 3],
    pub padding: [usize; 3],
    pub dilation: [usize; 3],
}

impl Geometry {
    /// Elements of the image tensor and of the column tensor, if they fit in usize.
    pub fn lens(&self) -> Option<(usize, usize)> {
        let product = |v: [usize; 3]| v.iter().try_fold(self.planes, |n, &d| n.checked_mul(d));
        let cols = product(self.kernel)?.checked_mul(self.blocks.iter().try_fold(1usize, |n, &d| n.checked_mul(d))?)?;
        Some((product(self.image)?, cols))
    }

    /// The blocks `lo..hi` along `axis` whose tap `t` lands inside the image, and the
    /// image coordinate of block `lo`.
    #[inline(never)]
    fn valid(&self, axis: usize, t: usize) -> (usize, usize, usize) {
        let (n, s) = (self.image[axis] as i64, self.stride[axis] as i64);
        let offset = (t * self.dilation[axis]) as i64 - self.padding[axis] as i64;
        // Blocks o with 0 ≤ o·s + offset < n.
        let lo = if offset < 0 { (-offset + s - 1) / s } else { 0 };
        let hi = if n - offset > 0 { (n - offset - 1) / s + 1 } else { 0 };
        let blocks = self.blocks[axis] as i64;
        let (lo, hi) = (lo.min(blocks), hi.min(blocks));
        if hi <= lo {
            return (0, 0, 0);
        }
        (lo as usize, hi as usize, (lo * s + offset) as usize)
    }

    /// Calls `visit(run)` for every tap of the planes `planes`, in column
    /// order: for each block plane along D, its block rows above, inside and
    /// below the image, each group one run (a plane outside the image is one run).
    fn runs(&self, planes: Range<usize>, mut visit: impl FnMut(Run)) {
        let [kd, kh, kw] = self.kernel;
        let [od, oh, ow] = self.blocks;
        let [d, h, w] = self.image;
        for p in planes {
            for a in 0..kd {
                let (z_lo, z_hi, iz0) = self.valid(0, a);
                for i in 0..kh {
                    let (y_lo, y_hi, iy0) = self.valid(1, i);
                    for j in 0..kw {
                        let (lo, hi, ix0) = self.valid(2, j);
                        let tap = (((p * kd + a) * kh + i) * kw + j) * od;
                        for z in 0..od {
                            let col = (tap + z) * oh * ow;
                            let (above, rows) = if (z_lo..z_hi).contains(&z) { (y_lo, y_hi - y_lo) } else { (oh, 0) };
                            let iz = p * d + iz0 + z.saturating_sub(z_lo) * self.stride[0];
                            // One call site: `visit` is the whole walk, inlined.
                            for (start, rows, inside) in [(0, above, false), (above, rows, true), (above + rows, oh - above - rows, false)] {
                                let image = (inside && rows > 0).then(|| (iz * h + iy0) * w + ix0);
                                visit(Run { col: col + start * ow, rows, image, lo, hi });
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `rows` block rows from `col` of the columns, each `ow` long; blocks
/// `lo..hi` of each map to an image row, the first read from `image` and each
/// next `stride[0]` rows down (absent when the rows lie in the padding).
struct Run {
    col: usize,
    rows: usize,
    image: Option<usize>,
    lo: usize,
    hi: usize,
}

/// im2col: `x` holds the image planes, `out` the columns.
pub fn unfold(path: Path, g: &Geometry, x: &[f32], out: &mut [f32]) -> KernelResult {
    apply(path, g, x, out, false)
}

/// col2im: `x` holds the columns, `out` the image planes (zeroed first).
pub fn fold(path: Path, g: &Geometry, x: &[f32], out: &mut [f32]) -> KernelResult {
    apply(path, g, x, out, true)
}

/// `unfold`, or with `fold` set `fold`, once the blocks hold the geometry.
pub fn apply(path: Path, g: &Geometry, x: &[f32], out: &mut [f32], fold: bool) -> KernelResult {
    if g.stride.contains(&0) || g.dilation.contains(&0) {
        return Err(KernelError::BadArgument);
    }
    let (image, cols) = g.lens().ok_or(KernelError::BadBuffer)?;
    let (x_len, out_len) = if fold { (cols, image) } else { (image, cols) };
    if x.len() < x_len || out.len() < out_len {
        return Err(KernelError::BadBuffer);
    }
    walk(path, g, x, out, fold);
    Ok(())
}

/// Both directions in one walk (one copy of the loop nest in the module):
/// unfold copies each run from the image, fold adds it back.
fn walk(path: Path, g: &Geometry, x: &[f32], out: &mut [f32], fold: bool) {
    let ([_, _, w], [_, _, ow], [_, sh, sw]) = (g.image, g.blocks, g.stride);
    // Where a tap's block rows lie back to back in the image as in the
    // columns (padding that keeps the width, stride 1), the vector path of
    // unfold copies them all at once (the engine's memmove, near a plain
    // copy's speed) and then zeros the ends of each row, which the copy
    // filled from the neighbouring rows.
    let span = !fold && path.vector() && sw == 1 && ow == sh * w;
    // (Work: every element of the columns and the image moved once.)
    let work = x.len() + out.len();
    let out = threads::Disjoint::new(out);
    let plane: usize = g.image.iter().product();
    // Planes to threads: a plane's columns (unfold) and image (fold) are its own.
    threads::runs(g.planes, work, &|planes, _| {
        // SAFETY: the runs of these planes write these planes' elements only.
        let out = unsafe { out.get() };
        if fold {
            // Zeroed by the chunk that sums into them, so that a chunk run again (threads.rs) starts afresh.
            out[planes.start * plane..planes.end * plane].fill(0.0);
        }
        g.runs(planes, |r| step(path, g, (x, &mut *out), fold, span, &r))
    });
}

/// One run of `walk`: out of line, so the loop nest of `runs` holds one call
/// rather than a copy of it per kind of run.
#[inline(never)]
fn step(path: Path, g: &Geometry, (x, out): (&[f32], &mut [f32]), fold: bool, span: bool, r: &Run) {
    let ([_, _, w], [_, _, ow], [_, sh, sw]) = (g.image, g.blocks, g.stride);
    let zero = core::hint::black_box(0.0f32);
    let Some(at) = r.image else {
        if !fold {
            out[r.col..r.col + r.rows * ow].fill(0.0);
        }
        return;
    };
    let n = r.hi - r.lo;
    if span && n > 0 {
        let len = (r.rows - 1) * ow + n;
        out[r.col + r.lo..r.col + r.lo + len].copy_from_slice(&x[at..at + len]);
        for row in out[r.col..r.col + r.rows * ow].chunks_exact_mut(ow) {
            // Not `fill`: a call to the engine's memset costs more than these few stores.
            let (left, rest) = row.split_at_mut(r.lo);
            for v in left.iter_mut().chain(&mut rest[n..]) {
                *v = zero;
            }
        }
        return;
    }
    for k in 0..r.rows {
        let (col, at) = (r.col + k * ow, at + k * sh * w);
        if fold {
            let src = &x[col + r.lo..col + r.hi];
            if sw == 1 {
                accumulate(path, &mut out[at..at + n], src);
            } else {
                for (m, &v) in src.iter().enumerate() {
                    out[at + m * sw] += v;
                }
            }
            continue;
        }
        let row = &mut out[col..col + ow];
        pad(path, row, r.lo, r.hi);
        let dst = &mut row[r.lo..r.hi];
        if sw == 1 {
            dst.copy_from_slice(&x[at..at + n]);
        } else {
            for (m, d) in dst.iter_mut().enumerate() {
                *d = x[at + m * sw];
            }
        }
    }
}

// The vector path writes a row's padding zeros as quads, not through the
// engine's memset: they are a few elements, and a call to `memory.fill` costs
// more than they do. Where a range does not divide into quads it ends with one
// quad that overlaps the last; zeros are written before the row's copy, which
// overwrites what they overlap. (Copies stay `memory.copy`: at a block row's
// length it measured no slower than a SIMD128 loop, and for whole spans faster.)

/// Zeros outside `lo..hi` of `row`.
fn pad(path: Path, row: &mut [f32], lo: usize, hi: usize) {
    let n = row.len();
    if !path.vector() || n < LANES {
        row[..lo].fill(0.0);
        row[hi..].fill(0.0);
        return;
    }
    if lo > 0 {
        zero_quads(&mut row[..lo.max(LANES)]);
    }
    if hi < n {
        zero_quads(&mut row[hi.min(n - LANES)..]);
    }
}

/// At least one quad.
fn zero_quads(dst: &mut [f32]) {
    let n = dst.len();
    for d in dst.chunks_exact_mut(LANES) {
        F32x4::splat(0.0).store(d);
    }
    F32x4::splat(0.0).store(&mut dst[n - LANES..]);
}

/// `dst += src`, one f32 add per element on either path.
fn accumulate(path: Path, dst: &mut [f32], src: &[f32]) {
    let body = if path.vector() { dst.len() - dst.len() % LANES } else { 0 };
    for (d, s) in dst[..body].chunks_exact_mut(LANES).zip(src.chunks_exact(LANES)) {
        F32x4::load(d).add(F32x4::load(s)).store(d);
    }
    for (d, &s) in dst[body..].iter_mut().zip(&src[body..]) {
        *d += s;
    }
}

#[cfg(test)]
mod tests;
