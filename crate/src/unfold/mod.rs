//! `unfold` (im2col) and `fold` (col2im): the matrix view of a 2-D
//! convolution. Column row `(c, i, j)` of plane `c` holds, for every sliding
//! block `(oy, ox)`, the image value under kernel tap `(i, j)`:
//! `col[(c·kh + i)·kw + j][oy·ow + ox] = img[c][oy·sh − ph + i·dh][ox·sw − pw + j·dw]`,
//! zero where that falls in the padding. `unfold` writes the columns;
//! `fold` is its adjoint, summing every column value into the image position
//! it came from (taps that overlap add up, positions no block covers stay 0).
//!
//! Both walk the same runs: one block row of one tap, whose valid blocks
//! `lo..hi` read (or write) one image row at `ix0, ix0 + sw, …`. With stride
//! 1 a run is a contiguous copy (unfold) or add (fold): the vector loop.
//! Fold visits taps in PyTorch's order (tap-major, then blocks), so every
//! image value sums its contributions in the same order, bit for bit.

pub mod export;
use crate::error::{KernelError, KernelResult};
use crate::simd::{F32x4, Path, LANES};

/// One im2col/col2im over `planes` planes of `image` = [h, w] and a grid of
/// `blocks` = [oh, ow] sliding blocks; pairs are [height, width].
#[derive(Clone, Copy, Debug)]
pub struct Geometry {
    pub planes: usize,
    pub image: [usize; 2],
    pub blocks: [usize; 2],
    pub kernel: [usize; 2],
    pub stride: [usize; 2],
    pub padding: [usize; 2],
    pub dilation: [usize; 2],
}

impl Geometry {
    /// Elements of the image tensor and of the column tensor, if they fit in usize.
    pub fn lens(&self) -> Option<(usize, usize)> {
        let image = self.planes.checked_mul(self.image[0])?.checked_mul(self.image[1])?;
        let taps = self.kernel[0].checked_mul(self.kernel[1])?;
        let cols = self.planes.checked_mul(taps)?.checked_mul(self.blocks[0])?.checked_mul(self.blocks[1])?;
        Some((image, cols))
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

    /// Calls `visit(run)` for every block row of every tap of every plane, in
    /// column order.
    fn runs(&self, mut visit: impl FnMut(Run)) {
        let [kh, kw] = self.kernel;
        let [oh, ow] = self.blocks;
        let [h, w] = self.image;
        for p in 0..self.planes {
            for i in 0..kh {
                let (y_lo, y_hi, iy0) = self.valid(0, i);
                for j in 0..kw {
                    let (lo, hi, ix0) = self.valid(1, j);
                    let row = ((p * kh + i) * kw + j) * oh;
                    for oy in 0..oh {
                        let image = (y_lo..y_hi).contains(&oy).then(|| (p * h + iy0 + (oy - y_lo) * self.stride[0]) * w + ix0);
                        visit(Run { col: (row + oy) * ow, image, lo, hi });
                    }
                }
            }
        }
    }
}

/// Block row `col .. col + ow` of the columns; blocks `lo..hi` of it map to
/// the image row read from `image` (absent when the row lies in the padding).
struct Run {
    col: usize,
    image: Option<usize>,
    lo: usize,
    hi: usize,
}

fn check(g: &Geometry, image: usize, cols: usize) -> KernelResult {
    if g.stride.contains(&0) || g.dilation.contains(&0) {
        return Err(KernelError::BadArgument);
    }
    match g.lens() {
        Some((i, c)) if i <= image && c <= cols => Ok(()),
        _ => Err(KernelError::BadBuffer),
    }
}

/// im2col: `x` holds the image planes, `out` the columns.
pub fn unfold(path: Path, g: &Geometry, x: &[f32], out: &mut [f32]) -> KernelResult {
    check(g, x.len(), out.len())?;
    walk(path, g, x, out, false);
    Ok(())
}

/// col2im: `x` holds the columns, `out` the image planes (zeroed first).
pub fn fold(path: Path, g: &Geometry, x: &[f32], out: &mut [f32]) -> KernelResult {
    check(g, out.len(), x.len())?;
    let (image_len, _) = g.lens().ok_or(KernelError::BadBuffer)?;
    out[..image_len].fill(0.0);
    walk(path, g, x, out, true);
    Ok(())
}

/// Both directions in one walk (one copy of the loop nest in the module):
/// unfold copies each run from the image, fold adds it back.
fn walk(path: Path, g: &Geometry, x: &[f32], out: &mut [f32], fold: bool) {
    let (ow, sw) = (g.blocks[1], g.stride[1]);
    g.runs(|r| {
        let Some(at) = r.image else {
            if !fold {
                out[r.col..r.col + ow].fill(0.0);
            }
            return;
        };
        let n = r.hi - r.lo;
        if fold {
            let src = &x[r.col + r.lo..r.col + r.hi];
            if sw == 1 {
                accumulate(path, &mut out[at..at + n], src);
            } else {
                for (k, &v) in src.iter().enumerate() {
                    out[at + k * sw] += v;
                }
            }
            return;
        }
        let row = &mut out[r.col..r.col + ow];
        pad(path, row, r.lo, r.hi);
        let dst = &mut row[r.lo..r.hi];
        if sw == 1 {
            copy(path, dst, &x[at..at + n]);
        } else {
            for (k, d) in dst.iter_mut().enumerate() {
                *d = x[at + k * sw];
            }
        }
    });
}

// The vector path stays clear of the engine's memset and memmove: a run is
// short (one block row), and for runs this short a call to `memory.fill` or
// `memory.copy` costs more than the bytes it moves. Where a range does not
// divide into quads it ends with one quad that overlaps the last; zeros are
// written before the run's copy, which overwrites what they overlap.

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

fn copy(path: Path, dst: &mut [f32], src: &[f32]) {
    let n = dst.len();
    if !path.vector() || n < LANES {
        dst.copy_from_slice(src);
        return;
    }
    for (d, s) in dst.chunks_exact_mut(LANES).zip(src.chunks_exact(LANES)) {
        F32x4::load(s).store(d);
    }
    F32x4::load(&src[n - LANES..]).store(&mut dst[n - LANES..]);
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
