// conv1d/2d/3d and convTranspose1d/2d/3d with PyTorch's argument rules and
// output-size arithmetic; upsampleConv2d (interpolate fused into conv2d);
// convTransposeOverlap (how many kernel taps land on each output pixel).
import { ConvArgs, InterpolateMode as Mode, PadMode } from '../abi.js';
import { call, choice, isNonNegativeInt, isPositiveInt, optionalBool, perAxis, type Call } from '../args.js';
import { ResampleError, invalid, show } from '../errors.js';
import type { ArgsOf } from '../seam.js';
import { declareOptions, perRank, type KeySet } from '../options.js';
import type { Heap, Tensor, TensorInput } from '../tensor.js';
import { outputSize as interpolateSize } from './interpolate.js';
import { layout, shapeWith, type Layout } from './pool.js';

type PerAxis = number | readonly number[];

/** Options of `rs.conv1d/2d/3d`, as F.conv*d's. */
export interface ConvOptions {
  /** Added to each output channel: [Cout] values. Default: none. */
  bias?: TensorInput | undefined;
  /** Step of the kernel per spatial axis (one number for all, or one per axis). Default 1. */
  stride?: PerAxis | undefined;
  /** Zeros at both ends of each axis: a number, one per axis, 'valid' (0) or 'same' (stride 1 only; the odd extra element goes at the end). Default 0. */
  padding?: PerAxis | 'same' | 'valid' | undefined;
  /** Spacing between the kernel's elements. Default 1. */
  dilation?: PerAxis | undefined;
  /** Input and output channels split into this many groups, convolved separately. Default 1. */
  groups?: number | undefined;
  /** What the padding holds (nn.ConvNd's padding_mode): zeros, or the input reflected (edge not repeated), replicated or wrapped around, read in place (no padded copy is made). 'reflect' needs padding below the input length, 'circular' at most it. Default 'zeros'. */
  paddingMode?: 'zeros' | 'reflect' | 'replicate' | 'circular' | undefined;
  /** x and the result are channels-last, [N, *spatial, C] (or unbatched [*spatial, C]): shapes given and returned in that physical order; the weight keeps PyTorch's layout. Default false. */
  channelsLast?: boolean | undefined;
  /** Write into this float32 tensor of the context (the output's shape, not an input) and return it. Default: a new tensor. */
  out?: Tensor | undefined;
}

/** Options of `rs.convTranspose1d/2d/3d`, as F.conv_transpose*d's. */
export interface ConvTransposeOptions {
  /** Added to each output channel: [Cout] values. Default: none. */
  bias?: TensorInput | undefined;
  /** Step of the kernel per spatial axis (one number for all, or one per axis). Default 1. */
  stride?: PerAxis | undefined;
  /** Removed from both ends of each output axis (dilation × (kernel − 1) − padding zeros around the input). Default 0. */
  padding?: PerAxis | undefined;
  /** Added at the end of each output axis; below max(stride, dilation). Default 0. */
  outputPadding?: PerAxis | undefined;
  /** Spacing between the kernel's elements. Default 1. */
  dilation?: PerAxis | undefined;
  /** Input and output channels split into this many groups, convolved separately. Default 1. */
  groups?: number | undefined;
  /** Spatial output size (or the full output shape, in x's layout): picks outputPadding as nn.ConvTranspose does; not with outputPadding. Default: unset. */
  outputSize?: readonly number[] | undefined;
  /** x and the result are channels-last, [N, *spatial, C] (or unbatched [*spatial, C]): shapes given and returned in that physical order; the weight keeps PyTorch's layout. Default false. */
  channelsLast?: boolean | undefined;
  /** Write into this float32 tensor of the context (the output's shape, not an input) and return it. Default: a new tensor. */
  out?: Tensor | undefined;
}

/** Options of `rs.upsampleConv2d`: conv2d's (but channels-first only), and interpolate's size, scaleFactor, mode and alignCorners. */
export interface UpsampleConv2dOptions extends Omit<ConvOptions, 'channelsLast'> {
  /** Upsampled height and width (one number for both, or [h, w]). Required unless scaleFactor is given; not both. */
  size?: PerAxis | undefined;
  /** Upsampling factor of height and width (one for both, or [h, w]). Required unless size is given. */
  scaleFactor?: PerAxis | undefined;
  /** How the input is upsampled. Default 'nearest'. */
  mode?: 'nearest' | 'bilinear' | undefined;
  /** As interpolate's; 'bilinear' only. Default unset, meaning false. */
  alignCorners?: boolean | undefined;
}

