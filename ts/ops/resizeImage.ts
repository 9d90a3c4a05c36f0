// ImageData-style resize: interleaved u8 pixels of 1 to 4 channels (RGBA
// by default) in, a new Uint8ClampedArray out. Options are checked here; the crate re-checks only what could make it
// touch memory outside its blocks.
import { IMAGE_FILTER_SUPPORT, ImageFilter as FilterCode, MAX_BLOCK_BYTES, ResizeImageArgs } from '../abi.js';
import { call, isPositiveInt, optionalBool } from '../args.js';
import { ResampleError, invalid, named, show } from '../errors.js';
import { declareOptions } from '../options.js';
import type { OverArrayBuffer } from '../host.js';
import { isTensor, type Heap, type Tensor } from '../tensor.js';

/** The crate's filters (crate/src/resize_image/filters.rs), in lower case. */
export type ImageFilter = Lowercase<keyof typeof FilterCode>;

/** Bytes per pixel: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA. */
export type ImageChannels = 1 | 2 | 3 | 4;

/** ImageData, or anything shaped like it. */
export interface ImageLike {
  /** Pixel bytes, row after row: width × height × channels of them. */
  data: Uint8Array | Uint8ClampedArray;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Bytes per pixel: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA (alpha last). Default 4. */
  channels?: ImageChannels | undefined;
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
}

/** What resizeImage returns: ImageData-shaped, its pixels owned by JS. */
export interface ResizedImage {
  /** Pixel bytes, row after row: width × height × channels of them. */
  data: OverArrayBuffer<Uint8ClampedArray>;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Bytes per pixel, as the input's. */
  channels: ImageChannels;
}

/** The options of rs.resizeImage and of a pool's resizeImage. */
export const resizeOptions = declareOptions<ResizeImageOptions>(['resizeImage', 'pool.resizeImage'], {
  width: true, height: true, filter: true, premultiplyAlpha: true, linearLight: true,
});

/** An image or a uint8 tensor of shape [height, width, channels] (channels 1 to 4) in linear memory (the zero-copy input). */
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
  /** Bytes per pixel, 1 to 4. */
  channels: ImageChannels;
}

function side(option: string, v: unknown): number {
  if (!isPositiveInt(v) || v > MAX_SIDE) throw invalid(option, v, `a positive integer up to ${MAX_SIDE}`);
  return v;
}

/** Checks the options (their keys already checked) against an input of `inW × inH` and sizes the output. */
export function planResize(inW: number, inH: number, o: ResizeImageOptions, channels: ImageChannels = 4): ImagePlan {
  if (o.width === undefined && o.height === undefined) throw invalid('width', o.width, 'given (or height given)');
  const outW = o.width === undefined ? Math.max(1, Math.round((inW * side('height', o.height)) / inH)) : side('width', o.width);
  const outH = o.height === undefined ? Math.max(1, Math.round((inH * outW) / inW)) : side('height', o.height);
  if (outW * outH * channels > MAX_BLOCK_BYTES) {
    throw new ResampleError('OUT_OF_MEMORY', `width ${outW} × height ${outH} needs ${outW * outH * channels} bytes, more than wasm32 memory holds`);
  }
  const name = o.filter ?? 'lanczos3';
  const filter = FILTERS.get(name);
  if (filter === undefined) throw invalid('filter', name, `one of ${[...FILTERS.keys()].map(show).join(', ')}`);
  const premultiply = optionalBool('premultiplyAlpha', o.premultiplyAlpha) ?? true;
  const linearLight = optionalBool('linearLight', o.linearLight) ?? false;
  return { inW, inH, outW, outH, filter, premultiply, linearLight, channels };
}

const isChannels = (c: unknown): c is ImageChannels => c === 1 || c === 2 || c === 3 || c === 4;
const CHANNEL_NAMES = ['', 'gray', 'gray + alpha', 'RGB', 'RGBA'];

