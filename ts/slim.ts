// `resample-wasm/slim`: the same API as `resample-wasm` without the inlined
// module. By default it reads `resample.wasm` beside this file (fetched in
// browsers and Deno, read from disk in Node), or with `init({ families })`
// only the family modules named, from `families/` beside it; hosts that
// compile no bytes (Cloudflare Workers and the like) import
// `resample-wasm/resample.wasm` (or `resample-wasm/families/<name>.wasm`) as
// a WebAssembly.Module and pass it as `init({ wasm })` (or `families`).
import { initFrom } from './init.js';
import type { Family, FamilyLoader } from './families.js';
import { threadsBeside } from './threads.js';
import { compileAt, once } from './runtime.js';
import { createPoolFrom } from './worker/pool.js';

export * from './api.js';

const beside = once(() => compileAt(new URL('./resample.wasm', import.meta.url)));

// Each URL written out whole: bundlers emit the files they can see, and
// warn about a computed one.
const familyFiles: Record<Family | 'core', () => URL> = {
  core: () => new URL('./families/core.wasm', import.meta.url),
  interpolate: () => new URL('./families/interpolate.wasm', import.meta.url),
  pool: () => new URL('./families/pool.wasm', import.meta.url),
  maxUnpool: () => new URL('./families/maxUnpool.wasm', import.meta.url),
  pixelShuffle: () => new URL('./families/pixelShuffle.wasm', import.meta.url),
  conv: () => new URL('./families/conv.wasm', import.meta.url),
  resizeImage: () => new URL('./families/resizeImage.wasm', import.meta.url),
  gridSample: () => new URL('./families/gridSample.wasm', import.meta.url),
  affineGrid: () => new URL('./families/affineGrid.wasm', import.meta.url),
  unfold: () => new URL('./families/unfold.wasm', import.meta.url),
  pad: () => new URL('./families/pad.wasm', import.meta.url),
  onnx: () => new URL('./families/onnx.wasm', import.meta.url),
  pil: () => new URL('./families/pil.wasm', import.meta.url),
  tf: () => new URL('./families/tf.wasm', import.meta.url),
  cv: () => new URL('./families/cv.wasm', import.meta.url),
};

const familyBeside: FamilyLoader = (name) => compileAt(familyFiles[name](), `families.${name}`);

/**
 * A new context: its own wasm instance and linear memory. Without
 * `options.wasm`, the module is `resample.wasm` beside this file; with
 * `options.families` as names, the modules in `families/` beside it.
 */
export const init = initFrom(beside, threadsBeside, familyBeside);

/** A pool of workers (see `resample-wasm`'s `createPool`); the module is compiled once here and sent to them. */
export const createPool = createPoolFrom(beside, familyBeside);
