// rs.cv.resize: cv2.resize (OpenCV 5.0) — OpenCV's output size rule, its
// choice of algorithm by method and scale, and its arithmetic, in the crate.
import { CvMethod, CvResizeArgs } from '../abi.js';
import { call, choice, dtypeOf, isPositiveInt, roundHalfEven } from '../args.js';
import { ResampleError, invalid, show } from '../errors.js';
import { declareOptions } from '../options.js';
import type { Heap, Tensor, TensorInput } from '../tensor.js';

/** cv2's interpolation flags, by name. */
export type CvInterpolation = 'INTER_NEAREST' | 'INTER_LINEAR' | 'INTER_CUBIC' | 'INTER_AREA' | 'INTER_LANCZOS4' | 'INTER_LINEAR_EXACT' | 'INTER_NEAREST_EXACT';

/** Options of `rs.cv.resize`. */
export interface CvResizeOptions {
  /** Scale of the width when `dsize` is null: the output width is round(W·fx) (half to even, as cv2); given with a `dsize` it is an error (cv2 ignores it). Default: unset (dsize decides). */
  fx?: number | undefined;
  /** Scale of the height when `dsize` is null: the output height is round(H·fy). Default: unset (dsize decides). */
  fy?: number | undefined;
  /** cv2's interpolation flag. Default 'INTER_LINEAR'. 'INTER_LINEAR_EXACT' is OpenCV's 8-bit fixed-point bilinear on uint8 and INTER_LINEAR on float32 (as cv2); 'INTER_CUBIC' takes float32 only (cv2 runs Intel IPP's cubic on uint8). */
  interpolation?: CvInterpolation | undefined;
}

const resizeOptions = declareOptions<CvResizeOptions>(['cv.resize'], { fx: true, fy: true, interpolation: true });

const METHODS = {
  INTER_NEAREST: CvMethod.Nearest,
  INTER_LINEAR: CvMethod.Linear,
  INTER_CUBIC: CvMethod.Cubic,
  INTER_AREA: CvMethod.Area,
  INTER_LANCZOS4: CvMethod.Lanczos4,
  INTER_LINEAR_EXACT: CvMethod.LinearExact,
  INTER_NEAREST_EXACT: CvMethod.NearestExact,
} as const satisfies Record<CvInterpolation, number>;

/** `rs.cv`: OpenCV's image functions, as cv2 computes them. */
export interface Cv {
  /**
   * `cv2.resize(src, dsize, fx=, fy=, interpolation=)`: `src` `[H, W]` or
   * `[H, W, C]` (C = 1, 3, 4), uint8 or float32 (the typed array decides);
   * `dsize` `[width, height]` (OpenCV's order), or `null` with `fx` and `fy`.
   * Returns a new tensor of the input's dtype, `[h, w]` for `[H, W]` and
   * `[H, W, 1]` inputs, else `[h, w, C]`; uint8 byte-identical to cv2.
   *
   * @example const small = rs.cv.resize(img, [224, 224], { interpolation: 'INTER_AREA' });
   */
  resize(src: TensorInput, dsize: readonly [number, number] | null, options?: CvResizeOptions): Tensor;
}

/** `rs.cv` of a context. */
export const cv = (heap: Heap): Cv => ({ resize: (src, dsize, options) => resize(heap, src, dsize, options) });

function scaleOption(name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw invalid(name, v, 'a finite number > 0');
  return v;
}

function resize(heap: Heap, src: TensorInput, dsize: readonly [number, number] | null, options: CvResizeOptions | undefined): Tensor {
  return call(heap, 'cv.resize', (c) => {
    const o = resizeOptions('cv.resize', options);
    const dtype = dtypeOf(src);
    if (dtype !== 'uint8' && dtype !== 'float32') throw invalid('src', dtype, "uint8 or float32 data");
    const input = c.input(src, 'src', dtype);
    const interpolation = choice('interpolation', o.interpolation, 'INTER_LINEAR', METHODS);
    if (interpolation === 'INTER_CUBIC' && dtype === 'uint8') {
      throw invalid('interpolation', interpolation, 'another flag with uint8 input: cv2 runs Intel IPP\'s cubic there, not supported yet');
    }
    const shape = input.shape;
    if (shape.length !== 2 && shape.length !== 3) throw invalid('src.shape', shape, '[H, W] or [H, W, C]');
    const [h, w, ch] = [shape[0], shape[1], shape[2] ?? 1];
    if (![1, 3, 4].includes(ch)) throw invalid('src.shape', shape, 'of 1, 3 or 4 channels');
    if (h === 0 || w === 0) throw invalid('src.shape', shape, 'non-empty');
    const [fx, fy] = [scaleOption('fx', o.fx), scaleOption('fy', o.fy)];
    let size: [number, number];
    let inv: [number, number];
    if (dsize !== null) {
      if (!Array.isArray(dsize) || dsize.length !== 2 || !dsize.every(isPositiveInt)) throw invalid('dsize', dsize, 'null or [width, height] of positive integers');
      if (fx !== undefined || fy !== undefined) throw invalid(fx !== undefined ? 'fx' : 'fy', fx ?? fy, 'left unset when dsize is given (cv2 would ignore it)');
      size = [dsize[1], dsize[0]];
      inv = [size[0] / h, size[1] / w];
    } else {
      if (fx === undefined) throw invalid('fx', fx, 'a finite number > 0 when dsize is null');
      if (fy === undefined) throw invalid('fy', fy, 'a finite number > 0 when dsize is null');
      size = [roundHalfEven(h * fy), roundHalfEven(w * fx)];
      if (size[0] < 1 || size[1] < 1) {
        throw new ResampleError('INVALID_ARGUMENT', `cv.resize: fx ${show(fx)}, fy ${show(fy)} give an empty output (${size[1]} × ${size[0]}) for src.shape ${show(shape)}`);
      }
      inv = [fy, fx];
    }
    const outShape = shape.length === 3 && ch > 1 ? [...size, ch] : size;
    const y = c.output(outShape, dtype, undefined);
    c.kernel(CvResizeArgs, {
      x: input.ptr, y: y.ptr, method: METHODS[interpolation], uint8: dtype === 'uint8',
      height: h, width: w, channels: ch, outHeight: size[0], outWidth: size[1], inv,
    });
    return y;
  });
}
