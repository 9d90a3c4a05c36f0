// The worker side: one context per worker, one resize per message.
import { ResampleError } from '../errors.js';
import { runResize, type Band, type ImagePlan } from '../ops/resizeImage.js';
import type { ImageSamples, ResizedSamples } from '../ops/resizeImage/formats.js';
import { instantiate } from '../runtime.js';
import { instantiateFamilies, type FamilyModuleSet } from '../families.js';
import { Heap } from '../tensor.js';
import { parent, webLocks } from './endpoint.js';

/** main -> worker */
export interface Job {
  id: number;
  /** The first job's: the whole module, or the family modules resizeImage needs. */
  wasm?: WebAssembly.Module | FamilyModuleSet;
  src: ImageSamples;
  plan: ImagePlan;
  band: Band;
}

/**
 * worker -> main, first: the worker listens. `lock` names a Web Lock it
 * holds until it ends, where the host has Web Locks (see endpoint.ts).
 */
export interface Ready {
  ready: true;
  lock?: string;
}

/** worker -> main: a job's result. */
export type Reply = { id: number; data: ResizedSamples<ImageSamples> } | { id: number; error: { name: string; code?: string; message: string } };

let serving: Promise<void> | undefined;

/**
 * Answers the pool's jobs, in a worker. The package's own worker script
 * (`resample-wasm/worker`, which the pool starts by default) is just this;
 * a worker module of your own can import the package and call it too. The
 * first job brings the compiled module, so a worker never compiles wasm.
 */
export function serveWorker(): Promise<void> {
  return (serving ??= (async () => {
    const port = parent();
    let heap: Promise<Heap> | undefined;
    port.listen(async (data) => {
      const job = data as Job;
      try {
        const h = await (heap ??= (job.wasm instanceof WebAssembly.Module ? instantiate(job.wasm) : instantiateFamilies(job.wasm!)).then((e) => new Heap(e)));
        const out = runResize(h, { data: job.src, width: job.band.x1 - job.band.x0, height: job.band.hi - job.band.lo }, job.plan, job.band);
        port.post({ id: job.id, data: out } satisfies Reply, [out.buffer]);
      } catch (e) {
        const err = e as Partial<ResampleError>;
        port.post({ id: job.id, error: { name: String(err.name), code: err.code, message: String(err.message ?? e) } } satisfies Reply);
      }
    });
    announce(port);
  })());
}

/** Tells the pool this worker listens, once it holds a lock that frees when the worker ends, where the host has Web Locks. */
function announce(port: ReturnType<typeof parent>): void {
  const locks = webLocks();
  if (!locks) return port.post({ ready: true } satisfies Ready);
  const lock = `resample-wasm worker ${Date.now()} ${Math.random()}`;
  const hold = () => {
    port.post({ ready: true, lock } satisfies Ready);
    return new Promise<never>(() => {});
  };
  // A host that refuses the lock (an opaque origin) still gets a worker, without the watch.
  locks.request(lock, hold).catch(() => port.post({ ready: true } satisfies Ready));
}
