// ImageData-style resize: interleaved RGBA u8 in, a new Uint8ClampedArray
// out. Options are checked here; the crate re-checks only what could make it
// touch memory outside its blocks.
import { IMAGE_FILTER_SUPPORT, ImageFilter as FilterCode, MAX_BLOCK_BYTES, ResizeImageArgs } from '../abi.js';
import { call, isPositiveInt, optionalBool } from '../args.js';
import { planGeometry, type Canvas, type CropRect, type Fit, type Position } from './resizeImage/geometry.js';
import { planSharpen, runSharpen, type SharpenOptions, type SharpenPlan } from './resizeImage/sharpen.js';
import { ResampleError, invalid, named, show } from '../errors.js';
import { declareOptions } from '../options.js';
import type { OverArrayBuffer } from '../host.js';
import { isTensor, type Heap, type Tensor } from '../tensor.js';

/** The crate's filters (crate/src/resize_image/filters.rs), in lower case. */
export type ImageFilter = Lowercase<keyof typeof FilterCode>;

/** ImageData, or anything shaped like it. */
export interface ImageLike {
  /** RGBA bytes, row after row: width × height × 4 of them. */
  data: Uint8Array | Uint8ClampedArray;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

/** Options of `rs.resizeImage` and `pool.resizeImage`. */
export interface ResizeImageOptions {
  /** Output width; when omitted, follows `height` keeping the aspect ratio. One of width and height is required. */
  width?: number | undefined;
  /** Output height; when omitted, follows `width` keeping the aspect ratio. One of width and height is required. */
  height?: number | undefined;
  /** The resampling filter. Default 'lanczos3'. Downscaling widens every filter but 'nearest' by the scale factor (antialiasing). */
  filter?: ImageFilter | undefined;
  /** Resample colour weighted by alpha, so transparent pixels leave no dark fringe. Default true. */
  premultiplyAlpha?: boolean | undefined;
  /** Resample in linear light (sRGB decoded, then re-encoded). Default false. */
  linearLight?: boolean | undefined;
  /**
   * How the image fits `width × height`, as sharp: 'fill' (default) stretches to exactly that size; 'cover' keeps
   * the aspect ratio and crops to fill it; 'contain' keeps the aspect ratio and pads with `background`; 'inside'
   * and 'outside' keep the aspect ratio, the result no larger (inside) or no smaller (outside) than the box.
   * With only one of width and height, every fit keeps the aspect ratio.
   */
  fit?: Fit | undefined;
  /** Where 'cover' crops and 'contain' places the image: sharp's positions ('top', 'right top', ...) or gravities ('north', 'northeast', ...). Default 'centre'. */
  position?: Position | undefined;
  /** The padding colour of 'contain', [r, g, b, a] each 0 to 255. Default [0, 0, 0, 255] (opaque black, as sharp). */
  background?: readonly number[] | undefined;
  /** Never enlarge: an axis the fit would enlarge keeps its size (sharp's). Default false. */
  withoutEnlargement?: boolean | undefined;
  /** Never reduce: an axis the fit would reduce keeps its size (sharp's; wins over withoutEnlargement). Default false. */
  withoutReduction?: boolean | undefined;
  /** Resize only this source rectangle (source pixels, fractional allowed), as if it were the image; it is not cut out first: only the rows and columns the filter reads are used. Default: the whole image. */
  crop?: CropRect | undefined;
  /** pica's unsharp mask on the result (its lightness: max of R, G, B). Default: none. */
  sharpen?: SharpenOptions | undefined;
}

/** What resizeImage returns: ImageData-shaped, its pixels owned by JS. */
export interface ResizedImage {
  /** RGBA bytes, row after row: width × height × 4 of them. */
  data: OverArrayBuffer<Uint8ClampedArray>;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

/** The options of rs.resizeImage and of a pool's resizeImage. */
export const resizeOptions = declareOptions<ResizeImageOptions>(['resizeImage', 'pool.resizeImage'], {
  width: true, height: true, filter: true, premultiplyAlpha: true, linearLight: true,
  fit: true, position: true, background: true, withoutEnlargement: true, withoutReduction: true, crop: true, sharpen: true,
});

/** An image or a uint8 tensor of shape [height, width, 4] in linear memory (the zero-copy input). */
export type ImageInput = ImageLike | Tensor;

const FILTERS = new Map(Object.entries(FilterCode).map(([name, code]) => [name.toLowerCase(), code]));

// The crate takes dimensions below 2^28; an output must fit one block.
const MAX_SIDE = 2 ** 28 - 1;

/** A validated resize: everything the kernel call needs except the pixels. */
export interface ImagePlan {
  inW: number;
  inH: number;
  outW: number;
  outH: number;
  /** The crate's filter code. */
  filter: number;
  premultiply: boolean;
  linearLight: boolean;
  /** [left, top, width, height]: the source rectangle resampled to outW × outH. */
  window: [number, number, number, number];
  /** 'contain': the canvas the outW × outH result is placed on. */
  canvas?: Canvas;
  sharpen?: SharpenPlan;
}

function side(option: string, v: unknown): number {
  if (!isPositiveInt(v) || v > MAX_SIDE) throw invalid(option, v, `a positive integer up to ${MAX_SIDE}`);
  return v;
}

/** Checks the options (their keys already checked) against an input of `inW × inH` and sizes the output. */
export function planResize(inW: number, inH: number, o: ResizeImageOptions): ImagePlan {
  if (o.width === undefined && o.height === undefined) throw invalid('width', o.width, 'given (or height given)');
  const tw = o.width === undefined ? undefined : side('width', o.width);
  const th = o.height === undefined ? undefined : side('height', o.height);
  const { outW, outH, window, canvas } = planGeometry(inW, inH, tw, th, o);
  for (const [w, h] of [[outW, outH], [canvas?.width ?? 0, canvas?.height ?? 0]]) {
    if (w * h * 4 > MAX_BLOCK_BYTES || Math.max(w, h) > MAX_SIDE) {
      throw new ResampleError('OUT_OF_MEMORY', `width ${w} × height ${h} needs ${w * h * 4} bytes, more than wasm32 memory holds`);
    }
  }
  const name = o.filter ?? 'lanczos3';
  const filter = FILTERS.get(name);
  if (filter === undefined) throw invalid('filter', name, `one of ${[...FILTERS.keys()].map(show).join(', ')}`);
  const premultiply = optionalBool('premultiplyAlpha', o.premultiplyAlpha) ?? true;
  const linearLight = optionalBool('linearLight', o.linearLight) ?? false;
  const sharpen = planSharpen(o.sharpen);
  return { inW, inH, outW, outH, filter, premultiply, linearLight, window, canvas, sharpen };
}

/** Width and height of an image input, checked. */
export function imageSize(image: ImageInput): { width: number; height: number } {
  if (isTensor(image)) {
    image.assertLive('image');
    const s = image.shape;
    if (image.dtype !== 'uint8' || s.length !== 3 || s[2] !== 4 || s[0] === 0 || s[1] === 0) {
      throw invalid('image', `${image.dtype} tensor of shape ${show(s)}`, "a 'uint8' tensor of shape [height, width, 4]");
    }
    return { width: s[1], height: s[0] };
  }
  if (!image || typeof image !== 'object') throw invalid('image', image, 'an ImageData-like { data, width, height } or a uint8 tensor');
  const { data, width, height } = image;
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) throw invalid('image.data', data, 'a Uint8Array or Uint8ClampedArray');
  const w = side('image.width', width);
  const h = side('image.height', height);
  if (data.length !== w * h * 4) {
    throw new ResampleError('SHAPE_MISMATCH', `image.data has ${data.length} bytes, width ${w} × height ${h} RGBA needs ${w * h * 4}`);
  }
  return { width: w, height: h };
}

/** Output rows `[y0, y1)` and the source rows `[lo, hi)` and columns `[x0, x1)` they read (with margin for window clamping). */
export interface Band {
  y0: number;
  y1: number;
  lo: number;
  hi: number;
  x0: number;
  x1: number;
}

/** Source positions `[lo, hi)` that outputs `j0..j1` read on an axis of `length` from window `[at, at + span)`. */
function reads(plan: ImagePlan, length: number, outLen: number, at: number, span: number, j0: number, j1: number): [number, number] {
  const scale = span / outLen;
  const support = plan.filter === FilterCode.Nearest ? 0.5 : IMAGE_FILTER_SUPPORT[plan.filter] * Math.max(scale, 1);
  const lo = Math.floor(at + (j0 + 0.5) * scale - support) - 4;
  const hi = Math.ceil(at + (j1 - 0.5) * scale + support) + 4;
  return [Math.max(0, lo), Math.min(length, hi)];
}

/** The source rows and columns a band of output rows needs; a few pixels of margin cover the crate's window rounding. */
export function band(plan: ImagePlan, y0: number, y1: number): Band {
  const [left, top, cols, rows] = plan.window;
  const [lo, hi] = reads(plan, plan.inH, plan.outH, top, rows, y0, y1);
  // (An axis left as it is comes out whole: its kernel pass needs every column.)
  const [x0, x1] = reads(plan, plan.inW, plan.outW, left, cols, 0, plan.outW);
  return { y0, y1, lo, hi, x0, x1 };
}

/** The band's pixels of `data` (rows `b.lo..b.hi` of an image `width` wide), as one compact block. */
export function bandBytes(data: Uint8Array | Uint8ClampedArray, width: number, b: Band): Uint8Array {
  if (b.x0 === 0 && b.x1 === width) return new Uint8Array(data.subarray(b.lo * width * 4, b.hi * width * 4));
  const row = (b.x1 - b.x0) * 4;
  const out = new Uint8Array((b.hi - b.lo) * row);
  for (let y = b.lo; y < b.hi; y++) out.set(data.subarray((y * width + b.x0) * 4, (y * width + b.x1) * 4), (y - b.lo) * row);
  return out;
}

/**
 * Runs the kernel on `src` and returns output rows `b.y0..b.y1` as a new
 * array owned by JS. `src` is the whole image (a tensor, read in place: `b`
 * then omitted), or rows `b.lo..b.hi` of it, `src.width` pixels long: the
 * whole rows, or just columns `b.x0..b.x1`. A call for the whole output
 * also sharpens it and places it on its canvas.
 */
export function runResize(heap: Heap, src: ImageInput, plan: ImagePlan, b?: Band): ResizedImage['data'] {
  const { y0, y1, lo, hi, x0, x1 } = b ?? { y0: 0, y1: plan.outH, lo: 0, hi: plan.inH, x0: 0, x1: plan.inW };
  const whole = y0 === 0 && y1 === plan.outH;
  return call(heap, 'resizeImage', (c) => {
    let x: Tensor;
    if (isTensor(src)) x = c.input(src, 'image', 'uint8');
    else if (src.width === x1 - x0) x = c.input({ shape: [hi - lo, x1 - x0, 4], data: src.data }, 'image', 'uint8');
    else {
      // Just the columns read go into linear memory, row by row.
      x = c.scratch([hi - lo, x1 - x0, 4], 'uint8');
      for (let y = 0; y < hi - lo; y++) x.data.set(src.data.subarray((y * src.width + x0) * 4, (y * src.width + x1) * 4), y * (x1 - x0) * 4);
    }
    const y = c.output([y1 - y0, plan.outW, 4], 'uint8', undefined);
    const { inW, inH, outW, outH, filter, premultiply, linearLight, window } = plan;
    c.kernel(ResizeImageArgs, {
      src: x.ptr, dst: y.ptr, filter, premultiply, linearLight,
      inWidth: inW, inHeight: inH, outWidth: outW, outHeight: outH,
      srcY0: lo, srcRows: hi - lo, dstY0: y0, dstRows: y1 - y0, window, srcX0: x0, srcCols: x1 - x0,
    });
    if (whole && plan.sharpen) runSharpen(c, y.ptr, outW, outH, plan.sharpen);
    const out = whole && plan.canvas ? compose(plan, [y.data as Uint8Array]) : new Uint8ClampedArray(y.data);
    y.dispose();
    return out;
  });
}

/**
 * The result from its rows (`parts`, in order, `outW` pixels each): a copy of
 * them, or with a canvas, the visible part placed on it and only the rest
 * filled with the background.
 */
export function compose(plan: ImagePlan, parts: readonly (Uint8Array | Uint8ClampedArray)[]): ResizedImage['data'] {
  const { outW, outH } = plan;
  const { width: W, height: H, left, top, background } = plan.canvas ?? { width: outW, height: outH, left: 0, top: 0, background: [0, 0, 0, 0] };
  const out = new Uint8ClampedArray(W * H * 4);
  const [x0, x1, y0, y1] = [Math.max(0, left), Math.min(W, left + outW), Math.max(0, top), Math.min(H, top + outH)];
  if (plan.canvas) {
    const px = new Uint32Array(out.buffer);
    const bg = new Uint32Array(new Uint8Array(background).buffer)[0];
    px.fill(bg, 0, y0 * W);
    px.fill(bg, y1 * W);
    for (let y = y0; y < y1; y++) {
      px.fill(bg, y * W, y * W + x0);
      px.fill(bg, y * W + x1, (y + 1) * W);
    }
  }
  let y = top;
  for (const bytes of parts) {
    if (W === outW && left === 0 && y >= 0 && y + bytes.length / (outW * 4) <= H) {
      out.set(bytes, y * W * 4);
      y += bytes.length / (outW * 4);
      continue;
    }
    for (let at = 0; at < bytes.length; at += outW * 4, y++) {
      if (y >= y0 && y < y1) out.set(bytes.subarray(at + (x0 - left) * 4, at + (x1 - left) * 4), (y * W + x0) * 4);
    }
  }
  return out;
}

export function resizeImage(heap: Heap, image: ImageInput, options: ResizeImageOptions): ResizedImage {
  return named('resizeImage', () => {
    const o = resizeOptions('resizeImage', options);
    const { width, height } = imageSize(image);
    const plan = planResize(width, height, o);
    const size = { width: plan.canvas?.width ?? plan.outW, height: plan.canvas?.height ?? plan.outH };
    if (isTensor(image)) return { data: runResize(heap, image, plan), ...size };
    // Only the rows the output reads go into linear memory (a crop's, for one).
    const b = band(plan, 0, plan.outH);
    const rows = { ...image, data: image.data.subarray(b.lo * width * 4, b.hi * width * 4) };
    return { data: runResize(heap, rows, plan, b), ...size };
  });
}
