// createPool when workers fail: each failure rejects its job with
// WORKER_FAILED saying what happened, within a bound (a hang fails the test,
// Deno has no default timeout), and the pool carries on with fresh workers.
// Also: an infinite idleTimeout, and one abort listener per shared signal.
import { describe, expect, test } from 'vitest';
import { createPool, ResampleError, type Pool, type PoolOptions } from 'resample-wasm';
import { inNode } from './util.ts';

const image = (width: number, height: number) => ({ data: new Uint8ClampedArray(width * height * 4).fill(200), width, height });

type Outcome = { value: unknown } | { error: unknown };

/** How `p` settles, or a rejection if it does not within `ms`. */
function settled(p: Promise<unknown>, ms = 20_000): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  const outcome = p.then((value) => ({ value }), (error: unknown) => ({ error }));
  return Promise.race([outcome, late]).finally(() => clearTimeout(timer));
}

/** The WORKER_FAILED error `p` rejects with; fails the test on anything else. */
async function workerFailure(p: Promise<unknown>): Promise<ResampleError> {
  const o = await settled(p);
  const error = 'error' in o ? o.error : undefined;
  expect(error, 'the job must reject').toBeInstanceOf(ResampleError);
  expect((error as ResampleError).code, (error as Error).message).toBe('WORKER_FAILED');
  return error as ResampleError;
}

async function withPool<T>(options: PoolOptions, body: (p: Pool) => Promise<T>): Promise<T> {
  const pool = createPool(options);
  try {
    return await body(pool);
  } finally {
    pool.close();
  }
}

const url = (name: string) => new URL(`./support/${name}`, import.meta.url);

interface Threads {
  Worker: new (what: string | URL, options?: { eval?: boolean }) => unknown;
}
const node = globalThis as unknown as { process: { getBuiltinModule(id: string): unknown; on(e: string, f: (w: Error) => void): void; off(e: string, f: (w: Error) => void): void } };
const threads = () => node.process.getBuiltinModule('node:worker_threads') as Threads;

/** A worker running `script`, started as this runtime starts module workers. */
function start(script: URL): unknown {
  return inNode ? new (threads().Worker)(script) : new Worker(script, { type: 'module' });
}

/** Node's process warnings while `body` runs (none elsewhere). */
async function warnings(body: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const listen = (w: Error) => seen.push(`${w.name}: ${w.message}`);
  if (inNode) node.process.on('warning', listen);
  try {
    await body();
    // Node emits warnings on a later tick.
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    if (inNode) node.process.off('warning', listen);
  }
  return seen;
}

/** Counts the abort listeners added to `signal` and not removed (every runtime; Node can also tell itself). */
function abortListeners(signal: AbortSignal): () => number {
  let count = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = (...a: Parameters<AbortSignal['addEventListener']>) => {
    if (a[0] === 'abort') count++;
    add(...a);
  };
  signal.removeEventListener = (...a: Parameters<AbortSignal['removeEventListener']>) => {
    if (a[0] === 'abort') count--;
    remove(...a);
  };
  return () => count;
}

