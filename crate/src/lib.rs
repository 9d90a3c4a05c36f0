//! Resample: up- and down-sampling kernels over buffers in wasm linear memory.
//!
//! This file is the whole exported boundary. Each kernel export takes one
//! pointer, to its argument block (a `record!` from abi.rs, written by the
//! TypeScript layer), and returns a `Status`. On failure the kernel
//! overwrites the start of the argument block with an `ErrorDetail`, so the
//! caller can name the bad index or the size that did not fit. TypeScript
//! validates arguments and sizes outputs; here we re-check only what could
//! make a kernel read or write outside its blocks.

pub mod abi;
pub mod conv;
pub mod error;
pub mod filters;
pub mod interpolate;
pub mod max_unpool;
pub mod mem;
pub mod pixel_shuffle;
pub mod pool;
pub mod resize_image;
pub mod simd;

use abi::{ErrorDetail, Record, Status};
use error::{KernelError, KernelResult};
use simd::Path;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn alloc(bytes: usize) -> usize {
    mem::alloc(bytes)
}

#[wasm_bindgen]
pub fn free(ptr: usize) {
    mem::free(ptr)
}

/// Reads the argument block at `args`, runs `body`, and reports the result:
/// a status, and on failure the detail record written over the block.
fn run<A: Record>(args: usize, body: impl FnOnce(&A) -> KernelResult) -> u32 {
    let Err(e) = mem::record::<A>(args).and_then(|a| body(&a)) else { return Status::Ok as u32 };
    let (at, value) = e.detail();
    mem::write_record(args, ErrorDetail { status: e.status() as u32, at, value });
    e.status() as u32
}

fn path(code: u32) -> KernelResult<Path> {
    Path::from_code(code).ok_or(KernelError::BadArgument)
}

/// A scale factor as `interpolate` passes it: anything not positive means none given.
fn scale(s: f64) -> Option<f64> {
    (s > 0.0).then_some(s)
}

/// Sizes as the kernels take them: u32 in the block, usize here.
fn sizes<const N: usize>(v: [u32; N]) -> [usize; N] {
    v.map(|n| n as usize)
}

/// Input and output must be distinct live blocks holding the given lengths.
fn io<'a, T: Copy, U: Copy>(x: u32, x_len: usize, y: u32, y_len: usize) -> KernelResult<(&'a [T], &'a mut [U])> {
    if x == y {
        return Err(KernelError::BadBuffer);
    }
    Ok((mem::slice(x as usize, x_len)?, mem::slice_mut(y as usize, y_len)?))
}

record! {
    /// `F.interpolate` over `rank` spatial axes (1..=3). Per-axis arrays are
    /// outermost first (D, H, W); the unused leading entries are ignored.
    /// `scale` > 0 is the scale factor the kernel uses on that axis
    /// (PyTorch's scale_factor without recompute); 0 means in/out.
    pub struct InterpolateArgs for interpolate {
        pub path: u32,
        pub x: u32,
        pub y: u32,
        pub mode: u32,
        pub align_corners: u32,
        pub channels_last: u32,
        pub antialias: u32,
        pub rank: u32,
        pub batch: u32,
        pub channels: u32,
        pub input: [u32; 3],
        pub output: [u32; 3],
        pub scale: [f64; 3],
    }
}

#[wasm_bindgen]
pub fn interpolate(args: usize) -> u32 {
    run(args, |a: &InterpolateArgs| {
        let mode = interpolate::Mode::from_code(a.mode).ok_or(KernelError::BadArgument)?;
        let rank = a.rank as usize;
        if !(1..=3).contains(&rank) {
            return Err(KernelError::BadArgument);
        }
        let axes = (3 - rank..3).map(|k| interpolate::AxisSpec::new(a.input[k] as usize, a.output[k] as usize, scale(a.scale[k])));
        let spec = interpolate::Spec {
            mode,
            align_corners: a.align_corners != 0,
            channels_last: a.channels_last != 0,
            antialias: a.antialias != 0,
            batch: a.batch as usize,
            channels: a.channels as usize,
            axes: mem::try_collect(axes)?,
        };
        let (x, y) = io(a.x, spec.in_len(), a.y, spec.out_len())?;
        interpolate::interpolate(path(a.path)?, x, y, &spec)
    })
}

