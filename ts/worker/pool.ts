// Off-main-thread resizing: a pool of workers, each with its own wasm
// instance. Large images are cut into bands of output rows, each band sent
// with just the source rows it reads; tables are built for the whole image,
// so the bands join bit for bit.
import workerSource from 'virtual:resample-worker';
import { isPositiveInt, optionalBool } from '../args.js';
import { ResampleError, attribute, invalid, named, show } from '../errors.js';
import { declareOptions } from '../options.js';
import { band, bandSamples, compose, imageSize, planResize, resized, resizeOptions, withFormat, type ImageInput, type ImageLike, type ImagePlan, type ResizedFrom, type ResizedImage, type ResizeImageOptions } from '../ops/resizeImage.js';
import { readSoon } from '../ops/resizeImage/browser.js';
import type { ImageSamples, ResizedSamples } from '../ops/resizeImage/formats.js';
import type { Tensor } from '../tensor.js';
import type { HostClass } from '../host.js';
import { compile, type DefaultWasm, type WasmSource } from '../runtime.js';
import { assertOneSource, compileFamilies, type Family, type FamilyLoader, type FamilyModules } from '../families.js';
import { isTensor } from '../tensor.js';
import type { WorkerOrigin } from './endpoint.js';
import { Workers } from './workers.js';

/** Options of `createPool`. */
export interface PoolOptions {
  /** Most workers at once. Default: navigator.hardwareConcurrency (2 where the runtime has none), at least 1 and at most 8. */
  size?: number | undefined;
  /**
   * The module every worker instantiates, compiled once here and sent to
   * each worker (workers never compile). Default: as `init()`.
   */
  wasm?: WasmSource | undefined;
  /**
   * The workers load only the family modules `resizeImage` needs instead of
   * the whole module: `['resizeImage']` (from `resample-wasm/slim`) or
   * `{ core, resizeImage }`, as `init({ families })` takes them. Not with
   * `wasm`. Default: the whole module.
   */
  families?: readonly Family[] | FamilyModules | undefined;
  /**
   * A module script for the workers to run instead of the package's own,
   * which the pool otherwise starts from source text it carries (a `blob:`
   * URL in browsers and Deno; no file, so nothing for a bundler to miss).
   * The script must call `serveWorker()` (jobs wait until it does);
   * `resample-wasm/worker` is one. A relative string resolves against the
   * page's URL (`location.href`), as `new Worker(url)` does. Default: the
   * package's own worker, from that text. Not with `worker`.
   */
  workerUrl?: string | HostClass<'URL'> | undefined;
  /**
   * Starts a worker yourself: for pages whose CSP allows neither `blob:`
   * workers nor module workers from the package's URL. Return a Web Worker
   * (or a Node `worker_threads` Worker) running `resample-wasm/worker`, e.g.
   * `() => new Worker(new URL('resample-wasm/worker', import.meta.url), { type: 'module' })`.
   * Default: the pool starts its workers itself. Not with `workerUrl`.
   */
  worker?: (() => unknown) | undefined;
  /** Milliseconds an idle worker lives before it is released; `Infinity` (or anything over 2^31 − 1): never. Default 2000. */
  idleTimeout?: number | undefined;
}

/** Options of one `pool.resizeImage` call (its third argument). */
export interface JobOptions {
  /** Aborts the job: it is rejected with the signal's reason, and a worker busy with it is replaced. Default: none. */
  signal?: HostClass<'AbortSignal'> | undefined;
  /**
   * Hand `image.data`'s buffer to the worker instead of copying it (it is
   * detached from this thread afterwards). Used when the image runs as one
   * band. Default false.
   */
  transfer?: boolean | undefined;
}

/** A pool of workers (from `createPool`). */
export interface Pool {
  /** As `rs.resizeImage`, in the pool's workers; also takes a Blob (or File), or an <img> still loading, and awaits its decoding. */
  resizeImage<I extends ImageInput | HostClass<'Blob'>>(image: I, options: ResizeImageOptions, job?: JobOptions): Promise<ResizedImage<ResizedFrom<I>>>;
  /** Workers alive now (idle ones are released after `idleTimeout`). */
  readonly workers: number;
  /** Rejects every pending job with DISPOSED and ends the workers. */
  close(): void;
}

// Bands smaller than this many output pixels are not worth a message round trip.
const MIN_BAND_PIXELS = 1 << 17;

const poolOptions = declareOptions<PoolOptions>(['createPool'], { size: true, wasm: true, families: true, workerUrl: true, worker: true, idleTimeout: true });
const jobOptions = declareOptions<JobOptions>(['pool.resizeImage'], { signal: true, transfer: true }, 'job option');

function defaultSize(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 2;
  return Math.max(1, Math.min(8, n));
}

const FACTORY_HINT = "pass createPool({ worker: () => new Worker(new URL('resample-wasm/worker', import.meta.url), { type: 'module' }) })";

