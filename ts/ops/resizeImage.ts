// ImageData-style resize: interleaved RGBA in (8-bit, 16-bit or float, see
// resizeImage/formats.ts; browser sources, see resizeImage/browser.ts), a
// new array of the same format out. Options are checked here; the crate
// re-checks only what could make it touch memory outside its blocks.
import { IMAGE_FILTER_SUPPORT, ImageFilter as FilterCode, MAX_BLOCK_BYTES, ResizeImageArgs } from '../abi.js';
import { call, isPositiveInt, optionalBool } from '../args.js';
import { ResampleError, invalid, named, show } from '../errors.js';
import { declareOptions } from '../options.js';
import type { HostClass, OverArrayBuffer } from '../host.js';
import { isTensor, type Heap, type Tensor } from '../tensor.js';
import { readImage, toImageData, type DrawableImage } from './resizeImage/browser.js';
import { checkSamples, formatOf, premultiplies, samplesIn, samplesOf, samplesOut, type ImageSamples, type ResizedSamples, type SampleFormat } from './resizeImage/formats.js';

/** The crate's filters (crate/src/resize_image/filters.rs), in lower case. */
export type ImageFilter = Lowercase<keyof typeof FilterCode>;

/** ImageData, or anything shaped like it; 16-bit and float samples too. */
export interface ImageLike<D extends ImageSamples = ImageSamples> {
  /**
   * RGBA samples, row after row: width × height × 4 of them. 8-bit
   * (Uint8Array, Uint8ClampedArray), 16-bit (Uint16Array, e.g. a 16-bit PNG)
   * or float (Float32Array, nominally 0..1, values outside kept).
   */
  data: D;
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
  /**
   * The samples are sRGB-encoded: decode them to linear light, resample, re-encode.
   * Default false: samples are resampled as they are (the usual choice for
   * float images, which are linear already; for 8- and 16-bit sRGB images
   * true is the more accurate, slower choice).
   */
  linearLight?: boolean | undefined;
}

/** What resizeImage returns: ImageData-shaped, its pixels owned by JS, in the input's sample format. */
export interface ResizedImage<D = Uint8ClampedArray> {
  /** RGBA samples, row after row: width × height × 4 of them (8-bit input gives a Uint8ClampedArray). */
  data: OverArrayBuffer<D extends ImageSamples ? D : Uint8ClampedArray>;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /**
   * The pixels as an ImageData, for `putImageData`: 8-bit data is shared, not
   * copied; 16-bit is rounded to 8 (v / 257), float clamped to 0..1 and scaled
   * to 0..255 (no sRGB encoding). Throws INVALID_ARGUMENT where the runtime has
   * no ImageData (Node).
   */
  toImageData(): HostClass<'ImageData'>;
}

/** A result of resizeImage (or of a pool's), with its toImageData. */
export function resized<D extends ImageSamples>(data: D, width: number, height: number): ResizedImage<D> {
  return Object.assign(Object.create(RESIZED) as object, { data, width, height }) as ResizedImage<D>;
}

// A prototype, so results compare as plain { data, width, height } objects.
const RESIZED = {
  toImageData(this: ResizedImage<ImageSamples>) {
    return toImageData(this.data, this.width, this.height);
  },
};

/** The options of rs.resizeImage and of a pool's resizeImage. */
export const resizeOptions = declareOptions<ResizeImageOptions>(['resizeImage', 'pool.resizeImage'], {
  width: true, height: true, filter: true, premultiplyAlpha: true, linearLight: true,
});

/**
 * An image, a uint8 or float32 tensor of shape [height, width, 4] in linear
 * memory (the zero-copy input), or a browser source the canvas can draw.
 * (A Blob, or an <img> still loading, goes through `loadImage` or the pool.)
 */
export type ImageInput = ImageLike | Tensor | DrawableImage;

/** The result's samples for input `I`. */
export type ResizedFrom<I> = I extends ImageLike<infer D> ? ResizedSamples<D> : I extends Tensor<'float32'> ? Float32Array : Uint8ClampedArray;

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
  /** The crate's sample format (ImageSampleFormat); 8-bit unless withFormat says otherwise. */
  format?: SampleFormat;
}

function side(option: string, v: unknown): number {
  if (!isPositiveInt(v) || v > MAX_SIDE) throw invalid(option, v, `a positive integer up to ${MAX_SIDE}`);
  return v;
}

