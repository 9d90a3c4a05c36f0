// rs.resizeImage on 1-4 channel u8 images (gray, gray + alpha, RGB, RGBA):
// each result equals the RGBA path on the corresponding channels (±1), with
// the RGBA input built by replicating gray and filling alpha with 255; both
// kernel paths; the tensor input; the pool; every byte written; a huge
// downscale in bounded memory; the errors.
import { describe, expect, test } from 'vitest';
import { createPool, type ImageChannels, type ImageFilter, type ResizeImageOptions } from 'resample-wasm';
import { context, expectError, expectNoLeaks, onBothPaths, random } from './util.ts';

const SIDES = [1, 2, 3, 7, 17, 33];
const CHANNELS: ImageChannels[] = [1, 2, 3, 4];

function image(width: number, height: number, channels: ImageChannels, seed: number) {
  const r = random(seed);
  const data = new Uint8ClampedArray(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = (channels === 2 || channels === 4) && i % channels === channels - 1 ? 40 + 215 * r() : 255 * r();
  return { data, width, height, channels };
}

/** The same pixels as RGBA. */
function asRgba({ data, width, height, channels: c }: ReturnType<typeof image>) {
  const out = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const px = data.subarray(p * c, p * c + c);
    const rgba = c === 1 ? [px[0], px[0], px[0], 255] : c === 2 ? [px[0], px[0], px[0], px[1]] : c === 3 ? [...px, 255] : [...px];
    out.set(rgba, p * 4);
  }
  return { data: out, width, height };
}

/** The channels of each RGBA pixel that a `c`-channel pixel keeps. */
function pick(rgba: ArrayLike<number>, c: ImageChannels): number[] {
  const out: number[] = [];
  for (let p = 0; p < rgba.length; p += 4) out.push(...(c === 1 ? [rgba[p]] : c === 2 ? [rgba[p], rgba[p + 3]] : Array.from({ length: c }, (_, k) => rgba[p + k])));
  return out;
}

