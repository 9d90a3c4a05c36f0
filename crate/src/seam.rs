//! What every export shares: reading its argument block, reporting a
//! failure over it, and turning the block's fields into checked slices and
//! sizes. Each op's `export.rs` defines its block and export on top of these.

use crate::abi::{ErrorDetail, Record, Status};
use crate::error::{KernelError, KernelResult};
use crate::mem;
use crate::simd::Path;

/// Reads the argument block at `args`, runs `body`, and reports the result:
/// a status, and on failure the detail record written over the block.
pub(crate) fn run<A: Record>(args: usize, body: impl FnOnce(&A) -> KernelResult) -> u32 {
    let Err(e) = mem::record::<A>(args).and_then(|a| body(&a)) else { return Status::Ok as u32 };
    let (at, value) = e.detail();
    mem::write_record(args, ErrorDetail { status: e.status() as u32, at, value });
    e.status() as u32
}

pub(crate) fn path(code: u32) -> KernelResult<Path> {
    Path::from_code(code).ok_or(KernelError::BadArgument)
}

/// A scale factor as `interpolate` passes it: anything not positive means none given.
pub(crate) fn scale(s: f64) -> Option<f64> {
    (s > 0.0).then_some(s)
}

/// Sizes as the kernels take them: u32 in the block, usize here.
pub(crate) fn sizes<const N: usize>(v: [u32; N]) -> [usize; N] {
    v.map(|n| n as usize)
}

/// Input and output must be distinct live blocks holding the given lengths.
pub(crate) fn io<'a, T: Copy, U: Copy>(x: u32, x_len: usize, y: u32, y_len: usize) -> KernelResult<(&'a [T], &'a mut [U])> {
    if x == y {
        return Err(KernelError::BadBuffer);
    }
    Ok((mem::slice(x as usize, x_len)?, mem::slice_mut(y as usize, y_len)?))
}
