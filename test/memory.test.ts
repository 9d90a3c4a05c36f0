// Data going into linear memory: only numbers are accepted, checked before
// anything is allocated; a view of the context's own memory is copied
// correctly even when the copy grows (and so detaches) that memory; error
// messages stay short whatever the value; huge sizes fail fast.
import { describe, expect, test } from 'vitest';
import { init, type Resample, type Tensor } from 'resample-wasm';
import { context, expectError, nanOut } from './util.ts';

/** Tensor and byte counts: memory itself may grow for a temporary and never shrinks. */
const counts = (rs: Resample) => ({ ...rs.stats(), memoryBytes: undefined });

/** `body` must throw `code` naming `what`, with neither a tensor nor a byte left behind. */
function rejects(rs: Resample, body: () => unknown, code: string, what: string | RegExp): void {
  const before = counts(rs);
  expectError(rs, body, code, what);
  expect(counts(rs)).toEqual(before);
}

const NOT_NUMBERS: [string, unknown][] = [
  ['BigInt64Array', new BigInt64Array(6)],
  ['BigUint64Array', new BigUint64Array(6)],
  ['a string', '123456'],
  ['a DataView', new DataView(new ArrayBuffer(24))],
  ['null', null],
];
const BAD_ELEMENTS: [string, unknown[], number][] = [
  ['a string', [1, 2, '3', 4, 5, 6], 2],
  ['undefined', [1, 2, 3, undefined, 5, 6], 3],
  ['an object', [1, 2, 3, 4, { valueOf: () => 5 }, 6], 4],
  ['a hole', [1, 2, , 4, 5, 6], 2], // eslint-disable-line no-sparse-arrays
  ['a boolean', [true, 2, 3, 4, 5, 6], 0],
];

describe('data must be numbers', () => {
  test('rs.tensor: no bigints, strings or non-numeric elements; nothing allocated', async () => {
    const rs = await context();
    for (const [what, data] of NOT_NUMBERS) {
      rejects(rs, () => rs.tensor([6], data as never), 'INVALID_ARGUMENT', /^tensor: data must be an array or typed array of numbers/);
      expect(what).toBeTruthy();
    }
    for (const [what, data, at] of BAD_ELEMENTS) {
      rejects(rs, () => rs.tensor([6], data as never), 'INVALID_ARGUMENT', `tensor: data[${at}] must be a number`);
      expect(what).toBeTruthy();
    }
  });

  test('op inputs given as { shape, data }', async () => {
    const rs = await context();
    const shape = [1, 1, 2, 3];
    for (const [, data] of NOT_NUMBERS) {
      rejects(rs, () => rs.interpolate({ shape, data } as never, { scaleFactor: 2 }), 'INVALID_ARGUMENT', /^interpolate: x\.data must be an array or typed array of numbers/);
      rejects(rs, () => rs.conv2d({ shape, data: [1, 2, 3, 4, 5, 6] }, { shape: [1, 1, 1, 1], data } as never), 'INVALID_ARGUMENT', 'conv2d: weight.data must be');
    }
    for (const [, data, at] of BAD_ELEMENTS) {
      rejects(rs, () => rs.maxPool2d({ shape, data } as never, { kernelSize: 1 }), 'INVALID_ARGUMENT', `maxPool2d: x.data[${at}] must be a number`);
    }
  });

  test('resizeImage: image data of samples only', async () => {
    const rs = await context();
    for (const data of ['x'.repeat(16), Array(16).fill('1'), new BigUint64Array(2), new Float64Array(16)]) {
      rejects(rs, () => rs.resizeImage({ data, width: 2, height: 2 } as never, { width: 1 }), 'INVALID_ARGUMENT', 'resizeImage: image.data must be');
    }
  });

  test('numbers of every plain and typed kind are accepted', async () => {
    const rs = await context();
    for (const data of [[1, 2, 3], new Float64Array([1, 2, 3]), new Int16Array([1, 2, 3]), new Uint8ClampedArray([1, 2, 3])]) {
      const t = rs.tensor([3], data);
      expect(Array.from(t.data)).toEqual([1, 2, 3]);
      t.dispose();
    }
  });
});

