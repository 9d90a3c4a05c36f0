//! Resample: up- and down-sampling kernels over buffers in wasm linear memory.
//!
//! This file is the whole exported boundary. Exports take pointers (offsets
//! into linear memory, from `alloc`) and numbers, and return a status: the
//! TypeScript layer validates arguments and sizes outputs; here we re-check
//! only what could make a kernel read or write outside its blocks.

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

use wasm_bindgen::prelude::*;

/// Status codes returned by every kernel export.
pub const OK: u32 = 0;
/// A pointer is not a live block, or a block is too small for the shape.
pub const BAD_BUFFER: u32 = 1;
/// Parameters the TS layer should have rejected.
pub const BAD_ARGUMENT: u32 = 2;
/// A user-supplied index (max_unpool's `indices`) lies outside its plane.
pub const BAD_INDEX: u32 = 3;
/// A kernel's scratch memory could not be allocated; nothing was written.
pub const OUT_OF_MEMORY: u32 = 4;

#[wasm_bindgen]
pub fn alloc(bytes: usize) -> usize {
    mem::alloc(bytes)
}

#[wasm_bindgen]
pub fn free(ptr: usize) {
    mem::free(ptr)
}

/// Test hook: run kernels on their scalar path (`false`) or vector path.
#[wasm_bindgen]
pub fn set_simd(on: bool) {
    SCALAR.store(!on, core::sync::atomic::Ordering::Relaxed)
}

static SCALAR: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);

fn path() -> simd::Path {
    if SCALAR.load(core::sync::atomic::Ordering::Relaxed) {
        simd::Path::Scalar
    } else {
        simd::Path::Vector
    }
}

/// Input and output must be distinct live blocks holding the given lengths.
fn io<'a>(x: usize, x_len: usize, y: usize, y_len: usize) -> Result<(&'a [f32], &'a mut [f32]), u32> {
    if x == y {
        return Err(BAD_BUFFER);
    }
    match (mem::slice(x, x_len), mem::slice_mut(y, y_len)) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(BAD_BUFFER),
    }
}

fn status(r: Result<(), u32>) -> u32 {
    r.err().unwrap_or(OK)
}

/// A kernel's error as its status code.
fn code(e: error::KernelError) -> u32 {
    e.status() as u32
}

/// Scale factors cross as f64; anything not positive means "none given".
fn scale(s: f64) -> Option<f64> {
    (s > 0.0).then_some(s)
}

/// `rank` spatial axes (1..=3), lengths given outermost first in `d, h, w`
/// (unused leading ones are 1). `flags`: bit 0 align_corners, bit 1 channels_last,
/// bit 2 antialias.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn interpolate(
    x: usize, y: usize, mode: u32, flags: u32, rank: u32, batch: u32, channels: u32, id: u32, ih: u32, iw: u32, od: u32, oh: u32, ow: u32, sd: f64, sh: f64,
    sw: f64,
) -> u32 {
    let Some(mode) = interpolate::Mode::from_code(mode) else {
        return BAD_ARGUMENT;
    };
    let all = [(id, od, sd), (ih, oh, sh), (iw, ow, sw)];
    let rank = rank as usize;
    if !(1..=3).contains(&rank) {
        return BAD_ARGUMENT;
    }
    let axes = all[3 - rank..].iter().map(|&(i, o, s)| interpolate::AxisSpec::new(i as usize, o as usize, scale(s))).collect();
    let spec = interpolate::Spec {
        mode,
        align_corners: flags & 1 != 0,
        channels_last: flags & 2 != 0,
        antialias: flags & 4 != 0,
        batch: batch as usize,
        channels: channels as usize,
        axes,
    };
    status(io(x, spec.in_len(), y, spec.out_len()).and_then(|(x, y)| interpolate::interpolate(path(), x, y, &spec).map_err(code)))
}

