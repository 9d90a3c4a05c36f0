#!/usr/bin/env bash
# What `npm test` and `npm run demo` do first: install whatever is missing
# (toolchain, npm packages, Chromium with --browser), then build wasm + dist.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "$@"
npm run --silent build
