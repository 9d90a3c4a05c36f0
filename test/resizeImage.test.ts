// rs.resizeImage against a float64 reference resampler written here from the
// filter definitions (no fixed point, no tables shared with the crate), plus
// the properties users rely on: no alpha halos, linear-light greys, scalar ==
// SIMD, deterministic writes, the zero-copy tensor input, and every error.
import { describe, expect, test } from 'vitest';
import { init, type ImageFilter, type Resample, type ResizeImageOptions } from 'resample-wasm';
import { context, expectError, expectNoLeaks, ODD_SIZES, random, useSimd } from './util.ts';
import { fromLinear, toLinear, weights } from './support/imageReference.ts';

type Img = { data: Uint8ClampedArray | Uint8Array; width: number; height: number };

const FILTERS: ImageFilter[] = ['nearest', 'box', 'bilinear', 'bicubic', 'mitchell', 'lanczos2', 'lanczos3'];

/** The straightforward float64 pipeline: decode, premultiply, x pass, y pass, unpremultiply, encode. */
function reference(img: Img, o: Required<Pick<ResizeImageOptions, 'width' | 'height'>> & ResizeImageOptions): Float64Array {
  const filter = o.filter ?? 'lanczos3';
  const pm = o.premultiplyAlpha ?? true;
  const lin = o.linearLight ?? false;
  const { width: iw, height: ih } = img;
  const { width: ow, height: oh } = o;
  const px = new Float64Array(iw * ih * 4);
  for (let i = 0; i < iw * ih; i++) {
    const a = img.data[i * 4 + 3] / 255;
    for (let c = 0; c < 3; c++) {
      const v = img.data[i * 4 + c] / 255;
      px[i * 4 + c] = (lin ? toLinear(v) : v) * (pm ? a : 1);
    }
    px[i * 4 + 3] = a;
  }
  const wx = iw === ow ? null : weights(filter, iw, ow);
  const wy = ih === oh ? null : weights(filter, ih, oh);
  const mid = new Float64Array(ow * ih * 4);
  for (let y = 0; y < ih; y++) {
    for (let x = 0; x < ow; x++) {
      for (let c = 0; c < 4; c++) {
        mid[(y * ow + x) * 4 + c] = wx ? wx[x].k.reduce((s, k, t) => s + wx[x].w[t] * px[(y * iw + k) * 4 + c], 0) : px[(y * iw + x) * 4 + c];
      }
    }
  }
  const out = new Float64Array(ow * oh * 4);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      const v = [0, 1, 2, 3].map((c) => (wy ? wy[y].k.reduce((s, k, t) => s + wy[y].w[t] * mid[(k * ow + x) * 4 + c], 0) : mid[(y * ow + x) * 4 + c]));
      const a = Math.min(1, Math.max(0, v[3]));
      for (let c = 0; c < 3; c++) {
        let col = pm ? (a === 0 ? 0 : Math.min(a, Math.max(0, v[c])) / a) : Math.min(1, Math.max(0, v[c]));
        if (lin) col = fromLinear(col);
        out[(y * ow + x) * 4 + c] = col * 255;
      }
      out[(y * ow + x) * 4 + 3] = a * 255;
    }
  }
  return out;
}

/** A smooth, photo-like pattern with fine detail, and alpha varying or opaque. */
function makeImage(width: number, height: number, seed: number, opaque = false): Img {
  const r = random(seed);
  const data = new Uint8ClampedArray(width * height * 4);
  const [fx, fy] = [0.3 + r(), 0.2 + r()];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = 128 + 120 * Math.sin(fx * x + fy * y);
      data[i + 1] = 255 * r();
      data[i + 2] = (x * 37 + y * 11) % 256;
      data[i + 3] = opaque ? 255 : 40 + 215 * r();
    }
  }
  return { data, width, height };
}

function resize(rs: Resample, img: Img, o: ResizeImageOptions): Uint8ClampedArray {
  return expectNoLeaks(rs, () => rs.resizeImage(img, o).data);
}

/** |ours - reference| <= 1 level; colour is checked where alpha leaves it determined (>= 16 levels). */
function expectNearReference(got: Uint8ClampedArray, want: Float64Array, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (i % 4 !== 3 && want[i - (i % 4) + 3] < 16) continue;
    const d = Math.abs(got[i] - want[i]);
    if (!(d <= 1)) expect.fail(`${what}: byte ${i} (pixel ${i >> 2}, channel ${i % 4}) is ${got[i]}, reference ${want[i].toFixed(3)}`);
  }
}

