// A Node consumer (lib ES2022 and @types/node, no DOM): Node's URL,
// Response, AbortSignal and worker_threads Worker where the package takes them.
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { createPool, init } from 'resample-wasm';
import { init as initSlim } from 'resample-wasm/slim';

export async function server(): Promise<number> {
  const bytes = await readFile(new URL('./resample.wasm', import.meta.url));
  const rs = await init({ wasm: bytes });
  await initSlim({ wasm: new URL('./resample.wasm', import.meta.url) });
  await init({ wasm: new Response(bytes) });
  const pool = createPool({ worker: () => new Worker(new URL('./worker.js', import.meta.url)), idleTimeout: 10_000 });
  const out = await pool.resizeImage({ data: new Uint8Array(16), width: 2, height: 2 }, { width: 1 }, { signal: AbortSignal.timeout(1000) });
  pool.close();
  return out.width + rs.stats().liveTensors;
}
