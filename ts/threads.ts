// Threads: a context whose kernels split each call across helper workers
// that share its linear memory (crate/src/threads.rs has the protocol).
// The helpers run the threaded build of the module, instantiated on the
// same shared WebAssembly.Memory; each blocks in `threads_help`, waiting
// for jobs, and the calling thread takes its share of every job. Where
// shared memory or workers are unavailable the context runs on one thread
// and says why (`rs.threadsReason`), never throwing for a missing header.
import { EXPORTS, type Exports } from './abi.js';
import { ResampleError, show } from './errors.js';
import { compileAt, instantiate, nodeProcess, once } from './runtime.js';

/** The threaded build, `resample-threads.wasm` beside the entry: fetched (read from disk in Node) only when a context asks for threads. */
export const threadsBeside = once(() => compileAt(new URL('./resample-threads.wasm', import.meta.url)));

/** The most helpers a context starts (the crate's limit is 31), so 'auto' stays sensible on big machines. */
export const MAX_THREADS = 16;

/** What `init` asked for, checked: 1 (the default) or more threads. */
export function threadCount(v: unknown): number {
  if (v === undefined) return 1;
  if (v === 'auto') return Math.min(MAX_THREADS, Math.max(1, hardwareThreads()));
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_THREADS) return v;
  throw new ResampleError('INVALID_ARGUMENT', `init: threads must be an integer from 1 to ${MAX_THREADS} or 'auto', got ${show(v)}`);
}

