#!/usr/bin/env bash
# Builds fast_image_resize (crates.io) for wasm32 the way scripts/build-wasm.sh
# builds the crate: /usr/bin/rustc, -Zbuild-std, +simd128, wasm-ld-19, fat
# LTO, then npm's wasm-opt -O3. Writes bench/fir/fir.wasm.
set -euo pipefail
cd "$(dirname "$0")"
root=../..
. "$root/scripts/toolchain.sh"
export CARGO_TARGET_DIR=$root/target/fir-bench
/usr/bin/cargo build -q --release --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort
"$root/node_modules/.bin/wasm-opt" -O3 --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/fir_bench.wasm" -o fir.wasm
