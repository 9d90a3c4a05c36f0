// ImageData-style resize: interleaved pixels in (8-bit of 1 to 4 channels,
// RGBA by default; 16-bit or float RGBA, see resizeImage/formats.ts; browser
// sources, see resizeImage/browser.ts), a new array of the same format out. Options are checked here; the crate
// re-checks only what could make it touch memory outside its blocks.
import { IMAGE_FILTER_SUPPORT, ImageFilter as FilterCode, ImageSampleFormat, MAX_BLOCK_BYTES, ResizeImageArgs } from '../abi.js';
import { call, isPositiveInt, optionalBool, type Call } from '../args.js';
import { planGeometry, type Canvas, type CropRect, type Fit, type Position } from './resizeImage/geometry.js';
import { planSharpen, runSharpen, type SharpenOptions, type SharpenPlan } from './resizeImage/sharpen.js';
import { ResampleError, invalid, named, show } from '../errors.js';
import { declareOptions, type KeySet } from '../options.js';
import type { HostClass, OverArrayBuffer } from '../host.js';
import { isTensor, type Heap, type Tensor } from '../tensor.js';
import { readImage, toImageData, type DrawableImage } from './resizeImage/browser.js';
import { checkSamples, formatOf, premultiplies, samplesIn, samplesOf, samplesOut, type ImageSamples, type ResizedSamples, type SampleFormat } from './resizeImage/formats.js';

/** The crate's filters (crate/src/resize_image/filters.rs), in lower case. */
export type ImageFilter = Lowercase<keyof typeof FilterCode>;

/** Samples per pixel: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA. */
export type ImageChannels = 1 | 2 | 3 | 4;

/** ImageData, or anything shaped like it; 16-bit and float samples too. */
export interface ImageLike<D extends ImageSamples = ImageSamples> {
  /**
   * Samples, row after row: width × height × channels of them. 8-bit
   * (Uint8Array, Uint8ClampedArray), 16-bit (Uint16Array, e.g. a 16-bit PNG)
   * or float (Float32Array, nominally 0..1, values outside kept).
   */
  data: D;
  /** Samples per pixel, 1 to 4 for 8-bit images; 16-bit and float images are RGBA. Default 4. */
  channels?: ImageChannels | undefined;
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

/** Options of `rs.resizeImage`: a pool's, and `out` (a pool's workers have memories of their own). */
export interface ResizeImageOutOptions extends ResizeImageOptions {
  /**
   * Write the result into this tensor of the context and return it, instead
   * of a new array owned by JS (no copy out of linear memory: on a threaded
   * context that copy is the one serial step of a call). A uint8 tensor
   * [height, width, channels] for 8-bit samples, a float32 one
   * [height, width, 4] for float; not an input. None for 16-bit images (no
   * uint16 tensors). Default: a new array.
   */
  out?: Tensor | undefined;
}

/** What resizeImage returns: ImageData-shaped, its pixels owned by JS, in the input's sample format. */
export interface ResizedImage<D = Uint8ClampedArray> {
  /** Samples, row after row: width × height × channels of them (8-bit input gives a Uint8ClampedArray). */
  data: OverArrayBuffer<D extends ImageSamples ? D : Uint8ClampedArray>;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Samples per pixel, as the input's. */
  channels: ImageChannels;
  /**
   * The pixels as an ImageData, for `putImageData`: 8-bit RGBA data is shared, not
   * copied; 16-bit is rounded to 8 (v / 257), float clamped to 0..1 and scaled
   * to 0..255 (no sRGB encoding); gray is spread over R, G, B, a missing alpha is 255. Throws INVALID_ARGUMENT where the runtime has
   * no ImageData (Node).
   */
  toImageData(): HostClass<'ImageData'>;
}

/** A result of resizeImage (or of a pool's), with its toImageData. */
export function resized<D extends ImageSamples>(data: D, width: number, height: number, channels: ImageChannels = 4): ResizedImage<D> {
  return Object.assign(Object.create(RESIZED) as object, { data, width, height, channels }) as ResizedImage<D>;
}

// A prototype, so results compare as plain { data, width, height } objects.
const RESIZED = {
  toImageData(this: ResizedImage<ImageSamples>) {
    return toImageData(this.data, this.width, this.height, this.channels);
  },
};

const IMAGE_KEYS: KeySet<ResizeImageOptions> = {
  width: true, height: true, filter: true, premultiplyAlpha: true, linearLight: true,
  fit: true, position: true, background: true, withoutEnlargement: true, withoutReduction: true, crop: true, sharpen: true,
};

/** The options of a pool's resizeImage. */
export const resizeOptions = declareOptions<ResizeImageOptions>(['pool.resizeImage'], IMAGE_KEYS);
const outOptions = declareOptions<ResizeImageOutOptions>(['resizeImage'], { ...IMAGE_KEYS, out: true });

/**
 * An image, a uint8 tensor of shape [height, width, channels] (1 to 4) or a
 * float32 one of shape [height, width, 4] in linear memory (the zero-copy
 * input), or a browser source the canvas can draw.
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
  /** [left, top, width, height]: the source rectangle resampled to outW × outH. */
  window: [number, number, number, number];
  /** 'contain': the canvas the outW × outH result is placed on. */
  canvas?: Canvas;
  sharpen?: SharpenPlan;
  /** Samples per pixel, 1 to 4 (16-bit and float: 4). */
  channels: ImageChannels;
}