codes! {
    /// What `pool` computes.
    pub enum PoolOp {
        Max = 0,
        Avg = 1,
        AdaptiveMax = 2,
        AdaptiveAvg = 3,
    }
}

record! {
    /// Pooling over `planes` planes of `lane` interleaved values (1 for NC*
    /// layouts; C for channels-last, then `planes` is N). Per-axis arrays
    /// outermost first; unused leading axes have length 1 and kernel 1.
    /// Sliding ops read kernel, stride, padding and dilation; adaptive ops
    /// only the lengths. `indices`: 0, or an int32 block the size of the
    /// output (max ops). `divisor`: 0, or divisor_override.
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
        let axis = |k: usize| match op {
            PoolOp::AdaptiveMax | PoolOp::AdaptiveAvg => pool::Axis::adaptive(input[k], output[k]),
            _ => pool::Axis::sliding(input[k], output[k], kernel[k], stride[k], padding[k], dilation[k]),
        };
        let kernel_op = match op {
            PoolOp::Max | PoolOp::AdaptiveMax => pool::Op::Max,
            _ if a.divisor > 0 => pool::Op::Avg(pool::Divisor::Fixed(a.divisor)),
            PoolOp::Avg if a.count_include_pad != 0 => pool::Op::Avg(pool::Divisor::Padded),
            _ => pool::Op::Avg(pool::Divisor::Real),
        };
        let spec = pool::Spec { op: kernel_op, planes, lane, axes: [axis(0)?, axis(1)?, axis(2)?] };
        pool::pool(path(a.path)?, x, y, indices, &spec)
    })
}

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

record! {
    /// pixel_shuffle (`unshuffle` 0) or pixel_unshuffle (1) over `groups`
    /// groups of factor² planes of `height × width` (the small side).
    pub struct PixelShuffleArgs for pixel_shuffle {
        pub path: u32,
        pub x: u32,
        pub y: u32,
        pub unshuffle: u32,
        pub groups: u32,
        pub factor: u32,
        pub height: u32,
        pub width: u32,
    }
}

#[wasm_bindgen]
pub fn pixel_shuffle(args: usize) -> u32 {
    run(args, |a: &PixelShuffleArgs| {
        let [groups, r, h, w] = sizes([a.groups, a.factor, a.height, a.width]);
        let n = [r, r, h, w].iter().try_fold(groups, |n, &d| n.checked_mul(d)).ok_or(KernelError::BadBuffer)?;
        let (x, y) = io(a.x, n, a.y, n)?;
        pixel_shuffle::pixel_shuffle(path(a.path)?, x, y, groups, r, h, w, a.unshuffle == 0)
    })
}

record! {
    /// `conv1d/2d/3d` (`transposed` 0) and `conv_transpose1d/2d/3d` (1) on
    /// NC(D)(H)W. Per-axis arrays D, H, W; lower ranks put unit axes
    /// (length 1, kernel 1, stride 1, padding 0, dilation 1) in front.
    /// `bias`: 0 for none. With `upsample` 1 (upsampleConv2d, 2-D only), x
    /// is `source`-sized and sampled up to `input` on the fly, with `mode`,
    /// `align_corners` and `scale` as in `interpolate` (scale 0: none).
    pub struct ConvArgs for conv {
        pub path: u32,
        pub x: u32,
        pub weight: u32,
        pub bias: u32,
        pub y: u32,
        pub transposed: u32,
        pub batch: u32,
        pub in_channels: u32,
        pub out_channels: u32,
        pub groups: u32,
        pub input: [u32; 3],
        pub output: [u32; 3],
        pub kernel: [u32; 3],
        pub stride: [u32; 3],
        pub padding: [u32; 3],
        pub dilation: [u32; 3],
        pub upsample: u32,
        pub mode: u32,
        pub align_corners: u32,
        pub source: [u32; 2],
        pub scale: [f64; 2],
    }
}

/// Weight, bias (if any) and output of a convolution.
type ConvBuffers<'a> = (&'a [f32], Option<&'a [f32]>, &'a mut [f32]);