/** Options of `rs.convTransposeOverlap`: the transposed convolution's geometry. */
export interface ConvTransposeOverlapOptions {
  /** As convTranspose's. Default 0. */
  padding?: PerAxis | undefined;
  /** As convTranspose's. Default 1. */
  dilation?: PerAxis | undefined;
  /** As convTranspose's. Default 0. */
  outputPadding?: PerAxis | undefined;
  /** Input length per spatial axis. Default 4. */
  inputSize?: PerAxis | undefined;
}

const CONV: KeySet<Omit<ConvOptions, 'channelsLast'>> = { bias: true, stride: true, padding: true, dilation: true, groups: true, paddingMode: true, out: true };
const convOptions = declareOptions<ConvOptions>(perRank('conv'), { ...CONV, channelsLast: true });
const convTransposeOptions = declareOptions<ConvTransposeOptions>(perRank('convTranspose'), {
  bias: true, stride: true, padding: true, outputPadding: true, dilation: true, groups: true, outputSize: true, channelsLast: true, out: true,
});
const upsampleConv2dOptions = declareOptions<UpsampleConv2dOptions>(['upsampleConv2d'], {
  ...CONV, size: true, scaleFactor: true, mode: true, alignCorners: true,
});
const overlapOptions = declareOptions<ConvTransposeOverlapOptions>(['convTransposeOverlap'], {
  padding: true, dilation: true, outputPadding: true, inputSize: true,
});

/** One spatial axis as the kernel takes it: in, out, kernel, stride, left padding, dilation. */
type AxisArgs = [number, number, number, number, number, number];
const UNIT: AxisArgs = [1, 1, 1, 1, 0, 1];
// Larger values cannot describe a tensor that fits in wasm memory.
const MAX = 0x7fffffff;

const isOffset = (v: unknown): v is number => isNonNegativeInt(v) && v <= MAX;
const isSize = (v: unknown): v is number => isPositiveInt(v) && v <= MAX;

function ints(option: string, value: unknown, rank: number, fallback: number, positive: boolean): number[] {
  if (value === undefined) return Array(rank).fill(fallback);
  return positive
    ? perAxis(option, value, rank, isSize, 'a positive integer')
    : perAxis(option, value, rank, isOffset, 'a non-negative integer');
}

interface Layer {
  x: Tensor;
  /** Batch, channels and spatial lengths of x, batched or not, channels first or last. */
  shape: Layout;
  w: Tensor;
  bias: Tensor | undefined;
  groups: number;
  inSize: number[];
  kernel: number[];
  stride: number[];
  dilation: number[];
  outChannels: number;
}