function side(option: string, v: unknown): number {
  if (!isPositiveInt(v) || v > MAX_SIDE) throw invalid(option, v, `a positive integer up to ${MAX_SIDE}`);
  return v;
}

/** Checks the options (their keys already checked) against an input of `inW × inH` and sizes the output. */
export function planResize(inW: number, inH: number, o: ResizeImageOptions, channels: ImageChannels = 4): ImagePlan {
  if (o.width === undefined && o.height === undefined) throw invalid('width', o.width, 'given (or height given)');
  const tw = o.width === undefined ? undefined : side('width', o.width);
  const th = o.height === undefined ? undefined : side('height', o.height);
  const { outW, outH, window, canvas } = planGeometry(inW, inH, tw, th, o);
  for (const [w, h] of [[outW, outH], [canvas?.width ?? 0, canvas?.height ?? 0]]) {
    if (w * h * channels > MAX_BLOCK_BYTES || Math.max(w, h) > MAX_SIDE) {
      throw new ResampleError('OUT_OF_MEMORY', `width ${w} × height ${h} needs ${w * h * channels} bytes, more than wasm32 memory holds`);
    }
  }
  const name = o.filter ?? 'lanczos3';
  const filter = FILTERS.get(name);
  if (filter === undefined) throw invalid('filter', name, `one of ${[...FILTERS.keys()].map(show).join(', ')}`);
  const premultiply = optionalBool('premultiplyAlpha', o.premultiplyAlpha) ?? true;
  const linearLight = optionalBool('linearLight', o.linearLight) ?? false;
  const sharpen = planSharpen(o.sharpen);
  return { inW, inH, outW, outH, filter, premultiply, linearLight, window, canvas, sharpen, channels };
}

const isChannels = (c: unknown): c is ImageChannels => c === 1 || c === 2 || c === 3 || c === 4;
const CHANNEL_NAMES = ['', 'gray', 'gray + alpha', 'RGB', 'RGBA'];

/** Width, height, sample format and channels of an image input (browser sources already read), checked. */
export function imageSize(image: ImageLike | Tensor): { width: number; height: number; format: SampleFormat; channels: ImageChannels } {
  if (isTensor(image)) {
    image.assertLive('image');
    const s = image.shape;
    const format = formatOf(image);
    const c = s[2];
    const fits = format === ImageSampleFormat.Uint8 ? isChannels(c) : c === 4;
    if (format === undefined || s.length !== 3 || !fits || s[0] === 0 || s[1] === 0) {
      throw invalid('image', `${image.dtype} tensor of shape ${show(s)}`, "a 'uint8' tensor of shape [height, width, 1 to 4] or a 'float32' one of shape [height, width, 4]");
    }
    return { width: s[1], height: s[0], format, channels: c as ImageChannels };
  }
  if (!image || typeof image !== 'object') throw invalid('image', image, 'an ImageData-like { data, width, height, channels? }, a uint8 or float32 tensor, or a browser image');
  const { data, width, height } = image;
  const format = checkSamples(data);
  const w = side('image.width', width);
  const h = side('image.height', height);
  const c = image.channels ?? 4;
  if (!isChannels(c) || (format !== ImageSampleFormat.Uint8 && c !== 4)) {
    throw invalid('image.channels', c, format === ImageSampleFormat.Uint8 ? '1, 2, 3 or 4' : '4 (16-bit and float images are RGBA)');
  }
  if (data.length !== w * h * c) {
    throw new ResampleError('SHAPE_MISMATCH', `image.data has ${data.length} samples, width ${w} × height ${h} ${CHANNEL_NAMES[c]} needs ${w * h * c}`);
  }
  return { width: w, height: h, format, channels: c };
}

