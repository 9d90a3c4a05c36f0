// init({ threads }): contexts whose calls split across helper workers give
// the bytes a one-thread context gives, for every op, on odd sizes; hosts
// without shared memory fall back to one thread and say why.
import { describe, expect, test } from 'vitest';
import { init, ResampleError, type Resample, type Tensor } from 'resample-wasm';
import { splitFrom } from './twin.ts';
import { context, firstDiff, inNode, randomArray } from './util.ts';

const g = globalThis as { crossOriginIsolated?: boolean };
/** Whether this host can share memory with workers (a browser page must be cross-origin isolated). */
const canShare = typeof SharedArrayBuffer === 'function' && g.crossOriginIsolated !== false;

/** A context on `threads` threads that splits every call, however small (by default small work stays on the calling thread). */
async function splitting(threads: number): Promise<Resample> {
  const rs = await init({ threads });
  splitFrom(rs, 0);
  return rs;
}

let contexts: Promise<Resample[]> | undefined;
/** One context per thread count: 1, 2 and 3. */
function threaded(): Promise<Resample[]> {
  return (contexts ??= Promise.all([context(), splitting(2), splitting(3)]));
}

/** The bytes of `op`'s result in each context (inputs copied in from the same arrays). */
function outputs(all: Resample[], op: (rs: Resample) => Tensor | { data: ArrayLike<number> & { buffer: ArrayBufferLike } }): Uint8Array[] {
  return all.map((rs) => {
    const y = op(rs);
    const bytes = new Uint8Array(y.data.buffer, (y.data as Uint8Array).byteOffset, (y.data as Uint8Array).byteLength).slice();
    if ('dispose' in y) y.dispose();
    return bytes;
  });
}

function expectSame(all: Resample[], what: string, op: (rs: Resample) => Tensor | { data: ArrayLike<number> & { buffer: ArrayBufferLike } }): void {
  const [one, ...more] = outputs(all, op);
  for (const [k, bytes] of more.entries()) {
    const i = bytes.findIndex((b, j) => b !== one[j]);
    expect(i < 0 && bytes.length === one.length, `${what}: ${k + 2} threads differ from 1 at byte ${i}`).toBe(true);
  }
}

describe('init({ threads })', () => {
  test('reports the threads in use, or why there is one', async () => {
    const [one, two, three] = await threaded();
    expect(one.threads).toBe(1);
    expect(one.threadsReason).toBeUndefined();
    if (canShare) {
      expect([two.threads, three.threads]).toEqual([2, 3]);
      expect(two.threadsReason).toBeUndefined();
    } else {
      expect([two.threads, three.threads]).toEqual([1, 1]);
      expect(two.threadsReason).toMatch(/Cross-Origin-Opener-Policy/);
    }
    const auto = await init({ threads: 'auto' });
    expect(auto.threads).toBeGreaterThanOrEqual(1);
    expect(auto.threads).toBeLessThanOrEqual(16);
  });

  test('rejects a bad thread count, naming the option', async () => {
    for (const threads of [0, 1.5, 17, -1, 'all', null]) {
      const failure = await init({ threads: threads as never }).then(() => undefined, (e: unknown) => e);
      expect(failure).toBeInstanceOf(ResampleError);
      expect((failure as ResampleError).code).toBe('INVALID_ARGUMENT');
      expect((failure as Error).message).toMatch(/^init: threads must be/);
    }
  });
});