/** Shapes, channels vs groups, bias; shared by both directions. */
function layer(c: Call, rank: number, x: TensorInput, weight: TensorInput, o: ConvOptions | ConvTransposeOptions, transposed: boolean): Layer {
  const xt = c.input(x, 'x');
  const w = c.input(weight, 'weight');
  const channelsLast = optionalBool('channelsLast', (o as ConvOptions).channelsLast) ?? false;
  const shape = layout(xt.shape, rank, channelsLast);
  if (w.shape.length !== rank + 2) throw invalid('weight.shape', w.shape, `of rank ${rank + 2} (${transposed ? 'Cin, Cout/groups' : 'Cout, Cin/groups'} and ${rank} kernel axes)`);
  if (xt.size === 0) throw invalid('x.shape', xt.shape, 'non-empty');
  if (w.size === 0) throw invalid('weight.shape', w.shape, 'non-empty');
  const groups = o.groups ?? 1;
  if (!isSize(groups)) throw invalid('groups', groups, 'a positive integer');
  const cin = shape.c;
  let outChannels: number;
  if (transposed) {
    if (w.shape[0] !== cin) {
      throw new ResampleError('SHAPE_MISMATCH', `weight.shape ${show(w.shape)} expects x with ${w.shape[0]} channels (weight is [Cin, Cout/groups, ...]), x.shape is ${show(xt.shape)}`);
    }
    if (cin % groups !== 0) throw invalid('groups', groups, `a divisor of the ${cin} input channels`);
    outChannels = w.shape[1] * groups;
  } else {
    if (w.shape[0] % groups !== 0) throw invalid('groups', groups, `a divisor of the ${w.shape[0]} output channels (weight.shape[0])`);
    if (w.shape[1] * groups !== cin) {
      throw new ResampleError('SHAPE_MISMATCH', `weight.shape ${show(w.shape)} with groups ${groups} expects x with ${w.shape[1] * groups} channels, x.shape is ${show(xt.shape)}`);
    }
    outChannels = w.shape[0];
  }
  let bias: Tensor | undefined;
  if (o.bias !== undefined) {
    bias = c.input(o.bias, 'bias');
    if (bias.shape.length !== 1 || bias.shape[0] !== outChannels) {
      throw new ResampleError('SHAPE_MISMATCH', `bias has shape ${show(bias.shape)}, expected [${outChannels}] (one per output channel)`);
    }
  }
  return {
    x: xt,
    shape,
    w,
    bias,
    groups,
    inSize: shape.spatial,
    kernel: w.shape.slice(2),
    stride: ints('stride', o.stride, rank, 1, true),
    dilation: ints('dilation', o.dilation, rank, 1, true),
    outChannels,
  };
}

const PADDING_MODES = { zeros: PadMode.Constant, reflect: PadMode.Reflect, replicate: PadMode.Replicate, circular: PadMode.Circular } as const;
type PaddingMode = keyof typeof PADDING_MODES;

function paddingMode(mode: unknown): PaddingMode {
  return choice('paddingMode', mode, 'zeros', PADDING_MODES);
}

/** Left paddings and output lengths of a forward convolution over `inSize`; `mode`'s limits on the padding (F.pad's). */
function forwardGeometry(l: Layer, rank: number, padding: ConvOptions['padding'], mode: PaddingMode): AxisArgs[] {
  let left: number[];
  let total: number[];
  if (padding === 'same') {
    const strided = l.stride.findIndex((s) => s !== 1);
    if (strided >= 0) throw invalid('padding', padding, `used with stride 1 only (stride is ${show(l.stride)})`);
    total = l.kernel.map((k, i) => l.dilation[i] * (k - 1));
    left = total.map((t) => Math.floor(t / 2));
  } else if (padding === 'valid') {
    left = total = Array(rank).fill(0);
  } else {
    if (typeof padding === 'string') throw invalid('padding', padding, `a non-negative integer, an array of ${rank} of them, 'same' or 'valid'`);
    left = ints('padding', padding, rank, 0, false);
    total = left.map((p) => 2 * p);
  }
  return l.inSize.map((n, i) => {
    const span = l.dilation[i] * (l.kernel[i] - 1) + 1;
    if (n + total[i] < span) {
      throw invalid('padding', padding ?? 0,
        `large enough for the kernel: axis ${i} has ${n} + ${total[i]} padded elements, the dilated kernel (weight.shape ${show(l.w.shape)}, dilation ${l.dilation[i]}) spans ${span}`);
    }
    const right = total[i] - left[i];
    const limit = mode === 'reflect' ? n - 1 : mode === 'circular' ? n : Infinity;
    if (left[i] > limit || right > limit) {
      throw invalid('padding', padding ?? 0,
        `at most ${limit} (${mode === 'reflect' ? 'below' : 'at most'} the input length) for paddingMode '${mode}': axis ${i} has ${n} elements, padded by (${left[i]}, ${right})`);
    }
    const out = Math.floor((n + total[i] - span) / l.stride[i]) + 1;
    return [n, out, l.kernel[i], l.stride[i], left[i], l.dilation[i]];
  });
}

