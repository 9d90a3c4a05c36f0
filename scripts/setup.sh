#!/usr/bin/env bash
# Installs what building and testing need and is missing. Idempotent: a
# machine that has everything passes through in a second.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

have() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif have sudo; then sudo "$@"; else return 1; fi; }
apt_updated=
apt_install() {
  [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

# 1. A Rust that can build std for wasm32.
if ! { [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/src/rust/library ] && have wasm-ld-19; }; then
  if have apt-get && apt_install rustc-web cargo-web rust-web-src lld-19; then
    echo "setup: installed Debian's rustc-web, rust-web-src and lld-19"
  elif ! { have rustup && rustup component list --installed 2>/dev/null | grep -q rust-src; }; then
    cat >&2 <<'MSG'
setup: no Rust toolchain that can build std for wasm32. Either (Debian/Ubuntu)
    apt-get install rustc-web cargo-web rust-web-src lld-19
or (rustup)
    rustup toolchain install nightly --component rust-src
    rustup target add wasm32-unknown-unknown
MSG
    exit 1
  fi
fi

# 1b. rustfmt and clippy for the lint suite of `npm test`, from the same source as cargo.
if ! { cargo fmt --version && cargo clippy --version; } >/dev/null 2>&1; then
  if have rustup; then
    rustup component add rustfmt clippy
  elif have apt-get; then
    apt_install rustfmt-web rust-web-clippy
  fi || echo "setup: install rustfmt and clippy to run the lint suite" >&2
fi

# 2. wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
  echo "setup: cargo install wasm-bindgen-cli $want"
  # Not --locked: the CLI's lock file pins a webpki-roots release the registry lacks.
  cargo install -q wasm-bindgen-cli --version "$want"
fi

# 3. wasm-pack, which drives cargo and wasm-bindgen (it downloads nothing: see build-wasm.sh).
if ! have wasm-pack; then
  echo "setup: cargo install wasm-pack"
  cargo install -q wasm-pack --version 0.15.1 --locked
fi

# 4. npm dependencies (vitest, rollup, deno, binaryen's wasm-opt, ...). Not `npm ci`:
# lock files here carry no registry addresses (omit-lockfile-registry-resolved),
# and npm ci then rejects the optional per-platform packages; install keeps the
# locked versions all the same.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi

# 5. Chromium for the browser half of the tests.
if [ "${1:-}" = "--browser" ] && ! have chromium; then
  have apt-get && apt_install chromium || echo "setup: install Chromium to run the browser tests" >&2
fi
exit 0
