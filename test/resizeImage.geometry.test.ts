// resizeImage's sharp geometry (fit, position, background, withoutEnlargement,
// withoutReduction, crop) against sharp itself (fixture from
// scripts/fixtures/sharp_geometry.mjs): sizes exactly, pixels within a PSNR
// bound (sharp's libvips kernels differ from ours), plus the invariants of
// our own: integer crops copy, contain borders are the background, pool == rs.
import { describe, expect, test } from 'vitest';
import { createPool, type ResizeImageOptions } from 'resample-wasm';
import fixture from './fixtures/sharp_geometry.json' with { type: 'json' };
import { base64Bytes, context, expectError, expectNoLeaks, random } from './util.ts';


type Img = { data: Uint8Array | Uint8ClampedArray; width: number; height: number };
type Case = { image: 'A' | 'B'; crop?: ResizeImageOptions['crop']; options: ResizeImageOptions; width: number; height: number; rgb: string };

const images = Object.fromEntries(Object.entries(fixture.images).map(([k, v]) => [k, { ...v, data: base64Bytes(v.data) }])) as Record<'A' | 'B', Img>;
const cases = fixture.cases as unknown as Case[];

/** PSNR (dB) of our RGB against sharp's; alpha must be exactly opaque. */
function psnr(ours: Img, rgb: Uint8Array): { db: number; max: number } {
  let se = 0;
  let max = 0;
  for (let i = 0; i < ours.width * ours.height; i++) {
    expect(ours.data[i * 4 + 3]).toBe(255);
    for (let c = 0; c < 3; c++) {
      const d = ours.data[i * 4 + c] - rgb[i * 3 + c];
      se += d * d;
      max = Math.max(max, Math.abs(d));
    }
  }
  return { db: se === 0 ? Infinity : 10 * Math.log10((255 * 255 * rgb.length) / se), max };
}

/**
 * The lowest PSNR a case may have. Image A's cases reduce (or keep) size:
 * both sides lanczos3 at pixel centres, different fixed point and window
 * rounding (measured: min 32.9 dB, median 49 dB, max |diff| 19). Image B's
 * enlarge: libvips 8.18 upsamples with vips_affine sampling at x·scale − 0.5,
 * half an output pixel off the centres we (and Pillow, PyTorch) use, so
 * smooth gradients differ by about half a step (measured: min 26.8 dB,
 * median 34.8 dB, max |diff| 24). Sizes and placements are exact either way.
 */
const MIN_PSNR = { A: 32, B: 26 };

describe(`sharp ${fixture.sharp} (libvips ${fixture.vips})`, () => {
  test(`${cases.length} requests: sizes exactly, pixels within ${MIN_PSNR.A} dB (reductions) / ${MIN_PSNR.B} dB (enlargements) PSNR`, async () => {
    const rs = await context();
    const worst: string[] = [];
    for (const c of cases) {
      const what = `${c.image} ${JSON.stringify({ ...c.options, crop: c.crop })}`;
      const out = rs.resizeImage(images[c.image], { ...c.options, crop: c.crop });
      expect([out.width, out.height], what).toEqual([c.width, c.height]);
      const { db, max } = psnr(out, base64Bytes(c.rgb));
      if (db < MIN_PSNR[c.image]) worst.push(`${what}: ${db.toFixed(1)} dB, max ${max}`);
    }
    expect(worst).toEqual([]);
  });
});

function image(width: number, height: number, seed: number, opaque = false): Img {
  const r = random(seed);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = i % 4 === 3 ? (opaque ? 255 : 40 + 215 * r()) : 255 * r();
  return { data, width, height };
}

/** Rows `top..top+h`, columns `left..left+w` of `img`. */
function sub(img: Img, left: number, top: number, w: number, h: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) out.set(img.data.subarray(((top + y) * img.width + left) * 4, ((top + y) * img.width + left + w) * 4), y * w * 4);
  return out;
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => v === b[i]);

