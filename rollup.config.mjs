// dist/ as published:
//   index.js   the default entry: the wasm module inlined, gzipped and base64-encoded
//   slim.js    the same API, reading resample.wasm beside it (or init({ wasm }))
//   worker.js  the pool's worker script, which both entries also carry as text
//   resample.wasm, families/*.wasm, resample-threads.wasm, index.d.ts, slim.d.ts
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
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

/**
 * The crate's module as base64 of its gzip. @rollup/plugin-wasm inlines
 * plain base64, which put the default entry at 516 kB minified, over Vite's
 * 500 kB chunk warning; gzipped, the module takes 42% of that room, and the
 * runtime unpacks it with the host's DecompressionStream.
 */
const inlinedWasm = () => gzipSync(readFileSync(WASM), { level: 9 }).toString('base64');

/** `virtual:resample-worker` (the worker's source text) and `virtual:resample-wasm` (the crate's module, gzipped, base64). */
function virtual() {
  const sources = { '\0resample-worker': async () => JSON.stringify(await workerCode()), '\0resample-wasm': async () => JSON.stringify(inlinedWasm()) };
  return {
    name: 'resample-virtual',
    resolveId: (id) => (id === 'virtual:resample-worker' || id === 'virtual:resample-wasm' ? `\0${id.slice('virtual:'.length)}` : null),
    load: async (id) => (Object.hasOwn(sources, id) ? `export default ${await sources[id]()};` : null),
  };
}

/** Files that ship beside the bundles. */
function files() {
  return {
    name: 'resample-files',
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'worker.js', source: await workerCode() });
      this.emitFile({ type: 'asset', fileName: 'resample.wasm', source: readFileSync(WASM) });
      this.emitFile({ type: 'asset', fileName: 'resample-threads.wasm', source: readFileSync(resolve('pkg/resample-threads.wasm')) });
      for (const file of readdirSync('pkg/families')) {
        this.emitFile({ type: 'asset', fileName: `families/${file}`, source: readFileSync(resolve('pkg/families', file)) });
      }
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
  entry('index', [files()]),
  entry('slim'),
  types('index'),
  types('slim'),
];