/// Max (`op` 0), average (1), adaptive max (2) or adaptive average (3)
/// pooling. Per spatial axis, outermost first (unused leading axes: length 1,
/// kernel 1): input and output lengths, and for the sliding ops kernel,
/// stride, padding, dilation. `lane` is 1 for NC* layouts and C for
/// channels-last (then `planes` is N). `flags`: bit 0 count_include_pad.
/// `divisor`: 0, or divisor_override. `indices`: 0, or an int32 block the
/// size of the output (max ops).
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn pool(
    x: usize, y: usize, indices: usize, op: u32, flags: u32, divisor: u32, planes: u32, lane: u32, id: u32, ih: u32, iw: u32, od: u32, oh: u32, ow: u32,
    kd: u32, kh: u32, kw: u32, sd: u32, sh: u32, sw: u32, pd: u32, ph: u32, pw: u32, dd: u32, dh: u32, dw: u32,
) -> u32 {
    let geometry = [(id, od, kd, sd, pd, dd), (ih, oh, kh, sh, ph, dh), (iw, ow, kw, sw, pw, dw)];
    let geometry = geometry.map(|(i, o, k, s, p, d)| [i, o, k, s, p, d].map(|v| v as usize));
    if op > 3 || lane == 0 || geometry.iter().any(|g| g[0] == 0 || g[1] == 0) {
        return BAD_ARGUMENT;
    }
    let (planes, lane) = (planes as usize, lane as usize);
    let (Some(n_in), Some(n_out)) = (pool::volume(planes, lane, geometry.map(|g| g[0])), pool::volume(planes, lane, geometry.map(|g| g[1]))) else {
        return BAD_BUFFER;
    };
    let (x_, y_) = match io(x, n_in, y, n_out) {
        Ok(b) => b,
        Err(e) => return e,
    };
    let ix = match indices {
        0 => None,
        i if i == x || i == y => return BAD_BUFFER,
        i => match mem::slice_mut::<i32>(i, n_out) {
            Some(s) => Some(s),
            None => return BAD_BUFFER,
        },
    };
    // Tables are built only after the output block proved every axis's
    // length is a real allocation.
    let axis = |[i, o, k, s, p, d]: [usize; 6]| if op >= 2 { pool::Axis::adaptive(i, o) } else { pool::Axis::sliding(i, o, k, s, p, d) };
    let [a0, a1, a2] = match (axis(geometry[0]), axis(geometry[1]), axis(geometry[2])) {
        (Ok(a0), Ok(a1), Ok(a2)) => [a0, a1, a2],
        (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => return code(e),
    };
    let op = match op {
        0 | 2 => pool::Op::Max,
        _ if divisor > 0 => pool::Op::Avg(pool::Divisor::Fixed(divisor)),
        1 if flags & 1 != 0 => pool::Op::Avg(pool::Divisor::Padded),
        _ => pool::Op::Avg(pool::Divisor::Real),
    };
    let spec = pool::Spec { op, planes, lane, axes: [a0, a1, a2] };
    status(pool::pool(path(), x_, y_, ix, &spec).map_err(code))
}

/// Scatters `planes` planes of `in_plane` values to the `out_plane`-long
/// planes of `y` at `indices` (int32), zeros elsewhere. BAD_INDEX, and
/// nothing written, if any index is outside `[0, out_plane)`.
#[wasm_bindgen]
pub fn max_unpool(x: usize, indices: usize, y: usize, planes: u32, in_plane: u32, out_plane: u32) -> u32 {
    let (planes, in_plane, out_plane) = (planes as usize, in_plane as usize, out_plane as usize);
    let (Some(n_in), Some(n_out)) = (planes.checked_mul(in_plane), planes.checked_mul(out_plane)) else {
        return BAD_BUFFER;
    };
    if indices == x || indices == y {
        return BAD_BUFFER;
    }
    let Some(ix) = mem::slice::<i32>(indices, n_in) else {
        return BAD_BUFFER;
    };
    status(io(x, n_in, y, n_out).and_then(|(x, y)| max_unpool::max_unpool(x, ix, y, planes, in_plane, out_plane).map_err(code)))
}

/// pixel_shuffle (`unshuffle` 0) or pixel_unshuffle (1) over `groups` groups
/// of r² planes of `h × w` (the small side's spatial size).
#[wasm_bindgen]
pub fn pixel_shuffle(x: usize, y: usize, unshuffle: u32, groups: u32, r: u32, h: u32, w: u32) -> u32 {
    let [groups, r, h, w] = [groups, r, h, w].map(|v| v as usize);
    let Some(n) = [r, r, h, w].iter().try_fold(groups, |a, &b| a.checked_mul(b)) else {
        return BAD_BUFFER;
    };
    status(io(x, n, y, n).and_then(|(x, y)| pixel_shuffle::pixel_shuffle(path(), x, y, groups, r, h, w, unshuffle == 0).map_err(code)))
}

/// Weight, bias (if any) and output of a convolution.
type ConvBuffers<'a> = (&'a [f32], Option<&'a [f32]>, &'a mut [f32]);

/// The weight, bias (0: none) and output blocks of a convolution; the output
/// must not alias any input.
fn conv_buffers<'a>(w: usize, b: usize, y: usize, x: usize, spec: &conv::Spec) -> Result<ConvBuffers<'a>, u32> {
    if y == w || y == b || y == x {
        return Err(BAD_BUFFER);
    }
    let weight = mem::slice(w, spec.weight_len()).ok_or(BAD_BUFFER)?;
    let bias = match b {
        0 => None,
        _ => Some(mem::slice(b, spec.out_channels).ok_or(BAD_BUFFER)?),
    };
    let out = mem::slice_mut(y, spec.out_len()).ok_or(BAD_BUFFER)?;
    Ok((weight, bias, out))
}

/// Six numbers per spatial axis (D, H, W; unused leading axes are units):
/// in, out, kernel, stride, left padding, dilation.
fn conv_axis(v: [u32; 6]) -> conv::Axis {
    let [in_len, out_len, kernel, stride, padding, dilation] = v.map(|n| n as usize);
    conv::Axis { in_len, out_len, kernel, stride, padding, dilation }
}