describe('resizeImage channels', () => {
  test('geometry on every channel count: the RGBA path on its channels (±1); gray pads with the background luma', async () => {
    const rs = await context();
    const background = [200, 40, 90, 255];
    const luma = Math.round(0.299 * 200 + 0.587 * 40 + 0.114 * 90);
    const cases: ResizeImageOptions[] = [
      { width: 13, height: 13, fit: 'contain', background },
      { width: 9, height: 4, fit: 'cover', position: 'left bottom' },
      { width: 7, crop: { left: 2.5, top: 1, width: 11, height: 9.5 } },
    ];
    for (const c of CHANNELS) {
      const img = image(23, 15, c, 3);
      for (const o of cases) {
        const got = expectNoLeaks(rs, () => rs.resizeImage(img, o));
        // Gray can only carry a gray background: the RGBA reference pads with the luma too.
        const ref = c < 3 && o.background ? { ...o, background: [luma, luma, luma, 255] } : o;
        const want = pick(rs.resizeImage(asRgba(img), ref).data, c);
        const worst = want.reduce((m, v, i) => Math.max(m, Math.abs(v - got.data[i])), 0);
        expect([got.channels, got.data.length, worst], `${c} channels ${JSON.stringify(o)}`).toEqual([c, want.length, Math.min(worst, 1)]);
      }
    }
    expectError(rs, () => rs.resizeImage(image(5, 5, 3, 1), { width: 3, sharpen: { amount: 50 } }), 'INVALID_ARGUMENT', 'sharpen');
  });

  test('each channel count equals the RGBA path on its channels, on both kernel paths, every byte written', async () => {
    const rs = await context();
    const filters: ImageFilter[] = ['nearest', 'box', 'bilinear', 'lanczos3'];
    let n = 0;
    for (const c of CHANNELS) {
      for (const filter of filters) {
        for (const [premultiplyAlpha, linearLight] of [[true, false], [false, false], [true, true]]) {
          n++;
          const [iw, ih, ow, oh] = [SIDES[n % 6], SIDES[(n * 5 + c) % 6], SIDES[(n * 7 + 1) % 6], SIDES[(n + c + 3) % 6]];
          for (const [w, h] of [[ow, oh], [ih, iw]]) {
            const img = image(iw, ih, c, n);
            const o: ResizeImageOptions = { width: w, height: h, filter, premultiplyAlpha, linearLight };
            const { vector, scalar } = expectNoLeaks(rs, () => onBothPaths(rs, () => rs.resizeImage(img, o)));
            const what = `${c} channels ${filter} ${iw}x${ih}->${w}x${h} premultiply ${premultiplyAlpha} linear ${linearLight}`;
            expect([vector.width, vector.height, vector.channels, vector.data.length], what).toEqual([w, h, c, w * h * c]);
            expect(Array.from(scalar.data), what).toEqual(Array.from(vector.data));
            const want = pick(rs.resizeImage(asRgba(img), o).data, c);
            const worst = want.reduce((m, v, i) => Math.max(m, Math.abs(v - vector.data[i])), 0);
            expect(worst, what).toBeLessThanOrEqual(1);
          }
        }
      }
    }
  });

  test('uint8 tensors [H, W, C] and Uint8Array data give the same bytes', async () => {
    const rs = await context();
    for (const c of CHANNELS) {
      const img = image(17, 9, c, c);
      const want = rs.resizeImage(img, { width: 7, height: 12 });
      const t = rs.tensor([9, 17, c], img.data, { dtype: 'uint8' });
      const fromTensor = rs.resizeImage(t, { width: 7, height: 12 });
      t.dispose();
      const fromBytes = rs.resizeImage({ ...img, data: new Uint8Array(img.data) }, { width: 7, height: 12 });
      expect(fromTensor.channels).toBe(c);
      expect(Array.from(fromTensor.data)).toEqual(Array.from(want.data));
      expect(Array.from(fromBytes.data)).toEqual(Array.from(want.data));
    }
  });

  test('the pool returns the same bytes for every channel count, whole and in bands', async () => {
    const rs = await context();
    const pool = createPool({ size: 2 });
    try {
      for (const c of CHANNELS) {
        const img = image(700, 500, c, 10 + c);
        for (const o of [{ width: 640, height: 480, filter: 'lanczos3' }, { width: 90 }] as ResizeImageOptions[]) {
          const got = await pool.resizeImage(img, o);
          const want = rs.resizeImage(img, o);
          expect(got.channels).toBe(c);
          expect(got.data.findIndex((v, i) => v !== want.data[i]), `${c} channels`).toBe(-1);
        }
      }
    } finally {
      pool.close();
    }
  });

  test('a huge downscale to one pixel runs in bounded memory and gives the mean', async () => {
    const rs = await context();
    // 4096² gray + alpha -> 1×1: one window of 4096 rows (a ring of them would take 64 MiB; the kernel streams).
    const side = 4096;
    const data = new Uint8ClampedArray(side * side * 2);
    data.fill(200);
    for (let i = 1; i < data.length; i += 2) data[i] = 128;
    for (const filter of ['box', 'lanczos3'] as ImageFilter[]) {
      const out = rs.resizeImage({ data, width: side, height: side, channels: 2 }, { width: 1, height: 1, filter });
      expect(Array.from(out.data), filter).toEqual([200, 128]);
    }
  });

  test('bad channel counts are rejected', async () => {
    const rs = await context();
    const img = image(4, 4, 3, 1);
    expectError(rs, () => rs.resizeImage({ ...img, channels: 5 as ImageChannels }, { width: 2 }), 'INVALID_ARGUMENT', 'image.channels');
    expectError(rs, () => rs.resizeImage({ ...img, channels: 0 as ImageChannels }, { width: 2 }), 'INVALID_ARGUMENT', 'image.channels');
    expectError(rs, () => rs.resizeImage({ ...img, channels: 4 }, { width: 2 }), 'SHAPE_MISMATCH', 'RGBA needs 64');
    expectError(rs, () => rs.resizeImage({ data: img.data, width: 4, height: 4 }, { width: 2 }), 'SHAPE_MISMATCH', 'image.data has 48 samples');
    const t = rs.zeros([4, 4, 5], { dtype: 'uint8' });
    expectError(rs, () => rs.resizeImage(t, { width: 2 }), 'INVALID_ARGUMENT', 'image');
    t.dispose();
  });
});
