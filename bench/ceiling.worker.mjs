// One independent 1-thread context in a worker (worker_threads in Node, a
// module Worker in a page), for the machine ceiling of the threads benches:
// the first message names a workload, later ones each run it once.
import { init } from '../dist/index.js';
import { WORKLOADS } from './threads.workloads.mjs';

const node = globalThis.process?.versions?.node;
const port = node ? (await import('node:worker_threads')).parentPort : globalThis;
const rs = init(); // listening before it resolves: a page's worker drops messages nobody listens for
let run;
async function handle(name) {
  run ??= WORKLOADS.find((w) => w.name === name).ours(await rs);
  if (name === undefined) run();
  port.postMessage(0);
}
if (node) port.on('message', handle);
else port.addEventListener('message', (e) => handle(e.data));
