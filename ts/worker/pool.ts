// Off-main-thread resizing: a pool of workers, each with its own wasm
// instance. Large images are cut into bands of output rows, each band sent
// with just the source rows it reads; tables are built for the whole image,
// so the bands join bit for bit.
import { isPositiveInt, optionalBool } from '../args.js';
import { ResampleError, attribute, invalid, named, show } from '../errors.js';
import { declareOptions } from '../options.js';
import {
  band, imageSize, planResize, resizeOptions,
  type Band, type ImageInput, type ImagePlan, type ResizedImage, type ResizeImageOptions,
} from '../ops/resizeImage.js';
import { compile, type WasmSource } from '../runtime.js';
import { isTensor } from '../tensor.js';
import { spawn, type Endpoint } from './endpoint.js';
import type { Job, Reply } from './serve.js';

export interface PoolOptions {
  /** Most workers at once. Default: the machine's core count (at least 1, at most 8). */
  size?: number;
  /** The module every worker instantiates (compiled once, shared). Default: the bytes inlined in this package. */
  wasm?: WasmSource;
  /** Module script the workers run. Default: this package's own entry. Under a strict CSP, a file you host that calls `serveWorker()`. */
  workerUrl?: string | URL;
  /** Milliseconds an idle worker lives before it is released. Default 2000. */
  idleTimeout?: number;
}

export interface JobOptions {
  signal?: AbortSignal;
  /**
   * Hand `image.data`'s buffer to the worker instead of copying it (it is
   * detached from this thread afterwards). Used when the image runs as one band.
   */
  transfer?: boolean;
}

export interface Pool {
  resizeImage(image: ImageInput, options: ResizeImageOptions, job?: JobOptions): Promise<ResizedImage>;
  /** Workers alive now (idle ones are released after `idleTimeout`). */
  readonly workers: number;
  close(): void;
}

interface Slot {
  endpoint: Endpoint;
  job?: Pending;
  hasWasm: boolean;
  idle?: ReturnType<typeof setTimeout>;
}

interface Pending {
  id: number;
  src: Uint8Array;
  plan: ImagePlan;
  band: Band;
  resolve(d: Uint8ClampedArray): void;
  reject(e: unknown): void;
  slot?: Slot;
}

// Bands smaller than this many output pixels are not worth a message round trip.
const MIN_BAND_PIXELS = 1 << 17;

const poolOptions = declareOptions<PoolOptions>(['createPool'], { size: true, wasm: true, workerUrl: true, idleTimeout: true });
const jobOptions = declareOptions<JobOptions>(['pool.resizeImage'], { signal: true, transfer: true }, 'job option');

function defaultSize(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 2;
  return Math.max(1, Math.min(8, n));
}

/** createPool's options, checked; the module compiles in the background and a failure reaches each job. */
function settings(options: PoolOptions | undefined) {
  return named('createPool', () => {
    const o = poolOptions('createPool', options);
    const size = o.size ?? defaultSize();
    if (!isPositiveInt(size)) throw invalid('size', size, 'a positive integer');
    const idleTimeout = o.idleTimeout ?? 2000;
    if (typeof idleTimeout !== 'number' || !(idleTimeout >= 0)) throw invalid('idleTimeout', idleTimeout, 'a non-negative number of milliseconds');
    let url: URL;
    try {
      url = new URL(o.workerUrl ?? import.meta.url, import.meta.url);
    } catch {
      throw invalid('workerUrl', o.workerUrl, 'a URL');
    }
    const module = compile(o.wasm).catch((e: unknown) => {
      throw attribute(e, 'createPool');
    });
    module.catch(() => {}); // reported to each job that needs it
    return { size, idleTimeout, url, module };
  });
}

const closedError = () => new ResampleError('DISPOSED', 'pool.resizeImage: the pool was closed');

/** A job's options, checked. */
function job(options: JobOptions | undefined): { signal?: AbortSignal; transfer: boolean } {
  const o = jobOptions('pool.resizeImage', options);
  const signal = o.signal;
  if (signal !== undefined && !(typeof signal === 'object' && signal !== null && typeof signal.throwIfAborted === 'function')) {
    throw invalid('signal', signal, 'an AbortSignal');
  }
  return { signal, transfer: optionalBool('transfer', o.transfer) ?? false };
}