describe('against a float64 reference', () => {
  const SIZES: [number, number, number, number][] = [
    [1, 1, 3, 2], [5, 7, 1, 1], [9, 6, 4, 13], [16, 16, 8, 8], [17, 11, 33, 5], [33, 9, 7, 9], [40, 30, 13, 29],
  ];
  for (const filter of FILTERS) {
    test(filter, async () => {
      const rs = await context();
      for (const [iw, ih, ow, oh] of SIZES) {
        for (const [premultiplyAlpha, linearLight, opaque] of [[true, false, false], [false, false, false], [true, true, false], [true, false, true]]) {
          const img = makeImage(iw, ih, iw * 31 + oh, opaque);
          const o = { width: ow, height: oh, filter, premultiplyAlpha, linearLight };
          expectNearReference(resize(rs, img, o), reference(img, o), `${filter} ${iw}x${ih}->${ow}x${oh} ${JSON.stringify(o)}`);
        }
      }
    });
  }
});

describe('edge cases', () => {
  test('a 1-pixel image scales to a flat image, and back', async () => {
    const rs = await context();
    const px = { data: new Uint8ClampedArray([200, 100, 50, 128]), width: 1, height: 1 };
    for (const filter of FILTERS) {
      const up = resize(rs, px, { width: 5, height: 3, filter });
      expect(Array.from(up), filter).toEqual(Array.from({ length: 15 }, () => [200, 100, 50, 128]).flat());
      expect(Array.from(resize(rs, { data: up, width: 5, height: 3 }, { width: 1, height: 1, filter })), filter).toEqual([200, 100, 50, 128]);
    }
  });

  test('same size returns the input bytes, also with premultiplied alpha', async () => {
    const rs = await context();
    const img = makeImage(7, 5, 3);
    expect(Array.from(resize(rs, img, { width: 7, height: 5 }))).toEqual(Array.from(img.data));
  });

  test('one given side keeps the aspect ratio', async () => {
    const rs = await context();
    const img = makeImage(40, 30, 1, true);
    const a = rs.resizeImage(img, { width: 20 });
    expect([a.width, a.height]).toEqual([20, 15]);
    const b = rs.resizeImage(img, { height: 7 });
    expect([b.width, b.height]).toEqual([9, 7]);
  });
});

describe('alpha and light', () => {
  // Left half transparent red, right half opaque blue.
  function redBlue(width: number, height: number): Img {
    const data = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      data.set(i % width < width / 2 ? [255, 0, 0, 0] : [0, 0, 255, 255], i * 4);
    }
    return { data, width, height };
  }

  test('premultiplied alpha leaves no fringe; straight alpha bleeds the hidden colour', async () => {
    const rs = await context();
    const img = redBlue(16, 4);
    for (const filter of ['bilinear', 'lanczos3', 'box'] as ImageFilter[]) {
      // (Box upscaling picks single pixels: nothing to blend.)
      for (const width of filter === 'box' ? [5, 11] : [5, 11, 37]) {
        const pm = resize(rs, img, { width, height: 4, filter });
        const straight = resize(rs, img, { width, height: 4, filter, premultiplyAlpha: false });
        let partial = 0;
        let fringe = 0;
        for (let i = 0; i < pm.length; i += 4) {
          if (pm[i + 3] > 0) expect([pm[i], pm[i + 1], pm[i + 2]], `${filter} ${width} pixel ${i / 4}`).toEqual([0, 0, 255]);
          if (pm[i + 3] > 0 && pm[i + 3] < 255) partial++;
          if (straight[i + 3] > 0 && straight[i] > 0) fringe++;
        }
        expect(partial, `${filter} ${width}: edge pixels are partly transparent`).toBeGreaterThan(0);
        expect(fringe, `${filter} ${width}: red bleeds without premultiplying`).toBeGreaterThan(0);
      }
    }
  });

  test('a 0/255 checkerboard halves to 188 in linear light, 128 without', async () => {
    const rs = await context();
    const n = 16;
    const data = new Uint8ClampedArray(n * n * 4);
    for (let i = 0; i < n * n; i++) {
      const v = ((i % n) + Math.floor(i / n)) % 2 ? 255 : 0;
      data.set([v, v, v, 255], i * 4);
    }
    const img = { data, width: n, height: n };
    const lin = resize(rs, img, { width: n / 2, height: n / 2, filter: 'box', linearLight: true });
    const srgb = resize(rs, img, { width: n / 2, height: n / 2, filter: 'box' });
    expect(new Set(lin.filter((_, i) => i % 4 !== 3))).toEqual(new Set([188]));
    expect(new Set(srgb.filter((_, i) => i % 4 !== 3))).toEqual(new Set([128]));
  });
});

