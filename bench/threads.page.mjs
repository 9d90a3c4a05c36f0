// The threads bench in a cross-origin isolated page, which
// threads-browser.bench.mjs serves and prints: the workloads and tables of
// threads.bench.mjs (threads.workloads.mjs) on the page's main thread, each
// table line a console.log. ?threads=2&rounds=15.
import { init } from '../dist/index.js';
import { threadsTables } from './threads.workloads.mjs';

const query = new URLSearchParams(location.search);
const THREADS = Number(query.get('threads') ?? 2);
const ROUNDS = Number(query.get('rounds') ?? 15);
const modules = '/bench/node_modules/';
const reason = (e) => String(e?.message ?? e).split('\n')[0];

/** A classic script (tfjs ships UMD bundles that set globalThis.tf). */
const script = (src) => new Promise((resolve, reject) => document.head.append(Object.assign(document.createElement('script'), { src, onload: resolve, onerror: reject })));

/**
 * tfjs-core on tfjs-backend-wasm's threaded build. It caps its pool at half
 * of navigator.hardwareConcurrency (taking every core for two hyperthreads),
 * 1 on a 2-core machine whatever setThreadsCount says: the page reports twice
 * the threads asked for while the backend starts (tfjs-threads.mjs does the
 * same with os.cpus() in Node).
 */
async function tfjsThreads(threads) {
  await script(`${modules}@tensorflow/tfjs-core/dist/tf-core.min.js`);
  await script(`${modules}@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js`);
  const { tf } = globalThis;
  tf.wasm.setWasmPaths(`${modules}@tensorflow/tfjs-backend-wasm/dist/`);
  tf.wasm.setThreadsCount(threads);
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") failed');
  } finally {
    delete navigator.hardwareConcurrency;
  }
  if (!(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'))) throw new Error('tfjs found no wasm threads here');
  if (tf.wasm.getThreadsCount() !== threads) throw new Error(`tfjs-backend-wasm runs ${tf.wasm.getThreadsCount()} threads, not ${threads}`);
  return tf;
}

async function ortThreads(threads) {
  const ort = await import(`${modules}onnxruntime-web/dist/ort.wasm.min.mjs`);
  ort.env.wasm.wasmPaths = `${modules}onnxruntime-web/dist/`;
  ort.env.wasm.numThreads = threads;
  ort.env.logLevel = 'error';
  return ort;
}

/** A module Worker as threadsTables' ceiling wants it. */
function spawn(url) {
  const w = new Worker(url, { type: 'module' });
  const next = () =>
    new Promise((resolve, reject) => {
      w.addEventListener('message', (e) => resolve(e.data), { once: true });
      w.addEventListener('error', (e) => reject(new Error(`ceiling worker: ${e.message}`)), { once: true });
    });
  return { post: (m) => w.postMessage(m), next, close: () => w.terminate() };
}

try {
  console.log(`${navigator.userAgent}; crossOriginIsolated ${crossOriginIsolated}, hardwareConcurrency ${navigator.hardwareConcurrency}`);
  const one = await init();
  const many = await init({ threads: THREADS });
  if (many.threads !== THREADS) throw new Error(`init({ threads: ${THREADS} }) gave ${many.threads}: ${many.threadsReason}`);
  const libs = { sharp: 'Node only (libvips)' };
  libs['onnxruntime-web'] = await ortThreads(THREADS).catch(reason);
  libs['tfjs-backend-wasm'] = await tfjsThreads(THREADS).catch((e) => `threaded build did not start: ${reason(e)}`);
  await threadsTables(one, many, libs, { rounds: ROUNDS, spawn });
  window.benchDone = {};
} catch (e) {
  window.benchDone = { error: reason(e) };
}
