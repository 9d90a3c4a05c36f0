//! `max_unpool*d`: the partial inverse of max pooling. Each input value goes
//! to the position its index names within its (n, c) plane; everything else
//! is zero. Indices come from users, so each one is checked against the
//! output plane before anything is written.

pub mod export;
use crate::error::{KernelError, KernelResult};
use crate::threads;

/// `x` and `indices` are `planes × in_plane × lane`, `out` is
/// `planes × out_plane × lane`: `lane` channels interleaved (channels-last,
/// planes = batch) or one (planes = batch × channels). An index is a flat
/// position in its (n, c) plane either way. Where indices repeat within a
/// plane the later input wins, as in PyTorch's serial CPU kernel. The first
/// index outside `[0, out_plane)` is reported as `BadIndex` (its position in
/// `indices`, and its value).
pub fn max_unpool(x: &[f32], indices: &[i32], out: &mut [f32], planes: usize, in_plane: usize, out_plane: usize, lane: usize) -> KernelResult {
    let [Some(n_in), Some(n_out)] = [in_plane, out_plane].map(|n| planes.checked_mul(n)?.checked_mul(lane)) else {
        return Err(KernelError::BadBuffer);
    };
    if x.len() < n_in || indices.len() < n_in || out.len() < n_out {
        return Err(KernelError::BadBuffer);
    }
    let indices = &indices[..n_in];
    if let Some(at) = indices.iter().position(|&i| i < 0 || i as usize >= out_plane) {
        return Err(KernelError::BadIndex { at, value: indices[at].into() });
    }
    if lane == 0 {
        return Ok(());
    }
    // Planes to threads: a plane's indices only reach its own output plane,
    // which its run zeroes and then fills in input order.
    let (in_len, out_len) = (in_plane * lane, out_plane * lane);
    let out = threads::Disjoint::new(&mut out[..n_out]);
    threads::runs_of(planes, in_len + out_len, &|run, _| {
        for p in run {
            // SAFETY: plane p's output is written by the run that holds it.
            let dst = unsafe { &mut out.get()[p * out_len..(p + 1) * out_len] };
            dst.fill(0.0);
            let from = p * in_len..(p + 1) * in_len;
            for (xs, is) in x[from.clone()].chunks_exact(lane).zip(indices[from].chunks_exact(lane)) {
                for (c, (&v, &i)) in xs.iter().zip(is).enumerate() {
                    dst[i as usize * lane + c] = v;
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
    fn scatters_per_plane_and_zeroes_the_rest() {
        let mut out = [f32::NAN; 8];
        max_unpool(&[5.0, 6.0, 7.0, 8.0], &[1, 3, 0, 0], &mut out, 2, 2, 4, 1).unwrap();
        assert_eq!(out, [0.0, 5.0, 0.0, 6.0, 8.0, 0.0, 0.0, 0.0]);
        // The same two planes interleaved (channels-last): one plane of lane 2.
        let mut out = [f32::NAN; 8];
        max_unpool(&[5.0, 7.0, 6.0, 8.0], &[1, 0, 3, 0], &mut out, 1, 2, 4, 2).unwrap();
        assert_eq!(out, [0.0, 8.0, 5.0, 0.0, 0.0, 0.0, 6.0, 0.0]);
    }

    #[test]
    fn one_plane_takes_whole_tensor_offsets() {
        // ONNX's layout: [N = 1, C = 2, 2] scattered into [1, 2, 4] as one
        // plane of 8, so an index may land in the other channel; the later
        // of two equal indices wins.
        let mut out = [f32::NAN; 8];
        max_unpool(&[1.0, 2.0, 3.0, 4.0], &[7, 0, 0, 3], &mut out, 1, 4, 8, 1).unwrap();
        assert_eq!(out, [3.0, 0.0, 0.0, 4.0, 0.0, 0.0, 0.0, 1.0]);
    }

    #[test]
    fn a_bad_index_writes_nothing() {
        let mut out = [f32::NAN; 4];
        assert_eq!(max_unpool(&[1.0, 2.0], &[0, 4], &mut out, 1, 2, 4, 1), Err(KernelError::BadIndex { at: 1, value: 4 }));
        assert_eq!(max_unpool(&[1.0, 2.0], &[-1, 9], &mut out, 1, 2, 4, 1), Err(KernelError::BadIndex { at: 0, value: -1 }));
        // Positions count across planes: the second plane's first index is at 2.
        assert_eq!(max_unpool(&[1.0; 4], &[0, 1, 2, 3], &mut out, 2, 2, 2, 1), Err(KernelError::BadIndex { at: 2, value: 2 }));
        assert!(out.iter().all(|v| v.is_nan()));
        assert_eq!(max_unpool(&[1.0], &[0, 0], &mut out, 1, 2, 4, 1), Err(KernelError::BadBuffer));
    }
}