/** The kernel's argument block for `l` over `geometry` (unit axes in front), writing `y`. */
function convArgs(l: Layer, transposed: boolean, geometry: AxisArgs[], y: Tensor, mode: PaddingMode = 'zeros'): ArgsOf<typeof ConvArgs> {
  const axes = [...Array<AxisArgs>(3 - geometry.length).fill(UNIT), ...geometry];
  const column = (i: number) => axes.map((a) => a[i]);
  return {
    x: l.x.ptr, weight: l.w.ptr, bias: l.bias?.ptr ?? 0, y: y.ptr, transposed,
    batch: l.shape.n, inChannels: l.shape.c, outChannels: l.outChannels, groups: l.groups,
    input: column(0), output: column(1), kernel: column(2), stride: column(3), padding: column(4), dilation: column(5),
    upsample: false, mode: 0, alignCorners: false, source: [0, 0], scale: [0, 0],
    paddingMode: PADDING_MODES[mode], channelsLast: l.shape.channelsLast,
  };
}

/** The output of `l` with `geometry`'s spatial lengths, x's layout. */
function output(c: Call, l: Layer, geometry: AxisArgs[], out: Tensor | undefined): Tensor {
  return c.output(shapeWith({ ...l.shape, c: l.outChannels }, geometry.map((a) => a[1])), 'float32', out);
}

function run(c: Call, l: Layer, transposed: boolean, geometry: AxisArgs[], out: Tensor | undefined, mode?: PaddingMode): Tensor {
  const y = output(c, l, geometry, out);
  c.kernel(ConvArgs, convArgs(l, transposed, geometry, y, mode));
  return y;
}

export function conv(heap: Heap, rank: number, x: TensorInput, weight: TensorInput, options?: ConvOptions): Tensor {
  const op = `conv${rank}d`;
  return call(heap, op, (c) => {
    const o = convOptions(op, options);
    const l = layer(c, rank, x, weight, o, false);
    const mode = paddingMode(o.paddingMode);
    return run(c, l, false, forwardGeometry(l, rank, o.padding, mode), o.out, mode);
  });
}

export function convTranspose(heap: Heap, rank: number, x: TensorInput, weight: TensorInput, options?: ConvTransposeOptions): Tensor {
  const op = `convTranspose${rank}d`;
  return call(heap, op, (c) => {
    const o = convTransposeOptions(op, options);
    const l = layer(c, rank, x, weight, o, true);
    if (typeof o.padding === 'string') throw invalid('padding', o.padding, `a non-negative integer or an array of ${rank} of them ('same' and 'valid' are for conv)`);
    const padding = ints('padding', o.padding, rank, 0, false);
    const geometry = transposedGeometry(l.inSize, l.kernel, l.stride, padding, l.dilation, o.outputPadding, spatialSize(o.outputSize, l.shape, rank), rank);
    return run(c, l, true, geometry, o.out);
  });
}

/** The spatial part of `outputSize`, which may be the whole output shape in x's layout (batched or not, channels first or last). */
function spatialSize(outputSize: unknown, x: Layout, rank: number): unknown {
  const lead = x.batched ? 1 : 0;
  if (!Array.isArray(outputSize) || outputSize.length !== rank + lead + 1) return outputSize;
  return x.channelsLast ? outputSize.slice(lead, lead + rank) : outputSize.slice(lead + 1);
}

/** PyTorch's output length (in−1)·S − 2P + D·(K−1) + outputPadding + 1, with outputPadding from outputSize when given. */
function transposedGeometry(
  inSize: number[], kernel: number[], stride: number[], padding: number[], dilation: number[],
  outputPadding: unknown, outputSize: unknown, rank: number,
): AxisArgs[] {
  const base = inSize.map((n, i) => (n - 1) * stride[i] - 2 * padding[i] + dilation[i] * (kernel[i] - 1) + 1);
  let extra: number[];
  if (outputSize !== undefined) {
    if (outputPadding !== undefined) throw invalid('outputPadding', outputPadding, 'left unset when outputSize is given (outputSize decides it)');
    const size = perAxis('outputSize', outputSize, rank, isSize, 'a positive integer');
    extra = size.map((s, i) => {
      const lo = Math.max(base[i], 1);
      const hi = base[i] + stride[i] - 1;
      if (s < lo || s > hi) throw invalid('outputSize', outputSize, `between ${show(base.map((b) => Math.max(b, 1)))} and ${show(base.map((b, k) => b + stride[k] - 1))} per axis (axis ${i} allows ${lo}..${hi})`);
      return s - base[i];
    });
  } else {
    extra = ints('outputPadding', outputPadding, rank, 0, false);
    const bad = extra.findIndex((e, i) => e >= Math.max(stride[i], dilation[i]));
    if (bad >= 0) throw invalid('outputPadding', outputPadding, `smaller than max(stride, dilation) = ${Math.max(stride[bad], dilation[bad])} on axis ${bad}`);
  }
  return inSize.map((n, i) => {
    const out = base[i] + extra[i];
    if (out < 1) throw invalid('padding', padding, `small enough for a positive output length (axis ${i} would have ${out})`);
    return [n, out, kernel[i], stride[i], padding[i], dilation[i]];
  });
}