describe('our invariants', () => {
  test('an integer crop at its own size is the sub-image, for every interpolating filter', async () => {
    const rs = await context();
    const opaque = image(37, 29, 1, true);
    const translucent = image(37, 29, 2);
    // (mitchell, not interpolating, smooths even at scale 1: 1/18, 8/9, 1/18.)
    for (const filter of ['nearest', 'box', 'bilinear', 'bicubic', 'lanczos2', 'lanczos3'] as const) {
      for (const [l, t, w, h] of [[3, 4, 17, 9], [0, 0, 37, 1], [36, 28, 1, 1], [5, 0, 31, 29]]) {
        const crop = { left: l, top: t, width: w, height: h };
        expect(same(rs.resizeImage(opaque, { width: w, height: h, filter, crop }).data, sub(opaque, l, t, w, h)), `${filter} ${l},${t} ${w}x${h}`).toBe(true);
        // Premultiplying translucent pixels and back is lossy; without it the copy is exact too.
        const straight = rs.resizeImage(translucent, { width: w, height: h, filter, crop, premultiplyAlpha: false });
        expect(same(straight.data, sub(translucent, l, t, w, h)), `${filter} straight`).toBe(true);
      }
    }
  });

  test("a fractional crop reads the source in place: the same as resizing the crop's pixels when it is integer", async () => {
    const rs = await context();
    const img = image(41, 33, 3);
    const part = { data: sub(img, 6, 5, 30, 20), width: 30, height: 20 };
    for (const [width, height] of [[13, 9], [45, 31]]) {
      const o = { width, height, filter: 'bilinear' as const };
      // Edge taps reach outside the crop (the source is there), so only the interior matches a
      // resize of the copy; within 1 (window centres offset by the crop round differently).
      const a = rs.resizeImage(img, { ...o, crop: { left: 6, top: 5, width: 30, height: 20 } });
      const b = rs.resizeImage(part, o);
      const rows = (d: ArrayLike<number>) => Array.from({ length: height - 4 }, (_, y) => Array.from(d).slice(((y + 2) * width + 2) * 4, ((y + 2) * width + width - 2) * 4)).flat();
      const [ra, rb] = [rows(a.data), rows(b.data)];
      expect(ra.every((v, i) => Math.abs(v - rb[i]) <= 1)).toBe(true);
      const f = rs.resizeImage(img, { ...o, crop: { left: 6.25, top: 4.5, width: 29.5, height: 20.75 } });
      expect([f.width, f.height]).toEqual([width, height]);
    }
  });

  test("contain: the border is the background exactly, the image is the plain resize; cover is the plain resize's crop", async () => {
    const rs = await context();
    const img = image(53, 31, 4);
    for (const position of ['centre', 'left top', 'right bottom', 'south', 'west'] as const) {
      const background = [200, 10, 60, 77];
      const c = rs.resizeImage(img, { width: 40, height: 40, fit: 'contain', position, background });
      const inner = rs.resizeImage(img, { width: 40, height: 23 });
      const top = { centre: 8, 'left top': 0, 'right bottom': 17, south: 17, west: 8 }[position];
      expect(same(sub(c, 0, top, 40, 23), inner.data), position).toBe(true);
      for (let i = 0; i < 40 * 40; i++) {
        const y = Math.floor(i / 40);
        if (y < top || y >= top + 23) expect(Array.from(c.data.subarray(i * 4, i * 4 + 4))).toEqual(background);
      }
      const cover = rs.resizeImage(img, { width: 20, height: 31, fit: 'cover', position });
      const full = rs.resizeImage(img, { width: 53, height: 31 });
      const left = { centre: 17, 'left top': 0, 'right bottom': 33, south: 17, west: 0 }[position];
      const want = sub(full, left, 0, 20, 31);
      expect(cover.data.every((v, i) => Math.abs(v - want[i]) <= 1), position).toBe(true);
    }
  });

  test('crops read only the columns and rows they need: the same bytes from a tensor (read whole, in place)', async () => {
    const rs = await context();
    const img = image(300, 40, 7);
    const t = rs.empty([40, 300, 4], { dtype: 'uint8' });
    try {
      t.data.set(img.data);
      const requests: ResizeImageOptions[] = [
        { width: 9, height: 13, crop: { left: 200.5, top: 3, width: 20, height: 30.5 } },
        { width: 40, height: 7, fit: 'cover', position: 'right' },
        { width: 3, filter: 'nearest', crop: { left: 7, top: 9, width: 5, height: 5 } },
        { width: 300, height: 20, crop: { left: 0, top: 10, width: 300, height: 20 } },
      ];
      for (const o of requests) expect(same(rs.resizeImage(t, o).data, rs.resizeImage(img, o).data), JSON.stringify(o)).toBe(true);
    } finally {
      t.dispose();
    }
  });

  test('errors name the option', async () => {
    const rs = await context();
    const img = image(10, 8, 5);
    const bad: [ResizeImageOptions, string][] = [
      [{ fit: 'stretch' as never }, 'fit'],
      [{ position: 'middle' as never }, 'position'],
      [{ position: 'entropy' as never }, 'position'],
      [{ position: 'attention' as never }, 'position'],
      [{ background: [0, 0, 0] }, 'background'],
      [{ background: [0, 0, 0, 256] }, 'background'],
      [{ background: 'red' as never }, 'background'],
      [{ withoutEnlargement: 1 as never }, 'withoutEnlargement'],
      [{ withoutReduction: 'yes' as never }, 'withoutReduction'],
      [{ crop: { left: 0, top: 0, width: 11, height: 8 } }, 'crop.width'],
      [{ crop: { left: 2, top: 0, width: 9, height: 8 } }, 'crop.width'],
      [{ crop: { left: 0, top: 0, width: 0, height: 8 } }, 'crop.width'],
      [{ crop: { left: 0, top: 0, width: 5, height: Number.NaN } }, 'crop.height'],
      [{ crop: { left: -1, top: 0, width: 5, height: 5 } }, 'crop.left'],
      [{ crop: { left: 0, top: 8, width: 5, height: 5 } }, 'crop.top'],
      [{ crop: { left: 0, top: 0, width: 5 } as never }, 'crop.height'],
      [{ crop: { left: 0, top: 0, width: 5, height: 5, right: 1 } as never }, "unknown crop key 'right'"],
      [{ crop: [0, 0, 5, 5] as never }, 'crop'],
    ];
    for (const [o, option] of bad) {
      expectError(rs, () => rs.resizeImage(img, { width: 5, height: 4, ...o }), 'INVALID_ARGUMENT', `resizeImage: ${option}`);
    }
  });

  test('pool == rs, bit for bit, in bands', async () => {
    const rs = await context();
    const img = image(900, 700, 6);
    const pool = createPool({ size: 3 });
    try {
      const requests: ResizeImageOptions[] = [
        { width: 700, height: 600, fit: 'contain', position: 'left', background: [1, 2, 3, 4] },
        { width: 650, height: 450, fit: 'cover', position: 'right bottom' },
        { width: 760, height: 520, crop: { left: 10.5, top: 20.25, width: 700, height: 600.5 }, fit: 'inside' },
        { width: 1100, height: 300, fit: 'outside', filter: 'mitchell' },
        { width: 300, height: 200, fit: 'contain' },
      ];
      for (const o of requests) {
        const want = expectNoLeaks(rs, () => rs.resizeImage(img, o));
        const got = await pool.resizeImage(img, o);
        expect([got.width, got.height]).toEqual([want.width, want.height]);
        expect(got.data.findIndex((v, i) => v !== want.data[i]), JSON.stringify(o)).toBe(-1);
      }
    } finally {
      pool.close();
    }
  });
});
