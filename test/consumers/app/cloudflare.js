// A Cloudflare Worker: the host compiles no wasm bytes, so the slim entry
// takes the shipped module, which the host's module import precompiles
// (and, for `families`, only the modules resizeImage needs).
// No pool: Workers have no threads to start. `bytes` shows what a worker
// that passes bytes instead is told.
import { init } from 'resample-wasm/slim';
import wasm from 'resample-wasm/resample.wasm';
import core from 'resample-wasm/families/core.wasm';
import resizeImage from 'resample-wasm/families/resizeImage.wasm';
import { check } from './check.js';

const EMPTY_MODULE = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

export default {
  async fetch() {
    const { direct: bytes } = await check({ init: () => init({ wasm: EMPTY_MODULE }) }, {});
    const { direct: families } = await check({ init: () => init({ families: { core, resizeImage } }) }, {});
    return Response.json({ ...(await check({ init: () => init({ wasm }) }, {})), families, bytes });
  },
};
