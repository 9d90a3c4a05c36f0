//! `unfold` (im2col) and `fold` (col2im): the matrix view of a 2-D
//! convolution. Column row `(c, i, j)` of plane `c` holds, for every sliding
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

    /// Calls `visit(run)` for every tap of every plane, in column order: its
    /// block rows above, inside and below the image, each group one run.
    fn runs(&self, mut visit: impl FnMut(Run)) {
        let [kh, kw] = self.kernel;
        let [oh, ow] = self.blocks;
        let [h, w] = self.image;
        for p in 0..self.planes {
            for i in 0..kh {
                let (y_lo, y_hi, iy0) = self.valid(0, i);
                for j in 0..kw {
                    let (lo, hi, ix0) = self.valid(1, j);
                    let col = ((p * kh + i) * kw + j) * oh * ow;
                    let (above, inside) = if y_hi > y_lo { (y_lo, y_hi - y_lo) } else { (oh, 0) };
                    visit(Run { col, rows: above, image: None, lo, hi });
                    visit(Run { col: col + above * ow, rows: inside, image: Some((p * h + iy0) * w + ix0), lo, hi });
                    visit(Run { col: col + (above + inside) * ow, rows: oh - above - inside, image: None, lo, hi });
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

/// The image's length, if the blocks hold the geometry.
fn check(g: &Geometry, image: usize, cols: usize) -> KernelResult<usize> {
    if g.stride.contains(&0) || g.dilation.contains(&0) {
        return Err(KernelError::BadArgument);
    }
    match g.lens() {
        Some((i, c)) if i <= image && c <= cols => Ok(i),
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
    let image = check(g, out.len(), x.len())?;
    out[..image].fill(0.0);
    walk(path, g, x, out, true);
    Ok(())
}

/// Both directions in one walk (one copy of the loop nest in the module):
/// unfold copies each run from the image, fold adds it back.
fn walk(path: Path, g: &Geometry, x: &[f32], out: &mut [f32], fold: bool) {
    let ([_, w], [_, ow], [sh, sw]) = (g.image, g.blocks, g.stride);
    // Where a tap's block rows lie back to back in the image as in the
    // columns (padding that keeps the width, stride 1), the vector path of
    // unfold copies them all at once (the engine's memmove, near a plain
    // copy's speed) and then zeros the ends of each row, which the copy
    // filled from the neighbouring rows.
    let span = !fold && path.vector() && sw == 1 && ow == sh * w;
    let zero = core::hint::black_box(0.0f32);
    g.runs(|r| {
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
    });
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
