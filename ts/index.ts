// `resample-wasm`: zero configuration. The wasm module travels inlined in
// this bundle (gzipped, base64; unpacked and compiled once, on the first
// `init()` or `createPool()`), so no runtime or bundler has to find a file. Importing
// it starts nothing. `resample-wasm/slim` is the same API without the
// inlined copy.
import gzipBase64 from 'virtual:resample-wasm';
import { initFrom } from './init.js';
import { threadsBeside } from './threads.js';
import { once, unpack } from './runtime.js';
import { createPoolFrom } from './worker/pool.js';

export * from './api.js';

const inlined = once(() => unpack(gzipBase64));

/**
 * A new context: its own wasm instance and linear memory. Tensors it makes
 * must be disposed (`tensor.dispose()`, or `using`); see
 * `InitOptions.warnLeaks` to find those that are not.
 *
 * @example const rs = await init(); const y = rs.interpolate(x, { scaleFactor: 2, mode: 'bilinear' });
 */
export const init = initFrom(inlined, threadsBeside);

/**
 * A pool of workers, each with its own context, for `resizeImage` off the
 * calling thread. Workers start on demand and need no file: the pool
 * carries its worker's source. Close it with `pool.close()`.
 */
export const createPool = createPoolFrom(inlined);
