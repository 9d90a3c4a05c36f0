// init({ threads: 2 }) against one thread in Node: two contexts in one
// process, the same inputs resident in each, timed in rounds (each in a
// rotated order) so that a slow spell hits all alike (workloads and tables:
// threads.workloads.mjs, shared with threads-browser.bench.mjs). The issue's
// bars: 2 threads vs 1 at least 1.7x on W1 resizeImage lanczos3, W4
// convTranspose2d and conv2d 3x3 s2, 1.3x on W3 interpolate (memory-bound),
// and at most 1.2x one thread's time on a tiny input.
// The machine ceiling, timed in each workload's rounds (tiny's aside): as many
// independent 1-thread contexts as threads, in worker_threads, running the
// workload at once, against one alone. On a shared VM concurrent jobs can
// each run well below full speed; what they reach bounds what the threads
// can. Speed-ups are given from medians and from each side's fastest round
// (threads.workloads.mjs, threadsTables).
// The peers with the same threads, in the same rounds: sharp concurrency(n),
// onnxruntime-web numThreads n, tfjs-backend-wasm's threaded build
// (tfjs-threads.mjs).
//   node bench/run.mjs threads          (THREADS=2 ROUNDS=15 by default)
// WORKLOADS=families: one realistic call of each other kernel family instead
// (threads.families.mjs; W3 first as a control).
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { init } from '../dist/index.js';
import { machineLoad } from './lib.mjs';
import { tfjsThreads } from './tfjs-threads.mjs';
import { WITH_CONTROL } from './threads.families.mjs';
import { threadsTables } from './threads.workloads.mjs';

const THREADS = Number(process.env.THREADS ?? 2);
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const one = await init();
const many = await init({ threads: THREADS });
if (many.threads !== THREADS) throw new Error(`init({ threads: ${THREADS} }) gave ${many.threads}: ${many.threadsReason}`);

/** A worker_threads Worker as threadsTables' ceiling wants it. */
function spawn(url) {
  const w = new Worker(url);
  return { post: (m) => w.postMessage(m), next: () => once(w, 'message'), close: () => w.terminate() };
}

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

console.log(`\n${machineLoad()} before`);
const families = process.env.WORKLOADS === 'families';
// SETTLE=0: calls back to back instead of 50 ms apart (helpers then still awake).
const settle = process.env.SETTLE === undefined ? undefined : Number(process.env.SETTLE);
await threadsTables(one, many, families ? {} : libs, { rounds: ROUNDS, spawn: families ? undefined : spawn, workloads: families ? WITH_CONTROL : undefined, settle });
console.log(`\n${machineLoad()} after`);
