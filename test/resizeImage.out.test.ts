// rs.resizeImage's `out`: the result written into a tensor of the context
// instead of a new array owned by JS. The reference is the same call
// without `out`; `out` starts dirty (0xa5 bytes, NaN floats) so an element
// the kernel or the canvas leaves unwritten shows.
import { describe, expect, test } from 'vitest';
import { createPool, init, type ImageLike, type Resample, type ResizeImageOutOptions, type Tensor } from 'resample-wasm';
import { context, expectError, expectNoLeaks, random } from './util.ts';

function image(width: number, height: number, channels: 1 | 2 | 3 | 4, seed: number): ImageLike<Uint8ClampedArray> {
  const r = random(seed);
  const data = Uint8ClampedArray.from({ length: width * height * channels }, () => Math.floor(r() * 256));
  return { data, width, height, channels };
}

/** A tensor for `shape` whose every element is junk. */
function dirty(rs: Resample, shape: number[], dtype: 'uint8' | 'float32'): Tensor {
  const t = rs.empty(shape, { dtype });
  t.data.fill(dtype === 'uint8' ? 0xa5 : NaN);
  return t;
}

/** The call with `out` (of the result's shape, dirty) equals it without, sample for sample, and allocates nothing. */
function expectSameInto(rs: Resample, img: ImageLike | Tensor, o: ResizeImageOutOptions, dtype: 'uint8' | 'float32' = 'uint8'): void {
  const reference = rs.resizeImage(img, o);
  const out = dirty(rs, [reference.height, reference.width, reference.channels], dtype);
  const returned = expectNoLeaks(rs, () => rs.resizeImage(img, { ...o, out }));
  expect(returned).toBe(out);
  expect(Array.from(out.data), JSON.stringify(o)).toEqual(Array.from(reference.data));
  out.dispose();
}

describe('resizeImage into out', () => {
  test('8-bit images of 1 to 4 channels, down and up, every filter family', async () => {
    const rs = await context();
    for (const channels of [1, 2, 3, 4] as const) {
      const img = image(37, 23, channels, channels);
      for (const o of [{ width: 17, height: 9 }, { width: 61, height: 40, filter: 'bicubic' }, { width: 5, height: 33, filter: 'box' }, { width: 8, height: 8, filter: 'nearest' }] as const) {
        expectSameInto(rs, img, o);
      }
    }
  });

  test('a tensor input, read in place, into a tensor: nothing crosses to JS', async () => {
    const rs = await context();
    const img = image(40, 30, 4, 9);
    const t = rs.tensor([30, 40, 4], img.data, { dtype: 'uint8' });
    expectSameInto(rs, t, { width: 13, height: 77, linearLight: true });
    const f = rs.tensor([30, 40, 4], Float32Array.from(img.data, (v) => v / 255), { dtype: 'float32' });
    expectSameInto(rs, f, { width: 19, height: 11 }, 'float32');
    expectSameInto(rs, { data: f.data.slice(), width: 40, height: 30 }, { width: 50, height: 7, filter: 'mitchell' }, 'float32');
    t.dispose();
    f.dispose();
  });

  test('a canvas, a crop and sharpening land in out as in the new array', async () => {
    const rs = await context();
    const img = image(64, 48, 4, 3);
    expectSameInto(rs, img, { width: 30, height: 30, fit: 'contain', background: [10, 200, 30, 255] });
    expectSameInto(rs, img, { width: 25, height: 40, fit: 'cover', position: 'left' });
    expectSameInto(rs, img, { width: 20, crop: { left: 3.5, top: 7, width: 40, height: 21 } });
    expectSameInto(rs, img, { width: 33, height: 21, sharpen: { amount: 80, radius: 0.6, threshold: 2 } });
    const f = { data: Float32Array.from(img.data, (v) => v / 255), width: 64, height: 48 };
    expectSameInto(rs, f, { width: 30, height: 20, fit: 'contain', background: [255, 0, 0, 128] }, 'float32');
  });

  test('a bad out is rejected before anything is written, and nothing leaks', async () => {
    const rs = await context();
    const img = image(8, 6, 4, 1);
    const o = { width: 4, height: 3 };
    const bad = (out: unknown, code: string, message: string, input: ImageLike | Tensor = img, options: ResizeImageOutOptions = o) => {
      expectError(rs, () => rs.resizeImage(input, { ...options, out: out as Tensor }), code, message);
      if (out instanceof Object && 'dispose' in out) (out as Tensor).dispose();
    };
    const wrong = dirty(rs, [3, 4, 3], 'uint8');
    expectError(rs, () => rs.resizeImage(img, { ...o, out: wrong }), 'SHAPE_MISMATCH', 'resizeImage: out has shape [3, 4, 3], the result has shape [3, 4, 4]');
    expect(wrong.data.every((v) => v === 0xa5)).toBe(true);
    wrong.dispose();
    bad(dirty(rs, [3, 4, 4], 'float32'), 'INVALID_ARGUMENT', "resizeImage: out.dtype must be 'uint8'");
    // A contain canvas is the result's shape: the box, not the resized image.
    bad(dirty(rs, [3, 2, 4], 'uint8'), 'SHAPE_MISMATCH', 'the result has shape [3, 3, 4]', img, { width: 3, height: 3, fit: 'contain' });
    bad({ shape: [3, 4, 4], data: new Uint8Array(48) }, 'INVALID_ARGUMENT', 'resizeImage: out must be a Tensor');
    const gone = dirty(rs, [3, 4, 4], 'uint8');
    gone.dispose();
    bad(gone, 'DISPOSED', 'resizeImage: out');
    const other = await init();
    bad(other.empty([3, 4, 4], { dtype: 'uint8' }), 'INVALID_ARGUMENT', 'a tensor of this context');
    const same = rs.tensor([6, 8, 4], img.data, { dtype: 'uint8' });
    bad(same, 'INVALID_ARGUMENT', 'distinct from the inputs', same, { width: 8, height: 6, filter: 'box' });
    bad(dirty(rs, [3, 4, 8], 'uint8'), 'INVALID_ARGUMENT', 'resizeImage: out is not available for 16-bit images', { data: new Uint16Array(8 * 6 * 4), width: 8, height: 6 });
  });

  test("a pool's resizeImage has no out: its workers' memories are their own", async () => {
    const rs = await context();
    const pool = createPool({ size: 1 });
    try {
      const out = rs.empty([3, 4, 4], { dtype: 'uint8' });
      const job = pool.resizeImage(image(8, 6, 4, 1), { width: 4, height: 3, out } as never);
      const message = await job.then(() => 'resolved', (e: Error) => e.message);
      expect(message).toContain("pool.resizeImage: unknown option 'out'");
      out.dispose();
    } finally {
      pool.close();
    }
  });
});
