//! The `max_unpool` export: its argument block, as TypeScript writes it, and the
//! checks that keep the kernel inside the blocks it names.

use super as max_unpool;
use crate::error::KernelError;
use crate::mem;
use crate::record;
use crate::seam::{io, run, sizes};
use wasm_bindgen::prelude::*;

record! {
    /// Scatters `planes` planes of `in_plane` positions of `lane` values
    /// (channels-last; 1 otherwise) to the `out_plane` positions of `y`'s
    /// planes at `indices` (int32), zeros elsewhere. BadIndex, and nothing
    /// written, if any index is outside `[0, out_plane)`.
    pub struct MaxUnpoolArgs for max_unpool {
        pub x: u32,
        pub indices: u32,
        pub y: u32,
        pub planes: u32,
        pub in_plane: u32,
        pub out_plane: u32,
        pub lane: u32,
    }
}

#[wasm_bindgen]
pub fn max_unpool(args: usize) -> u32 {
    run(args, |a: &MaxUnpoolArgs| {
        let [planes, in_plane, out_plane, lane] = sizes([a.planes, a.in_plane, a.out_plane, a.lane]);
        let [n_in, n_out] = [in_plane, out_plane].map(|n| planes.checked_mul(n).and_then(|v| v.checked_mul(lane)));
        let (n_in, n_out) = (n_in.ok_or(KernelError::BadBuffer)?, n_out.ok_or(KernelError::BadBuffer)?);
        if a.indices == a.x || a.indices == a.y {
            return Err(KernelError::BadBuffer);
        }
        let indices = mem::slice::<i32>(a.indices as usize, n_in)?;
        let (x, y) = io(a.x, n_in, a.y, n_out)?;
        max_unpool::max_unpool(x, indices, y, planes, in_plane, out_plane, lane)
    })
}