export function createPool(options?: PoolOptions): Pool {
  const { size, idleTimeout, url, module } = settings(options);
  const slots: Slot[] = [];
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;

  const fail = (slot: Slot, e: unknown) => {
    drop(slot);
    slot.job?.reject(new ResampleError('INVALID_ARGUMENT', `workerUrl ${show(url.href)}: the worker failed: ${String((e as Error)?.message ?? e)}`));
    slot.job = undefined;
    pump();
  };

  const drop = (slot: Slot) => {
    clearTimeout(slot.idle);
    slot.endpoint.terminate();
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
  };

  const onReply = (slot: Slot, r: Reply) => {
    const job = slot.job;
    if (!job || job.id !== r.id) return;
    slot.job = undefined;
    if ('data' in r) job.resolve(r.data);
    else job.reject(r.error.name === 'ResampleError' ? new ResampleError(r.error.code as ResampleError['code'], r.error.message) : new Error(r.error.message));
    release(slot);
    pump();
  };

  const release = (slot: Slot) => {
    slot.endpoint.hold(false);
    clearTimeout(slot.idle);
    slot.idle = setTimeout(() => !slot.job && drop(slot), idleTimeout);
    (slot.idle as { unref?: () => void }).unref?.();
  };

  async function start(job: Pending, slot: Slot) {
    clearTimeout(slot.idle);
    slot.job = job;
    job.slot = slot;
    slot.endpoint.hold(true);
    let wasm: WebAssembly.Module | undefined;
    try {
      wasm = slot.hasWasm ? undefined : await module;
    } catch (e) {
      slot.job = undefined;
      release(slot);
      return job.reject(e);
    }
    if (slot.job !== job) return; // aborted meanwhile
    const message: Job = { id: job.id, src: job.src, plan: job.plan, band: job.band, wasm };
    try {
      slot.endpoint.post(message, [job.src.buffer as ArrayBuffer]);
      slot.hasWasm = true;
    } catch (e) {
      // e.g. a buffer that cannot be transferred (detached, or shared memory)
      slot.job = undefined;
      release(slot);
      job.reject(new ResampleError('INVALID_ARGUMENT', `image.data cannot be sent to a worker: ${String((e as Error)?.message ?? e)}`));
    }
  }

  // Workers start asynchronously (Node imports worker_threads first); jobs wait in the queue meanwhile.
  let starting = 0;
  function pump() {
    for (let slot; queue.length > 0 && (slot = slots.find((s) => !s.job)); ) void start(queue.shift()!, slot);
    while (queue.length > starting && slots.length + starting < size) launch();
  }

  function launch() {
    starting++;
    spawn(url).then(
      (endpoint) => {
        starting--;
        if (closed) return endpoint.terminate();
        const slot: Slot = { endpoint, hasWasm: false };
        endpoint.listen(
          (d) => onReply(slot, d as Reply),
          (e) => fail(slot, e),
        );
        slots.push(slot);
        pump();
      },
      (e) => {
        starting--;
        const err = new ResampleError('INVALID_ARGUMENT', `workerUrl ${show(url.href)}: cannot start a worker: ${String(e?.message ?? e)}`);
        for (const job of queue.splice(0)) job.reject(err);
      },
    );
  }

  function submit(src: Uint8Array, plan: ImagePlan, b: Band, signal?: AbortSignal): Promise<Uint8ClampedArray> {
    return new Promise((resolve, reject) => {
      const job: Pending = { id: nextId++, src, plan, band: b, resolve, reject };
      if (signal) {
        const abort = () => {
          const q = queue.indexOf(job);
          if (q >= 0) queue.splice(q, 1);
          // A running kernel cannot be interrupted: its worker goes, a fresh one replaces it on demand.
          if (job.slot?.job === job) {
            job.slot.job = undefined;
            drop(job.slot);
          }
          reject(signal.reason);
          pump();
        };
        signal.addEventListener('abort', abort, { once: true });
        const done = () => signal.removeEventListener('abort', abort);
        job.resolve = (d) => (done(), resolve(d));
        job.reject = (e) => (done(), reject(e));
      }
      queue.push(job);
      pump();
    });
  }

  return {
    get workers() {
      return slots.length;
    },
    resizeImage(image, options, jobOptions) {
      return named('pool.resizeImage', () => run(image, options, jobOptions));
    },
    close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(closedError());
      for (const s of [...slots]) {
        s.job?.reject(closedError());
        drop(s);
      }
    },
  };

  async function run(image: ImageInput, options: ResizeImageOptions, jobOptions: JobOptions | undefined): Promise<ResizedImage> {
    const o = resizeOptions('pool.resizeImage', options);
    const { signal, transfer } = job(jobOptions);
    if (closed) throw closedError();
    signal?.throwIfAborted();
    const { width, height } = imageSize(image);
    const plan = planResize(width, height, o);
    const data = image.data;
    const rowBytes = width * 4;
    const bands = Math.max(1, Math.min(size, Math.floor((plan.outW * plan.outH) / MIN_BAND_PIXELS), plan.outH));
    const parts: Promise<Uint8ClampedArray>[] = [];
    for (let k = 0; k < bands; k++) {
      const b = band(plan, Math.round((k * plan.outH) / bands), Math.round(((k + 1) * plan.outH) / bands));
      const whole = b.lo === 0 && b.hi === height && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
      const src =
        transfer && bands === 1 && whole && !isTensor(image)
          ? new Uint8Array(data.buffer, 0, data.byteLength)
          : new Uint8Array(data.subarray(b.lo * rowBytes, b.hi * rowBytes));
      parts.push(submit(src, plan, b, signal));
    }
    const results = await Promise.all(parts);
    if (bands === 1) return { data: results[0], width: plan.outW, height: plan.outH };
    const out = new Uint8ClampedArray(plan.outW * plan.outH * 4);
    let at = 0;
    for (const r of results) {
      out.set(r, at);
      at += r.length;
    }
    return { data: out, width: plan.outW, height: plan.outH };
  }
}
