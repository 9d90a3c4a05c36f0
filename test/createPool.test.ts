// createPool: the same bytes as rs.resizeImage whether an image runs whole or
// in bands across workers; cancellation, errors, idle release, close.
import { describe, expect, test } from 'vitest';
import { createPool, ResampleError, type ImageFilter, type Pool } from 'resample-wasm';
import { context, random } from './util.ts';

function image(width: number, height: number, seed: number) {
  const r = random(seed);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = i % 4 === 3 ? 64 + 191 * r() : 255 * r();
  return { data, width, height };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  return undefined;
}

async function withPool<T>(options: Parameters<typeof createPool>[0], body: (p: Pool) => Promise<T>): Promise<T> {
  const pool = createPool(options);
  try {
    return await body(pool);
  } finally {
    pool.close();
  }
}

describe('pool', () => {
  test('bands across workers equal the single call, bit for bit', async () => {
    const rs = await context();
    const img = image(301, 517, 1);
    await withPool({ size: 3 }, async (pool) => {
      const cases: [ImageFilter, number, number, boolean][] = [
        ['lanczos3', 640, 700, false],
        ['nearest', 700, 600, false],
        ['bilinear', 800, 480, true],
        ['box', 150, 200, false], // small: one band
      ];
      const big = image(1400, 1100, 7); // downscaled in bands: windows widened by the scale factor
      for (const filter of ['lanczos3', 'mitchell'] as ImageFilter[]) {
        const o = { width: 640, height: 480, filter };
        const got = await pool.resizeImage(big, o);
        const want = rs.resizeImage(big, o).data;
        expect(got.data.findIndex((v, i) => v !== want[i]), `${filter} downscale`).toBe(-1);
      }
      for (const [filter, width, height, linearLight] of cases) {
        const o = { width, height, filter, linearLight };
        const got = await pool.resizeImage(img, o);
        const want = rs.resizeImage(img, o);
        expect([got.width, got.height]).toEqual([width, height]);
        expect(got.data).toBeInstanceOf(Uint8ClampedArray);
        expect(got.data.length).toBe(want.data.length);
        const first = got.data.findIndex((v, i) => v !== want.data[i]);
        expect(first, `${filter}: first differing byte`).toBe(-1);
      }
    });
  });

  test('abort before and during a job rejects with the signal reason; the pool carries on', async () => {
    const img = image(200, 150, 2);
    await withPool({ size: 2 }, async (pool) => {
      const early = new AbortController();
      early.abort();
      expect((await rejection(pool.resizeImage(img, { width: 50 }, { signal: early.signal })) as Error)?.name).toBe('AbortError');
      const late = new AbortController();
      const job = pool.resizeImage(image(1500, 1500, 3), { width: 3000, height: 3000 }, { signal: late.signal });
      setTimeout(() => late.abort(), 1);
      expect((await rejection(job) as Error)?.name).toBe('AbortError');
      const after = await pool.resizeImage(img, { width: 50 });
      expect([after.width, after.height]).toEqual([50, 38]);
    });
  });

  test('bad arguments reject with ResampleError; a closed pool with DISPOSED', async () => {
    const pool = createPool({ size: 1 });
    const e = await rejection(pool.resizeImage(image(4, 4, 1), { width: 2, filter: 'sinc' as ImageFilter }));
    expect(e).toBeInstanceOf(ResampleError);
    expect((e as ResampleError).code).toBe('INVALID_ARGUMENT');
    expect((e as ResampleError).message).toContain('filter');
    pool.close();
    expect(((await rejection(pool.resizeImage(image(4, 4, 1), { width: 2 }))) as ResampleError).code).toBe('DISPOSED');
    expect(() => createPool({ size: 0 })).toThrow('size');
    expect(() => createPool({ idleTimeout: -1 })).toThrow('idleTimeout');
  });

  test('idle workers are released', async () => {
    await withPool({ size: 2, idleTimeout: 20 }, async (pool) => {
      await pool.resizeImage(image(64, 64, 4), { width: 32 });
      expect(pool.workers).toBeGreaterThan(0);
      for (let i = 0; i < 50 && pool.workers > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(pool.workers).toBe(0);
    });
  });

  test('transfer hands the input buffer over instead of copying it', async () => {
    const rs = await context();
    const img = image(40, 30, 5);
    const want = rs.resizeImage(img, { width: 13 });
    await withPool({ size: 1 }, async (pool) => {
      const got = await pool.resizeImage(img, { width: 13 }, { transfer: true });
      expect(img.data.byteLength).toBe(0);
      expect(Array.from(got.data)).toEqual(Array.from(want.data));
    });
  });

  test('strict CSP: a hosted worker script and explicit wasm', async () => {
    const rs = await context();
    const img = image(90, 70, 6);
    const workerUrl = new URL('./support/csp-worker.mjs', import.meta.url);
    const wasm = new URL('../dist/resample.wasm', import.meta.url);
    await withPool({ size: 1, workerUrl, wasm }, async (pool) => {
      const got = await pool.resizeImage(img, { width: 33, height: 20, filter: 'mitchell' });
      expect(Array.from(got.data)).toEqual(Array.from(rs.resizeImage(img, { width: 33, height: 20, filter: 'mitchell' }).data));
    });
  });
});

describe('pool with family modules', () => {
  const file = (name: string) => new URL(`../dist/families/${name}.wasm`, import.meta.url);

  test('workers on core + resizeImage give the whole module bytes, in bands too', async () => {
    const rs = await context();
    const img = image(301, 517, 7);
    const want = rs.resizeImage(img, { width: 640, height: 700, filter: 'lanczos3' });
    await withPool({ size: 2, families: { core: file('core'), resizeImage: file('resizeImage') } }, async (pool) => {
      expect(Array.from((await pool.resizeImage(img, { width: 640, height: 700, filter: 'lanczos3' })).data)).toEqual(Array.from(want.data));
    });
    // The slim entry reads them beside itself.
    const slim = await import('../dist/slim.js');
    const pool = slim.createPool({ size: 1, families: ['resizeImage'] });
    try {
      expect(Array.from((await pool.resizeImage(img, { width: 640, height: 700, filter: 'lanczos3' })).data)).toEqual(Array.from(want.data));
    } finally {
      pool.close();
    }
  });

  test('families without resizeImage, or with wasm, are INVALID_ARGUMENT', async () => {
    expect(() => createPool({ families: { core: file('core'), pool: file('pool') } })).toThrow(/^createPool: families must be names or modules that include 'resizeImage'/);
    expect(() => createPool({ families: ['resizeImage'] })).toThrow(/^createPool: families by name load families\/<name>\.wasm beside 'resample-wasm\/slim'/);
    // A module that is not there fails the jobs that need it.
    const e = await withPool({ size: 1, families: { core: file('core'), resizeImage: file('absent') } }, (pool) => rejection(pool.resizeImage(image(8, 8, 1), { width: 4 })));
    expect(e).toBeInstanceOf(ResampleError);
    expect((e as ResampleError).message).toMatch(/^pool.resizeImage: createPool: families.resizeImage (could not be compiled|'.*': 404)/);
    expect(() => createPool({ wasm: file('core'), families: { core: file('core') } })).toThrow(/^createPool: wasm and families both say where the module comes from/);
  });
});