/** Checks the options (their keys already checked) against an input of `inW × inH` and sizes the output. */
export function planResize(inW: number, inH: number, o: ResizeImageOptions): ImagePlan {
  if (o.width === undefined && o.height === undefined) throw invalid('width', o.width, 'given (or height given)');
  const outW = o.width === undefined ? Math.max(1, Math.round((inW * side('height', o.height)) / inH)) : side('width', o.width);
  const outH = o.height === undefined ? Math.max(1, Math.round((inH * outW) / inW)) : side('height', o.height);
  if (outW * outH * 4 > MAX_BLOCK_BYTES) {
    throw new ResampleError('OUT_OF_MEMORY', `width ${outW} × height ${outH} needs ${outW * outH * 4} bytes, more than wasm32 memory holds`);
  }
  const name = o.filter ?? 'lanczos3';
  const filter = FILTERS.get(name);
  if (filter === undefined) throw invalid('filter', name, `one of ${[...FILTERS.keys()].map(show).join(', ')}`);
  const premultiply = optionalBool('premultiplyAlpha', o.premultiplyAlpha) ?? true;
  const linearLight = optionalBool('linearLight', o.linearLight) ?? false;
  return { inW, inH, outW, outH, filter, premultiply, linearLight };
}

/** Width, height and sample format of an image input (browser sources already read), checked. */
export function imageSize(image: ImageLike | Tensor): { width: number; height: number; format: SampleFormat } {
  if (isTensor(image)) {
    image.assertLive('image');
    const s = image.shape;
    const format = formatOf(image);
    if (format === undefined || s.length !== 3 || s[2] !== 4 || s[0] === 0 || s[1] === 0) {
      throw invalid('image', `${image.dtype} tensor of shape ${show(s)}`, "a 'uint8' or 'float32' tensor of shape [height, width, 4]");
    }
    return { width: s[1], height: s[0], format };
  }
  if (!image || typeof image !== 'object') throw invalid('image', image, 'an ImageData-like { data, width, height }, a uint8 or float32 tensor, or a browser image');
  const { data, width, height } = image;
  const format = checkSamples(data);
  const w = side('image.width', width);
  const h = side('image.height', height);
  if (data.length !== w * h * 4) {
    throw new ResampleError('SHAPE_MISMATCH', `image.data has ${data.length} samples, width ${w} × height ${h} RGBA needs ${w * h * 4}`);
  }
  return { width: w, height: h, format };
}

/** `plan` for an image of `format`: premultiplying decided here for 16-bit and float (see formats.ts). */
export function withFormat(plan: ImagePlan, image: ImageLike | Tensor, format: SampleFormat): ImagePlan {
  return { ...plan, format, premultiply: premultiplies(format, image.data as ImageSamples, plan.premultiply) };
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
export function runResize(heap: Heap, src: ImageLike | Tensor, plan: ImagePlan, b?: Band): Uint8ClampedArray | Uint16Array | Float32Array {
  const { y0, y1, lo, hi } = b ?? { y0: 0, y1: plan.outH, lo: 0, hi: plan.inH };
  const format = plan.format ?? 0;
  return call(heap, 'resizeImage', (c) => {
    const x = samplesIn(c, isTensor(src) ? src : src.data, format, hi - lo, plan.inW);
    const y = samplesOut(c, format, y1 - y0, plan.outW);
    const { inW, inH, outW, outH, filter, premultiply, linearLight } = plan;
    c.kernel(ResizeImageArgs, {
      src: x.ptr, dst: y.ptr, filter, premultiply, linearLight,
      inWidth: inW, inHeight: inH, outWidth: outW, outHeight: outH,
      srcY0: lo, srcRows: hi - lo, dstY0: y0, dstRows: y1 - y0, format,
    });
    const out = samplesOf(y, format);
    y.dispose();
    return out;
  });
}

export function resizeImage(heap: Heap, input: ImageInput, options: ResizeImageOptions): ResizedImage<ImageSamples> {
  return named('resizeImage', () => {
    const o = resizeOptions('resizeImage', options);
    const image = readImage(input) as ImageLike | Tensor;
    const { width, height, format } = imageSize(image);
    const plan = withFormat(planResize(width, height, o), image, format);
    return resized(runResize(heap, image, plan), plan.outW, plan.outH);
  });
}