describe('every op gives the same bytes on 1, 2 and 3 threads', () => {
  const sizes = [1, 2, 3, 7, 17, 33];

  test('interpolate: every mode and rank, odd sizes, channels-last', async () => {
    const all = await threaded();
    const x = (shape: number[], seed: number) => ({ shape, data: randomArray(shape.reduce((a, b) => a * b), seed) });
    for (const n of sizes) {
      for (const mode of ['nearest', 'nearest-exact', 'linear'] as const) expectSame(all, `${mode} 1-D ${n}`, (rs) => rs.interpolate(x([2, 5, n], n), { size: 2 * n + 1, mode }));
      for (const mode of ['bilinear', 'bicubic', 'area'] as const) {
        expectSame(all, `${mode} 2-D ${n}`, (rs) => rs.interpolate(x([2, 3, n, n + 2], n), { size: [n + 4, 2 * n + 1], mode }));
        expectSame(all, `${mode} 2-D ${n} channels-last`, (rs) => rs.interpolate(x([1, 3, n + 5, n], n), { size: [n, 3 * n], mode, channelsLast: true }));
      }
      expectSame(all, `antialias ${n}`, (rs) => rs.interpolate(x([1, 4, 3 * n + 5, 2 * n + 3], n), { size: [n, n + 1], mode: 'bilinear', antialias: true }));
      expectSame(all, `trilinear ${n}`, (rs) => rs.interpolate(x([1, 2, n, n + 1, 3], n), { size: [n + 2, 2, 5], mode: 'trilinear' }));
    }
    // One plane: its output rows split across threads.
    expectSame(all, 'tf bilinear NHWC', (rs) => rs.tf.image.resize(x([1, 37, 53, 3], 3), [17, 29]));
    expectSame(all, 'tf lanczos3 antialias NHWC', (rs) => rs.tf.image.resize(x([1, 40, 31, 4], 4), [33, 9], { method: 'lanczos3', antialias: true }));
    // Many planes: the split has work for every thread.
    expectSame(all, 'W3-like', (rs) => rs.interpolate(x([1, 64, 33, 31], 9), { scaleFactor: 2, mode: 'bilinear' }));
  });

  test('conv2d and convTranspose2d: GEMM bands and Winograd tile rows, groups, batches', async () => {
    const all = await threaded();
    const t = (shape: number[], seed: number) => ({ shape, data: randomArray(shape.reduce((a, b) => a * b), seed) });
    for (const n of [1, 2, 7, 17, 33]) {
      expectSame(all, `conv2d 3x3 s2 ${n}`, (rs) => rs.conv2d(t([2, 6, n + 2, n], n), t([8, 3, 3, 3], 1), { stride: 2, padding: 1, groups: 2 }));
      expectSame(all, `conv2d 5x1 dilated ${n}`, (rs) => rs.conv2d(t([1, 4, n + 4, n + 1], n), t([5, 4, 5, 1], 2), { dilation: [1, 2], padding: [2, 1] }));
      // kernel = 2·stride with enough channels: the Winograd path.
      expectSame(all, `convTranspose2d k4 s2 ${n}`, (rs) => rs.convTranspose2d(t([2, 8, n, n + 1], n), t([8, 16, 4, 4], 3), { stride: 2, padding: 1 }));
      expectSame(all, `convTranspose2d k3 s2 ${n}`, (rs) => rs.convTranspose2d(t([1, 4, n, n], n), t([4, 3, 3, 3], 4), { stride: 2, padding: 1, outputPadding: 1 }));
      expectSame(all, `conv3d ${n}`, (rs) => rs.conv3d(t([1, 2, 3, n, n + 1], n), t([3, 2, 2, 3, 3], 5), { padding: 1 }));
    }
  });

  test('pixelShuffle, maxUnpool, affineGrid, lpPool, fractionalMaxPool: split along planes, rows or elements', async () => {
    const all = await threaded();
    const t = (shape: number[], seed: number) => ({ shape, data: randomArray(shape.reduce((a, b) => a * b), seed) });
    for (const n of sizes) {
      // Enough groups of planes and rows that every thread has some (runs hold at least 16384 elements).
      expectSame(all, `pixelShuffle ${n}`, (rs) => rs.pixelShuffle(t([2, 16, n + 40, 3 * n + 80], n), 2));
      expectSame(all, `pixelShuffle r3 channels-last ${n}`, (rs) => rs.pixelShuffle(t([2, n + 60, 2 * n + 50, 18], n), 3, { channelsLast: true }));
      expectSame(all, `pixelUnshuffle ${n}`, (rs) => rs.pixelUnshuffle(t([2, 6, 2 * n + 120, 2 * n + 100], n), 2));
      expectSame(all, `pixelUnshuffle channels-last ${n}`, (rs) => rs.pixelUnshuffle(t([1, 3 * n + 150, 3 * n + 120, 5], n), 3, { channelsLast: true }));
      expectSame(all, `affineGrid 2-D ${n}`, (rs) => rs.affineGrid(t([3, 2, 3], n), [3, 1, 2 * n + 100, 20 * n + 200], { alignCorners: n % 2 === 0 }));
      expectSame(all, `affineGrid 3-D ${n}`, (rs) => rs.affineGrid(t([2, 3, 4], n), [2, 1, n + 8, 33, 3 * n + 60]));
      for (const normType of [2, 1.5, -Infinity]) {
        expectSame(all, `lpPool2d p=${normType} ${n}`, (rs) => rs.lpPool2d(t([2, 9, n + 64, n + 70], n), { normType, kernelSize: [3, 2], stride: [2, 1], ceilMode: true }));
      }
      const planes = (rs: Resample, shape: number[], seed: number) => {
        const x = rs.tensor(shape, randomArray(shape.reduce((a, b) => a * b), seed));
        const { values, indices } = rs.maxPool2d(x, { kernelSize: 2, returnIndices: true });
        x.dispose();
        return { values, indices };
      };
      expectSame(all, `maxUnpool2d ${n}`, (rs) => {
        const { values, indices } = planes(rs, [4, 16, 2 * n + 120, 2 * n + 64], n);
        const y = rs.maxUnpool2d(values, indices, { kernelSize: 2, outputSize: [2 * n + 121, 2 * n + 65] });
        values.dispose();
        indices.dispose();
        return y;
      });
      const samples = (c: number, seed: number) => ({ shape: [4, c, 2], data: randomArray(4 * c * 2, seed).map((v) => Math.abs(v) % 1) });
      expectSame(all, `fractionalMaxPool2d ${n}`, (rs) => rs.fractionalMaxPool2d(t([4, 16, n + 60, n + 70], n), { kernelSize: [2, 3], outputSize: [n + 30, n + 40], samples: samples(16, n) }));
      expectSame(all, `fractionalMaxPool2d indices ${n}`, (rs) => {
        const { values, indices } = rs.fractionalMaxPool2d(t([4, 16, n + 60, n + 70], n), { kernelSize: 2, outputSize: [n + 43, n + 35], samples: samples(16, n + 1), returnIndices: true });
        values.dispose();
        return indices;
      });
    }
  });

  test('uint8 interpolate, pil.resize, cv.resize, tf nearest, resizeImage sharpen: split along planes, row bands or columns', async () => {
    const all = await threaded();
    const bytes = (shape: number[], seed: number) => ({ shape, data: Uint8Array.from(randomArray(shape.reduce((a, b) => a * b), seed), (v) => Math.floor(v * 256) & 255) });
    const floats = (shape: number[], seed: number) => ({ shape, data: randomArray(shape.reduce((a, b) => a * b), seed) });
    for (const n of sizes) {
      for (const mode of ['nearest', 'nearest-exact'] as const) expectSame(all, `uint8 ${mode} ${n}`, (rs) => rs.interpolate(bytes([2, 4, n + 60, n + 80], n), { size: [2 * n + 90, n + 100], mode }));
      expectSame(all, `uint8 bilinear ${n}`, (rs) => rs.interpolate(bytes([2, 3, n + 40, n + 50], n), { size: [2 * n + 80, n + 90], mode: 'bilinear' }));
      expectSame(all, `uint8 bicubic antialias ${n}`, (rs) => rs.interpolate(bytes([1, 3, 3 * n + 90, 2 * n + 120], n), { size: [n + 20, n + 30], mode: 'bicubic', antialias: true }));
      // One channels-last image: bands of output rows.
      expectSame(all, `uint8 bilinear one image ${n}`, (rs) => rs.interpolate(bytes([1, n + 50, n + 70, 3], n), { size: [2 * n + 100, 2 * n + 110], mode: 'bilinear', channelsLast: true }));
      expectSame(all, `uint8 bilinear one image, rows only ${n}`, (rs) => rs.interpolate(bytes([1, n + 150, n + 70, 4], n), { size: [3 * n + 40, n + 70], mode: 'bilinear', antialias: true, channelsLast: true }));
      expectSame(all, `uint8 bilinear one image, columns only ${n}`, (rs) => rs.interpolate(bytes([1, n + 150, n + 70, 4], n), { size: [n + 150, 2 * n + 30], mode: 'bilinear', channelsLast: true }));
      expectSame(all, `tf nearest uint8 ${n}`, (rs) => rs.tf.image.resize(bytes([2, n + 60, n + 70, 3], n), [2 * n + 90, n + 100], { method: 'nearest' }));
      // pil: one image, bands of output rows; vertical first (height shrinks most), reduce, premultiplied alpha, mode F.
      const img = bytes([2 * n + 160, n + 140, 4], n);
      for (const resample of ['NEAREST', 'BOX', 'BILINEAR', 'LANCZOS'] as const) expectSame(all, `pil ${resample} ${n}`, (rs) => rs.pil.resize(img, [n + 90, 3 * n + 120], { resample }));
      expectSame(all, `pil RGB pillow12 ${n}`, (rs) => rs.pil.resize(bytes([2 * n + 160, n + 140, 3], n), [n + 190, n + 80], { resample: 'BICUBIC', passOrder: 'pillow12' }));
      expectSame(all, `pil vertical first ${n}`, (rs) => rs.pil.resize(bytes([3 * n + 300, n + 100, 2], n), [n + 90, n + 40]));
      expectSame(all, `pil reducingGap ${n}`, (rs) => rs.pil.resize(bytes([3 * n + 300, 2 * n + 200, 4], n), [n + 40, n + 50], { reducingGap: 2 }));
      expectSame(all, `pil box ${n}`, (rs) => rs.pil.resize(bytes([2 * n + 160, n + 140], n), [n + 100, n + 170], { resample: 'HAMMING', box: [1.5, 2.25, n + 130.5, 2 * n + 150] }));
      expectSame(all, `pil F ${n}`, (rs) => rs.pil.resize(floats([n + 150, n + 130], n), [2 * n + 90, n + 160], { resample: 'LANCZOS' }));
      // cv: every plan OpenCV picks, one image, rows.
      const src = bytes([n + 100, n + 120, 3], n);
      const cases = [
        ['INTER_NEAREST', [2 * n + 150, 2 * n + 130]],
        ['INTER_NEAREST_EXACT', [2 * n + 150, 2 * n + 130]],
        ['INTER_LINEAR', [2 * n + 130, 2 * n + 100]],
        ['INTER_LINEAR_EXACT', [n + 70, 3 * n + 170]],
        ['INTER_LANCZOS4', [n + 150, n + 70]],
        ['INTER_AREA', [n + 70, n + 90]],
      ] as const;
      for (const [interpolation, dsize] of cases) {
        expectSame(all, `cv ${interpolation} ${n}`, (rs) => rs.cv.resize(src, [...dsize], { interpolation }));
        expectSame(all, `cv ${interpolation} float32 ${n}`, (rs) => rs.cv.resize({ ...src, data: Float32Array.from(src.data) }, [...dsize], { interpolation }));
      }
      expectSame(all, `cv INTER_CUBIC float32 ${n}`, (rs) => rs.cv.resize(floats([n + 100, n + 120, 4], n), [2 * n + 130, 2 * n + 100], { interpolation: 'INTER_CUBIC' }));
      expectSame(all, `cv INTER_AREA x3 ${n}`, (rs) => rs.cv.resize(bytes([3 * n + 150, 3 * n + 90, 4], n), [n + 30, n + 50], { interpolation: 'INTER_AREA' }));
      expectSame(all, `cv INTER_LINEAR halves ${n}`, (rs) => rs.cv.resize(bytes([2 * n + 100, 2 * n + 120, 3], n), [n + 60, n + 50]));
      // The sharpen pass: transposes, column blocks and pixels split.
      const photo = { width: 2 * n + 150, height: n + 120, data: new Uint8ClampedArray(bytes([n + 120, 2 * n + 150, 4], n).data) };
      expectSame(all, `resizeImage sharpen ${n}`, (rs) => rs.resizeImage(photo, { width: n + 300, height: n + 200, sharpen: { amount: 160, radius: 0.6 + n / 40, threshold: n % 3 } }));
    }
  });

  test('resizeImage, pools, gridSample, pad, unfold and fold (split), and the ops that run on the calling thread of the threaded build', async () => {
    const all = await threaded();
    const t = (shape: number[], seed: number) => ({ shape, data: randomArray(shape.reduce((a, b) => a * b), seed) });
    const bytes = (shape: number[], seed: number) => ({ shape, data: Uint8Array.from(randomArray(shape.reduce((a, b) => a * b), seed), (v) => Math.floor(v * 256) & 255) });
    const image = { width: 37, height: 23, data: new Uint8ClampedArray(bytes([23, 37, 4], 1).data) };
    expectSame(all, 'resizeImage', (rs) => rs.resizeImage(image, { width: 17, height: 30 }));
    // Bands of output rows split across threads, in every format.
    const big = { width: 61, height: 47, data: new Uint8ClampedArray(bytes([47, 61, 4], 16).data) };
    for (const o of [{ width: 29, height: 53 }, { width: 40, height: 40, fit: 'contain', filter: 'mitchell' }, { width: 33, crop: { left: 3.5, top: 2, width: 50, height: 40.5 } }] as const) {
      expectSame(all, `resizeImage ${JSON.stringify(o)}`, (rs) => rs.resizeImage(big, o));
      expectSame(all, `resizeImage float ${JSON.stringify(o)}`, (rs) => rs.resizeImage({ ...big, data: Float32Array.from(big.data, (v) => v / 255) }, o));
      expectSame(all, `resizeImage RGB ${JSON.stringify(o)}`, (rs) => rs.resizeImage({ width: 61, height: 47, channels: 3, data: big.data.subarray(0, 61 * 47 * 3) }, o));
    }
    expectSame(all, 'maxPool2d', (rs) => rs.maxPool2d(t([2, 3, 17, 9], 2), { kernelSize: 3, stride: 2, padding: 1 }));
    expectSame(all, 'avgPool2d', (rs) => rs.avgPool2d(t([1, 5, 7, 33], 3), { kernelSize: [2, 3], ceilMode: true }));
    expectSame(all, 'gridSample bicubic', (rs) => rs.gridSample(t([2, 5, 9, 7], 4), t([2, 33, 17, 2], 5), { mode: 'bicubic', paddingMode: 'reflection' }));
    // More points than a tile (8192): the bilinear path's tiles split too.
    expectSame(all, 'gridSample bilinear', (rs) => rs.gridSample(t([2, 3, 17, 33], 11), t([2, 97, 101, 2], 12)));
    expectSame(all, 'gridSample 5-D', (rs) => rs.gridSample(t([1, 2, 5, 4, 3], 13), t([1, 7, 9, 11, 3], 14), { mode: 'nearest' }));
    expectSame(all, 'maxPool2d indices', (rs) => {
      const { values, indices } = rs.maxPool2d(t([3, 7, 17, 9], 15), { kernelSize: 3, stride: 2, returnIndices: true });
      values.dispose();
      return indices;
    });
    // Many planes or blocks: pad, unfold and fold split them across threads.
    for (const mode of ['constant', 'reflect', 'replicate', 'circular'] as const) expectSame(all, `pad ${mode}`, (rs) => rs.pad(t([3, 11, 7, 5], 6), [2, 1, 3, 0], { mode }));
    expectSame(all, 'unfold', (rs) => rs.unfold(t([2, 13, 9, 7], 7), { kernelSize: 3, padding: 1, stride: 2 }));
    expectSame(all, 'fold', (rs) => rs.fold(t([2, 13 * 4, 42], 8), { outputSize: [6, 11], kernelSize: 2, padding: 1, stride: [1, 2] }));
    expectSame(all, 'pixelShuffle', (rs) => rs.pixelShuffle(t([1, 8, 3, 5], 8), 2));
    expectSame(all, 'cv.resize uint8 INTER_AREA', (rs) => rs.cv.resize(bytes([31, 17, 3], 9), [7, 5], { interpolation: 'INTER_AREA' }));
    expectSame(all, 'pil.resize LANCZOS', (rs) => rs.pil.resize(bytes([19, 23, 4], 10), [9, 33], { resample: 'LANCZOS' }));
  });
});


