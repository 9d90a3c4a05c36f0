// rs.pil.resize = PIL.Image.resize (Pillow 13), byte for byte. Image.py's
// own float64 steps (the default box, reducing_gap's factors, the safe box
// and the box after reduce) run here; the C library's arithmetic, with the
// box as the float32 values it parses, runs in crate/src/pil.
import { MAX_BLOCK_BYTES, PilResample, PilResizeArgs } from '../abi.js';
import { call, choice, dtypeOf, isPositiveInt } from '../args.js';
import { ResampleError, invalid, show } from '../errors.js';
import { declareOptions } from '../options.js';
import type { Heap, Tensor, TensorInput } from '../tensor.js';

/** Pillow's resampling filters (`Image.Resampling`). */
export type PilResample = 'NEAREST' | 'BOX' | 'BILINEAR' | 'HAMMING' | 'BICUBIC' | 'LANCZOS';

/** Options of `rs.pil.resize`. */
export interface PilResizeOptions {
  /** The filter. Default 'BICUBIC' (Pillow's default for every mode taken here). */
  resample?: PilResample | undefined;
  /** The source region `[x0, y0, x1, y1]`, floats within the image (Pillow rounds them to float32). Default: the whole image. */
  box?: readonly [number, number, number, number] | undefined;
  /** Pillow's `reducing_gap` (≥ 1): first `reduce` by the integer factor that leaves at least this much scale for the filter. Default: no reduce. */
  reducingGap?: number | null | undefined;
  /** The order of the two passes: Pillow 13's ('pillow13': vertical first when the height shrinks by more than twice as many pixels as the width) or Pillow ≤ 12's ('pillow12': horizontal first always). Default 'pillow13'. */
  passOrder?: 'pillow13' | 'pillow12' | undefined;
}

/** `rs.pil`: Pillow's image operations. */
export interface Pil {
  /**
   * `PIL.Image.resize(size, resample, box, reducing_gap)` with Pillow 13's
   * bytes. `img` is uint8 `[H, W]` (mode L), `[H, W, 2]` (LA), `[H, W, 3]`
   * (RGB), `[H, W, 4]` (RGBA) or float32 `[H, W]` (F); `size` is
   * `[width, height]`. Returns a new tensor of the input's dtype and rank.
   * LA and RGBA are premultiplied around every filter but NEAREST, as Pillow does.
   *
   * @example const small = rs.pil.resize(rgb, [224, 224], { resample: 'LANCZOS' });
   */
  resize(img: TensorInput, size: readonly [number, number], options?: PilResizeOptions): Tensor;
}

const resizeOptions = declareOptions<PilResizeOptions>(['pil.resize'], { resample: true, box: true, reducingGap: true, passOrder: true });

const RESAMPLE: Record<PilResample, number> = {
  NEAREST: PilResample.Nearest,
  BOX: PilResample.Box,
  BILINEAR: PilResample.Bilinear,
  HAMMING: PilResample.Hamming,
  BICUBIC: PilResample.Bicubic,
  LANCZOS: PilResample.Lanczos,
};

/** `_filters_support` in Image.py. */
const SUPPORT: Record<PilResample, number> = { NEAREST: 0.5, BOX: 0.5, BILINEAR: 1, HAMMING: 1, BICUBIC: 2, LANCZOS: 3 };

const PASS_ORDERS = { pillow13: 0, pillow12: 1 };

// Sizes below 2^28, as the crate takes them.
const MAX_SIDE = 2 ** 28 - 1;

/** `rs.pil` of a context. */
export const pil = (heap: Heap): Pil => ({ resize: (img, size, options) => pilResize(heap, img, size, options) });

type Box = [number, number, number, number];

