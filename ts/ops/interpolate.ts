// F.interpolate: PyTorch's argument rules and output-size arithmetic, then
// one call into the crate's separable kernel (or its uint8 kernels).
import { InterpolateArgs, InterpolateMode as Mode } from '../abi.js';
import { call, choice, dtypeOf, isPositiveInt, optionalBool, perAxis } from '../args.js';
import { ResampleError, invalid, show } from '../errors.js';
import { declareOptions } from '../options.js';
import type { Heap, Tensor, TensorInput } from '../tensor.js';

/** F.interpolate's modes, plus 'lanczos' (Pillow's Lanczos3 under PyTorch's antialias rules; 4-D input only). */
export type InterpolateMode =
  | 'nearest'
  | 'nearest-exact'
  | 'linear'
  | 'bilinear'
  | 'bicubic'
  | 'trilinear'
  | 'area'
  | 'lanczos';

/** Options of `rs.interpolate`, as F.interpolate's. */
export interface InterpolateOptions {
  /** Output length of each spatial axis (one number for all, or one per axis). Required unless scaleFactor is given; not both. */
  size?: number | readonly number[] | undefined;
  /** Multiplier of each spatial axis (one for all, or one per axis); output length floor(input × scale). Required unless size is given. */
  scaleFactor?: number | readonly number[] | undefined;
  /** Default 'nearest'; 'linear', 'bilinear', 'bicubic' and 'trilinear' need a 3-, 4-, 4- and 5-D input. uint8 input takes 'nearest', 'nearest-exact', 'bilinear' and 'bicubic' only (as PyTorch). */
  mode?: InterpolateMode | undefined;
  /** Map the corner pixels' centres onto each other; linear modes and 'bicubic' only (other modes throw). Default unset, meaning false. */
  alignCorners?: boolean | undefined;
  /** Have the kernel use input/output lengths instead of scaleFactor; not with size. Default false. */
  recomputeScaleFactor?: boolean | undefined;
  /** Widen the filter when downscaling; 'bilinear' and 'bicubic' only. Default false ('lanczos' is always antialiased). */
  antialias?: boolean | undefined;
  /** Input and output are [N, ...spatial, C] instead of [N, C, ...spatial]. Default false. */
  channelsLast?: boolean | undefined;
  /** Write into this tensor of the context (the output's shape and the input's dtype, not an input) and return it. Default: a new tensor. */
  out?: Tensor | undefined;
}

const interpolateOptions = declareOptions<InterpolateOptions>(['interpolate'], {
  size: true,
  scaleFactor: true,
  mode: true,
  alignCorners: true,
  recomputeScaleFactor: true,
  antialias: true,
  channelsLast: true,
  out: true,
});

interface ModeInfo {
  /** The kernel that runs it. */
  code: number;
  /** Spatial rank the mode requires (undefined: 1, 2 or 3). */
  rank?: number;
  /** Takes alignCorners. */
  interpolating: boolean;
  /** Whether antialias may be true: 'optional', 'always' (lanczos) or 'never'. */
  antialias: 'optional' | 'always' | 'never';
  /** PyTorch has a uint8 kernel for it. */
  uint8?: true;
}

const MODES: Record<InterpolateMode, ModeInfo> = {
  nearest: { code: Mode.Nearest, interpolating: false, antialias: 'never', uint8: true },
  'nearest-exact': { code: Mode.NearestExact, interpolating: false, antialias: 'never', uint8: true },
  linear: { code: Mode.Linear, rank: 1, interpolating: true, antialias: 'never' },
  bilinear: { code: Mode.Linear, rank: 2, interpolating: true, antialias: 'optional', uint8: true },
  trilinear: { code: Mode.Linear, rank: 3, interpolating: true, antialias: 'never' },
  bicubic: { code: Mode.Cubic, rank: 2, interpolating: true, antialias: 'optional', uint8: true },
  area: { code: Mode.Area, interpolating: false, antialias: 'never' },
  // Not a PyTorch mode: Pillow's Lanczos3 under PyTorch's antialias rules
  // (crate/src/interpolate/antialias.rs), so it has no unfiltered variant.
  lanczos: { code: Mode.Lanczos, rank: 2, interpolating: false, antialias: 'always' },
};


