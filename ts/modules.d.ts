// Modules the build makes (rollup.config.mjs), declared for the type checker.

/** The crate's module (pkg/resample.wasm), gzipped and base64-encoded by the build. */
declare module 'virtual:resample-wasm' {
  const gzipBase64: string;
  export default gzipBase64;
}

/** The pool's worker script (ts/worker/main.ts, bundled and minified) as source text. */
declare module 'virtual:resample-worker' {
  const source: string;
  export default source;
}