const UPSAMPLE_MODES = { nearest: Mode.Nearest, bilinear: Mode.Linear } as const;

export function upsampleConv2d(heap: Heap, x: TensorInput, weight: TensorInput, options?: UpsampleConv2dOptions): Tensor {
  return call(heap, 'upsampleConv2d', (c) => {
    const o = upsampleConv2dOptions('upsampleConv2d', options);
    const l = layer(c, 2, x, weight, o, false);
    const mode = choice('mode', o.mode, 'nearest', UPSAMPLE_MODES);
    const alignCorners = optionalBool('alignCorners', o.alignCorners);
    if (alignCorners !== undefined && mode !== 'bilinear') throw invalid('alignCorners', alignCorners, "left unset with mode 'nearest'");
    const { outSize, scales } = interpolateSize(l.inSize, o.size, o.scaleFactor, false);
    const upsampled = { ...l, inSize: outSize };
    const padding = paddingMode(o.paddingMode);
    const geometry = forwardGeometry(upsampled, 2, o.padding, padding);
    const y = output(c, l, geometry, o.out);
    const args = convArgs(l, false, geometry, y, padding);
    c.kernel(ConvArgs, { ...args, upsample: true, mode: UPSAMPLE_MODES[mode], alignCorners: alignCorners ?? false, source: l.inSize, scale: scales });
    return y;
  });
}

/**
 * For each output position of a transposed convolution, how many kernel taps
 * land there (the same for every channel): uneven counts are the
 * checkerboard artefact. Rank comes from the first array among kernelSize,
 * stride and inputSize (2 when all are numbers).
 */
export function convTransposeOverlap(heap: Heap, kernelSize: PerAxis, stride: PerAxis, options?: ConvTransposeOverlapOptions): Tensor {
  return call(heap, 'convTransposeOverlap', (c) => {
    const o = overlapOptions('convTransposeOverlap', options);
    const rank = [kernelSize, stride, o.inputSize].find(Array.isArray)?.length ?? 2;
    if (rank < 1 || rank > 3) throw invalid('kernelSize', kernelSize, 'a number or an array of 1 to 3 numbers');
    const kernel = ints('kernelSize', kernelSize, rank, 1, true);
    const strides = ints('stride', stride, rank, 1, true);
    const padding = ints('padding', o.padding, rank, 0, false);
    const dilation = ints('dilation', o.dilation, rank, 1, true);
    const inSize = ints('inputSize', o.inputSize, rank, 4, true);
    const geometry = transposedGeometry(inSize, kernel, strides, padding, dilation, o.outputPadding, undefined, rank);
    // Allocating first checks the size: counting for an output too large to hold would take minutes.
    const shape = geometry.map((a) => a[1]);
    const y = c.output(shape, 'int32', undefined);
    // Along one axis: taps k with (o + P − kD) divisible by S and the quotient inside the input.
    const counts = geometry.map(([n, len, k, s, p, d]) =>
      Array.from({ length: len }, (_, i) => {
        let hits = 0;
        for (let t = 0; t < k; t++) {
          const q = i + p - t * d;
          if (q >= 0 && q % s === 0 && q / s < n) hits++;
        }
        return hits;
      }),
    );
    const data = y.data;
    data.forEach((_, i) => {
      let rest = i;
      let v = 1;
      for (let a = rank - 1; a >= 0; a--) {
        v *= counts[a][rest % shape[a]];
        rest = Math.floor(rest / shape[a]);
      }
      data[i] = v;
    });
    return y;
  });
}
