// resizeImage and the pool on browser sources: each kind gives the bytes the
// same pixels give as ImageData, and results go back through toImageData.
// Every block checks for the classes it needs (feature detection), so in
// Node and Deno what the runtime lacks is skipped, and what it has (Blob,
// say) is checked to fail cleanly. The pictures are opaque: a 2D canvas
// keeps colour premultiplied in 8 bits, so translucent pixels come back
// rounded by the canvas itself, not by us.
import { describe, expect, test } from 'vitest';
import { createPool, loadImage, ResampleError, type Resample } from 'resample-wasm';
import { context, expectError, random } from './util.ts';

const g = globalThis as unknown as Record<string, unknown>;
// DOM classes typed here, through globalThis: Deno's types declare none of them (the blocks that use them skip there).
type Canvas = {
  width: number;
  height: number;
  getContext(kind: string, o?: object): { putImageData(d: ImageData, x: number, y: number): void } | null;
  toDataURL(type: string): string;
  convertToBlob(o: object): Promise<Blob>;
};
const dom = globalThis as unknown as {
  document: { createElement(t: 'canvas'): Canvas };
  Image: new () => { src: string };
  VideoFrame: new (data: Uint8ClampedArray, init: object) => { close(): void };
  OffscreenCanvas: new (w: number, h: number) => Canvas;
};
const has = (...names: string[]) => names.every((n) => typeof g[n] === 'function' || (n === 'document' && typeof g.document === 'object'));
const suite = (ok: boolean) => (ok ? describe : describe.skip);
// Deno has OffscreenCanvas, but no 2D context on it.
const canvas2d = has('OffscreenCanvas') && new dom.OffscreenCanvas(1, 1).getContext('2d') !== null;

const W = 37;
const H = 23;
const OPTIONS = { width: 16, height: 29, filter: 'lanczos3' } as const;

function pixels(seed: number): Uint8ClampedArray<ArrayBuffer> {
  const r = random(seed);
  const data = new Uint8ClampedArray(W * H * 4);
  for (let i = 0; i < data.length; i++) data[i] = i % 4 === 3 ? 255 : 255 * r();
  return data;
}

/** What the same pixels give as a plain image: what every source must give. */
function expected(rs: Resample, data: Uint8ClampedArray): number[] {
  return Array.from(rs.resizeImage({ data, width: W, height: H }, OPTIONS).data);
}

function offscreen(data: Uint8ClampedArray<ArrayBuffer>): Canvas {
  const c = new dom.OffscreenCanvas(W, H);
  c.getContext('2d')!.putImageData(new ImageData(data, W, H), 0, 0);
  return c;
}

suite(canvas2d && has('ImageData', 'createImageBitmap'))('drawable sources', () => {
  test('ImageData, ImageBitmap, OffscreenCanvas (2D and WebGL), and the pool', async () => {
    const rs = await context();
    const data = pixels(1);
    const want = expected(rs, data);
    const image = new ImageData(data.slice(), W, H);
    const sources: [string, unknown][] = [
      ['ImageData', image],
      ['ImageBitmap', await createImageBitmap(image)],
      ['OffscreenCanvas', offscreen(data)],
    ];
    const gl = new dom.OffscreenCanvas(W, H);
    if (gl.getContext('webgl2', { preserveDrawingBuffer: true })) {
      // A canvas without a 2D context is drawn onto one (its pixels are what WebGL left: cleared, so 0).
      const got = rs.resizeImage(gl as never, OPTIONS);
      expect(got.width * got.height).toBe(16 * 29);
    }
    const pool = createPool({ size: 1 });
    try {
      for (const [what, source] of sources) {
        expect(Array.from(rs.resizeImage(source as ImageData, OPTIONS).data), what).toEqual(want);
        expect(Array.from((await pool.resizeImage(source as ImageData, OPTIONS)).data), `pool ${what}`).toEqual(want);
      }
    } finally {
      pool.close();
    }
  });

  test('a Blob goes through loadImage or the pool; the sync call says so', async () => {
    const rs = await context();
    const data = pixels(2);
    const blob = await offscreen(data).convertToBlob({ type: 'image/png' });
    const want = expected(rs, data);
    expectError(rs, () => rs.resizeImage(blob as never, OPTIONS), 'INVALID_ARGUMENT', 'await loadImage(blob)');
    const loaded = await loadImage(blob);
    expect([loaded.width, loaded.height]).toEqual([W, H]);
    expect(Array.from(loaded.data)).toEqual(Array.from(data));
    expect(Array.from(rs.resizeImage(loaded, OPTIONS).data)).toEqual(want);
    const pool = createPool({ size: 1 });
    try {
      expect(Array.from((await pool.resizeImage(blob, OPTIONS)).data)).toEqual(want);
    } finally {
      pool.close();
    }
  });
});

