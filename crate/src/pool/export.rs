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
        /// ONNX's LpPool: Lp over the powers of |x|, any padding and dilation.
        LpAbs = 6,
    }
}

codes! {
    /// What a max op's indices count: positions within each plane's
    /// spatial axes (PyTorch's), or ONNX's offsets into the whole input
    /// (planes included, padding ignored) in row- or column-major order.
    pub enum IndexOrder {
        Plane = 0,
        RowMajor = 1,
        ColumnMajor = 2,
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
    /// `norm` (Lp): the power p. `padding` is before each axis, `padding_end`
    /// after it (PyTorch: the same; ONNX's pads may differ). `index_order`:
    /// an IndexOrder.
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
        pub padding_end: [u32; 3],
        pub dilation: [u32; 3],
        pub samples: u32,
        pub rank: u32,
        pub index_order: u32,
        pub norm: f64,
    }
}

#[wasm_bindgen]
pub fn pool(args: usize) -> u32 {
    run(args, |a: &PoolArgs| {
        let op = PoolOp::from_code(a.op).ok_or(KernelError::BadArgument)?;
        let order = IndexOrder::from_code(a.index_order).ok_or(KernelError::BadArgument)?;
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
        let [kernel, stride, padding, padding_end, dilation] = [a.kernel, a.stride, a.padding, a.padding_end, a.dilation].map(sizes);
        // Fractional windows are only sized here: each plane places its own.
        let axis = |k: usize| match op {
            PoolOp::AdaptiveMax | PoolOp::AdaptiveAvg | PoolOp::FractionalMax => pool::Axis::adaptive(input[k], output[k]),
            _ => {
                let taps = pool::Taps { kernel: kernel[k], stride: stride[k], pad: padding[k], dilation: dilation[k] };
                pool::Axis::padded(input[k], output[k], taps, padding_end[k])
            }
        };
        let kernel_op = match op {
            PoolOp::Max | PoolOp::AdaptiveMax | PoolOp::FractionalMax => pool::Op::Max,
            PoolOp::Lp | PoolOp::LpAbs => pool::lp::walk(a.norm),
            _ if a.divisor > 0 => pool::Op::Avg(pool::Divisor::Fixed(a.divisor)),
            PoolOp::Avg if a.count_include_pad != 0 => pool::Op::Avg(pool::Divisor::Padded),
            _ => pool::Op::Avg(pool::Divisor::Real),
        };
        let spec = pool::Spec { op: kernel_op, planes, lane, axes: [axis(0)?, axis(1)?, axis(2)?] };
        let mut indices = indices;
        match op {
            PoolOp::FractionalMax => {
                let rank = a.rank as usize;
                let n = planes.checked_mul(rank).ok_or(KernelError::BadBuffer)?;
                if a.samples == a.y || a.samples == a.indices {
                    return Err(KernelError::BadBuffer);
                }
                let at = pool::Placement { samples: mem::slice::<f32>(a.samples as usize, n)?, rank, kernel };
                pool::fractional_max(path(a.path)?, x, y, indices.as_deref_mut(), spec, &at)?;
            }
            _ => {
                // Lp pools the powers of x, then takes roots of what it wrote.
                let lp = matches!(op, PoolOp::Lp | PoolOp::LpAbs).then_some(a.norm);
                if lp.is_some() && indices.is_some() {
                    return Err(KernelError::BadArgument);
                }
                let powers = if let Some(p) = lp { pool::lp::powers(x, p, op == PoolOp::LpAbs)? } else { Vec::new() };
                pool::pool(path(a.path)?, if lp.is_some() { &powers } else { x }, y, indices.as_deref_mut(), &spec)?;
                if let Some(p) = lp {
                    pool::lp::roots(y, p, kernel);
                }
            }
        }
        match (indices, order) {
            (Some(ix), IndexOrder::RowMajor | IndexOrder::ColumnMajor) if lane == 1 => {
                pool::whole_tensor_indices(ix, planes, input, order == IndexOrder::ColumnMajor);
                Ok(())
            }
            (Some(_), IndexOrder::RowMajor | IndexOrder::ColumnMajor) => Err(KernelError::BadArgument),
            _ => Ok(()),
        }
    })
}
