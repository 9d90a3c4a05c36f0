# Sourced by the build: the environment that compiles crate/ for wasm32 with
# SIMD128. The wasm32 standard library is built from source (-Zbuild-std):
# on Debian it comes from rust-web-src with Debian's rustc-web; elsewhere from
# rustup's rust-src component.
export PATH="$HOME/.cargo/bin:$PATH"
if [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/src/rust/library ]; then
  export RUSTC=/usr/bin/rustc
  # wasm-pack runs the first `cargo` on PATH; rustup's proxy has no wasm32 std here.
  export PATH="/usr/bin:$PATH"
fi
export RUSTC_BOOTSTRAP=1
# -reference-types: the module then needs no JS imports at all, so every
# context can instantiate its own copy (see README, "How the build works").
# panic=immediate-abort: a panic (a bug; user input never panics) traps at
# once instead of formatting a message nobody reads, which drops the
# formatting machinery from the module (206 -> 176 kB, same speed).
export RUSTFLAGS="-C target-feature=+simd128,-reference-types -Zunstable-options -Cpanic=immediate-abort${WASM_LINKER:+ -C linker=$WASM_LINKER}"
# Panic locations in registry crates (std's dlmalloc) would carry this
# machine's cargo home into the shipped module: name it as a neutral path.
export RUSTFLAGS="$RUSTFLAGS --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src=/cargo/registry/src"
if [ -z "${WASM_LINKER:-}" ] && command -v wasm-ld-19 >/dev/null; then
  export RUSTFLAGS="$RUSTFLAGS -C linker=wasm-ld-19"
fi