suite(has('ImageData'))('toImageData', () => {
  test('8-bit shared, 16-bit and float converted', async () => {
    const rs = await context();
    const data = pixels(3);
    const out = rs.resizeImage({ data, width: W, height: H }, OPTIONS);
    const image = out.toImageData();
    expect(image).toBeInstanceOf(ImageData);
    expect([image.width, image.height]).toEqual([16, 29]);
    expect(image.data).toBe(out.data);
    for (const src of [Uint16Array.from(data, (v) => v * 257), Float32Array.from(data, (v) => v / 255)]) {
      const img = rs.resizeImage({ data: src, width: W, height: H }, OPTIONS).toImageData();
      const diff = img.data.findIndex((v, i) => Math.abs(v - out.data[i]) > 1);
      expect(diff, src.constructor.name).toBe(-1);
    }
  });
});

suite(has('document', 'ImageData'))('DOM sources', () => {
  test('<canvas> and a decoded <img>; a loading <img> through loadImage', async () => {
    const rs = await context();
    const data = pixels(4);
    const want = expected(rs, data);
    const canvas = dom.document.createElement('canvas');
    [canvas.width, canvas.height] = [W, H];
    canvas.getContext('2d')!.putImageData(new ImageData(data.slice(), W, H), 0, 0);
    expect(Array.from(rs.resizeImage(canvas as never, OPTIONS).data), 'canvas').toEqual(want);
    const url = canvas.toDataURL('image/png');
    const img = new dom.Image();
    img.src = url;
    expectError(rs, () => rs.resizeImage(img as never, OPTIONS), 'INVALID_ARGUMENT', 'a decoded <img>');
    expect(Array.from(rs.resizeImage(await loadImage(img as never), OPTIONS).data), 'img via loadImage').toEqual(want);
    expect(Array.from(rs.resizeImage(img as never, OPTIONS).data), 'decoded img').toEqual(want);
    const late = new dom.Image();
    late.src = url;
    const pool = createPool({ size: 1 });
    try {
      expect(Array.from((await pool.resizeImage(late as never, OPTIONS)).data), 'pool, loading img').toEqual(want);
    } finally {
      pool.close();
    }
  });
});

suite(canvas2d && has('VideoFrame', 'ImageData'))('VideoFrame', () => {
  test('an RGBA frame gives its pixels', async () => {
    const rs = await context();
    const data = pixels(5);
    const frame = new dom.VideoFrame(data, { format: 'RGBA', codedWidth: W, codedHeight: H, timestamp: 0 });
    try {
      expect(Array.from(rs.resizeImage(frame as never, OPTIONS).data)).toEqual(expected(rs, data));
      // loadImage lets the frame convert itself (copyTo), where it can: the same pixels.
      expect(Array.from((await loadImage(frame as never)).data)).toEqual(Array.from(data));
    } finally {
      frame.close();
    }
  });
});

describe('runtimes without a browser piece', () => {
  (has('ImageData') ? test.skip : test)('toImageData says the runtime has no ImageData', async () => {
    const rs = await context();
    const out = rs.resizeImage({ data: pixels(6), width: W, height: H }, OPTIONS);
    expect(() => out.toImageData()).toThrow(/toImageData: this runtime has no ImageData/);
  });

  (has('Blob') && !(has('createImageBitmap') && canvas2d) ? test : test.skip)('a Blob fails cleanly where it cannot be decoded', async () => {
    // A valid 1×1 PNG: where createImageBitmap decodes it, reading its pixels is what fails.
    const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
    const e = await loadImage(new Blob([png], { type: 'image/png' }) as never).catch((e: unknown) => e);
    expect(e).toBeInstanceOf(ResampleError);
    expect((e as Error).message).toMatch(/^loadImage: image must be/);
  });
});