describe('pool failures', () => {
  test('a worker that ends mid-job without an error event: WORKER_FAILED, then a fresh worker', async () => {
    const scripts = [url('closing-worker.mjs'), url('csp-worker.mjs')];
    let started = 0;
    await withPool({ size: 1, worker: () => start(scripts[Math.min(started++, 1)]) }, async (pool) => {
      const e = await workerFailure(pool.resizeImage(image(8, 8), { width: 4 }));
      expect(e.message).toMatch(/^pool\.resizeImage: the worker from createPool\(\{ worker \}\) failed: /);
      expect(e.message).toContain(inNode ? 'exited (code 3)' : 'ended without an error event');
      const o = await settled(pool.resizeImage(image(8, 8), { width: 4 }));
      expect('value' in o && (o.value as { width: number }).width).toBe(4);
      expect(started).toBe(2);
      expect(pool.workers).toBe(1);
    });
  });

  (inNode ? test : test.skip)('Node: a worker that exits as it starts (process.exit(3), no error event)', async () => {
    let started = 0;
    const factory = () => (started++ === 0 ? new (threads().Worker)('process.exit(3)', { eval: true }) : start(url('csp-worker.mjs')));
    await withPool({ size: 1, worker: factory }, async (pool) => {
      const e = await workerFailure(pool.resizeImage(image(8, 8), { width: 4 }));
      expect(e.message).toContain('the worker exited (code 3)');
      const o = await settled(pool.resizeImage(image(8, 8), { height: 2 }));
      expect('value' in o && (o.value as { height: number }).height).toBe(2);
    });
  });

  test('a workerUrl that does not load: WORKER_FAILED naming the URL and what to check, promptly', async () => {
    const missing = url('no-such-worker.mjs');
    await withPool({ size: 1, workerUrl: missing }, async (pool) => {
      const t0 = Date.now();
      const e = await workerFailure(pool.resizeImage(image(8, 8), { width: 4 }));
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(e.message).toContain(`the worker at workerUrl '${missing.href}' failed`);
      expect(e.message).toContain('check that it is served (not a 404)');
    });
  });

  test('a worker that throws as it starts: WORKER_FAILED with its error', async () => {
    await withPool({ size: 1, workerUrl: url('throwing-worker.mjs') }, async (pool) => {
      const e = await workerFailure(pool.resizeImage(image(8, 8), { width: 4 }));
      expect(e.message).toContain('worker startup failed on purpose');
    });
  });

  test('a factory that returns no Worker: WORKER_FAILED saying so', async () => {
    await withPool({ worker: () => 42 }, async (pool) => {
      const e = await workerFailure(pool.resizeImage(image(8, 8), { width: 4 }));
      expect(e.message).toContain('the worker from createPool({ worker }) failed: cannot start a worker: the factory returned 42, not a Worker');
    });
  });

  test('close() with a job about to be sent: rejected with DISPOSED, and never sent (its buffer stays)', async () => {
    const pool = createPool({ size: 1 });
    await pool.resizeImage(image(8, 8), { width: 4 }); // the worker is up
    const img = image(8, 8);
    const job = settled(pool.resizeImage(img, { width: 4 }, { transfer: true }));
    pool.close();
    const o = await job;
    expect('error' in o && (o.error as ResampleError).code).toBe('DISPOSED');
    await new Promise((r) => setTimeout(r, 20));
    expect(img.data.byteLength).toBe(8 * 8 * 4);
  });

  test('idleTimeout Infinity (or past what timers take) keeps idle workers; close still ends them', async () => {
    for (const idleTimeout of [Infinity, 2 ** 31]) {
      const seen = await warnings(async () => {
        const pool = createPool({ size: 1, idleTimeout });
        await pool.resizeImage(image(8, 8), { width: 4 });
        await new Promise((r) => setTimeout(r, 100));
        expect(pool.workers, `idleTimeout ${idleTimeout}`).toBe(1);
        pool.close();
        expect(pool.workers).toBe(0);
        const o = await settled(pool.resizeImage(image(8, 8), { width: 4 }));
        expect('error' in o && (o.error as ResampleError).code).toBe('DISPOSED');
      });
      expect(seen).toEqual([]);
    }
  });

  test('one signal shared by 24 jobs: one abort listener, all rejected with its reason, the pool carries on', async () => {
    await withPool({ size: 2 }, async (pool) => {
      const seen = await warnings(async () => {
        const controller = new AbortController();
        const signal = controller.signal;
        const listeners = abortListeners(signal);
        const jobs = Array.from({ length: 24 }, (_, i) => settled(pool.resizeImage(image(16, 16 + i), { width: 8 }, { signal })));
        expect(listeners()).toBe(1);
        if (inNode) {
          const events = node.process.getBuiltinModule('node:events') as { getEventListeners(t: unknown, name: string): unknown[] };
          expect(events.getEventListeners(signal, 'abort').length).toBe(1);
        }
        const reason = new Error('stop');
        controller.abort(reason);
        for (const o of await Promise.all(jobs)) expect('error' in o && o.error).toBe(reason);
        expect(listeners()).toBe(0);
        // No job had reached its worker (they were starting): the workers stay.
        expect(pool.workers).toBe(2);
      });
      expect(seen).toEqual([]);
      const o = await settled(pool.resizeImage(image(16, 16), { width: 8 }));
      expect('value' in o && (o.value as { width: number }).width).toBe(8);
    });
  });

  test('a shared signal whose jobs all finish leaves no listener behind', async () => {
    await withPool({ size: 2 }, async (pool) => {
      const signal = new AbortController().signal;
      const listeners = abortListeners(signal);
      const done = await Promise.all(Array.from({ length: 6 }, () => pool.resizeImage(image(16, 16), { width: 8 }, { signal })));
      expect(done.map((d) => d.width)).toEqual([8, 8, 8, 8, 8, 8]);
      expect(listeners()).toBe(0);
    });
  });
});
