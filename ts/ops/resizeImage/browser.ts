// Browser image sources in, ImageData out. Sources the 2D canvas can draw
// (ImageBitmap, <canvas>, OffscreenCanvas, a decoded <img>, VideoFrame) are
// read synchronously through it; a Blob (or an <img> still loading) needs
// an await, so it goes through loadImage or the pool. Every check is on the
// runtime's own classes: where a class is missing, nothing is one.
import { ResampleError, invalid, named } from '../../errors.js';
import type { HostClass } from '../../host.js';
import type { ImageSamples } from './formats.js';

/** A source the 2D canvas draws synchronously: each only where the runtime has its class. */
export type DrawableImage =
  | HostClass<'ImageData'>
  | HostClass<'ImageBitmap'>
  | HostClass<'HTMLCanvasElement'>
  | HostClass<'OffscreenCanvas'>
  | HostClass<'HTMLImageElement'>
  | HostClass<'VideoFrame'>;

/** A source the runtime decodes or draws: a drawable one, or a Blob (a File, a fetched image). */
export type BrowserImage = DrawableImage | HostClass<'Blob'>;

/** 8-bit RGBA pixels, as `loadImage` gives them. */
export interface LoadedImage {
  /** RGBA bytes, row after row (not premultiplied). */
  data: Uint8ClampedArray;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

type Drawable = { width: number; height: number };
type Context2D = { drawImage(x: unknown, dx: number, dy: number): void; getImageData(x: number, y: number, w: number, h: number): LoadedImage };
type Canvas = { width: number; height: number; getContext(kind: '2d', o?: object): Context2D | null };

const host = globalThis as unknown as Record<string, (new (...a: unknown[]) => unknown) | undefined>;
const is = (x: unknown, name: string): boolean => typeof host[name] === 'function' && x instanceof host[name];

/** Width and height the canvas draws `x` at, if it is a source the canvas draws. */
function drawSize(x: unknown): Drawable | undefined {
  if (is(x, 'ImageBitmap') || is(x, 'HTMLCanvasElement') || is(x, 'OffscreenCanvas')) return x as Drawable;
  if (is(x, 'VideoFrame')) {
    const f = x as { displayWidth: number; displayHeight: number };
    return { width: f.displayWidth, height: f.displayHeight };
  }
  if (is(x, 'HTMLImageElement')) {
    const img = x as { complete: boolean; naturalWidth: number; naturalHeight: number };
    if (!img.complete || img.naturalWidth === 0) throw invalid('image', x, 'a decoded <img> (await img.decode(), or pass it to loadImage or the pool)');
    return { width: img.naturalWidth, height: img.naturalHeight };
  }
  return undefined;
}

const doc = (globalThis as unknown as { document?: { createElement(t: 'canvas'): Canvas } }).document;

/** A 2D context to draw on, from an OffscreenCanvas or the document's canvas; Deno's OffscreenCanvas has none. */
function context2d(x: unknown, width: number, height: number): Context2D {
  let c: Canvas | undefined;
  if (typeof host.OffscreenCanvas === 'function') c = new host.OffscreenCanvas(width, height) as Canvas;
  else if (typeof doc?.createElement === 'function') {
    c = doc.createElement('canvas');
    c.width = width;
    c.height = height;
  }
  const ctx = c?.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw invalid('image', x, 'a source this runtime can draw (it has no 2D canvas to read pixels with)');
  return ctx;
}

/**
 * The pixels of a drawable source. getImageData's copy is one the platform
 * forces; a canvas with a 2D context of its own is read without drawing.
 * Canvases keep premultiplied 8-bit colour, so translucent pixels come back
 * rounded (opaque ones exactly).
 */
function pixelsOf(x: unknown, { width, height }: Drawable): LoadedImage {
  if (width === 0 || height === 0) throw invalid('image', x, 'a source with pixels (its width and height are 0)');
  const own = is(x, 'HTMLCanvasElement') || is(x, 'OffscreenCanvas') ? (x as Canvas).getContext('2d') : null;
  if (own) return own.getImageData(0, 0, width, height);
  const ctx = context2d(x, width, height);
  ctx.drawImage(x, 0, 0);
  return ctx.getImageData(0, 0, width, height);
}

/** A drawable source as pixels, anything else as it is; a Blob or a loading <img> is refused (they need an await). */
export function readImage<T>(x: T): T | LoadedImage {
  if (is(x, 'Blob')) throw invalid('image', x, 'decoded first: resizeImage(await loadImage(blob), ...), or the pool, which takes a Blob');
  const size = drawSize(x);
  return size ? pixelsOf(x, size) : x;
}

/**
 * `readImage`, or a promise of `loadImage`'s pixels where the source needs an
 * await (a Blob, an <img> still loading, a VideoFrame that converts itself):
 * anything else is handled before this returns, so the pool's jobs are queued
 * synchronously as before.
 */
export function readSoon<T>(x: T): T | LoadedImage | Promise<T | LoadedImage> {
  const loading = is(x, 'HTMLImageElement') && !(x as { complete: boolean }).complete;
  return is(x, 'Blob') || is(x, 'VideoFrame') || loading ? loadAny(x) : readImage(x);
}

/**
 * Decodes or reads a browser image source as 8-bit RGBA pixels: a Blob or
 * File (through createImageBitmap, without premultiplying or colour-space
 * conversion), an <img> (awaiting its decoding), an ImageBitmap, a canvas or
 * OffscreenCanvas, a VideoFrame; ImageData and other images are returned as
 * they are. Each kind is accepted only where the runtime has its class.
 */
export function loadImage(source: BrowserImage): Promise<LoadedImage> {
  return named('loadImage', () => loadAny(source) as Promise<LoadedImage>);
}

/** `loadImage` for anything: what is not a browser source passes through. */
export async function loadAny<T>(x: T): Promise<T | LoadedImage> {
  if (is(x, 'Blob')) {
    const create = (globalThis as unknown as { createImageBitmap?: (b: unknown, o: object) => Promise<Drawable & { close(): void }> }).createImageBitmap;
    if (typeof create !== 'function') throw invalid('image', x, 'a Blob where the runtime has createImageBitmap');
    const bitmap = await create(x, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
    try {
      return pixelsOf(bitmap, bitmap);
    } finally {
      bitmap.close();
    }
  }
  if (is(x, 'HTMLImageElement')) await (x as { decode(): Promise<void> }).decode();
  if (is(x, 'VideoFrame')) return (await copyFrame(x as Frame)) ?? readImage(x);
  return readImage(x);
}

type Frame = { displayWidth: number; displayHeight: number; visibleRect: Drawable | null; copyTo(d: Uint8ClampedArray, o: object): Promise<unknown> };

/**
 * A VideoFrame's pixels converted to RGBA by the frame itself (one copy, no
 * canvas), where the runtime can (Chromium 127+) and the frame is shown at
 * its own size; undefined otherwise (the canvas then scales it as shown).
 */
async function copyFrame(f: Frame): Promise<LoadedImage | undefined> {
  const { displayWidth: width, displayHeight: height, visibleRect: rect } = f;
  if (rect?.width !== width || rect.height !== height) return undefined;
  const data = new Uint8ClampedArray(width * height * 4);
  try {
    await f.copyTo(data, { format: 'RGBA', rect, colorSpace: 'srgb' });
  } catch {
    return undefined;
  }
  return { data, width, height };
}

/** ImageData from a result's samples: 8-bit shared, 16-bit rounded (v / 257), float clamped to 0..1 and scaled (no sRGB encoding). */
export function toImageData(data: ImageSamples, width: number, height: number, channels = 4): unknown {
  const Image = host.ImageData;
  if (typeof Image !== 'function') {
    throw new ResampleError('INVALID_ARGUMENT', 'toImageData: this runtime has no ImageData (browsers have it; elsewhere use data, width and height)');
  }
  if (data instanceof Uint8ClampedArray && channels === 4) return new Image(data, width, height);
  const scale = data instanceof Uint16Array ? 1 / 257 : data instanceof Float32Array ? 255 : 1;
  const bytes = new Uint8ClampedArray(width * height * 4);
  // Gray is spread over R, G and B; a missing alpha is opaque. (Uint8ClampedArray
  // rounds and clamps on assignment; NaN becomes 0.)
  const from = channels < 3 ? [0, 0, 0] : [0, 1, 2];
  const alpha = channels % 2 === 0 ? channels - 1 : -1;
  for (let p = 0, i = 0; p < bytes.length; p += 4, i += channels) {
    for (let k = 0; k < 3; k++) bytes[p + k] = data[i + from[k]] * scale;
    bytes[p + 3] = alpha < 0 ? 255 : data[i + alpha] * scale;
  }
  return new Image(bytes, width, height);
}
