//! The `conv` export: its argument block, as TypeScript writes it, and the
//! checks that keep the kernel inside the blocks it names.

use super as conv;
use crate::error::{KernelError, KernelResult};
use crate::interpolate;
use crate::mem;
use crate::pad;
use crate::record;
use crate::seam::{path, run, scale, sizes};
use wasm_bindgen::prelude::*;

record! {
    /// `conv1d/2d/3d` (`transposed` 0) and `conv_transpose1d/2d/3d` (1) on
    /// NC(D)(H)W. Per-axis arrays D, H, W; lower ranks put unit axes
    /// (length 1, kernel 1, stride 1, padding 0, dilation 1) in front.
    /// `padding` is each axis's start padding, an integer that may be
    /// negative (a crop); the end padding is what `output` implies.
    /// `bias`: 0 for none. With `upsample` 1 (upsampleConv2d, 2-D only), x
    /// is `source`-sized and sampled up to `input` on the fly, with `mode`,
    /// `align_corners` and `scale` as in `interpolate` (scale 0: none).
    /// `padding_mode`: a `PadMode` code, what forward padding reads
    /// (`Constant`: zeros). `channels_last` 1: x and y are [N, *spatial, C]
    /// (not with `upsample`).
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
        pub padding: [f64; 3],
        pub dilation: [u32; 3],
        pub upsample: u32,
        pub mode: u32,
        pub align_corners: u32,
        pub source: [u32; 2],
        pub scale: [f64; 2],
        pub padding_mode: u32,
        pub channels_last: u32,
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
    let mode = pad::Mode::from_code(a.padding_mode).ok_or(KernelError::BadArgument)?;
    if a.padding.iter().any(|p| p.fract() != 0.0 || p.abs() > i32::MAX as f64) {
        return Err(KernelError::BadArgument);
    }
    let axis = |k: usize| {
        let [in_len, out_len, kernel, stride, dilation] = sizes([a.input[k], a.output[k], a.kernel[k], a.stride[k], a.dilation[k]]);
        conv::Axis { in_len, out_len, kernel, stride, padding: a.padding[k] as isize, dilation, mode }
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
            let run = if a.channels_last != 0 { conv::conv_channels_last } else { conv::conv };
            return run(path(a.path)?, input, weight, bias, out, &spec);
        }
        if a.channels_last != 0 {
            return Err(KernelError::BadArgument);
        }
        let mode = interpolate::Mode::from_code(a.mode).ok_or(KernelError::BadArgument)?;
        if spec.transposed || spec.axes[0] != (conv::Axis { mode: spec.axes[0].mode, ..conv::Axis::UNIT }) {
            return Err(KernelError::BadArgument);
        }
        let axes = [0, 1].map(|k| interpolate::AxisSpec::new(a.source[k] as usize, a.input[k + 1] as usize, scale(a.scale[k])));
        let in_len = [spec.batch, spec.in_channels, axes[0].in_len, axes[1].in_len].iter().try_fold(1usize, |n, &d| n.checked_mul(d));
        let input = mem::slice(a.x as usize, in_len.ok_or(KernelError::BadBuffer)?)?;
        let src = conv::upsample::Upsampled::new(input, mode, a.align_corners != 0, spec.batch, spec.in_channels, axes)?;
        conv::run(path(a.path)?, &src, weight, bias, out, &spec)
    })
}
