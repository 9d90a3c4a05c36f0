//! The `max_unpool` export: its argument block, as TypeScript writes it, and the
//! checks that keep the kernel inside the blocks it names.

use super as max_unpool;
use crate::error::KernelError;
use crate::mem;
use crate::record;
use crate::seam::{io, run, sizes};
use wasm_bindgen::prelude::*;

record! {
    /// Scatters `planes` planes of `in_plane` values to the `out_plane`-long
    /// planes of `y` at `indices` (int32), zeros elsewhere. BadIndex, and
    /// nothing written, if any index is outside `[0, out_plane)`.
    pub struct MaxUnpoolArgs for max_unpool {
        pub x: u32,
        pub indices: u32,
        pub y: u32,
        pub planes: u32,
        pub in_plane: u32,
        pub out_plane: u32,
    }
}

#[wasm_bindgen]
pub fn max_unpool(args: usize) -> u32 {
    run(args, |a: &MaxUnpoolArgs| {
        let [planes, in_plane, out_plane] = sizes([a.planes, a.in_plane, a.out_plane]);
        let n_in = planes.checked_mul(in_plane).ok_or(KernelError::BadBuffer)?;
        let n_out = planes.checked_mul(out_plane).ok_or(KernelError::BadBuffer)?;
        if a.indices == a.x || a.indices == a.y {
            return Err(KernelError::BadBuffer);
        }
        let indices = mem::slice::<i32>(a.indices as usize, n_in)?;
        let (x, y) = io(a.x, n_in, a.y, n_out)?;
        max_unpool::max_unpool(x, indices, y, planes, in_plane, out_plane)
    })
}
