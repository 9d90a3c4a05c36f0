// rs.cv.resize against cv2.resize (opencv-python-headless 5.0, fixtures from
// scripts/fixtures/cv.py): uint8 byte for byte, float32 within 1e-5 relative;
// the scalar oracle against the SIMD path on every tail; the argument rules.
import { describe, expect, test } from 'vitest';
import type { CvInterpolation, CvResizeOptions, Resample } from 'resample-wasm';
import fixtures from './fixtures/cv.json' with { type: 'json' };
import { base64Bytes, context, expectClose, expectError, expectNoLeaks, ODD_SIZES, useSimd } from './util.ts';

interface Case {
  image: number;
  dtype: 'uint8' | 'float32';
  dsize: [number, number] | null;
  fx: number | null;
  fy: number | null;
  interpolation: CvInterpolation;
  shape: number[];
  expected: string;
}

const images = fixtures.images.map((i) => ({ shape: i.shape, data: base64Bytes(i.data) }));
const cases = fixtures.cases as unknown as Case[];

/** The case's input as the generator made it: the image, or for float32 `u8 / 64 - 2` (exact). */
function source(c: Case) {
  const img = images[c.image];
  return c.dtype === 'uint8' ? img : { shape: img.shape, data: Float32Array.from(img.data, (v) => v / 64 - 2) };
}

function run(rs: Resample, c: Case) {
  const options: CvResizeOptions = { interpolation: c.interpolation };
  if (c.dsize === null) Object.assign(options, { fx: c.fx, fy: c.fy });
  return rs.cv.resize(source(c), c.dsize, options);
}

function check(rs: Resample, c: Case): void {
  const what = `${c.interpolation} ${c.dtype} ${JSON.stringify(images[c.image].shape)} → ${JSON.stringify(c.dsize ?? [c.fx, c.fy])}`;
  const y = run(rs, c);
  expect(y.shape, what).toEqual(c.shape);
  expect(y.dtype, what).toBe(c.dtype);
  const want = base64Bytes(c.expected);
  if (c.dtype === 'uint8') {
    const i = (y.data as Uint8Array).findIndex((v, k) => v !== want[k]);
    expect(i < 0 ? 'equal' : `byte ${i}: ${y.data[i]} vs ${want[i]}`, what).toBe('equal');
  } else {
    const max = Math.max(1, ...source(c).data.map(Math.abs));
    expectClose(y.data, new Float32Array(want.buffer), 1e-5 * max, 1e-5, what);
  }
  y.dispose();
}

describe(`cv2.resize fixtures (OpenCV ${fixtures.opencv})`, () => {
  const kinds = [...new Set(cases.map((c) => `${c.interpolation} ${c.dtype}`))];
  for (const k of kinds) {
    const mine = cases.filter((c) => `${c.interpolation} ${c.dtype}` === k);
    test(`${k}: ${mine.length} cases`, async () => {
      const rs = await context();
      expectNoLeaks(rs, () => mine.forEach((c) => check(rs, c)));
    });
  }
});

describe('scalar oracle = SIMD path', () => {
  test('every method and channel count on odd sizes', async () => {
    const rs = await context();
    const methods: CvInterpolation[] = ['INTER_NEAREST', 'INTER_LINEAR', 'INTER_AREA', 'INTER_NEAREST_EXACT', 'INTER_LANCZOS4', 'INTER_LINEAR_EXACT'];
    for (const n of ODD_SIZES) {
      for (const ch of [1, 3, 4]) {
        const data = Uint8Array.from({ length: (2 * n + 2) * (2 * n) * ch }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 24);
        const src = { shape: [2 * n + 2, 2 * n, ch], data };
        for (const m of methods) {
          for (const dsize of [[n, n + 1], [3 * n, 2 * n + 5], [2 * n + 1, 1]] as [number, number][]) {
            useSimd(rs, false);
            const a = rs.cv.resize(src, dsize, { interpolation: m });
            useSimd(rs, true);
            const b = rs.cv.resize(src, dsize, { interpolation: m });
            expect(Array.from(b.data), `${m} ${n} ${ch} ${dsize}`).toEqual(Array.from(a.data));
            a.dispose();
            b.dispose();
          }
        }
      }
    }
  });
});

describe('arguments', () => {
  test('shapes, channels, dtypes, sizes and options', async () => {
    const rs = await context();
    const img = { shape: [4, 6, 3], data: new Uint8Array(72) };
    const E = 'INVALID_ARGUMENT';
    expectError(rs, () => rs.cv.resize({ shape: [4, 6, 2], data: new Uint8Array(48) }, [3, 2]), E, 'src.shape');
    expectError(rs, () => rs.cv.resize({ shape: [2, 4, 6, 3], data: new Uint8Array(144) }, [3, 2]), E, 'src.shape');
    expectError(rs, () => rs.cv.resize({ shape: [0, 6], data: new Uint8Array(0) }, [3, 2]), E, 'src.shape');
    expectError(rs, () => rs.cv.resize({ shape: [4, 6], data: new Int32Array(24) }, [3, 2]), E, 'src');
    expectError(rs, () => rs.cv.resize(img, [0, 2]), E, 'dsize');
    expectError(rs, () => rs.cv.resize(img, [3] as unknown as [number, number]), E, 'dsize');
    expectError(rs, () => rs.cv.resize(img, [3, 2], { fx: 0.5 }), E, 'fx');
    expectError(rs, () => rs.cv.resize(img, null, { fx: 0.5 }), E, 'fy');
    expectError(rs, () => rs.cv.resize(img, null, { fx: -1, fy: 1 }), E, 'fx');
    expectError(rs, () => rs.cv.resize(img, null, { fx: 0.01, fy: 0.01 }), E, 'fx');
    expectError(rs, () => rs.cv.resize(img, [3, 2], { interpolation: 'INTER_MAX' as CvInterpolation }), E, 'interpolation');
    expectError(rs, () => rs.cv.resize(img, [3, 2], { interpolation: 'INTER_CUBIC' }), E, 'interpolation');
    expectError(rs, () => rs.cv.resize(img, [3, 2], { dsize: 1 } as CvResizeOptions), E, 'dsize');
  });

  test('output shapes as cv2: [h, w] for one channel', async () => {
    const rs = await context();
    const y = rs.cv.resize({ shape: [4, 6, 1], data: new Float32Array(24) }, [3, 2]);
    expect(y.shape).toEqual([2, 3]);
    const z = rs.cv.resize({ shape: [5, 7, 4], data: new Uint8Array(140) }, null, { fx: 0.5, fy: 0.5 });
    expect([z.shape, z.dtype]).toEqual([[2, 4, 4], 'uint8']);
    y.dispose();
    z.dispose();
  });
});