/** Runs `body` and checks that it grew (so detached) memory: otherwise the test would prove nothing. */
function growing<T>(rs: Resample, probe: Tensor, body: () => T): T {
  const before = probe.data.buffer;
  const result = body();
  expect(probe.data.buffer, 'memory grew during the call').not.toBe(before);
  return result;
}

const pattern = (i: number) => (i * 7) % 251;

describe('copying from a view of the same memory across growth', () => {
  test('rs.tensor(big.shape, big.data)', async () => {
    const rs = await init(); // fresh, small memory: the copy must grow it
    const big = rs.empty([1 << 22]);
    big.data.forEach((_, i, a) => (a[i] = pattern(i)));
    const copy = growing(rs, big, () => rs.tensor(big.shape, big.data));
    expect(copy.size).toBe(big.size);
    expect(copy.data.findIndex((v, i) => v !== pattern(i))).toBe(-1);
    // A view of part of the memory, at an offset.
    const part = growing(rs, big, () => rs.tensor([big.size - 1], big.data.subarray(1)));
    expect(part.data.findIndex((v, i) => v !== pattern(i + 1))).toBe(-1);
  });

  test('op input { shape, data: t.data }', async () => {
    const rs = await init();
    const x = rs.empty([1, 1, 1024, 2048]);
    x.data.forEach((_, i, a) => (a[i] = pattern(i)));
    const out = nanOut(rs, x.shape);
    growing(rs, x, () => rs.interpolate({ shape: x.shape, data: x.data }, { size: [1024, 2048], out }));
    expect(out.data.findIndex((v, i) => v !== pattern(i))).toBe(-1);
  });

  test('resizeImage({ data: u8tensor.data, width, height })', async () => {
    const rs = await init();
    const img = rs.empty([1024, 1024, 4], { dtype: 'uint8' });
    img.data.forEach((_, i, a) => (a[i] = i % 4 === 3 ? 255 : pattern(i)));
    const viaView = growing(rs, img, () => rs.resizeImage({ data: img.data, width: 1024, height: 1024 }, { width: 512, filter: 'box' }));
    const inPlace = rs.resizeImage(img, { width: 512, filter: 'box' });
    expect(viaView.data.length).toBe(512 * 512 * 4);
    expect(viaView.data.findIndex((v, i) => v !== inPlace.data[i])).toBe(-1);
  });
});

describe('error messages stay short', () => {
  test('a full-HD image as a plain array, a long string, a long nested array', async () => {
    const rs = await context();
    const huge = Array<number>(1920 * 1080 * 4).fill(0);
    const messages: string[] = [];
    const keep = (body: () => unknown) => {
      try {
        body();
      } catch (e) {
        messages.push((e as Error).message);
      }
    };
    keep(() => rs.resizeImage({ data: huge, width: 1920, height: 1080 } as never, { width: 2 }));
    keep(() => rs.interpolate(huge as never, { size: 2 }));
    keep(() => rs.interpolate({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, { mode: 'x'.repeat(1e6) as never }));
    keep(() => rs.maxPool2d({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, { kernelSize: [['y'.repeat(1e5), huge], huge] as never }));
    keep(() => rs.tensor(Array<number>(1e5).fill(1.5)));
    expect(messages).toHaveLength(5);
    for (const m of messages) expect(m.length, m.slice(0, 300)).toBeLessThan(320);
    expect(messages[0]).toContain('… (8294400 items)]');
    expect(messages[2]).toContain("…' (1000000 chars)");
  });

  test('typed arrays show their type and length', async () => {
    const rs = await context();
    expectError(rs, () => rs.resizeImage({ data: new Int16Array(64), width: 4, height: 4 } as never, { width: 2 }), 'INVALID_ARGUMENT', 'got Int16Array(64)');
  });
});

describe('sizes are checked before work', () => {
  test('convTransposeOverlap(1e9, 1) fails fast', async () => {
    const rs = await context();
    const start = Date.now();
    expectError(rs, () => rs.convTransposeOverlap(1e9, 1), 'OUT_OF_MEMORY', /^convTransposeOverlap: cannot allocate/);
    expect(Date.now() - start).toBeLessThan(2000);
  });
});
