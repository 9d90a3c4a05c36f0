// How the pool starts a worker and talks to it, in every runtime. By default
// a worker runs the package's worker script from its source text, which the
// bundle carries: no file for a bundler to find or miss, and none of the
// app's own code in the worker. `workerUrl` starts a module from a URL
// instead, and `worker` is a factory of the caller's own (hosts whose CSP
// allows neither blob: workers nor a URL the package can compute).
import { show } from '../errors.js';
import { nodeProcess } from '../runtime.js';
import type { Ready } from './serve.js';

/** A started worker as the pool sees it. */
export interface Endpoint {
  post(message: unknown, transfer?: Transferable[]): void;
  /** Messages, and any sign that the worker is gone: an error, a message it could not decode, an exit. */
  listen(onMessage: (data: unknown) => void, onFailure: (reason: string) => void): void;
  terminate(): void;
  /** Whether the worker may keep the process alive (Node); no-op elsewhere. */
  hold(busy: boolean): void;
}

/** Where a worker comes from. */
export type WorkerOrigin = { source: string } | { url: URL } | { factory: () => unknown };

interface NodeWorker {
  postMessage(m: unknown, t?: readonly unknown[]): void;
  on(event: string, f: (v: unknown) => void): void;
  terminate(): Promise<number>;
  ref(): void;
  unref(): void;
}

interface NodeThreads {
  Worker: new (what: string | URL, options?: object) => NodeWorker;
  parentPort: { postMessage(m: unknown, t?: readonly unknown[]): void; on(event: 'message', f: (v: unknown) => void): void } | null;
}

/** Node's worker_threads where Node's API is the way to start workers (not under Deno, which has web workers). */
export function nodeThreads(): NodeThreads | undefined {
  const node = nodeProcess();
  if (!node || 'Deno' in globalThis) return undefined;
  return node.getBuiltinModule!('node:worker_threads') as NodeThreads;
}

interface Locks {
  request(name: string, granted: () => Promise<unknown> | void): Promise<unknown>;
}

/**
 * Web Locks where workers are web workers (browsers in secure contexts,
 * Deno); undefined under Node, whose workers report their exit. A web worker
 * that ends without an error event (`close()`, or killed by the host) fires
 * no event at all: instead each worker holds a lock of its own until it ends,
 * and the pool asks for it, which is granted only then.
 */
export function webLocks(): Locks | undefined {
  if (nodeThreads()) return undefined;
  return (globalThis as { navigator?: { locks?: Locks } }).navigator?.locks;
}

/** Starts a worker; throws what the host throws when it refuses (a CSP, a bad URL). */
export function spawn(origin: WorkerOrigin, blobUrl: () => string): Endpoint {
  if ('factory' in origin) return wrap(origin.factory());
  const threads = nodeThreads();
  if (threads) {
    return wrap('source' in origin ? new threads.Worker(origin.source, { eval: true }) : new threads.Worker(origin.url));
  }
  return wrap(new Worker('source' in origin ? blobUrl() : origin.url, { type: 'module', name: 'resample-wasm' }));
}

function wrap(w: unknown): Endpoint {
  if (w && typeof (w as NodeWorker).on === 'function') return nodeEndpoint(w as NodeWorker);
  if (w && typeof (w as Worker).addEventListener === 'function') return webEndpoint(w as Worker);
  throw new TypeError(`the factory returned ${show(w)}, not a Worker (a Web Worker, or a Node worker_threads Worker)`);
}

function nodeEndpoint(w: NodeWorker): Endpoint {
  return {
    post: (m, t) => w.postMessage(m, t),
    listen: (onMessage, onFailure) => {
      w.on('message', onMessage);
      w.on('error', (e) => onFailure(String((e as Error)?.message ?? e)));
      w.on('messageerror', () => onFailure('a message from the worker could not be decoded'));
      w.on('exit', (code) => onFailure(`the worker exited (code ${String(code)})`));
    },
    terminate: () => void w.terminate(),
    hold: (busy) => (busy ? w.ref() : w.unref()),
  };
}

function webEndpoint(w: Worker): Endpoint {
  return {
    post: (m, t) => w.postMessage(m, t ?? []),
    listen: (onMessage, onFailure) => {
      w.addEventListener('message', (e) => {
        const lock = (e.data as Partial<Ready> | null)?.lock;
        if (typeof lock === 'string') {
          // Granted once the worker is gone, by terminate() too (the pool has dropped it then, and ignores this).
          // A host that refuses the request leaves this worker unwatched.
          const ended = () => onFailure('the worker ended without an error event (it called close(), or the host stopped it)');
          webLocks()?.request(lock, ended).catch(() => {});
        }
        onMessage(e.data);
      });
      w.addEventListener('error', (e) => {
        e.preventDefault();
        // A script that fails to load or to import gives an event with no message.
        onFailure(e.message || 'the worker script failed to load or threw while starting');
      });
      w.addEventListener('messageerror', () => onFailure('a message from the worker could not be decoded'));
    },
    terminate: () => w.terminate(),
    hold: () => {},
  };
}

/** Inside a worker: the channel back to the thread that started it. */
export function parent(): { post(m: unknown, t?: Transferable[]): void; listen(f: (data: unknown) => void): void } {
  const threads = nodeThreads();
  if (threads?.parentPort) {
    const port = threads.parentPort;
    return { post: (m, t) => port.postMessage(m, t), listen: (f) => port.on('message', f) };
  }
  const scope = globalThis as unknown as { postMessage(m: unknown, t: Transferable[]): void; addEventListener(t: 'message', f: (e: MessageEvent) => void): void };
  return { post: (m, t) => scope.postMessage(m, t ?? []), listen: (f) => scope.addEventListener('message', (e) => f(e.data)) };
}