/** Where workers come from, and how failure messages name it. */
function origin(o: PoolOptions): { origin: WorkerOrigin; describe(reason: string): string } {
  if (o.worker !== undefined && o.workerUrl !== undefined) throw invalid('worker', o.worker, 'left unset when workerUrl is given (one of the two)');
  if (o.worker !== undefined) {
    if (typeof o.worker !== 'function') throw invalid('worker', o.worker, 'a function returning a Worker');
    return { origin: { factory: o.worker }, describe: (reason) => `the worker from createPool({ worker }) failed: ${reason}` };
  }
  if (o.workerUrl !== undefined) {
    let url: URL;
    try {
      // Relative to the page, as `new Worker(url)` resolves it. Not to
      // import.meta.url: webpack turns `new URL(expression, import.meta.url)`
      // into a context module over dist/ with a "Critical dependency"
      // warning, and esbuild's CommonJS output empties import.meta.
      url = new URL(o.workerUrl, (globalThis as { location?: { href: string } }).location?.href);
    } catch {
      throw invalid('workerUrl', o.workerUrl, 'a URL');
    }
    const why = 'check that it is served (not a 404), as JavaScript, and that its imports load; it must call serveWorker()';
    return { origin: { url }, describe: (reason) => `the worker at workerUrl ${show(url.href)} failed: ${reason} (${why})` };
  }
  const csp = "if the page's CSP forbids blob: workers, allow worker-src blob: or " + FACTORY_HINT;
  return { origin: { source: workerSource }, describe: (reason) => `the package's worker failed: ${reason} (${csp})` };
}

/** createPool's options, checked; the module compiles in the background and a failure reaches each job. */
function settings(options: PoolOptions | undefined, defaultWasm: DefaultWasm, families: FamilyLoader | undefined) {
  return named('createPool', () => {
    const o = poolOptions('createPool', options);
    assertOneSource(o);
    const size = o.size ?? defaultSize();
    if (!isPositiveInt(size)) throw invalid('size', size, 'a positive integer');
    const idleTimeout = o.idleTimeout ?? 2000;
    if (typeof idleTimeout !== 'number' || !(idleTimeout >= 0)) throw invalid('idleTimeout', idleTimeout, 'a non-negative number of milliseconds, or Infinity');
    const loading = o.families === undefined ? compile(o.wasm, defaultWasm) : compileFamilies('createPool', o.families, families, 'resizeImage');
    const module = loading.catch((e: unknown) => {
      throw attribute(e, 'createPool');
    });
    module.catch(() => {}); // reported to each job that needs it
    return { size, idleTimeout, module, ...origin(o) };
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

/** `createPool` for an entry whose module, when the caller gives none, comes from `defaultWasm` (family modules from `families`). */
export function createPoolFrom(defaultWasm: DefaultWasm, families?: FamilyLoader): (options?: PoolOptions) => Pool {
  return (options) => {
    const workers = new Workers(settings(options, defaultWasm, families));
    let closed = false;
    return {
      get workers() {
        return workers.count;
      },
      resizeImage(image, options, jobOptions) {
        return named('pool.resizeImage', async () => {
          if (closed) throw closedError();
          return resize(workers, image, options, jobOptions, () => closed) as Promise<ResizedImage<ResizedFrom<typeof image>>>;
        });
      },
      close() {
        closed = true;
        workers.close(closedError());
      },
    };
  };
}

async function resize(workers: Workers, input: unknown, options: ResizeImageOptions, jobOptions: JobOptions | undefined, closed: () => boolean): Promise<ResizedImage<ImageSamples>> {
  const o = resizeOptions('pool.resizeImage', options);
  const { signal, transfer } = job(jobOptions);
  signal?.throwIfAborted();
  let image = readSoon(input) as ImageLike | Tensor | Promise<ImageLike | Tensor>;
  if (image instanceof Promise) {
    // Decoding took a while: the pool may have closed, or the job been aborted, meanwhile.
    image = await image;
    if (closed()) throw closedError();
    signal?.throwIfAborted();
  }
  const { width, height, format, channels } = imageSize(image);
  const plan = withFormat(planResize(width, height, o, channels), image, format);
  const data = image.data as ImageSamples;
  const bands = Math.max(1, Math.min(workers.settings.size, Math.floor((plan.outW * plan.outH) / MIN_BAND_PIXELS), plan.outH));
  // Bands are resampled apart; sharpening (a recursive filter over whole
  // rows and columns) then runs once on the joined result, as rs does.
  const { sharpen, canvas, ...resample } = plan;
  const each: ImagePlan = bands === 1 ? { ...resample, sharpen } : resample;
  const parts: Promise<ResizedSamples<ImageSamples>>[] = [];
  for (let k = 0; k < bands; k++) {
    const b = band(plan, Math.round((k * plan.outH) / bands), Math.round(((k + 1) * plan.outH) / bands));
    const all = b.lo === 0 && b.hi === height && b.x0 === 0 && b.x1 === width;
    const whole = all && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
    const src = transfer && bands === 1 && whole && !isTensor(image) ? data : bandSamples(data, width, b, channels);
    parts.push(workers.submit(src, each, b, signal));
  }
  let results = await Promise.all(parts);
  if (bands > 1 && sharpen) {
    const { outW: w, outH: h } = plan;
    const same: ImagePlan = { ...resample, inW: w, inH: h, window: [0, 0, w, h], sharpen };
    results = [await workers.submit(compose(resample, results), same, band(same, 0, h), signal)];
  }
  const [w, h] = [canvas?.width ?? plan.outW, canvas?.height ?? plan.outH];
  return resized(results.length === 1 && !canvas ? results[0] : compose(plan, results), w, h, channels);
}
