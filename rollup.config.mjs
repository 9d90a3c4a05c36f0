// dist/ as published:
//   index.js   the default entry: the wasm module inlined (@rollup/plugin-wasm)
//   slim.js    the same API, reading resample.wasm beside it (or init({ wasm }))
//   worker.js  the pool's worker script, which both entries also carry as text
//   resample.wasm, index.d.ts, slim.d.ts
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { wasm } from '@rollup/plugin-wasm';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';

const WASM = resolve('pkg/resample.wasm');
// The banner lets Deno find the types of a .js entry.
const banner = (name) => `/* @ts-self-types="./${name}.d.ts" */`;
const ts = (sourceMap = true) => typescript({ tsconfig: './tsconfig.json', declaration: false, sourceMap });

let worker;
/** The worker script, bundled and minified once for every output that needs it. */
function workerCode() {
  return (worker ??= rollup({ input: 'ts/worker/main.ts', plugins: [ts(false), terser()], onwarn: fail })
    .then((b) => b.generate({ format: 'es' }))
    .then(({ output }) => output[0].code));
}

/** Warnings fail the build: each one is something a consumer's bundler would hit too. */
function fail(warning) {
  throw new Error(`rollup: ${warning.message}`);
}

/** `virtual:resample-worker` (the worker's source text) and `virtual:resample-wasm` (the crate's module). */
function virtual() {
  return {
    name: 'resample-virtual',
    resolveId: (id) => (id === 'virtual:resample-worker' ? '\0resample-worker' : id === 'virtual:resample-wasm' ? WASM : null),
    load: async (id) => (id === '\0resample-worker' ? `export default ${JSON.stringify(await workerCode())};` : null),
  };
}

/** Files that ship beside the bundles. */
function files() {
  return {
    name: 'resample-files',
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'worker.js', source: await workerCode() });
      this.emitFile({ type: 'asset', fileName: 'resample.wasm', source: readFileSync(WASM) });
    },
  };
}

const entry = (name, extra = []) => ({
  input: `ts/${name}.ts`,
  output: { file: `dist/${name}.js`, format: 'es', sourcemap: true, banner: banner(name) },
  plugins: [virtual(), ts(), ...extra],
  onwarn: fail,
});

const types = (name) => ({
  input: `ts/${name}.ts`,
  output: { file: `dist/${name}.d.ts`, format: 'es' },
  plugins: [dts({ tsconfig: './tsconfig.json' })],
});

export default [
  // The inlined copy: always base64 (maxFileSize), and no Node-specific loader (targetEnv).
  entry('index', [wasm({ maxFileSize: Infinity, targetEnv: 'auto-inline' }), files()]),
  entry('slim'),
  types('index'),
  types('slim'),
];
