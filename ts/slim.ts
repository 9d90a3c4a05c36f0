// `resample-wasm/slim`: the same API as `resample-wasm` without the inlined
// module. By default it reads `resample.wasm` beside this file (fetched in
// browsers and Deno, read from disk in Node); hosts that compile no bytes
// (Cloudflare Workers and the like) import `resample-wasm/resample.wasm` as a
// WebAssembly.Module and pass it as `init({ wasm })`.
import { initFrom } from './context.js';
import { threadsBeside } from './threads.js';
import { once, read } from './runtime.js';
import { createPoolFrom } from './worker/pool.js';

export * from './api.js';

const beside = once(async () => WebAssembly.compile(await read(new URL('./resample.wasm', import.meta.url))));

/**
 * A new context: its own wasm instance and linear memory. Without
 * `options.wasm`, the module is `resample.wasm` beside this file.
 */
export const init = initFrom(beside, threadsBeside);

/** A pool of workers (see `resample-wasm`'s `createPool`); the module is compiled once here and sent to them. */
export const createPool = createPoolFrom(beside);