// Node only: elsewhere Worker.terminate() does not stop a thread running wasm
// (measured: a terminated worker's loop keeps counting, in Deno for good, in
// Chromium for over a second), so no helper can be killed there (ts/threads.ts).
(inNode ? describe : describe.skip)('a helper that dies', () => {
  /** Until `ok()` holds, polled, for at most 10 s. */
  async function until(ok: () => boolean): Promise<void> {
    for (const start = Date.now(); !ok(); ) {
      if (Date.now() - start > 10_000) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  /** The test hook: the supervisor terminates helper `id` `after` ms from now, as a crash would. */
  const kill = (rs: Resample, id: number, after: number) => (rs as unknown as { killHelper(id: number, after: number): void }).killHelper(id, after);
  const t = (shape: number[], seed: number) => ({ shape, data: randomArray(shape.reduce((a, b) => a * b), seed) });
  // Half a second or more on 3 threads, in 4 bands per thread: a helper killed 100 ms in holds a band it has not finished.
  const x = t([1, 32, 256, 256], 21);
  const w = t([48, 32, 7, 7], 22);
  const conv = (rs: Resample) => {
    const y = rs.conv2d(x, w, { padding: 1 });
    const bytes = new Uint8Array(y.data.buffer, y.data.byteOffset, y.data.byteLength).slice();
    y.dispose();
    return bytes;
  };

  test('mid-call: the call completes with the bytes of one thread, the context carries on with the helpers left', async () => {
    const [one] = await threaded();
    const want = conv(one);
    const rs = await init({ threads: 3 });
    expect(rs.threads).toBe(3);
    expect(firstDiff(conv(rs), want)).toBe('equal');
    // The supervisor terminates helper 2 while this thread is inside the call, spinning for its chunks.
    kill(rs, 2, 100);
    await new Promise((r) => setTimeout(r, 20));
    const started = performance.now();
    expect(firstDiff(conv(rs), want)).toBe('equal');
    const took = performance.now() - started;
    await until(() => rs.threads === 2);
    expect(took, 'the call outlived the kill').toBeGreaterThan(80);
    for (let k = 0; k < 3; k++) expect(firstDiff(conv(rs), want)).toBe('equal');
    expect(rs.threads).toBe(2);
  });

  test('between calls, down to none: later calls run on the threads left, down to the calling thread alone', async () => {
    const [one] = await threaded();
    const want = conv(one);
    const rs = await init({ threads: 3 });
    kill(rs, 1, 0);
    await until(() => rs.threads === 2);
    expect(firstDiff(conv(rs), want)).toBe('equal');
    kill(rs, 2, 0);
    await until(() => rs.threads === 1);
    expect(firstDiff(conv(rs), want)).toBe('equal');
    // Ops that allocate and those that split, on the calling thread alone.
    expectSame([one, rs], 'interpolate on a context whose helpers died', (c) => c.interpolate(t([2, 5, 17, 9], 3), { size: [33, 7], mode: 'bicubic' }));
  });
});
