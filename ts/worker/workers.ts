// The pool's workers and its queue of jobs. A job goes to an idle worker,
// or waits; workers start on demand up to the pool's size and are released
// after `idleTimeout`. A worker that errs, exits, ends (see webLocks in
// endpoint.ts) or sends an undecodable message rejects its job with
// WORKER_FAILED and is dropped; the next job starts a fresh one.
import { ResampleError } from '../errors.js';
import type { Band, ImagePlan } from '../ops/resizeImage.js';
import type { ImageSamples, ResizedSamples } from '../ops/resizeImage/formats.js';
import { spawn, type Endpoint, type WorkerOrigin } from './endpoint.js';
import type { Job, Ready, Reply } from './serve.js';
import type { FamilyModuleSet } from '../families.js';

/** What a worker sends back: a band's samples. */
type Pixels = ResizedSamples<ImageSamples>;

// The longest delay timers take: a longer one (a finite idleTimeout of 25
// days or more) overflows and fires at once, in browsers and Node alike.
const MAX_DELAY = 2 ** 31 - 1;

interface Slot {
  endpoint: Endpoint;
  job?: Pending;
  hasWasm: boolean;
  idle?: ReturnType<typeof setTimeout>;
  /** Resolved by the worker's Ready message. */
  ready: Promise<void>;
  markReady(): void;
}

interface Pending {
  id: number;
  src: ImageSamples;
  plan: ImagePlan;
  band: Band;
  signal?: AbortSignal;
  resolve(d: Pixels): void;
  reject(e: unknown): void;
  slot?: Slot;
  /** Sent to its worker, which then cannot be stopped but by ending it. */
  posted?: boolean;
}

export interface WorkerSettings {
  size: number;
  idleTimeout: number;
  origin: WorkerOrigin;
  /** Says where workers come from, and what to pass instead, in failure messages. */
  describe(reason: string): string;
  module: Promise<WebAssembly.Module | FamilyModuleSet>;
}

export class Workers {
  readonly #slots: Slot[] = [];
  readonly #queue: Pending[] = [];
  // One abort listener per signal, however many jobs share it.
  readonly #signals = new Map<AbortSignal, { jobs: Set<Pending>; abort: () => void }>();
  #nextId = 1;
  #closed = false;
  #blobUrl: string | undefined;

  constructor(readonly settings: WorkerSettings) {}

  get count(): number {
    return this.#slots.length;
  }

  submit(src: ImageSamples, plan: ImagePlan, band: Band, signal?: AbortSignal): Promise<Pixels> {
    return new Promise((resolve, reject) => {
      const job: Pending = { id: this.#nextId++, src, plan, band, signal, resolve, reject };
      if (signal) this.#watch(signal, job);
      this.#queue.push(job);
      this.#pump();
    });
  }

  close(error: ResampleError): void {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) this.#settle(job, error);
    for (const slot of [...this.#slots]) {
      const job = slot.job;
      // Cleared first: #start, between its await and the post, sends only its slot's current job.
      slot.job = undefined;
      if (job) this.#settle(job, error);
      this.#drop(slot);
    }
    if (this.#blobUrl) URL.revokeObjectURL(this.#blobUrl);
  }

  #watch(signal: AbortSignal, job: Pending): void {
    let entry = this.#signals.get(signal);
    if (!entry) {
      const jobs = new Set<Pending>();
      entry = { jobs, abort: () => [...jobs].forEach((j) => this.#abort(j, signal.reason)) };
      this.#signals.set(signal, entry);
      signal.addEventListener('abort', entry.abort, { once: true });
    }
    entry.jobs.add(job);
  }

  #abort(job: Pending, reason: unknown): void {
    const q = this.#queue.indexOf(job);
    if (q >= 0) this.#queue.splice(q, 1);
    const slot = job.slot;
    // Not sent yet (its worker still starting, or the module compiling): the worker stays.
    if (slot?.job === job && !job.posted) return this.#finish(slot, job, reason);
    // A running kernel cannot be interrupted: its worker goes, a fresh one replaces it on demand.
    if (slot?.job === job) {
      slot.job = undefined;
      this.#drop(slot);
    }
    this.#settle(job, reason);
    this.#pump();
  }

  /** Resolves (with data) or rejects a job, once, and forgets its signal. */
  #settle(job: Pending, outcome: unknown, data?: Pixels): void {
    const entry = job.signal && this.#signals.get(job.signal);
    if (entry?.jobs.delete(job) && entry.jobs.size === 0) {
      job.signal!.removeEventListener('abort', entry.abort);
      this.#signals.delete(job.signal!);
    }
    if (data) job.resolve(data);
    else job.reject(outcome);
  }

  /** Hands queued jobs to idle workers, starting workers up to the pool's size. */
  #pump(): void {
    while (this.#queue.length > 0) {
      const slot = this.#slots.find((s) => !s.job) ?? (!this.#closed && this.#slots.length < this.settings.size ? this.#launch() : undefined);
      if (!slot) return;
      void this.#start(this.#queue.shift()!, slot);
    }
  }

