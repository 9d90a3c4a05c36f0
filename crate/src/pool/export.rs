//! The `pool` export: its argument block, as TypeScript writes it, and the
//! checks that keep the kernel inside the blocks it names.

use super as pool;
use crate::error::KernelError;
use crate::mem;
use crate::seam::{io, path, run, sizes};
use crate::{codes, record};
use wasm_bindgen::prelude::*;

codes! {
    /// What `pool` computes.
    pub enum PoolOp {
        Max = 0,
        Avg = 1,
        AdaptiveMax = 2,
        AdaptiveAvg = 3,
        /// lp_pool: `norm` is p; no padding, dilation 1.
        Lp = 4,
        /// fractional_max_pool: `samples`, `rank` values per plane.
        FractionalMax = 5,
    }
}

record! {
    /// Pooling over `planes` planes of `lane` interleaved values (1 for NC*
    /// layouts; C for channels-last, then `planes` is N). Per-axis arrays
    /// outermost first; unused leading axes have length 1 and kernel 1.
    /// Sliding ops read kernel, stride, padding and dilation; adaptive ops
    /// only the lengths. `indices`: 0, or an int32 block the size of the
    /// output (max ops). `divisor`: 0, or divisor_override. `samples`
    /// (FractionalMax): a float32 block of `rank` (2 or 3) values per plane,
    /// PyTorch's `_random_samples`; the output lengths place the windows.
    /// `norm` (Lp): the power p.
    pub struct PoolArgs for pool {
        pub path: u32,
        pub x: u32,
        pub y: u32,
        pub indices: u32,
        pub op: u32,
        pub count_include_pad: u32,
        pub divisor: u32,
        pub planes: u32,
        pub lane: u32,
        pub input: [u32; 3],
        pub output: [u32; 3],
        pub kernel: [u32; 3],
        pub stride: [u32; 3],
        pub padding: [u32; 3],
        pub dilation: [u32; 3],
        pub samples: u32,
        pub rank: u32,
        pub norm: f64,
    }
}

#[wasm_bindgen]
pub fn pool(args: usize) -> u32 {
    run(args, |a: &PoolArgs| {
        let op = PoolOp::from_code(a.op).ok_or(KernelError::BadArgument)?;
        let (planes, lane) = (a.planes as usize, a.lane as usize);
        let (input, output) = (sizes(a.input), sizes(a.output));
        if lane == 0 || input.contains(&0) || output.contains(&0) {
            return Err(KernelError::BadArgument);
        }
        let n_in = pool::volume(planes, lane, input).ok_or(KernelError::BadBuffer)?;
        let n_out = pool::volume(planes, lane, output).ok_or(KernelError::BadBuffer)?;
        let (x, y) = io(a.x, n_in, a.y, n_out)?;
        let indices = match a.indices {
            0 => None,
            i if i == a.x || i == a.y => return Err(KernelError::BadBuffer),
            i => Some(mem::slice_mut::<i32>(i as usize, n_out)?),
        };
        // Tables are built only after the output block proved every axis's
        // length is a real allocation.
        let [kernel, stride, padding, dilation] = [a.kernel, a.stride, a.padding, a.dilation].map(sizes);
        // Fractional windows are only sized here: each plane places its own.
        let axis = |k: usize| match op {
            PoolOp::AdaptiveMax | PoolOp::AdaptiveAvg | PoolOp::FractionalMax => pool::Axis::adaptive(input[k], output[k]),
            _ => pool::Axis::sliding(input[k], output[k], kernel[k], stride[k], padding[k], dilation[k]),
        };
        let kernel_op = match op {
            PoolOp::Max | PoolOp::AdaptiveMax | PoolOp::FractionalMax => pool::Op::Max,
            PoolOp::Lp => pool::lp::walk(a.norm),
            _ if a.divisor > 0 => pool::Op::Avg(pool::Divisor::Fixed(a.divisor)),
            PoolOp::Avg if a.count_include_pad != 0 => pool::Op::Avg(pool::Divisor::Padded),
            _ => pool::Op::Avg(pool::Divisor::Real),
        };
        let spec = pool::Spec { op: kernel_op, planes, lane, axes: [axis(0)?, axis(1)?, axis(2)?] };
        match op {
            PoolOp::FractionalMax => {
                let rank = a.rank as usize;
                let n = planes.checked_mul(rank).ok_or(KernelError::BadBuffer)?;
                if a.samples == a.y || a.samples == a.indices {
                    return Err(KernelError::BadBuffer);
                }
                let at = pool::Placement { samples: mem::slice::<f32>(a.samples as usize, n)?, rank, kernel };
                pool::fractional_max(path(a.path)?, x, y, indices, spec, &at)
            }
            _ => {
                // Lp pools the powers of x, then takes roots of what it wrote.
                let lp = (op == PoolOp::Lp).then_some(a.norm);
                if lp.is_some() && indices.is_some() {
                    return Err(KernelError::BadArgument);
                }
                let powers = if let Some(p) = lp { pool::lp::powers(x, p)? } else { Vec::new() };
                pool::pool(path(a.path)?, if lp.is_some() { &powers } else { x }, y, indices, &spec)?;
                if let Some(p) = lp {
                    pool::lp::roots(y, p, kernel);
                }
                Ok(())
            }
        }
    })
}
