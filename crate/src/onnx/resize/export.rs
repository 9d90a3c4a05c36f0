//! The `onnx_resize` export: its argument block, as TypeScript writes it,
//! and the checks that keep the kernel inside the blocks it names.

use super as resize;
use super::MAX_AXES;
use crate::error::KernelError;
use crate::mem;
use crate::record;
use crate::seam::{io, path, run};
use wasm_bindgen::prelude::*;

record! {
    /// ONNX Resize over `planes` blocks of `rank` axes (outermost first),
    /// each element `lane` floats. Per axis: input and output lengths, the
    /// scale of ONNX's coordinate rules (0: the axis is copied) and the
    /// roi's start and end. `mode`, `coordinate`, `nearest`: `ResizeMode`,
    /// `ResizeCoordinate`, `ResizeNearest` codes.
    pub struct OnnxResizeArgs for onnx_resize {
        pub path: u32,
        pub x: u32,
        pub y: u32,
        pub mode: u32,
        pub coordinate: u32,
        pub nearest: u32,
        pub exclude_outside: u32,
        pub antialias: u32,
        pub cubic_a: f64,
        pub extrapolation: f64,
        pub planes: u32,
        pub lane: u32,
        pub rank: u32,
        pub input: [u32; MAX_AXES],
        pub output: [u32; MAX_AXES],
        pub scale: [f64; MAX_AXES],
        pub roi_start: [f64; MAX_AXES],
        pub roi_end: [f64; MAX_AXES],
    }
}

#[wasm_bindgen]
pub fn onnx_resize(args: usize) -> u32 {
    run(args, |a: &OnnxResizeArgs| {
        let bad = KernelError::BadArgument;
        let rank = a.rank as usize;
        if rank > MAX_AXES {
            return Err(bad);
        }
        let axis =
            |k: usize| resize::Axis { in_len: a.input[k] as usize, out_len: a.output[k] as usize, scale: a.scale[k], roi: [a.roi_start[k], a.roi_end[k]] };
        let spec = resize::Spec {
            mode: resize::ResizeMode::from_code(a.mode).ok_or(bad)?,
            coordinate: resize::ResizeCoordinate::from_code(a.coordinate).ok_or(bad)?,
            nearest: resize::ResizeNearest::from_code(a.nearest).ok_or(bad)?,
            cubic_a: a.cubic_a,
            exclude_outside: a.exclude_outside != 0,
            antialias: a.antialias != 0,
            extrapolation: a.extrapolation as f32,
            planes: a.planes as usize,
            lane: a.lane as usize,
            axes: mem::try_collect((0..rank).map(axis))?,
        };
        let lens = mem::try_collect(spec.axes.iter().map(|a| (a.in_len, a.out_len)))?;
        let layout = crate::interpolate::Layout { planes: spec.planes, lane: spec.lane, lens: &lens };
        let (n_in, n_out) = layout.plane_lens().ok_or(bad)?;
        let (n_in, n_out) = (n_in.checked_mul(spec.planes).ok_or(bad)?, n_out.checked_mul(spec.planes).ok_or(bad)?);
        let (x, y) = io(a.x, n_in, a.y, n_out)?;
        resize::resize(path(a.path)?, x, y, &spec)
    })
}
