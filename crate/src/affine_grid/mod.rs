//! `F.affine_grid`: the sampling grid of an affine map, for `grid_sample`.
//! Output point (d, h, w) is `theta · (x_w, y_h, z_d, 1)` where each
//! coordinate runs over `[-1, 1]` as PyTorch's base grid does: corner pixel
//! centres with align_corners, else pulled in by (n − 1)/n so that the
//! corner pixels' outer edges are at ±1.

pub mod export;

use crate::error::{KernelError, KernelResult};
use crate::threads;

/// Elements of theta and of the grid, for `rank` 2 or 3 and `size` D, H, W.
pub fn lens(rank: usize, batch: usize, size: [usize; 3]) -> Option<[usize; 2]> {
    if !(2..=3).contains(&rank) || (rank == 2 && size[0] != 1) {
        return None;
    }
    let points = size.iter().try_fold(batch, |a, &b| a.checked_mul(b))?;
    Some([batch.checked_mul(rank * (rank + 1))?, points.checked_mul(rank)?])
}

/// Coordinate `i` of `n` along one axis, in float32 as PyTorch forms it:
/// `linspace(-1, 1, n)` (from the nearer end), times (n − 1)/n unless align_corners.
fn base(i: usize, n: usize, align_corners: bool) -> f32 {
    if n <= 1 {
        return 0.0;
    }
    let step = 2.0 / (n - 1) as f32;
    let v = if i < n / 2 { -1.0 + step * i as f32 } else { 1.0 - step * (n - 1 - i) as f32 };
    if align_corners {
        v
    } else {
        v * (n - 1) as f32 / n as f32
    }
}

/// `grid` [batch, *size, rank] from `theta` [batch, rank, rank + 1].
pub fn affine_grid(theta: &[f32], grid: &mut [f32], rank: usize, batch: usize, size: [usize; 3], align_corners: bool) -> KernelResult {
    let [nt, ng] = lens(rank, batch, size).ok_or(KernelError::BadArgument)?;
    if theta.len() < nt || grid.len() < ng {
        return Err(KernelError::BadBuffer);
    }
    let [d, h, w] = size;
    let row = w * rank;
    let grid = threads::Disjoint::new(&mut grid[..ng]);
    // Rows of points (batch, d, h) to threads.
    threads::runs_of(batch * d * h, row, &|rows, _| {
        for r in rows {
            let t = &theta[r / (d * h) * rank * (rank + 1)..][..rank * (rank + 1)];
            let (y, z) = (base(r % h, h, align_corners), base(r / h % d, d, align_corners));
            // SAFETY: row r is written by the run that holds it.
            let g = unsafe { &mut grid.get()[r * row..(r + 1) * row] };
            for (p, o) in g.chunks_exact_mut(rank).enumerate() {
                let point = [base(p, w, align_corners), y, z];
                for (v, coef) in o.iter_mut().zip(t.chunks_exact(rank + 1)) {
                    *v = coef[..rank].iter().zip(point).fold(0.0, |a, (&c, p)| a + c * p) + coef[rank];
                }
            }
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_is_the_base_grid() {
        let theta = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0];
        let mut g = [f32::NAN; 2 * 2 * 3];
        affine_grid(&theta, &mut g, 2, 1, [1, 2, 3], true).unwrap();
        assert_eq!(g, [-1.0, -1.0, 0.0, -1.0, 1.0, -1.0, -1.0, 1.0, 0.0, 1.0, 1.0, 1.0]);
        affine_grid(&theta, &mut g, 2, 1, [1, 2, 3], false).unwrap();
        let third = 2.0 / 3.0;
        assert_eq!(g, [-third, -0.5, 0.0, -0.5, third, -0.5, -third, 0.5, 0.0, 0.5, third, 0.5]);
    }

    #[test]
    fn translation_and_size_one_axes() {
        // A size-1 axis sits at 0; the translation column adds.
        let theta = [0.0, 0.0, 0.0, 0.25, 0.0, 0.0, 0.0, -0.5, 0.0, 0.0, 1.0, 2.0];
        let mut g = [f32::NAN; 3];
        affine_grid(&theta, &mut g, 3, 1, [1, 1, 1], false).unwrap();
        assert_eq!(g, [0.25, -0.5, 2.0]);
        assert_eq!(affine_grid(&theta, &mut g, 3, 1, [1, 1, 2], false), Err(KernelError::BadBuffer));
        assert_eq!(affine_grid(&theta, &mut g, 4, 1, [1, 1, 1], false), Err(KernelError::BadArgument));
    }
}