function pilResize(heap: Heap, img: TensorInput, size: readonly [number, number], options: PilResizeOptions | undefined): Tensor {
  return call(heap, 'pil.resize', (c) => {
    const o = resizeOptions('pil.resize', options);
    const dtype = dtypeOf(img) === 'uint8' ? 'uint8' : 'float32';
    const input = c.input(img, 'img', dtype);
    const shape = input.shape;
    const channels = shape.length === 2 ? 1 : shape[2];
    const modeOk = dtype === 'uint8' ? (shape.length === 2 || (shape.length === 3 && channels >= 2 && channels <= 4)) : shape.length === 2;
    if (!modeOk) {
      throw invalid('img', `${dtype} tensor of shape ${show(shape)}`, "uint8 [H, W] (L), [H, W, 2] (LA), [H, W, 3] (RGB), [H, W, 4] (RGBA) or float32 [H, W] (F)");
    }
    const [inH, inW] = shape;
    if (inH < 1 || inW < 1 || inH > MAX_SIDE || inW > MAX_SIDE) throw invalid('img.shape', shape, `of sides 1 to ${MAX_SIDE}`);
    if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => isPositiveInt(v) && v <= MAX_SIDE)) {
      throw invalid('size', size, `[width, height] of integers 1 to ${MAX_SIDE} (height and width must be > 0)`);
    }
    const [outW, outH] = size;
    const resample = choice('resample', o.resample, 'BICUBIC', RESAMPLE);
    const passOrder = choice('passOrder', o.passOrder, 'pillow13', PASS_ORDERS);
    const gap = o.reducingGap ?? null;
    if (gap !== null && (typeof gap !== 'number' || !(gap >= 1))) {
      throw invalid('reducingGap', gap, 'a number 1.0 or greater, or null (reducing_gap must be 1.0 or greater)');
    }
    const box = checkBox(o.box, inW, inH);
    const outShape = shape.length === 2 ? [outH, outW] : [outH, outW, channels];
    if (outW * outH * channels * (dtype === 'uint8' ? 1 : 4) > MAX_BLOCK_BYTES) {
      throw new ResampleError('OUT_OF_MEMORY', `size ${show(size)} needs more bytes than wasm32 memory holds`);
    }
    const y = c.output(outShape, dtype, undefined);
    // Image.py returns a copy before premultiplying when nothing changes.
    const same = inW === outW && inH === outH && box[0] === 0 && box[1] === 0 && box[2] === inW && box[3] === inH;
    const filtered = resample !== 'NEAREST' && !same;
    const { reduceFactor, reduceBox, region } = filtered && gap !== null ? planReduce(box, [inW, inH], size, gap, SUPPORT[resample]) : noReduce(box);
    c.kernel(PilResizeArgs, {
      src: input.ptr,
      dst: y.ptr,
      float32: dtype === 'float32',
      channels,
      inWidth: inW,
      inHeight: inH,
      outWidth: outW,
      outHeight: outH,
      resample: RESAMPLE[resample],
      premultiply: filtered && (channels === 2 || channels === 4),
      pillow12: PASS_ORDERS[passOrder] === 1,
      reduceFactor,
      reduceBox,
      region: region.map(Math.fround),
    });
    return y;
  });
}

/** The box, or the whole image; Pillow's rules (on its float32 values). */
function checkBox(value: unknown, inW: number, inH: number): Box {
  if (value === undefined || value === null) return [0, 0, inW, inH];
  if (!Array.isArray(value) || value.length !== 4 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw invalid('box', value, '[x0, y0, x1, y1] of finite numbers');
  }
  const [x0, y0, x1, y1] = value.map(Math.fround);
  if (x0 < 0 || y0 < 0) throw invalid('box', value, "within the image (box offset can't be negative)");
  if (x1 > inW || y1 > inH) throw invalid('box', value, `within the image ${inW}×${inH} (box can't exceed original image size)`);
  if (x1 - x0 < 0 || y1 - y0 < 0) throw invalid('box', value, "x1 ≥ x0 and y1 ≥ y0 (box can't be empty)");
  return value.slice() as Box;
}

/** What the kernel reads: `reduce`'s factors and box ([x0, y0, w, h]; none: [0, 0]), and the final resize's box. */
interface ReducePlan {
  reduceFactor: [number, number];
  reduceBox: Box;
  region: Box;
}

const noReduce = (box: Box): ReducePlan => ({ reduceFactor: [0, 0], reduceBox: [0, 0, 0, 0], region: box });

/** Image.resize's `reducing_gap` step, in float64 as Image.py computes it. */
function planReduce(box: Box, [inW, inH]: readonly [number, number], [outW, outH]: readonly [number, number], gap: number, support: number): ReducePlan {
  // int() truncates; `or 1` turns 0 into 1.
  const fx = Math.trunc((box[2] - box[0]) / outW / gap) || 1;
  const fy = Math.trunc((box[3] - box[1]) / outH / gap) || 1;
  if (fx === 1 && fy === 1) return noReduce(box);
  const safe = safeBox(box, outW, outH, support, inW, inH);
  if (safe[2] <= safe[0] || safe[3] <= safe[1]) throw invalid('box', box, "a region reduce can read (box can't be empty)");
  return {
    reduceFactor: [fx, fy],
    reduceBox: [safe[0], safe[1], safe[2] - safe[0], safe[3] - safe[1]],
    region: [(box[0] - safe[0]) / fx, (box[1] - safe[1]) / fy, (box[2] - safe[0]) / fx, (box[3] - safe[1]) / fy],
  };
}

/** `Image._get_safe_box`: the box widened by the filter's reach, in whole pixels. */
function safeBox(box: Box, outW: number, outH: number, support: number, inW: number, inH: number): Box {
  const sx = (support - 0.5) * ((box[2] - box[0]) / outW);
  const sy = (support - 0.5) * ((box[3] - box[1]) / outH);
  return [Math.max(0, Math.trunc(box[0] - sx)), Math.max(0, Math.trunc(box[1] - sy)), Math.min(inW, Math.ceil(box[2] + sx)), Math.min(inH, Math.ceil(box[3] + sy))];
}
