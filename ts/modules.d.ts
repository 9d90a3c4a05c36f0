// Modules the build makes (rollup.config.mjs), declared for the type checker.

/** The crate's module (pkg/resample.wasm), inlined by @rollup/plugin-wasm: calling it compiles the bytes. */
declare module 'virtual:resample-wasm' {
  const compile: () => Promise<WebAssembly.Module>;
  export default compile;
}

/** The pool's worker script (ts/worker/main.ts, bundled and minified) as source text. */
declare module 'virtual:resample-worker' {
  const source: string;
  export default source;
}