/// `conv1d/2d/3d` (`transposed` 0) and `conv_transpose1d/2d/3d` (1) on NC(D)(H)W.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn conv(
    x: usize, w: usize, b: usize, y: usize, transposed: u32, batch: u32, in_channels: u32, out_channels: u32, groups: u32, d_in: u32, d_out: u32, d_k: u32,
    d_s: u32, d_p: u32, d_d: u32, h_in: u32, h_out: u32, h_k: u32, h_s: u32, h_p: u32, h_d: u32, w_in: u32, w_out: u32, w_k: u32, w_s: u32, w_p: u32, w_d: u32,
) -> u32 {
    let spec = conv::Spec {
        transposed: transposed != 0,
        batch: batch as usize,
        in_channels: in_channels as usize,
        out_channels: out_channels as usize,
        groups: groups as usize,
        axes: [conv_axis([d_in, d_out, d_k, d_s, d_p, d_d]), conv_axis([h_in, h_out, h_k, h_s, h_p, h_d]), conv_axis([w_in, w_out, w_k, w_s, w_p, w_d])],
    };
    if spec.check().is_err() {
        return BAD_ARGUMENT;
    }
    status(conv_buffers(w, b, y, x, &spec).and_then(|(weight, bias, out)| {
        let input = mem::slice(x, spec.in_len()).ok_or(BAD_BUFFER)?;
        conv::conv(path(), input, weight, bias, out, &spec).map_err(code)
    }))
}

/// `conv2d(interpolate(x, mode), w)` without the interpolated tensor: `mode`
/// as in `interpolate` (nearest 0, bilinear 2), scales as there (≤ 0: none),
/// then the conv2d geometry of H and W over the upsampled size.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn upsample_conv2d(
    x: usize, w: usize, b: usize, y: usize, mode: u32, align_corners: u32, batch: u32, in_channels: u32, out_channels: u32, groups: u32, ih: u32, iw: u32,
    scale_h: f64, scale_w: f64, h_in: u32, h_out: u32, h_k: u32, h_s: u32, h_p: u32, h_d: u32, w_in: u32, w_out: u32, w_k: u32, w_s: u32, w_p: u32, w_d: u32,
) -> u32 {
    let Some(mode) = interpolate::Mode::from_code(mode) else {
        return BAD_ARGUMENT;
    };
    let spec = conv::Spec {
        transposed: false,
        batch: batch as usize,
        in_channels: in_channels as usize,
        out_channels: out_channels as usize,
        groups: groups as usize,
        axes: [conv::Axis::UNIT, conv_axis([h_in, h_out, h_k, h_s, h_p, h_d]), conv_axis([w_in, w_out, w_k, w_s, w_p, w_d])],
    };
    if spec.check().is_err() {
        return BAD_ARGUMENT;
    }
    let axes = [interpolate::AxisSpec::new(ih as usize, h_in as usize, scale(scale_h)), interpolate::AxisSpec::new(iw as usize, w_in as usize, scale(scale_w))];
    let in_len = [batch, in_channels, ih, iw].iter().map(|&v| v as usize).product();
    status(conv_buffers(w, b, y, x, &spec).and_then(|(weight, bias, out)| {
        let input = mem::slice(x, in_len).ok_or(BAD_BUFFER)?;
        let src = conv::upsample::Upsampled::new(input, mode, align_corners != 0, spec.batch, spec.in_channels, axes).map_err(code)?;
        conv::run(path(), &src, weight, bias, out, &spec).map_err(code)
    }))
}

/// RGBA u8 resize. `src` holds source rows `src_y0 .. src_y0 + src_rows` of
/// an `in_w × in_h` image; `dst` receives output rows `dst_y0 .. dst_y0 +
/// dst_rows` of the `out_w × out_h` result. `flags`: bit 0 premultiply alpha,
/// bit 1 linear light.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn resize_image(
    src: usize, dst: usize, filter: u32, flags: u32, in_w: u32, in_h: u32, out_w: u32, out_h: u32, src_y0: u32, src_rows: u32, dst_y0: u32, dst_rows: u32,
) -> u32 {
    let Some(filter) = resize_image::Filter::from_code(filter) else {
        return BAD_ARGUMENT;
    };
    let spec = resize_image::Spec {
        filter,
        premultiply: flags & 1 != 0,
        linear: flags & 2 != 0,
        in_w: in_w as usize,
        in_h: in_h as usize,
        out_w: out_w as usize,
        out_h: out_h as usize,
        src_y0: src_y0 as usize,
        src_rows: src_rows as usize,
        dst_y0: dst_y0 as usize,
        dst_rows: dst_rows as usize,
    };
    let (Some(src_len), Some(dst_len)) = (spec.src_len(), spec.dst_len()) else {
        return BAD_ARGUMENT;
    };
    if src == dst {
        return BAD_BUFFER;
    }
    match (mem::slice::<u8>(src, src_len), mem::slice_mut::<u8>(dst, dst_len)) {
        (Some(x), Some(y)) => status(resize_image::resize_image(path(), x, y, &spec).map_err(code)),
        _ => BAD_BUFFER,
    }
}
