// rs.tf.image.resize: TF2's tf.image.resize (resize_images_v2) — its size
// rules (preserve_aspect_ratio's float32 rounding, rank 3 or 4, NHWC), then
// one call into the crate's kernels for the method TF picks.
import { TfMethod, TfResizeArgs } from '../abi.js';
import { call, choice, dtypeOf, isPositiveInt, optionalBool, roundHalfEven } from '../args.js';
import { ResampleError, invalid, show } from '../errors.js';
import { declareOptions } from '../options.js';
import type { Heap, Tensor, TensorInput } from '../tensor.js';

/** `tf.image.ResizeMethod`'s values. */
export type TfResizeMethod = 'bilinear' | 'nearest' | 'bicubic' | 'area' | 'lanczos3' | 'lanczos5' | 'gaussian' | 'mitchellcubic';

/** Options of `rs.tf.image.resize`, as tf.image.resize's arguments. */
export interface TfResizeOptions {
  /** The resampling method. Default 'bilinear'. */
  method?: TfResizeMethod | undefined;
  /** Widen the filter when downscaling (TF's ScaleAndTranslate kernel); ignored by 'nearest' and 'area', as in TF. Default false. */
  antialias?: boolean | undefined;
  /** Fit the image inside `size` keeping its aspect ratio: both axes scaled by the smaller of the two ratios, the lengths rounded half to even in float32 as TF does. Default false. */
  preserveAspectRatio?: boolean | undefined;
}

const resizeOptions = declareOptions<TfResizeOptions>(['tf.image.resize'], { method: true, antialias: true, preserveAspectRatio: true });

const METHODS: Readonly<Record<TfResizeMethod, number>> = {
  bilinear: TfMethod.Bilinear,
  nearest: TfMethod.Nearest,
  bicubic: TfMethod.Bicubic,
  area: TfMethod.Area,
  lanczos3: TfMethod.Lanczos3,
  lanczos5: TfMethod.Lanczos5,
  gaussian: TfMethod.Gaussian,
  mitchellcubic: TfMethod.MitchellCubic,
};

/** An image input: a tensor, or `{ shape, data }` whose typed array decides the dtype (Uint8Array, Uint8ClampedArray: uint8). */
export type TfImages = TensorInput;

/** `rs.tf.image`. */
export interface TfImage {
  /**
   * TF2's `tf.image.resize(images, size, method, preserve_aspect_ratio, antialias)`.
   * `images` is `[N, H, W, C]` or `[H, W, C]` (any C), float32 or uint8; `size` is
   * `[height, width]`. The result is float32, except 'nearest', which keeps the
   * input's dtype, as TF does; uint8 input is read as its float values.
   *
   * @example const y = rs.tf.image.resize(rgb, [224, 224], { antialias: true });
   */
  resize(images: TfImages, size: readonly [number, number] | readonly number[], options?: TfResizeOptions): Tensor;
}

/** `rs.tf` of a context. */
export interface Tf {
  /** `tf.image`'s resampling. */
  readonly image: TfImage;
}

export const tf = (heap: Heap): Tf => ({ image: { resize: (images, size, options) => resize(heap, images, size, options) } });

/** TF's preserve_aspect_ratio lengths: round(float32(min ratio) · float32(length)), half to even. */
function keepAspect(h: number, w: number, size: readonly number[]): [number, number] {
  const f = Math.fround;
  const scale = Math.min(f(f(size[0]) / f(h)), f(f(size[1]) / f(w)));
  return [roundHalfEven(f(scale * f(h))), roundHalfEven(f(scale * f(w)))];
}

function resize(heap: Heap, images: TfImages, size: readonly number[], options: TfResizeOptions | undefined): Tensor {
  return call(heap, 'tf.image.resize', (c) => {
    const o = resizeOptions('tf.image.resize', options);
    const method = choice('method', o.method, 'bilinear', METHODS);
    const antialias = optionalBool('antialias', o.antialias) ?? false;
    const keep = optionalBool('preserveAspectRatio', o.preserveAspectRatio) ?? false;
    const dtype = dtypeOf(images) === 'uint8' ? 'uint8' : 'float32';
    const input = c.input(images, 'images', dtype);
    const shape = input.shape;
    if (shape.length !== 3 && shape.length !== 4) throw invalid('images.shape', shape, 'of rank 3 ([H, W, C]) or 4 ([N, H, W, C])');
    const [batch, h, w, channels] = shape.length === 4 ? shape : [1, ...shape];
    if (!(h > 0 && w > 0 && channels > 0)) throw invalid('images.shape', shape, 'with H, W and C of at least 1');
    if (!Array.isArray(size) || size.length !== 2 || !size.every(isPositiveInt)) throw invalid('size', size, '[height, width] of two positive integers');
    const [oh, ow] = keep ? keepAspect(h, w, size) : size;
    if (oh < 1 || ow < 1) {
      throw new ResampleError('INVALID_ARGUMENT', `tf.image.resize: size ${show(size)} with preserveAspectRatio gives ${show([oh, ow])} for images of ${h}×${w}: a length of 0`);
    }
    const outShape = shape.length === 4 ? [batch, oh, ow, channels] : [oh, ow, channels];
    const y = c.output(outShape, method === 'nearest' ? dtype : 'float32', undefined);
    if (batch > 0) {
      c.kernel(TfResizeArgs, {
        x: input.ptr, y: y.ptr, method: METHODS[method], antialias, uint8: dtype === 'uint8',
        batch, channels, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow,
      });
    }
    return y;
  });
}
