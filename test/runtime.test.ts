// The context, tensors in linear memory, memory growth, disposal and leaks.
import { describe, expect, test } from 'vitest';
import { init, ResampleError, Tensor, type Resample } from 'resample-wasm';
import { context, expectError } from './util.ts';

/** The optimised module's bytes, read the way each runtime can. */
async function wasmBytes(): Promise<Uint8Array<ArrayBuffer>> {
  const url = new URL('../dist/resample.wasm', import.meta.url);
  if (url.protocol !== 'file:') return new Uint8Array(await (await fetch(url)).arrayBuffer());
  const fsModule = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ fsModule)) as { readFile(u: URL): Promise<Uint8Array<ArrayBuffer>> };
  return new Uint8Array(await fs.readFile(url));
}

describe('context', () => {
  test('tensors carry shape, dtype, size and data', async () => {
    const rs = await context();
    const t = rs.tensor([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(t).toBeInstanceOf(Tensor);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.size).toBe(6);
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const i = rs.tensor([3], [1, -2, 3], { dtype: 'int32' });
    expect(i.data).toBeInstanceOf(Int32Array);
    const u = rs.tensor([2], [255, 256], { dtype: 'uint8' });
    expect(Array.from(u.data)).toEqual([255, 0]);
    const z = rs.zeros([4]);
    expect(Array.from(z.data)).toEqual([0, 0, 0, 0]);
    expect(rs.empty([0, 3]).size).toBe(0);
    for (const x of [t, i, u, z]) x.dispose();
  });

  test('data is a view into linear memory, toArray a copy', async () => {
    const rs = await context();
    const t = rs.tensor([3], [1, 2, 3]);
    t.data[1] = 20;
    const copy = t.toArray();
    t.data[2] = 30;
    expect(Array.from(t.data)).toEqual([1, 20, 30]);
    expect(Array.from(copy)).toEqual([1, 20, 3]);
    t.dispose();
  });

  test('views stay valid across memory growth', async () => {
    const rs = await init();
    const t = rs.tensor([4], [1, 2, 3, 4]);
    const before = rs.stats().memoryBytes;
    const old = t.data;
    const big = rs.empty([64 * 1024 * 1024 / 4]); // 64 MiB forces memory.grow
    expect(rs.stats().memoryBytes).toBeGreaterThan(before);
    expect(old.length, 'a view taken before growth is detached').toBe(0);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4]);
    big.dispose();
    t.dispose();
  });

  test('stats count live tensors and bytes; dispose is idempotent', async () => {
    const rs = await init();
    expect(rs.stats().liveTensors).toBe(0);
    const a = rs.zeros([10]);
    const b = rs.zeros([2, 2], { dtype: 'uint8' });
    expect(rs.stats().liveTensors).toBe(2);
    expect(rs.stats().liveBytes).toBe(44);
    a.dispose();
    a.dispose();
    expect(a.disposed).toBe(true);
    b[Symbol.dispose]();
    expect(rs.stats().liveTensors).toBe(0);
    expect(rs.stats().liveBytes).toBe(0);
  });

  test('use after dispose throws DISPOSED', async () => {
    const rs = await context();
    const t = rs.zeros([2]);
    t.dispose();
    expectError(rs, () => t.data, 'DISPOSED', 'disposed');
    expectError(rs, () => t.toArray(), 'DISPOSED', 'disposed');
    expectError(rs, () => rs.interpolate(t, { scaleFactor: 2 }), 'DISPOSED', 'x');
  });

  test('freed memory is reused, so a loop of alloc/free does not grow memory', async () => {
    const rs = await init();
    rs.zeros([1 << 20]).dispose();
    const size = rs.stats().memoryBytes;
    for (let i = 0; i < 50; i++) rs.zeros([1 << 20]).dispose();
    expect(rs.stats().memoryBytes).toBe(size);
  });

  test('bad shapes, data and dtypes are rejected, naming the option', async () => {
    const rs = await context();
    expectError(rs, () => rs.tensor([2, -1]), 'INVALID_ARGUMENT', 'shape');
    expectError(rs, () => rs.tensor([1.5]), 'INVALID_ARGUMENT', 'shape');
    expectError(rs, () => rs.tensor([3], [1, 2]), 'SHAPE_MISMATCH', 'data');
    expectError(rs, () => rs.empty([2], { dtype: 'float64' as 'float32' }), 'INVALID_ARGUMENT', 'dtype');
  });

  test('an allocation beyond wasm32 memory is OUT_OF_MEMORY, not a trap', async () => {
    const rs = await context();
    expectError(rs, () => rs.empty([1 << 30, 8]), 'OUT_OF_MEMORY', 'allocate');
    expectError(rs, () => rs.interpolate({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, { size: [65536, 65536] }), 'OUT_OF_MEMORY', 'output');
  });

  test('several contexts coexist with separate memories', async () => {
    const [a, b] = await Promise.all([init(), init()]);
    const ta = a.tensor([2], [1, 2]);
    const tb = b.tensor([2], [3, 4]);
    expect(ta.data.buffer).not.toBe(tb.data.buffer);
    // A tensor of another context is copied in as input.
    const y = a.interpolate({ shape: [1, 1, 2], data: tb.data }, { size: 4, mode: 'nearest' });
    expect(Array.from(y.data)).toEqual([3, 3, 4, 4]);
    expectError(a, () => a.interpolate({ shape: [1, 1, 2], data: ta.data }, { size: 4, out: tb }), 'INVALID_ARGUMENT', 'out');
    for (const t of [ta, tb, y]) t.dispose();
  });

  test('init accepts bytes, a compiled Module, a Response and a URL', async () => {
    const bytes = await wasmBytes();
    const module = await WebAssembly.compile(bytes);
    const sources = [bytes, bytes.buffer, module, new Response(bytes), new URL('../dist/resample.wasm', import.meta.url)];
    for (const wasm of sources) {
      const rs: Resample = await init({ wasm });
      const y = rs.interpolate({ shape: [1, 1, 2], data: [1, 3] }, { size: 3, mode: 'linear', alignCorners: true });
      expect(Array.from(y.data)).toEqual([1, 2, 3]);
    }
    await expectReject(() => init({ wasm: 'nope' as unknown as URL }), 'wasm');
    await expectReject(() => init({ wasm: new Response('', { status: 404 }) }), '404');
  });
});

async function expectReject(body: () => Promise<unknown>, text: string): Promise<void> {
  let caught: unknown;
  try {
    await body();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ResampleError);
  expect((caught as Error).message).toContain(text);
}
