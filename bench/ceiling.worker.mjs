// One independent 1-thread context in a worker_thread, for the machine
// ceiling of threads.bench.mjs: runs workload `workerData` once per message.
import { parentPort, workerData } from 'node:worker_threads';
import { init } from '../dist/index.js';
import { WORKLOADS } from './threads.workloads.mjs';

const run = WORKLOADS.find((w) => w.name === workerData).ours(await init());
parentPort.on('message', () => parentPort.postMessage(run() && 0));
parentPort.postMessage('ready');