/** Width, height and channels of an image input, checked. */
export function imageSize(image: ImageInput): { width: number; height: number; channels: ImageChannels } {
  if (isTensor(image)) {
    image.assertLive('image');
    const s = image.shape;
    if (image.dtype !== 'uint8' || s.length !== 3 || !isChannels(s[2]) || s[0] === 0 || s[1] === 0) {
      throw invalid('image', `${image.dtype} tensor of shape ${show(s)}`, "a 'uint8' tensor of shape [height, width, 4] (or 1, 2, 3 channels)");
    }
    return { width: s[1], height: s[0], channels: s[2] };
  }
  if (!image || typeof image !== 'object') throw invalid('image', image, 'an ImageData-like { data, width, height, channels? } or a uint8 tensor');
  const { data, width, height } = image;
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) throw invalid('image.data', data, 'a Uint8Array or Uint8ClampedArray');
  const w = side('image.width', width);
  const h = side('image.height', height);
  const c = image.channels ?? 4;
  if (!isChannels(c)) throw invalid('image.channels', c, '1, 2, 3 or 4');
  if (data.length !== w * h * c) {
    throw new ResampleError('SHAPE_MISMATCH', `image.data has ${data.length} bytes, width ${w} × height ${h} ${CHANNEL_NAMES[c]} needs ${w * h * c}`);
  }
  return { width: w, height: h, channels: c };
}

/** Output rows `[y0, y1)` and the source rows `[lo, hi)` they read (with margin for window clamping). */
export interface Band {
  y0: number;
  y1: number;
  lo: number;
  hi: number;
}

/** The source rows a band of output rows needs; a few rows of margin cover the crate's window rounding. */
export function band(plan: ImagePlan, y0: number, y1: number): Band {
  if (plan.filter === FilterCode.Nearest || plan.inH === plan.outH) {
    const scale = plan.inH / plan.outH;
    return { y0, y1, lo: Math.max(0, Math.floor(y0 * scale) - 1), hi: Math.min(plan.inH, Math.ceil(y1 * scale) + 1) };
  }
  const scale = plan.inH / plan.outH;
  const support = IMAGE_FILTER_SUPPORT[plan.filter] * Math.max(scale, 1);
  const lo = Math.floor((y0 + 0.5) * scale - support) - 4;
  const hi = Math.ceil((y1 - 0.5) * scale + support) + 4;
  return { y0, y1, lo: Math.max(0, lo), hi: Math.min(plan.inH, hi) };
}

/**
 * Runs the kernel on `src` (source rows `b.lo..b.hi`, all rows by default)
 * and returns output rows `b.y0..b.y1` as a new array owned by JS.
 */
export function runResize(heap: Heap, src: ImageInput, plan: ImagePlan, b?: Band): ResizedImage['data'] {
  const { y0, y1, lo, hi } = b ?? { y0: 0, y1: plan.outH, lo: 0, hi: plan.inH };
  return call(heap, 'resizeImage', (c) => {
    const { inW, inH, outW, outH, filter, premultiply, linearLight, channels } = plan;
    const x = isTensor(src) ? c.input(src, 'image', 'uint8') : c.input({ shape: [hi - lo, inW, channels], data: src.data }, 'image', 'uint8');
    const y = c.output([y1 - y0, outW, channels], 'uint8', undefined);
    c.kernel(ResizeImageArgs, {
      src: x.ptr, dst: y.ptr, filter, premultiply, linearLight,
      inWidth: inW, inHeight: inH, outWidth: outW, outHeight: outH,
      srcY0: lo, srcRows: hi - lo, dstY0: y0, dstRows: y1 - y0, channels,
    });
    const out = new Uint8ClampedArray(y.data);
    y.dispose();
    return out;
  });
}

export function resizeImage(heap: Heap, image: ImageInput, options: ResizeImageOptions): ResizedImage {
  return named('resizeImage', () => {
    const o = resizeOptions('resizeImage', options);
    const { width, height, channels } = imageSize(image);
    const plan = planResize(width, height, o, channels);
    return { data: runResize(heap, image, plan), width: plan.outW, height: plan.outH, channels };
  });
}
