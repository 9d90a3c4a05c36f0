// The built package works unchanged inside workers: module Workers in
// browsers and Deno, worker_threads in Node.
import { describe, expect, test } from 'vitest';

interface Reply {
  shape?: number[];
  values?: Float32Array;
  live?: number;
  error?: string;
  code?: string;
  message?: string;
}

/** A lost message must fail the test, not hang the runner (Deno has no default timeout). */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no reply from the worker within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function ask(request: unknown): Promise<Reply> {
  const url = new URL('./workers/echo-worker.mjs', import.meta.url);
  const g = globalThis as { process?: { versions?: { node?: string } }; Deno?: unknown };
  if (g.process?.versions?.node && g.Deno === undefined) {
    const wt = 'node:worker_threads';
    const { Worker } = (await import(/* @vite-ignore */ wt)) as typeof import('node:worker_threads');
    const w = new Worker(url);
    try {
      return await within(
        10_000,
        new Promise((resolve, reject) => {
          w.once('message', resolve);
          w.once('error', reject);
          w.postMessage(request);
        }),
      );
    } finally {
      await w.terminate();
    }
  }
  const w = new Worker(url, { type: 'module' });
  try {
    return await within(
      10_000,
      new Promise((resolve, reject) => {
        w.onmessage = (e) => resolve(e.data);
        w.onerror = (e) => reject(new Error(e.message));
        w.postMessage(request);
      }),
    );
  } finally {
    w.terminate();
  }
}

describe('workers', () => {
  test('a worker initialises its own context and resizes', async () => {
    const reply = await ask({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4], options: { scaleFactor: 2, mode: 'bilinear' } });
    expect(reply.error).toBeUndefined();
    expect(reply.shape).toEqual([1, 1, 4, 4]);
    expect(Array.from(reply.values!)).toEqual([1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4]);
    expect(reply.live).toBe(0);
  });

  test('errors inside a worker arrive as ResampleError data', async () => {
    const reply = await ask({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4], options: { mode: 'bilinear' } });
    expect(reply.error).toBe('ResampleError');
    expect(reply.code).toBe('INVALID_ARGUMENT');
    expect(reply.message).toContain('size');
  });
});