/** `plan` for an image of `format`: premultiplying decided here for 16-bit and float (see formats.ts). */
export function withFormat(plan: ImagePlan, image: ImageLike | Tensor, format: SampleFormat): ImagePlan {
  if (plan.sharpen && (format !== ImageSampleFormat.Uint8 || plan.channels !== 4)) throw invalid('sharpen', plan.sharpen, 'given for 8-bit RGBA images only (pica sharpens 8-bit RGBA)');
  return { ...plan, format, premultiply: premultiplies(format, image.data as ImageSamples, plan.premultiply) };
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

/** The band's samples of `data` (rows `b.lo..b.hi`, columns `b.x0..b.x1` of an image `width` wide), as one compact block of the same type. */
export function bandSamples<D extends ImageSamples>(data: D, width: number, b: Band, channels: number): D {
  const rows = data.slice(b.lo * width * channels, b.hi * width * channels) as D;
  return b.x0 === 0 && b.x1 === width ? rows : columns(rows, width, b.x0, b.x1, channels);
}

/**
 * Runs the kernel on `src` and returns output rows `b.y0..b.y1` as a new
 * array owned by JS. `src` is the whole image (a tensor, read in place: `b`
 * then omitted), or rows `b.lo..b.hi` of it, `src.width` pixels long: the
 * whole rows, or just columns `b.x0..b.x1`. A call for the whole output
 * also sharpens it and places it on its canvas.
 */
export function runResize(heap: Heap, src: ImageLike | Tensor, plan: ImagePlan, b?: Band): ResizedSamples<ImageSamples> {
  return call(heap, 'resizeImage', (c) => {
    const y = resizeRows(c, src, plan, b);
    const samples = samplesOf(y, plan.format ?? 0);
    const out = wholeOf(plan, b) && plan.canvas ? compose(plan, [samples]) : samples;
    y.dispose();
    return out;
  });
}

/** `runResize` of the whole output into `out`, a tensor of this context (its canvas too). */
function resizeInto(heap: Heap, src: ImageLike | Tensor, plan: ImagePlan, b: Band | undefined, out: Tensor): Tensor {
  return call(heap, 'resizeImage', (c) => {
    const y = resizeRows(c, src, plan, b, out);
    if (y !== out) {
      compose(plan, [y.data as ImageSamples], out.data as ImageSamples);
      y.dispose();
    }
    return out;
  });
}

/**
 * The kernel on `src` (as `runResize`'s), and for the whole output its
 * sharpening: into `out` when given (checked first) and there is no canvas,
 * else into a new tensor of the rows.
 */
function resizeRows(c: Call, src: ImageLike | Tensor, plan: ImagePlan, b?: Band, out?: Tensor): Tensor {
  const { y0, y1, lo, hi, x0, x1 } = b ?? { y0: 0, y1: plan.outH, lo: 0, hi: plan.inH, x0: 0, x1: plan.inW };
  const { inW, inH, outW, outH, filter, premultiply, linearLight, window, channels, canvas, format = 0 } = plan;
  // Just the columns read go into linear memory.
  const data = isTensor(src) ? src : src.width === x1 - x0 ? src.data : columns(src.data, src.width, x0, x1, channels);
  const x = samplesIn(c, data, format, hi - lo, x1 - x0, channels);
  const target = out && samplesOut(c, format, canvas?.height ?? outH, canvas?.width ?? outW, channels, out);
  const y = target && !canvas ? target : samplesOut(c, format, y1 - y0, outW, channels);
  c.kernel(ResizeImageArgs, {
    src: x.ptr, dst: y.ptr, filter, premultiply, linearLight,
    inWidth: inW, inHeight: inH, outWidth: outW, outHeight: outH,
    srcY0: lo, srcRows: hi - lo, dstY0: y0, dstRows: y1 - y0, window, srcX0: x0, srcCols: x1 - x0, format, channels,
  });
  if (wholeOf(plan, b) && plan.sharpen) runSharpen(c, y.ptr, outW, outH, plan.sharpen);
  return y;
}

/** Whether band `b` (none: the whole image) covers every output row. */
const wholeOf = (plan: ImagePlan, b?: Band) => !b || (b.y0 === 0 && b.y1 === plan.outH);

/** Columns `x0..x1` of every row of `data` (rows `width` pixels of `c` samples), as one compact block of the same type. */
function columns<D extends ImageSamples>(data: D, width: number, x0: number, x1: number, c: number): D {
  const [row, rows] = [(x1 - x0) * c, data.length / (width * c)];
  const out = new (data.constructor as new (n: number) => D)(rows * row);
  for (let y = 0; y < rows; y++) out.set(data.subarray((y * width + x0) * c, (y * width + x1) * c), y * row);
  return out;
}

/** The background's samples for `c` channels: gray is its Rec. 601 luma, rounded. */
function backgroundOf([r, g, b, a]: readonly number[], c: number): number[] {
  const gray = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  return [[gray], [gray, a], [r, g, b], [r, g, b, a]][c - 1];
}

/**
 * The result from its rows (`parts`, in order, `outW` pixels each, of one
 * sample type): a copy of them, or with a canvas, the visible part placed on
 * it and only the rest filled with the background (0..255, scaled to the
 * samples' range).
 */
export function compose<D extends ImageSamples>(plan: ImagePlan, parts: readonly D[], into?: D): D {
  const { outW, outH } = plan;
  const { width: W, height: H, left, top, background } = plan.canvas ?? { width: outW, height: outH, left: 0, top: 0, background: [0, 0, 0, 0] };
  const c = plan.channels;
  const out = into ?? new (parts[0].constructor as new (n: number) => D)(W * H * c);
  const [x0, x1, y0, y1] = [Math.max(0, left), Math.min(W, left + outW), Math.max(0, top), Math.min(H, top + outH)];
  if (plan.canvas) {
    const scale = out instanceof Float32Array ? 1 / 255 : out instanceof Uint16Array ? 257 : 1;
    const fill = new (out.constructor as new (n: number) => D)(W * c);
    const bg = backgroundOf(background, c);
    for (let i = 0; i < fill.length; i++) fill[i] = bg[i % c] * scale;
    const border = (at: number, pixels: number) => out.set(fill.subarray(0, pixels * c), at * c);
    for (let y = 0; y < H; y++) {
      if (y < y0 || y >= y1) border(y * W, W);
      else {
        border(y * W, x0);
        border(y * W + x1, W - x1);
      }
    }
  }
  let y = top;
  for (const samples of parts) {
    if (W === outW && left === 0 && y >= 0 && y + samples.length / (outW * c) <= H) {
      out.set(samples, y * W * c);
      y += samples.length / (outW * c);
      continue;
    }
    for (let at = 0; at < samples.length; at += outW * c, y++) {
      if (y >= y0 && y < y1) out.set(samples.subarray(at + (x0 - left) * c, at + (x1 - left) * c), (y * W + x0) * c);
    }
  }
  return out;
}

export function resizeImage(heap: Heap, input: ImageInput, options: ResizeImageOutOptions): ResizedImage<ImageSamples> | Tensor {
  return named('resizeImage', () => {
    const { out, ...o } = outOptions('resizeImage', options);
    const image = readImage(input) as ImageLike | Tensor;
    const { width, height, format, channels } = imageSize(image);
    const plan = withFormat(planResize(width, height, o, channels), image, format);
    const [w, h] = [plan.canvas?.width ?? plan.outW, plan.canvas?.height ?? plan.outH];
    // Only the rows the output reads go into linear memory (a crop's, for one); a tensor is read in place.
    const b = isTensor(image) ? undefined : band(plan, 0, plan.outH);
    const src = isTensor(image) || !b ? image : { data: image.data.subarray(b.lo * width * channels, b.hi * width * channels), width, height: b.hi - b.lo, channels };
    if (out !== undefined) return resizeInto(heap, src, plan, b, out);
    return resized(runResize(heap, src, plan, b), w, h, channels);
  });
}
