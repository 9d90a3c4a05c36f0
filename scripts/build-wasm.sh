#!/usr/bin/env bash
# crate/ -> pkg/resample_bg.wasm (+ wasm-bindgen's glue and types) -> ts/generated/wasm.ts
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/toolchain.sh

# --mode force: skip wasm-pack's check for a rustup-installed wasm32 target,
# which -Zbuild-std makes unnecessary. wasm-opt is off in Cargo.toml (it
# would download binaryen); npm's binaryen runs below instead.
wasm-pack --quiet build crate --mode force --target web --release \
  --out-dir ../pkg --out-name resample --no-pack -- -Zbuild-std=std,panic_abort
node_modules/.bin/wasm-opt -O3 pkg/resample_bg.wasm -o pkg/resample_bg.wasm
node scripts/inline-wasm.mjs pkg/resample_bg.wasm ts/generated/wasm.ts
