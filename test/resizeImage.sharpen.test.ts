// resizeImage's `sharpen` (pica's unsharp mask) against pica's own
// unsharp_mask (fixture from scripts/fixtures/pica_unsharp.mjs: its
// JavaScript path, byte for byte), scalar == SIMD on every tail, the pool
// (bands joined, then sharpened once) == rs, and every option rule.
import { describe, expect, test } from 'vitest';
import { createPool, type ResizeImageOptions } from 'resample-wasm';
import fixture from './fixtures/pica_unsharp.json' with { type: 'json' };
import { base64Bytes, context, expectError, expectNoLeaks, ODD_SIZES, onBothPaths, random } from './util.ts';

const images = fixture.images.map((i) => ({ width: i.width, height: i.height, data: base64Bytes(i.data) }));

function image(width: number, height: number, seed: number) {
  const r = random(seed);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = 255 * r();
  return { data, width, height };
}

const firstDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.prototype.findIndex.call(a, (v: number, i: number) => v !== b[i]);

describe(`pica ${fixture.pica}`, () => {
  test(`${fixture.cases.length} unsharp masks, byte for byte (same-size resize = the mask alone)`, async () => {
    const rs = await context();
    for (const c of fixture.cases) {
      const img = images[c.image];
      const sharpen = { amount: c.amount, radius: c.radius, threshold: c.threshold };
      const { vector, scalar } = onBothPaths(rs, () => rs.resizeImage(img, { width: img.width, height: img.height, sharpen }).data);
      const want = base64Bytes(c.out);
      expect(firstDiff(vector, want), JSON.stringify(sharpen)).toBe(-1);
      expect(firstDiff(scalar, want)).toBe(-1);
    }
  });
});

describe('sharpen', () => {
  test('scalar == SIMD on every tail, after a downscale', async () => {
    const rs = await context();
    for (const width of ODD_SIZES) {
      for (const height of ODD_SIZES) {
        const img = image(width * 3 + 1, height * 2 + 1, width * 100 + height);
        const o = { width, height, sharpen: { amount: 140, radius: 0.8, threshold: 1 } };
        const { vector, scalar } = onBothPaths(rs, () => expectNoLeaks(rs, () => rs.resizeImage(img, o).data));
        expect(firstDiff(vector, scalar), `${width}x${height}`).toBe(-1);
      }
    }
  });

  test('amount 0 (the default) is off; a contain border stays the background', async () => {
    const rs = await context();
    const img = image(40, 30, 9);
    const plain = rs.resizeImage(img, { width: 20, height: 15 });
    expect(firstDiff(rs.resizeImage(img, { width: 20, height: 15, sharpen: {} }).data, plain.data)).toBe(-1);
    expect(firstDiff(rs.resizeImage(img, { width: 20, height: 15, sharpen: { amount: 0, radius: 2 } }).data, plain.data)).toBe(-1);
    const sharp = rs.resizeImage(img, { width: 20, height: 15, sharpen: { amount: 100 } });
    expect(firstDiff(sharp.data, plain.data)).not.toBe(-1);
    const boxed = rs.resizeImage(img, { width: 20, height: 20, fit: 'contain', background: [9, 8, 7, 6], sharpen: { amount: 100 } });
    expect(firstDiff(boxed.data.subarray(20 * 2 * 4, 20 * 17 * 4), sharp.data)).toBe(-1);
    expect(Array.from(boxed.data.subarray(0, 4))).toEqual([9, 8, 7, 6]);
  });

  test('pool == rs, bit for bit, when bands are sharpened after joining', async () => {
    const rs = await context();
    const img = image(1000, 800, 10);
    const pool = createPool({ size: 3 });
    try {
      const requests: ResizeImageOptions[] = [
        { width: 700, height: 560, sharpen: { amount: 120, radius: 1.1, threshold: 3 } },
        { width: 800, height: 500, fit: 'contain', sharpen: { amount: 80 } },
        { width: 120, height: 90, sharpen: { amount: 200, radius: 0.5 } },
      ];
      for (const o of requests) {
        const want = rs.resizeImage(img, o);
        const got = await pool.resizeImage(img, o);
        expect([got.width, got.height]).toEqual([want.width, want.height]);
        expect(firstDiff(got.data, want.data), JSON.stringify(o)).toBe(-1);
      }
    } finally {
      pool.close();
    }
  });

  test('errors name the option', async () => {
    const rs = await context();
    const img = image(10, 8, 11);
    const bad: [unknown, string][] = [
      [5, 'sharpen'],
      [null, 'sharpen'],
      [{ amount: -1 }, 'sharpen.amount'],
      [{ amount: 501 }, 'sharpen.amount'],
      [{ amount: Number.NaN }, 'sharpen.amount'],
      [{ amount: 50, radius: 0.4 }, 'sharpen.radius'],
      [{ amount: 50, radius: 2.5 }, 'sharpen.radius'],
      [{ amount: 50, threshold: 256 }, 'sharpen.threshold'],
      [{ amount: 50, threshold: 1.5 }, 'sharpen.threshold'],
      [{ amount: 50, sigma: 1 }, "unknown sharpen key 'sigma'"],
    ];
    for (const [sharpen, option] of bad) {
      expectError(rs, () => rs.resizeImage(img, { width: 5, height: 4, sharpen: sharpen as never }), 'INVALID_ARGUMENT', `resizeImage: ${option}`);
    }
  });
});
