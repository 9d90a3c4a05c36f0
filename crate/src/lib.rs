//! Resample: up- and down-sampling kernels over buffers in wasm linear memory.
//!
//! Each op is one module, `crate/src/<op>/`, whose `export.rs` is its part
//! of the exported boundary: one `#[wasm_bindgen]` function taking one
//! pointer, to its argument block (a `record!`, written by the TypeScript
//! layer and registered in abi.rs), and returning a `Status`. On failure the
//! kernel overwrites the start of the argument block with an `ErrorDetail`
//! (seam.rs), so the caller can name the bad index or the size that did not
//! fit. TypeScript validates arguments and sizes outputs; the exports
//! re-check only what could make a kernel read or write outside its blocks.

#![cfg_attr(all(target_arch = "wasm32", target_feature = "atomics"), feature(stdarch_wasm_atomic_wait))]

pub mod abi;
pub mod affine_grid;
pub mod conv;
pub mod cv;
pub mod error;
pub mod filters;
pub mod grid_sample;
pub mod interpolate;
pub mod max_unpool;
pub mod mem;
pub mod onnx;
pub mod pad;
pub mod pil;
pub mod pixel_shuffle;
pub mod pool;
pub mod resize_image;
mod seam;
pub mod simd;
pub mod tf;
pub mod threads;
pub mod unfold;

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn alloc(bytes: usize) -> usize {
    mem::alloc(bytes)
}

#[wasm_bindgen]
pub fn free(ptr: usize) {
    mem::free(ptr)
}

/// Counts a helper worker in (threads.rs), before its `threads_help`.
#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
#[wasm_bindgen]
pub fn threads_attach(id: usize) {
    threads::shared::attach(id)
}

/// The least work a call splits across threads (threads.rs; tests set 0).
#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
#[wasm_bindgen]
pub fn threads_split_from(work: usize) {
    threads::split_from(work)
}

/// A helper worker's life in the threaded build (threads.rs): never returns.
#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
#[wasm_bindgen]
pub fn threads_help(id: usize) {
    threads::shared::help(id)
}

/// Marks helper `id` dead once it stopped (its `threads_help` trapped or its worker ended).
#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
#[wasm_bindgen]
pub fn threads_died(id: usize) {
    threads::shared::died(id)
}

/// Threads running now: the caller and the live helpers (`rs.threads`).
#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
#[wasm_bindgen]
pub fn threads_count() -> usize {
    threads::count()
}