describe('paths and memory', () => {
  test('scalar and SIMD paths agree bit for bit over odd sizes', async () => {
    const rs = await context();
    try {
      for (const w of ODD_SIZES) {
        for (const filter of FILTERS) {
          const img = makeImage(w + 2, 9, w);
          for (const o of [{ width: w, height: 4 }, { width: 2 * w + 1, height: 17, linearLight: true }]) {
            useSimd(rs, false);
            const a = resize(rs, img, { ...o, filter });
            useSimd(rs, true);
            const b = resize(rs, img, { ...o, filter });
            expect(Array.from(b), `${filter} ${JSON.stringify(o)}`).toEqual(Array.from(a));
          }
        }
      }
    } finally {
      useSimd(rs, true);
    }
  });

  test('every output byte is written (same result over differently dirtied memory)', async () => {
    const rs = await context();
    const img = makeImage(23, 19, 5);
    const runs = [0x00, 0xa5, 0xff].map((fill) => {
      const junk = rs.empty([1 << 16], { dtype: 'uint8' });
      junk.data.fill(fill);
      junk.dispose();
      return Array.from(resize(rs, img, { width: 9, height: 31, filter: 'mitchell' }));
    });
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });

  test('a uint8 tensor in linear memory is read in place (zero-copy input)', async () => {
    const rs = await context();
    const img = makeImage(31, 17, 9);
    const t = rs.empty([17, 31, 4], { dtype: 'uint8' });
    t.data.set(img.data); // e.g. a decoder writing straight into t.data
    const before = rs.stats();
    const viaTensor = rs.resizeImage(t, { width: 12, height: 40 });
    expect(rs.stats()).toEqual(before);
    expect(t.disposed).toBe(false);
    expect(Array.from(viaTensor.data)).toEqual(Array.from(resize(rs, img, { width: 12, height: 40 })));
    expect(viaTensor.data).toBeInstanceOf(Uint8ClampedArray);
    t.dispose();
  });

  test('peak memory is input + output + a few rows (no full-size intermediate)', async () => {
    const rs = await init(); // a fresh instance: its memory grows only for this
    for (const [iw, ih, ow, oh, linearLight] of [[1600, 1200, 800, 600, false], [600, 400, 1200, 800, true], [1600, 1200, 500, 1200, false]] as const) {
      const t = rs.empty([ih, iw, 4], { dtype: 'uint8' });
      t.data.fill(200);
      const before = rs.stats().memoryBytes;
      rs.resizeImage(t, { width: ow, height: oh, linearLight });
      const grown = rs.stats().memoryBytes - before;
      expect(grown, `${iw}x${ih} -> ${ow}x${oh}`).toBeLessThanOrEqual(ow * oh * 4 + 2 ** 19);
      t.dispose();
    }
  });

  test('Uint8Array input works like Uint8ClampedArray', async () => {
    const rs = await context();
    const img = makeImage(10, 10, 2);
    const a = resize(rs, { data: new Uint8Array(img.data), width: 10, height: 10 }, { width: 3, height: 3 });
    expect(Array.from(a)).toEqual(Array.from(resize(rs, img, { width: 3, height: 3 })));
  });
});

describe('errors', () => {
  test('every option and input is checked', async () => {
    const rs = await context();
    const img = makeImage(4, 4, 1);
    const bad = (o: unknown, code: string, option: string | RegExp, image: unknown = img) =>
      expectError(rs, () => rs.resizeImage(image as Img, o as ResizeImageOptions), code, option);
    bad({ width: 0, height: 2 }, 'INVALID_ARGUMENT', 'width');
    bad({ width: 2, height: -1 }, 'INVALID_ARGUMENT', 'height');
    bad({ width: 2.5, height: 2 }, 'INVALID_ARGUMENT', 'width');
    bad({ width: 2 ** 30, height: 2 }, 'INVALID_ARGUMENT', 'width');
    bad({ width: 100000, height: 100000 }, 'OUT_OF_MEMORY', /width 100000 × height 100000/);
    bad({}, 'INVALID_ARGUMENT', 'width');
    bad({ width: 2, height: 2, filter: 'gaussian' }, 'INVALID_ARGUMENT', "filter must be one of 'nearest'");
    bad({ width: 2, height: 2, premultiplyAlpha: 1 }, 'INVALID_ARGUMENT', 'premultiplyAlpha');
    bad({ width: 2, height: 2, linearLight: 'yes' }, 'INVALID_ARGUMENT', 'linearLight');
    bad({ width: 2, height: 2 }, 'SHAPE_MISMATCH', 'image.data has 63 samples', { data: img.data.subarray(1), width: 4, height: 4 });
    bad({ width: 2, height: 2 }, 'INVALID_ARGUMENT', 'image.data', { data: new Int16Array(64), width: 4, height: 4 });
    bad({ width: 2, height: 2 }, 'INVALID_ARGUMENT', 'image.width', { data: img.data, width: 0, height: 4 });
    bad({ width: 2, height: 2 }, 'INVALID_ARGUMENT', 'image', null);
    const f = rs.zeros([4, 4, 4], { dtype: 'int32' });
    bad({ width: 2, height: 2 }, 'INVALID_ARGUMENT', "a 'uint8' tensor of shape [height, width, 1 to 4] or a 'float32' one of shape [height, width, 4]", f);
    f.dispose();
    const t = rs.zeros([4, 4, 5], { dtype: 'uint8' }); // 1 to 4 channels are images (resizeImage.channels.test.ts)
    bad({ width: 2, height: 2 }, 'INVALID_ARGUMENT', 'image', t);
    t.dispose();
    bad({ width: 2, height: 2 }, 'DISPOSED', 'resizeImage: image', t);
  });
});
