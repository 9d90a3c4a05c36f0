// init({ threads: 2 }) against one thread in Node: two contexts in one
// process, the same inputs resident in each, timed in alternating rounds so
// that a slow spell of the machine hits both (workloads and tables:
// threads.workloads.mjs, shared with threads-browser.bench.mjs). The issue's
// bars: 2 threads vs 1 at least 1.7x on W1 resizeImage lanczos3, W4
// convTranspose2d and conv2d 3x3 s2, 1.3x on W3 interpolate (memory-bound),
// and at most 1.2x one thread's time on a tiny input.
// The machine ceiling, timed in W1's rounds: two independent 1-thread
// contexts in two worker_threads running W1 at once, against one alone. On
// a shared VM two concurrent jobs can each run well below full speed; what
// they reach bounds what 2 threads can.
// Then the peers with the same threads: sharp concurrency(n), onnxruntime-web
// numThreads n, tfjs-backend-wasm's threaded build (tfjs-threads.mjs).
//   node bench/run.mjs threads          (THREADS=2 ROUNDS=15 by default)
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { init } from '../dist/index.js';
import { tfjsThreads } from './tfjs-threads.mjs';
import { ms, oursTable, peersTable, WORKLOADS } from './threads.workloads.mjs';

const THREADS = Number(process.env.THREADS ?? 2);
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const one = await init();
const many = await init({ threads: THREADS });
if (many.threads !== THREADS) throw new Error(`init({ threads: ${THREADS} }) gave ${many.threads}: ${many.threadsReason}`);

/** Two worker_threads, each with its own 1-thread context and `name`'s inputs; `run(k)` runs it in the first k at once. */
async function pair(name) {
  const workers = [0, 1].map(() => new Worker(new URL('./ceiling.worker.mjs', import.meta.url), { workerData: name }));
  const reply = (w) => once(w, 'message'); // rejects on the worker's 'error'
  await Promise.all(workers.map(reply));
  const run = (k) => Promise.all(workers.slice(0, k).map((w) => (w.postMessage(0), reply(w))));
  return { run, close: () => Promise.all(workers.map((w) => w.terminate())) };
}

const W1 = WORKLOADS[0].name;
let ceiling;
let ceilingRow;
const ours = await oursTable(one, many, {
  rounds: ROUNDS,
  extra: async (w) => {
    if (w.name !== W1) return [];
    ceiling = await pair(W1);
    return [() => ceiling.run(1), () => ceiling.run(2)];
  },
  onExtra: (w, [alone, both]) => {
    ceilingRow = `| ${w.name} | ${ms(alone)} | ${ms(both)} | ${(both / alone).toFixed(2)}x | ${((2 * alone) / both).toFixed(2)}x |`;
    ceiling.close();
  },
});
console.log(`\n### machine ceiling: two independent 1-thread contexts in two worker_threads, in W1's rounds\n`);
console.log('| workload | one alone | two at once (until both are done) | each, vs alone | throughput, 2 x alone / two |\n|---|---:|---:|---:|---:|');
console.log(ceilingRow);

const libs = {};
try {
  libs.sharp = (await import('sharp')).default;
  libs.sharp.concurrency(THREADS);
  libs.sharp.cache(false);
} catch (e) {
  libs.sharp = String(e.message).split('\n')[0];
}
const ort = await import('onnxruntime-web');
ort.env.wasm.numThreads = THREADS;
ort.env.logLevel = 'error';
libs['onnxruntime-web'] = ort;
libs['tfjs-backend-wasm'] = await tfjsThreads(THREADS).catch((e) => `threaded build did not start: ${String(e?.message ?? e).split('\n')[0]}`);
await peersTable(libs, ours, { threads: THREADS });
