// resizeImage on 16-bit (Uint16Array) and float (Float32Array, float32
// tensor) images: against a float64 reference resampler, against the 8-bit
// path on the same picture (±1 level), scalar == SIMD bit for bit, the pool
// bit for bit, and the argument rules.
import { describe, expect, test } from 'vitest';
import { createPool, type ImageFilter, type Resample, type ResizeImageOptions } from 'resample-wasm';
import { fromLinear, toLinear, weights } from './support/imageReference.ts';
import { context, expectError, expectNoLeaks, ODD_SIZES, onBothPaths, random } from './util.ts';

const FILTERS: ImageFilter[] = ['nearest', 'box', 'bilinear', 'bicubic', 'mitchell', 'lanczos2', 'lanczos3'];
type Sized = { width: number; height: number; filter?: ImageFilter; premultiplyAlpha?: boolean; linearLight?: boolean };
type Samples = Uint8ClampedArray | Uint16Array | Float32Array;

/** A photo-like 8-bit RGBA picture, alpha varying over 40..255 (or opaque). */
function picture(width: number, height: number, seed: number, opaque = false) {
  const r = random(seed);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data.set([128 + 120 * Math.sin(0.7 * x + 0.3 * y), 255 * r(), (x * 37 + y * 11) % 256, opaque ? 255 : 40 + 215 * r()], i);
    }
  }
  return { data, width, height };
}

const as16 = (d: Uint8ClampedArray) => Uint16Array.from(d, (v) => v * 257);
const asFloat = (d: Uint8ClampedArray) => Float32Array.from(d, (v) => v / 255);
/** A result's samples in 8 bits: 16-bit rounded (v / 257), float clamped and scaled. */
const to8 = (d: Samples) => Uint8ClampedArray.from(d, (v) => (d instanceof Uint16Array ? v / 257 : d instanceof Float32Array ? v * 255 : v));

/**
 * The float64 pipeline on samples scaled to 0..1 (values outside kept):
 * decode (linearLight), premultiply, x pass, y pass, unpremultiply (alpha
 * clamped to 0..1, colour under alpha 0 is 0), encode. Unclamped otherwise.
 */
function reference(src: Float64Array, iw: number, ih: number, o: Sized): Float64Array {
  const { width: ow, height: oh, filter = 'lanczos3', premultiplyAlpha: pm = true, linearLight: lin = false } = o;
  const px = src.map((v, i) => (i % 4 === 3 ? v : (lin ? toLinear(v) : v) * (pm ? src[i - (i % 4) + 3] : 1)));
  const pass = (data: Float64Array, n: number, inLen: number, outLen: number, at: (j: number, k: number) => number) => {
    if (inLen === outLen) return data;
    const w = weights(filter, inLen, outLen);
    const out = new Float64Array((data.length / inLen) * outLen);
    for (let i = 0; i < out.length; i++) {
      const [j, rest] = [Math.floor(i / n) % outLen, i % n];
      const base = Math.floor(i / (n * outLen)) * n * inLen;
      out[i] = w[j].k.reduce((s, k, t) => s + w[j].w[t] * data[base + at(k, rest)], 0);
    }
    return out;
  };
  // Rows of iw pixels: x pass over positions within a row; then columns: y pass over rows.
  const mid = pass(px, 4, iw, ow, (k, c) => k * 4 + c);
  const out = pass(mid, ow * 4, ih, oh, (k, c) => k * ow * 4 + c);
  for (let p = 0; p < out.length; p += 4) {
    const a = pm ? Math.min(1, Math.max(0, out[p + 3])) : out[p + 3];
    for (let c = 0; c < 3; c++) {
      const v = pm ? (a > 0 ? Math.max(0, out[p + c]) / a : 0) : out[p + c];
      out[p + c] = lin ? fromLinear(v) : v;
    }
    out[p + 3] = a;
  }
  return out;
}

function resize<D extends Samples>(rs: Resample, data: D, width: number, height: number, o: ResizeImageOptions) {
  return expectNoLeaks(rs, () => rs.resizeImage({ data, width, height }, o).data) as Samples as D;
}

/** Every channel within `tol`; colour only where alpha leaves it determined (>= 1/16). */
function expectNear(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, alphaFloor: number, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (i % 4 !== 3 && want[i - (i % 4) + 3] < alphaFloor) continue;
    if (!(Math.abs(got[i] - want[i]) <= tol)) expect.fail(`${what}: sample ${i} (pixel ${i >> 2}, channel ${i % 4}) is ${got[i]}, expected ${want[i]} ±${tol}`);
  }
}

