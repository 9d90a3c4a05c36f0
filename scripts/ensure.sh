#!/usr/bin/env bash
# What `npm test` and `npm run demo` do first: install whatever is missing
# (toolchain, npm packages, Chromium with --browser), then build wasm + dist.
# --quick, before `npm run test:node|test:browser|test:deno`: no installs; the
# wasm is rebuilt only when crate/ or Cargo.* changed since the last build, and
# dist/ is always re-bundled (seconds), so those suites never test a stale bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --quick ]; then
  wasm=pkg/resample.wasm
  if [ ! -f "$wasm" ] || [ ! -f pkg/resample-threads.wasm ] || [ ! -f pkg/families/core.wasm ] || [ -n "$(find crate Cargo.toml Cargo.lock -newer "$wasm" -print -quit)" ]; then
    bash scripts/build-wasm.sh
  fi
  exec node_modules/.bin/rollup -c --silent
fi
bash scripts/setup.sh "$@"
npm run --silent build