function hardwareThreads(): number {
  const os = nodeProcess()?.getBuiltinModule?.('node:os') as { availableParallelism?(): number } | undefined;
  return os?.availableParallelism?.() ?? (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}

/** Why this host cannot run threads, or undefined when it can. */
export function threadsUnavailable(): string | undefined {
  if (typeof SharedArrayBuffer !== 'function') {
    return 'SharedArrayBuffer is unavailable: a page must be cross-origin isolated (Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) {
    return 'the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  return undefined;
}

// A helper's whole program, the same text for Node's worker_threads (run as
// CommonJS) and for module workers in browsers and Deno: instantiate the
// module on the shared memory, start this thread (its stack and TLS), report,
// then serve jobs until terminated. A trap marks the helper dead, so the
// caller redoes its chunk.
const HELPER = `
const port = typeof require === 'function' ? require('node:worker_threads').parentPort : self;
const first = (f) => (typeof require === 'function' ? port.once('message', f) : (self.onmessage = (e) => f(e.data)));
first(async ({ module, memory, id }) => {
  const imports = {};
  for (const i of WebAssembly.Module.imports(module)) (imports[i.module] ??= {})[i.name] = memory;
  const { exports } = await WebAssembly.instantiate(module, imports);
  exports.__wbindgen_start();
  exports.threads_attach(id);
  port.postMessage({ ready: id });
  try {
    exports.threads_help(id);
  } catch (e) {
    exports.threads_died(id);
    port.postMessage({ died: id, error: String(e) });
  }
});
`;

// The supervisor: a worker that starts the helpers (workers of its own) and
// watches them. The calling thread cannot: a helper may end in the middle of
// a call, while the caller spins until every chunk is done, and a worker's
// end is an event on the thread that started it. The supervisor runs the
// module too (a thread that calls nothing but threads_died): it marks a
// helper that ended dead, so the caller runs its chunk again and stops
// waiting for it (crate/src/threads.rs); rs.threads reads the count there.
// A helper counted dead must have stopped: one still running would write
// into a call that has returned. So the evidence is a trap the helper
// reports itself (it has left wasm), or Node's 'exit', which comes once the
// thread has stopped. terminate() elsewhere does not stop a thread running
// wasm, measured: Deno's goes on for good (and its worker_threads report
// 'exit' at once), Chromium's for a second and more. There a helper is never
// terminated while it serves, and one that vanished is not detected.
const SUPERVISOR = `
const node = typeof require === 'function';
const port = node ? require('node:worker_threads').parentPort : self;
const listen = (f) => (node ? port.on('message', f) : (self.onmessage = (e) => f(e.data)));
const helpers = new Map();
let wasm;
function ended(id) {
  if (!helpers.has(id)) return;
  // A helper that trapped is idle JS now: its worker goes too.
  helpers.get(id).terminate();
  helpers.delete(id);
  wasm.threads_died(id);
}
// Before every helper is up, a helper lost fails init; after, it is marked dead.
const lost = (id, why) => (wasm ? ended(id) : port.postMessage({ failed: id, error: why }));
function spawn(id, source, message) {
  const fail = (why) => lost(id, why);
  if (node) {
    const w = new (require('node:worker_threads').Worker)(source, { eval: true });
    w.on('message', message);
    w.on('error', (e) => fail(String(e?.message ?? e)));
    w.on('exit', (code) => fail('its worker exited (code ' + code + ')'));
    return w;
  }
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const w = new Worker(url, { type: 'module' });
  w.onmessage = (e) => message(e.data);
  w.onerror = (e) => (e.preventDefault(), fail(e.message || 'the worker script failed to load'));
  return w;
}
listen(async (m) => {
  // Only where the helper's end is then reported once its thread stopped (Node).
  if (m.kill !== undefined) return node && typeof Deno !== 'object' && setTimeout(() => helpers.get(m.kill)?.terminate(), m.after);
  const { module, memory, count, helper } = m;
  let waiting = count;
  for (let id = 1; id <= count; id++) {
    const w = spawn(id, helper, (r) => {
      if (r.ready !== undefined && --waiting === 0) start();
      if (r.died !== undefined) lost(id, r.error);
    });
    helpers.set(id, w);
    w.postMessage({ module, memory, id });
  }
  async function start() {
    const imports = {};
    for (const i of WebAssembly.Module.imports(module)) (imports[i.module] ??= {})[i.name] = memory;
    wasm = (await WebAssembly.instantiate(module, imports)).exports;
    wasm.__wbindgen_start();
    port.postMessage({ ready: count });
  }
});
`;

/** A context's helpers: the supervisor worker that started them, ended with the context. */
export interface Helpers {
  terminate(): unknown;
  /** Test hook: terminates helper `id` after `after` ms, as a crash would (in Node only; elsewhere nothing). */
  kill(id: number, after: number): void;
}

/** A module instance on a fresh shared memory: what the calling thread runs. */
export async function instantiateShared(module: WebAssembly.Module): Promise<{ wasm: Exports; memory: WebAssembly.Memory; count: () => number }> {
  // 64 pages (4 MiB) covers the module's own minimum (its data and 1 MiB stack); memory grows from there.
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
  const imports: Record<string, Record<string, WebAssembly.Memory>> = {};
  for (const i of WebAssembly.Module.imports(module)) (imports[i.module] ??= {})[i.name] = memory;
  const exports = await instantiate(module, imports, 'threadsWasm', [...EXPORTS, 'threads_attach', 'threads_help', 'threads_died', 'threads_count', 'threads_split_from', '__wbindgen_start']);
  const threads = exports as unknown as { __wbindgen_start(): void; threads_count(): number };
  threads.__wbindgen_start();
  return { wasm: { ...exports, memory }, memory, count: () => threads.threads_count() };
}

/** Starts the supervisor and its `count` helpers on `memory`; resolves once each serves jobs. */
export async function startHelpers(module: WebAssembly.Module, memory: WebAssembly.Memory, count: number): Promise<Helpers> {
  let port: Port | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      port = spawn((m: { ready?: number; failed?: number; error?: string }) => {
        if (m.ready !== undefined) {
          // Serving from now on: in Node, the supervisor (and so its helpers) must not keep the process alive.
          port!.unref?.();
          resolve();
        }
        if (m.failed !== undefined) reject(new ResampleError('WORKER_FAILED', `init: thread helper ${m.failed} failed: ${m.error}`));
      }, (e: unknown) => reject(new ResampleError('WORKER_FAILED', `init: thread helpers could not start: ${String((e as Error)?.message ?? e)}`)));
      port.postMessage({ module, memory, count, helper: HELPER });
    });
  } catch (e) {
    void port?.terminate();
    throw e;
  }
  const supervisor = port!;
  return { terminate: () => supervisor.terminate(), kill: (id, after) => supervisor.postMessage({ kill: id, after }) };
}

interface Port {
  postMessage(m: unknown): void;
  terminate(): unknown;
  unref?(): void;
}

/** A worker running SUPERVISOR, wired to `message` and `fail`. */
function spawn(message: (m: never) => void, fail: (e: unknown) => void): Port {
  const node = nodeProcess();
  if (node) {
    const { Worker } = node.getBuiltinModule!('node:worker_threads') as { Worker: new (src: string, o: { eval: true }) => Port & { on(e: string, f: (v: never) => void): void } };
    const w = new Worker(SUPERVISOR, { eval: true });
    w.on('message', message);
    w.on('error', fail);
    return w;
  }
  if (typeof Worker !== 'function') throw new ResampleError('WORKER_FAILED', 'init: this host has no Worker to run thread helpers');
  const url = URL.createObjectURL(new Blob([SUPERVISOR], { type: 'text/javascript' }));
  const w = new Worker(url, { type: 'module' });
  w.onmessage = (e) => {
    URL.revokeObjectURL(url);
    message(e.data as never);
  };
  w.onerror = (e) => {
    URL.revokeObjectURL(url);
    fail(e.message || 'the worker script failed to load (a Content-Security-Policy without blob: in worker-src?)');
  };
  return w;
}