const SIZES: [number, number, number, number][] = [
  [1, 1, 3, 2], [5, 7, 1, 1], [9, 6, 4, 13], [16, 16, 8, 8], [17, 11, 33, 5], [33, 9, 7, 9], [40, 30, 13, 29],
];
const MODES: [boolean, boolean, boolean][] = [[true, false, false], [false, false, false], [true, true, false], [true, false, true], [false, true, true]];

describe('16-bit and float against the 8-bit path (±1 level)', () => {
  for (const filter of FILTERS) {
    test(filter, async () => {
      const rs = await context();
      for (const [iw, ih, ow, oh] of SIZES) {
        for (const [premultiplyAlpha, linearLight, opaque] of MODES) {
          const { data } = picture(iw, ih, iw * 7 + oh, opaque);
          const o = { width: ow, height: oh, filter, premultiplyAlpha, linearLight };
          const what = `${filter} ${iw}x${ih}->${ow}x${oh} ${JSON.stringify(o)}`;
          const want = resize(rs, data, iw, ih, o);
          const alphaFloor = premultiplyAlpha ? 16 : 0;
          expectNear(to8(resize(rs, as16(data), iw, ih, o)), want, 1, alphaFloor, `${what} 16-bit`);
          expectNear(to8(resize(rs, asFloat(data), iw, ih, o)), want, 1, alphaFloor, `${what} float`);
        }
      }
    });
  }
});

describe('geometry on 16-bit and float images (±1 level of the 8-bit path)', () => {
  test('fit, position, background and crop; sharpen is for 8-bit only', async () => {
    const rs = await context();
    const { data } = picture(37, 23, 5);
    const cases: ResizeImageOptions[] = [
      { width: 20, height: 20, fit: 'contain', background: [10, 200, 30, 128] },
      { width: 16, height: 9, fit: 'cover', position: 'right top' },
      { width: 11, fit: 'inside', crop: { left: 3.5, top: 2.25, width: 20, height: 13.5 } },
      { width: 50, height: 5, fit: 'outside', withoutEnlargement: true },
    ];
    for (const o of cases) {
      const want = resize(rs, data, 37, 23, o);
      expectNear(to8(resize(rs, as16(data), 37, 23, o)), want, 1, 16, `16-bit ${JSON.stringify(o)}`);
      expectNear(to8(resize(rs, asFloat(data), 37, 23, o)), want, 1, 16, `float ${JSON.stringify(o)}`);
    }
    expectError(rs, () => rs.resizeImage({ data: as16(data), width: 37, height: 23 }, { width: 9, sharpen: { amount: 80 } }), 'INVALID_ARGUMENT', 'sharpen');
  });
});

describe('against a float64 reference', () => {
  // Float: within 2e-6 of the reference (f32 rounding of inputs, weights and sums) where alpha >= 1/16
  // (colour is divided by alpha); 16-bit: within one level of the reference's rounding (±1 of 65535).
  for (const filter of FILTERS) {
    test(filter, async () => {
      const rs = await context();
      for (const [iw, ih, ow, oh] of SIZES) {
        for (const [premultiplyAlpha, linearLight, opaque] of MODES) {
          const r = random(iw * 13 + ow);
          // Float colour outside 0..1 is kept when nothing clamps it: values over 0..2 where not premultiplying.
          const range = premultiplyAlpha || linearLight ? 1 : 2;
          const f = Float32Array.from({ length: iw * ih * 4 }, (_, i) => (i % 4 === 3 ? (opaque ? 1 : 0.1 + 0.9 * r()) : range * r()));
          const o = { width: ow, height: oh, filter, premultiplyAlpha, linearLight };
          const what = `${filter} ${iw}x${ih}->${ow}x${oh} ${JSON.stringify(o)}`;
          const want = reference(Float64Array.from(f), iw, ih, o);
          expectNear(resize(rs, f, iw, ih, o), want, 2e-6 * range, 1 / 16, `${what} float`);
          const u = Uint16Array.from(f, (v) => Math.round(Math.min(1, v) * 65535));
          const want16 = reference(Float64Array.from(u, (v) => v / 65535), iw, ih, o).map((v) => Math.min(65535, Math.max(0, v * 65535)));
          expectNear(resize(rs, u, iw, ih, o), want16, 1, 65535 / 16, `${what} 16-bit`);
        }
      }
    });
  }
});

