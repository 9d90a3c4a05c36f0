// The one difference between runtimes that the pool sees: how a worker is
// started and how messages cross. Browsers and Deno run a module Worker;
// Node runs a worker_threads Worker. Both sides talk through `Endpoint`.

/** Marks the workers this package starts: a Worker `name`, or a Node argv flag. */
export const WORKER_NAME = 'resample-wasm-worker';

export interface Endpoint {
  post(message: unknown, transfer?: Transferable[]): void;
  /** Messages, and failures to load or run the worker script. */
  listen(onMessage: (data: unknown) => void, onError: (error: unknown) => void): void;
  terminate(): void;
  /** Whether the worker may keep the process alive (Node); no-op elsewhere. */
  hold(busy: boolean): void;
}

interface NodeWorker {
  postMessage(m: unknown, t?: readonly unknown[]): void;
  on(event: string, f: (v: unknown) => void): void;
  terminate(): Promise<number>;
  ref(): void;
  unref(): void;
}

interface NodePort {
  postMessage(m: unknown, t?: readonly unknown[]): void;
  on(event: 'message', f: (v: unknown) => void): void;
}

export function isNode(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; Deno?: unknown };
  return !!g.process?.versions?.node && g.Deno === undefined;
}

// A computed specifier keeps browser bundlers away from node:worker_threads.
const threads = 'node:worker_threads';
type Threads = { Worker: new (url: URL, o: object) => NodeWorker; parentPort: NodePort | null };

export async function spawn(url: URL): Promise<Endpoint> {
  if (isNode()) {
    const { Worker } = (await import(/* @vite-ignore */ threads)) as Threads;
    const w = new Worker(url, { argv: [`--${WORKER_NAME}`] });
    return {
      post: (m, t) => w.postMessage(m, t),
      listen: (onMessage, onError) => {
        w.on('message', onMessage);
        w.on('error', onError);
      },
      terminate: () => void w.terminate(),
      hold: (busy) => (busy ? w.ref() : w.unref()),
    };
  }
  const w = new Worker(url, { type: 'module', name: WORKER_NAME });
  return {
    post: (m, t) => w.postMessage(m, t ?? []),
    listen: (onMessage, onError) => {
      w.addEventListener('message', (e) => onMessage(e.data));
      w.addEventListener('error', (e) => {
        e.preventDefault();
        onError(e.message ? new Error(e.message) : e);
      });
      w.addEventListener('messageerror', () => onError(new Error('a message from the worker could not be decoded')));
    },
    terminate: () => w.terminate(),
    hold: () => {},
  };
}

/** Inside a worker: the channel back to the thread that started it. */
export async function parent(): Promise<Pick<Endpoint, 'post'> & { listen(f: (data: unknown) => void): void }> {
  if (isNode()) {
    const { parentPort } = (await import(/* @vite-ignore */ threads)) as Threads;
    const port = parentPort!;
    return { post: (m, t) => port.postMessage(m, t), listen: (f) => port.on('message', f) };
  }
  const scope = globalThis as unknown as { postMessage(m: unknown, t: Transferable[]): void; addEventListener(t: 'message', f: (e: MessageEvent) => void): void };
  return { post: (m, t) => scope.postMessage(m, t ?? []), listen: (f) => scope.addEventListener('message', (e) => f(e.data)) };
}

/** Whether this module was loaded as the entry of a worker this package started. */
export function startedAsWorker(): boolean {
  const g = globalThis as { name?: unknown; document?: unknown; importScripts?: unknown; process?: { argv?: string[] } };
  if (isNode()) return !!g.process?.argv?.includes(`--${WORKER_NAME}`);
  return g.name === WORKER_NAME && g.document === undefined;
}