/// The weight, bias and output blocks of a convolution; the output must not
/// alias any input.
fn conv_buffers<'a>(a: &ConvArgs, spec: &conv::Spec) -> KernelResult<ConvBuffers<'a>> {
    if [a.x, a.weight, a.bias].contains(&a.y) {
        return Err(KernelError::BadBuffer);
    }
    let weight = mem::slice(a.weight as usize, spec.weight_len())?;
    let bias = match a.bias {
        0 => None,
        b => Some(mem::slice(b as usize, spec.out_channels)?),
    };
    Ok((weight, bias, mem::slice_mut(a.y as usize, spec.out_len())?))
}

fn conv_spec(a: &ConvArgs) -> KernelResult<conv::Spec> {
    let axis = |k: usize| {
        let [in_len, out_len, kernel, stride, padding, dilation] = sizes([a.input[k], a.output[k], a.kernel[k], a.stride[k], a.padding[k], a.dilation[k]]);
        conv::Axis { in_len, out_len, kernel, stride, padding, dilation }
    };
    let spec = conv::Spec {
        transposed: a.transposed != 0,
        batch: a.batch as usize,
        in_channels: a.in_channels as usize,
        out_channels: a.out_channels as usize,
        groups: a.groups as usize,
        axes: [axis(0), axis(1), axis(2)],
    };
    spec.check()?;
    Ok(spec)
}

#[wasm_bindgen]
pub fn conv(args: usize) -> u32 {
    run(args, |a: &ConvArgs| {
        let spec = conv_spec(a)?;
        let (weight, bias, out) = conv_buffers(a, &spec)?;
        if a.upsample == 0 {
            let input = mem::slice(a.x as usize, spec.in_len())?;
            return conv::conv(path(a.path)?, input, weight, bias, out, &spec);
        }
        let mode = interpolate::Mode::from_code(a.mode).ok_or(KernelError::BadArgument)?;
        if spec.transposed || spec.axes[0] != conv::Axis::UNIT {
            return Err(KernelError::BadArgument);
        }
        let axes = [0, 1].map(|k| interpolate::AxisSpec::new(a.source[k] as usize, a.input[k + 1] as usize, scale(a.scale[k])));
        let in_len = [spec.batch, spec.in_channels, axes[0].in_len, axes[1].in_len].iter().try_fold(1usize, |n, &d| n.checked_mul(d));
        let input = mem::slice(a.x as usize, in_len.ok_or(KernelError::BadBuffer)?)?;
        let src = conv::upsample::Upsampled::new(input, mode, a.align_corners != 0, spec.batch, spec.in_channels, axes)?;
        conv::run(path(a.path)?, &src, weight, bias, out, &spec)
    })
}

record! {
    /// Interleaved RGBA u8 resize. `src` holds source rows `src_y0 ..
    /// src_y0 + src_rows` of an `in_width × in_height` image; `dst`
    /// receives output rows `dst_y0 .. dst_y0 + dst_rows` of the
    /// `out_width × out_height` result.
    pub struct ResizeImageArgs for resize_image {
        pub path: u32,
        pub src: u32,
        pub dst: u32,
        pub filter: u32,
        pub premultiply: u32,
        pub linear_light: u32,
        pub in_width: u32,
        pub in_height: u32,
        pub out_width: u32,
        pub out_height: u32,
        pub src_y0: u32,
        pub src_rows: u32,
        pub dst_y0: u32,
        pub dst_rows: u32,
    }
}

#[wasm_bindgen]
pub fn resize_image(args: usize) -> u32 {
    run(args, |a: &ResizeImageArgs| {
        let [in_w, in_h, out_w, out_h, src_y0, src_rows, dst_y0, dst_rows] =
            sizes([a.in_width, a.in_height, a.out_width, a.out_height, a.src_y0, a.src_rows, a.dst_y0, a.dst_rows]);
        let spec = resize_image::Spec {
            filter: resize_image::Filter::from_code(a.filter).ok_or(KernelError::BadArgument)?,
            premultiply: a.premultiply != 0,
            linear: a.linear_light != 0,
            in_w,
            in_h,
            out_w,
            out_h,
            src_y0,
            src_rows,
            dst_y0,
            dst_rows,
        };
        let (src_len, dst_len) = spec.src_len().zip(spec.dst_len()).ok_or(KernelError::BadArgument)?;
        let (src, dst) = io::<u8, u8>(a.src, src_len, a.dst, dst_len)?;
        resize_image::resize_image(path(a.path)?, src, dst, &spec)
    })
}