describe('formats', () => {
  test('the result keeps the format; float values above 1 survive', async () => {
    const rs = await context();
    const flat = new Float32Array(6 * 5 * 4).fill(4);
    const out = rs.resizeImage({ data: flat, width: 6, height: 5 }, { width: 3, height: 7, premultiplyAlpha: false });
    expect(out.data).toBeInstanceOf(Float32Array);
    out.data.forEach((v) => expect(Math.abs(v - 4)).toBeLessThan(1e-5));
    const u = rs.resizeImage({ data: new Uint16Array(16).fill(65535), width: 2, height: 2 }, { width: 3 });
    expect(u.data).toBeInstanceOf(Uint16Array);
    expect(new Set(u.data)).toEqual(new Set([65535]));
  });

  test('scalar and SIMD paths agree bit for bit on every tail', async () => {
    const rs = await context();
    for (const [k, iw] of ODD_SIZES.entries()) {
      const [ih, ow, oh] = [ODD_SIZES[(k + 3) % 8], ODD_SIZES[7 - k], ODD_SIZES[(k + 5) % 8]];
      const { data } = picture(iw, ih, k);
      for (const filter of ['bilinear', 'lanczos3', 'mitchell'] as ImageFilter[]) {
        for (const premultiplyAlpha of [true, false]) {
          const o = { width: ow, height: oh, filter, premultiplyAlpha };
          for (const src of [as16(data), asFloat(data)]) {
            const { vector, scalar } = onBothPaths(rs, () => resize(rs, src, iw, ih, o));
            expect(new Uint8Array(vector.buffer), `${filter} ${iw}x${ih}->${ow}x${oh} ${src.constructor.name}`).toEqual(new Uint8Array(scalar.buffer));
          }
        }
      }
    }
  });

  test('a float32 tensor is read in place and gives what its Float32Array gives', async () => {
    const rs = await context();
    const f = asFloat(picture(11, 9, 3).data);
    const t = rs.tensor([9, 11, 4], f);
    const a = expectNoLeaks(rs, () => rs.resizeImage(t, { width: 5, height: 4 }).data);
    expect(a).toBeInstanceOf(Float32Array);
    expect(Array.from(a)).toEqual(Array.from(resize(rs, f, 11, 9, { width: 5, height: 4 })));
    t.dispose();
  });

  test('the pool gives the same samples, in bands too', async () => {
    const rs = await context();
    const { data } = picture(700, 400, 9);
    const pool = createPool({ size: 2 });
    try {
      for (const src of [as16(data), asFloat(data)]) {
        for (const o of [{ width: 600, height: 500 }, { width: 90, height: 60, filter: 'nearest' as const }]) {
          const got = await pool.resizeImage({ data: src, width: 700, height: 400 }, o);
          const want = rs.resizeImage({ data: src, width: 700, height: 400 }, o).data;
          expect(got.data.constructor).toBe(src.constructor);
          expect(new Uint8Array(got.data.buffer).findIndex((v, i) => v !== new Uint8Array(want.buffer)[i]), `${src.constructor.name} ${JSON.stringify(o)}`).toBe(-1);
        }
      }
    } finally {
      pool.close();
    }
  });

  test('errors name the option', async () => {
    const rs = await context();
    const bad = (image: unknown, code: string, option: string) => expectError(rs, () => rs.resizeImage(image as never, { width: 2 }), code, option);
    bad({ data: new Uint16Array(15), width: 2, height: 2 }, 'SHAPE_MISMATCH', 'image.data has 15 samples, width 2 × height 2 RGBA needs 16');
    bad({ data: new Float32Array(17), width: 2, height: 2 }, 'SHAPE_MISMATCH', 'image.data has 17 samples');
    bad({ data: new Int16Array(16), width: 2, height: 2 }, 'INVALID_ARGUMENT', 'image.data must be a Uint8Array, Uint8ClampedArray, Uint16Array or Float32Array');
    bad({ data: new Float64Array(16), width: 2, height: 2 }, 'INVALID_ARGUMENT', 'image.data');
    const t = rs.zeros([2, 2, 4], { dtype: 'int32' });
    bad(t, 'INVALID_ARGUMENT', "a 'uint8' tensor of shape [height, width, 1 to 4] or a 'float32' one");
    t.dispose();
    const f = rs.zeros([2, 2, 3]);
    bad(f, 'INVALID_ARGUMENT', 'shape [height, width, 4]');
    f.dispose();
  });
});