export function interpolate(heap: Heap, x: TensorInput, options?: InterpolateOptions): Tensor {
  return call(heap, 'interpolate', (c) => {
    const o = interpolateOptions('interpolate', options);
    const dtype = dtypeOf(x) === 'uint8' ? 'uint8' : 'float32';
    const input = c.input(x, 'x', dtype);
    const mode = choice('mode', o.mode, 'nearest', MODES);
    const info = MODES[mode];
    if (dtype === 'uint8' && !info.uint8) {
      const modes = (Object.keys(MODES) as InterpolateMode[]).filter((m) => MODES[m].uint8);
      throw invalid('mode', mode, `one of ${modes.map(show).join(', ')} with uint8 input (PyTorch has no uint8 kernel for it)`);
    }
    const rank = input.shape.length - 2;
    if (rank < 1 || rank > 3) throw invalid('x.shape', input.shape, 'of rank 3, 4 or 5 (N, C, spatial...)');
    if (info.rank !== undefined && info.rank !== rank) {
      throw invalid('mode', mode, `used with a ${info.rank + 2}-D input (x.shape is ${show(input.shape)})`);
    }
    const alignCorners = optionalBool('alignCorners', o.alignCorners);
    if (alignCorners !== undefined && !info.interpolating) {
      throw invalid('alignCorners', alignCorners, `left unset with mode ${show(mode)} (only linear, bilinear, bicubic and trilinear take it)`);
    }
    const antialias = optionalBool('antialias', o.antialias) ?? info.antialias === 'always';
    if (antialias && info.antialias === 'never') {
      throw invalid('antialias', antialias, `false with mode ${show(mode)} (only bilinear and bicubic take it)`);
    }
    if (!antialias && info.antialias === 'always') {
      throw invalid('antialias', antialias, `true or unset with mode ${show(mode)} (it is always antialiased)`);
    }
    const channelsLast = optionalBool('channelsLast', o.channelsLast) ?? false;
    const recompute = optionalBool('recomputeScaleFactor', o.recomputeScaleFactor) ?? false;

    const spatialAt = channelsLast ? 1 : 2;
    const inSize = input.shape.slice(spatialAt, spatialAt + rank);
    const [n, ch] = channelsLast ? [input.shape[0], input.shape[rank + 1]] : [input.shape[0], input.shape[1]];
    if (inSize.some((d) => d === 0) || n === 0 || ch === 0) {
      throw invalid('x.shape', input.shape, 'non-empty');
    }
    const { outSize, scales } = outputSize(inSize, o.size, o.scaleFactor, recompute);

    const outShape = channelsLast ? [n, ...outSize, ch] : [n, ch, ...outSize];
    const y = c.output(outShape, dtype, o.out);
    const pad = (v: number[], fill: number) => [...Array(3 - rank).fill(fill), ...v];
    c.kernel(InterpolateArgs, {
      x: input.ptr, y: y.ptr, mode: info.code, alignCorners: alignCorners ?? false, channelsLast, antialias, uint8: dtype === 'uint8',
      rank, batch: n, channels: ch, input: pad(inSize, 1), output: pad(outSize, 1), scale: pad(scales, 0),
    });
    return y;
  });
}

/** A uint8 tensor, or plain data in a Uint8Array (Uint8ClampedArray too, as ImageData holds). */
/**
 * PyTorch's rules: exactly one of size and scaleFactor; with a scale the
 * output is floor(in * scale) in float64 and, unless recomputed, the scale
 * itself reaches the kernel (0 here means "use in/out").
 */
export function outputSize(
  inSize: number[],
  size: unknown,
  scaleFactor: unknown,
  recompute: boolean,
): { outSize: number[]; scales: number[] } {
  const rank = inSize.length;
  if (size !== undefined && scaleFactor !== undefined) {
    throw invalid('size', size, 'left unset when scaleFactor is given (only one of size and scaleFactor)');
  }
  if (size !== undefined) {
    if (recompute) throw invalid('recomputeScaleFactor', recompute, 'unset with an explicit size');
    return { outSize: perAxis('size', size, rank, isPositiveInt, 'a positive integer'), scales: Array(rank).fill(0) };
  }
  if (scaleFactor === undefined) throw invalid('size', size, 'given, or scaleFactor given');
  const scales = perAxis('scaleFactor', scaleFactor, rank, (v) => typeof v === 'number' && Number.isFinite(v) && v > 0, 'a finite positive number');
  const outSize = inSize.map((d, i) => Math.floor(d * scales[i]));
  const zero = outSize.findIndex((d) => d < 1);
  if (zero >= 0) {
    throw new ResampleError('INVALID_ARGUMENT', `scaleFactor ${show(scaleFactor)} gives an empty output (${inSize[zero]} * ${scales[zero]} < 1)`);
  }
  return { outSize, scales: recompute ? Array(rank).fill(0) : scales };
}
