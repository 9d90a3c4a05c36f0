// tfjs-backend-wasm's threaded build (tfjs-backend-wasm-threaded-simd.wasm)
// in Node, which tfjs itself never picks there. Three things stand in the
// way, each worked around here, for the benches only:
// - its WASM_HAS_MULTITHREAD_SUPPORT flag is false under Node (tfjs issue
//   3830): set to true;
// - Emscripten's pthread workers support Node, but tfjs starts them from
//   blob: URLs, which Node's Worker cannot open, and hands them a copy of the
//   threaded script whose names the bundler renamed: `Worker` becomes a
//   worker_threads Worker that evaluates the package's worker source and
//   loads the package's own threaded script;
// - it caps its pool at half the logical cores (taking every core for two
//   hyperthreads): on a 2-vCPU VM, 1 thread whatever setThreadsCount says;
//   while the backend starts, os.cpus() reports twice the threads asked for.
// The same halving applies in browsers (navigator.hardwareConcurrency / 2):
// threads.page.mjs does the same there.
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const out = (f) => require.resolve(`@tensorflow/tfjs-backend-wasm/wasm-out/${f}`);

/** tfjs-core on the wasm backend with `threads` threads; rejects if tfjs reports another count. */
export async function tfjsThreads(threads) {
  const tf = await import('@tensorflow/tfjs-core');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const { wasmWorkerContents } = require(out('tfjs-backend-wasm-threaded-simd.worker.js'));
  const load = `;{const h=self.onmessage;self.onmessage=(e)=>{if(e.data.cmd==='load')e.data.urlOrBlob=${JSON.stringify(out('tfjs-backend-wasm-threaded-simd.js'))};h(e)}}`;
  const source = wasmWorkerContents.replace(/\n/g, '\\n') + load; // as tfjs escapes it for its Blob
  class PthreadWorker extends Worker {
    constructor(url, options) {
      if (String(url).startsWith('blob:')) super(source, { eval: true });
      else super(url, options);
      this.unref();
    }
    // Emscripten refs a worker while its pthread runs, and XNNPACK's pool never returns: keep the process free to end.
    ref() {}
  }
  // Emscripten assigns global.Worker when it starts: keep this one.
  Object.defineProperty(globalThis, 'Worker', { get: () => PthreadWorker, set() {}, configurable: true });
  const cpus = os.cpus;
  os.cpus = () => Array.from({ length: 2 * threads }, () => cpus()[0]);
  try {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm')) + '/');
    wasm.setThreadsCount(threads);
    if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") failed');
  } finally {
    os.cpus = cpus;
  }
  if (wasm.getThreadsCount() !== threads) throw new Error(`tfjs-backend-wasm runs ${wasm.getThreadsCount()} threads, not ${threads}`);
  return tf;
}