  /** Starts a worker; undefined (and every queued job rejected) when the host refuses. */
  #launch(): Slot | undefined {
    let endpoint: Endpoint;
    try {
      endpoint = spawn(this.settings.origin, () => (this.#blobUrl ??= blobUrl(this.settings.origin)));
    } catch (e) {
      const error = new ResampleError('WORKER_FAILED', this.settings.describe(`cannot start a worker: ${String((e as Error)?.message ?? e)}`));
      for (const job of this.#queue.splice(0)) this.#settle(job, error);
      return undefined;
    }
    let markReady = () => {};
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const slot: Slot = { endpoint, hasWasm: false, ready, markReady };
    endpoint.listen(
      (d) => this.#reply(slot, d as Ready | Reply),
      (reason) => this.#fail(slot, reason),
    );
    this.#slots.push(slot);
    return slot;
  }

  async #start(job: Pending, slot: Slot): Promise<void> {
    clearTimeout(slot.idle);
    slot.job = job;
    job.slot = slot;
    slot.endpoint.hold(true);
    let wasm: Job['wasm'];
    try {
      // Sent once the worker listens: a worker whose listener comes late (after a
      // top-level await) loses earlier messages, and one that ends before it
      // holds its lock would go unnoticed.
      [wasm] = await Promise.all([slot.hasWasm ? undefined : this.settings.module, slot.ready]);
    } catch (e) {
      if (slot.job === job) this.#finish(slot, job, e);
      return;
    }
    if (slot.job !== job) return; // aborted, or the worker failed, meanwhile
    const message: Job = { id: job.id, src: job.src, plan: job.plan, band: job.band, wasm };
    try {
      slot.endpoint.post(message, [job.src.buffer as ArrayBuffer]);
      slot.hasWasm = true;
      job.posted = true;
    } catch (e) {
      // e.g. a buffer that cannot be transferred (detached, or shared memory)
      this.#finish(slot, job, new ResampleError('INVALID_ARGUMENT', `image.data cannot be sent to a worker: ${String((e as Error)?.message ?? e)}`));
    }
  }

  #reply(slot: Slot, r: Ready | Reply): void {
    if ('ready' in r) return slot.markReady();
    const job = slot.job;
    if (!job || job.id !== r.id) return;
    if ('data' in r) return this.#finish(slot, job, undefined, r.data);
    const error = r.error.name === 'ResampleError' ? new ResampleError(r.error.code as ResampleError['code'], r.error.message) : new Error(r.error.message);
    this.#finish(slot, job, error);
  }

  /** The job is over and the worker idle again. */
  #finish(slot: Slot, job: Pending, error: unknown, data?: Pixels): void {
    slot.job = undefined;
    this.#settle(job, error, data);
    slot.endpoint.hold(false);
    clearTimeout(slot.idle);
    if (this.settings.idleTimeout <= MAX_DELAY) {
      slot.idle = setTimeout(() => !slot.job && this.#drop(slot), this.settings.idleTimeout);
      (slot.idle as { unref?: () => void }).unref?.();
    }
    this.#pump();
  }

  #fail(slot: Slot, reason: string): void {
    if (!this.#slots.includes(slot)) return; // dropped already (its exit, after terminate)
    const job = slot.job;
    slot.job = undefined;
    this.#drop(slot);
    if (job) this.#settle(job, new ResampleError('WORKER_FAILED', this.settings.describe(reason)));
    this.#pump();
  }

  #drop(slot: Slot): void {
    clearTimeout(slot.idle);
    const i = this.#slots.indexOf(slot);
    if (i >= 0) this.#slots.splice(i, 1);
    slot.endpoint.terminate();
  }
}

function blobUrl(origin: WorkerOrigin): string {
  return URL.createObjectURL(new Blob(['source' in origin ? origin.source : ''], { type: 'text/javascript' }));
}
