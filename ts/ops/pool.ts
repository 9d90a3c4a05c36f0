// max_pool*d, avg_pool*d, adaptive_{max,avg}_pool*d: PyTorch's argument
// rules and output-length arithmetic, then one call into the crate's window
// walker (crate/src/pool.rs).
import { IndexOrder, PoolArgs, PoolOp } from '../abi.js';
import { call, isNonNegativeInt, isPositiveInt, optionalBool, perAxis, type Call } from '../args.js';
import { ResampleError, invalid, show } from '../errors.js';
import { declareOptions, perRank, type KeySet } from '../options.js';
import type { Heap, Tensor, TensorInput } from '../tensor.js';

type PerAxis = number | readonly number[];

/** A length per spatial axis; null keeps that axis's input length. */
export type AdaptiveSize = number | readonly (number | null)[];

/** What every pooling op takes; the options of `rs.adaptiveAvgPool1d/2d/3d`. */
export interface AdaptivePoolOptions {
  /** Input and output are [N, ...spatial, C] (or [...spatial, C] unbatched) instead of [N, C, ...spatial]. Default false. */
  channelsLast?: boolean | undefined;
  /** Write the values into this float32 tensor of the context (the output's shape, not an input). Default: a new tensor. */
  out?: Tensor | undefined;
}

/** Options of `rs.adaptiveMaxPool1d/2d/3d`. */
export interface AdaptiveMaxPoolOptions extends AdaptivePoolOptions {
  /** Also return where each maximum is (see PoolWithIndices). Default false. */
  returnIndices?: boolean | undefined;
}

/** What max and average pooling share: a sliding window. */
interface WindowOptions extends AdaptivePoolOptions {
  /** Window length per spatial axis (one number for all, or one per axis). Required. */
  kernelSize: PerAxis;
  /** Step between windows. Default (or null): kernelSize. */
  stride?: PerAxis | null | undefined;
  /** Implicit padding at both ends of each axis, at most ⌊kernelSize / 2⌋ (whatever the dilation, as PyTorch). Default 0. */
  padding?: PerAxis | undefined;
  /** Round the output length up, not down (the last window still starts inside the input or left padding). Default false. */
  ceilMode?: boolean | undefined;
}

/** Options of `rs.maxPool1d/2d/3d`, as F.max_pool*d's. */
export interface MaxPoolOptions extends WindowOptions {
  /** Spacing between a window's elements. Default 1. */
  dilation?: PerAxis | undefined;
  /** Also return where each maximum is (see PoolWithIndices), as maxUnpool takes them. Default false. */
  returnIndices?: boolean | undefined;
}

/** Options of `rs.avgPool1d`, as F.avg_pool1d's (which has no divisor_override). */
export interface AvgPool1dOptions extends WindowOptions {
  /** Count the padding's zeros in each window's divisor. Default true, as in PyTorch. */
  countIncludePad?: boolean | undefined;
}

/** Options of `rs.avgPool2d/3d`, as F.avg_pool2d/3d's. */
export interface AvgPoolOptions extends AvgPool1dOptions {
  /** Divide every window's sum by this positive integer instead. Default: the number of elements counted. */
  divisorOverride?: number | undefined;
}

/** Options of `rs.lpPool1d/2d/3d`, as F.lp_pool*d's (no padding or dilation). */
export interface LpPoolOptions extends AdaptivePoolOptions {
  /** The power p: any non-zero number (PyTorch lets NaN through too); Infinity gives the max of |x| over each window, -Infinity the min. Required. */
  normType: number;
  /** Window length per spatial axis (one number for all, or one per axis). Required. */
  kernelSize: PerAxis;
  /** Step between windows. Default (or null): kernelSize. */
  stride?: PerAxis | null | undefined;
  /** Round the output length up, not down; a window clipped by the input end still has its power-average multiplied by the whole kernel volume, as in PyTorch. Default false. */
  ceilMode?: boolean | undefined;
}

/** Options of `rs.fractionalMaxPool2d/3d`, as F.fractional_max_pool*d's. Give exactly one of outputSize and outputRatio. */
export interface FractionalMaxPoolOptions {
  /** Window length per spatial axis (one number for all, or one per axis). Required. */
  kernelSize: PerAxis;
  /** Output length per spatial axis. Default: none; give this or outputRatio. */
  outputSize?: PerAxis | undefined;
  /** Output length as a fraction in (0, 1) of the input's, per axis: ⌊in · ratio⌋. Default: none; give this or outputSize. */
  outputRatio?: number | readonly number[] | undefined;
  /**
   * PyTorch's `_random_samples`: float32 [N', C, 2] (2-D, ordered W then H) or [N', C, 3]
   * (3-D: D, H, W), N' ≥ N (1 for unbatched input), values in [0, 1). They place each
   * plane's windows, so equal samples give PyTorch's result exactly. Required.
   */
  samples: TensorInput;
  /** Also return where each maximum is (see PoolWithIndices), as maxUnpool takes them. Default false. */
  returnIndices?: boolean | undefined;
  /** Write the values into this float32 tensor of the context (the output's shape, not an input). Default: a new tensor. */
  out?: Tensor | undefined;
}

const ADAPTIVE: KeySet<AdaptivePoolOptions> = { channelsLast: true, out: true };
const WINDOW: KeySet<WindowOptions> = { ...ADAPTIVE, kernelSize: true, stride: true, padding: true, ceilMode: true };
const maxPoolOptions = declareOptions<MaxPoolOptions>(perRank('maxPool'), { ...WINDOW, dilation: true, returnIndices: true });
const AVG: KeySet<AvgPool1dOptions> = { ...WINDOW, countIncludePad: true };
const avgPool1dOptions = declareOptions<AvgPool1dOptions>(['avgPool1d'], AVG);
const avgPoolOptions = declareOptions<AvgPoolOptions>(perRank('avgPool').slice(1), { ...AVG, divisorOverride: true });
const adaptiveAvgOptions = declareOptions<AdaptivePoolOptions>(perRank('adaptiveAvgPool'), ADAPTIVE);
const adaptiveMaxOptions = declareOptions<AdaptiveMaxPoolOptions>(perRank('adaptiveMaxPool'), { ...ADAPTIVE, returnIndices: true });
const lpPoolOptions = declareOptions<LpPoolOptions>(perRank('lpPool'), { ...ADAPTIVE, normType: true, kernelSize: true, stride: true, ceilMode: true });
const fractionalOptions = declareOptions<FractionalMaxPoolOptions>(perRank('fractionalMaxPool').slice(1), {
  kernelSize: true, outputSize: true, outputRatio: true, samples: true, returnIndices: true, out: true,
});

/** What max pooling returns with `returnIndices: true`. */
export interface PoolWithIndices {
  /** The maxima: what the op returns without returnIndices. */
  values: Tensor<'float32'>;
  /** Flat position of each maximum within its (n, c) plane's spatial axes. */
  indices: Tensor<'int32'>;
}

/** How an input of a rank-`rank` op is laid out: batch, channels, spatial lengths. */
export interface Layout {
  batched: boolean;
  channelsLast: boolean;
  n: number;
  c: number;
  spatial: number[];
}

/** PyTorch accepts (N, C, *spatial) and unbatched (C, *spatial); channels-last puts C last. */
export function layout(shape: readonly number[], rank: number, channelsLast: boolean): Layout {
  const batched = shape.length === rank + 2;
  if (!batched && shape.length !== rank + 1) {
    const dims = channelsLast ? `(N, ${'*'.repeat(rank)}, C) or (${'*'.repeat(rank)}, C)` : `(N, C, ${rank}-D) or (C, ${rank}-D)`;
    throw invalid('x.shape', shape, `of rank ${rank + 1} or ${rank + 2}: ${dims}`);
  }
  const n = batched ? shape[0] : 1;
  const rest = batched ? shape.slice(1) : [...shape];
  const c = channelsLast ? rest[rank] : rest[0];
  const spatial = channelsLast ? rest.slice(0, rank) : rest.slice(1);
  if (c === 0 || spatial.some((d) => d === 0)) throw invalid('x.shape', shape, 'non-empty apart from the batch axis');
  return { batched, channelsLast, n, c, spatial };
}

/** The output shape of `l` with new spatial lengths. */
export function shapeWith(l: Layout, spatial: number[]): number[] {
  const inner = l.channelsLast ? [...spatial, l.c] : [l.c, ...spatial];
  return l.batched ? [l.n, ...inner] : inner;
}


interface Sliding {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
}

interface Kernel {
  op: number;
  countIncludePad?: boolean;
  divisor?: number;
  /** Lp: the power. */
  norm?: number;
  /** Fractional: PyTorch's _random_samples, in this context. */
  samples?: Tensor;
  outSize: number[];
  sliding?: Sliding;
  indices: boolean;
  out: Tensor | undefined;
}

/** Allocates the outputs and runs the kernel; `indices` only for max ops. */
function run(c: Call, input: Tensor, l: Layout, k: Kernel): Tensor | PoolWithIndices {
  const shape = shapeWith(l, k.outSize);
  const values = c.output(shape, 'float32', k.out);
  const indices = k.indices ? c.output(shape, 'int32', undefined) : undefined;
  const rank = l.spatial.length;
  const pad = (v: readonly number[], fill: number) => [...Array(3 - rank).fill(fill), ...v];
  // Adaptive ops have no sliding geometry; the kernel ignores these.
  const ones = Array(rank).fill(1);
  const s = k.sliding ?? { kernel: ones, stride: ones, padding: Array(rank).fill(0), dilation: ones };
  const [planes, lane] = l.channelsLast ? [l.n, l.c] : [l.n * l.c, 1];
  c.kernel(PoolArgs, {
    x: input.ptr, y: values.ptr, indices: indices?.ptr ?? 0, op: k.op, countIncludePad: k.countIncludePad ?? false,
    divisor: k.divisor ?? 0, planes, lane, input: pad(l.spatial, 1), output: pad(k.outSize, 1),
    kernel: pad(s.kernel, 1), stride: pad(s.stride, 1), padding: pad(s.padding, 0), paddingEnd: pad(s.padding, 0),
    dilation: pad(s.dilation, 1), samples: k.samples?.ptr ?? 0, rank, indexOrder: IndexOrder.Plane, norm: k.norm ?? 0,
  });
  return indices ? { values: values as Tensor<'float32'>, indices: indices as Tensor<'int32'> } : values;
}


function sliding(o: { kernelSize: unknown; stride?: unknown; padding?: unknown; dilation?: unknown }, rank: number, dilated: boolean): Sliding {
  const kernel = perAxis('kernelSize', o.kernelSize, rank, isPositiveInt, 'a positive integer');
  const stride = o.stride == null ? kernel : perAxis('stride', o.stride, rank, isPositiveInt, 'a positive integer');
  const padding = perAxis('padding', o.padding ?? 0, rank, isNonNegativeInt, 'a non-negative integer');
  const dilation = dilated ? perAxis('dilation', o.dilation ?? 1, rank, isPositiveInt, 'a positive integer') : Array(rank).fill(1);
  padding.forEach((p, i) => {
    // PyTorch's pool_shape_check: ⌊kernelSize / 2⌋, whatever the dilation.
    const half = Math.floor(kernel[i] / 2);
    if (p > half) throw invalid('padding', o.padding, `at most half the kernel size (${half} on axis ${i} with kernelSize ${kernel[i]})`);
  });
  return { kernel, stride, padding, dilation };
}

/**
 * PyTorch's `pooling_output_shape`: ⌊(in + 2p − d(k−1) − 1 [+ s − 1]) / s⌋ + 1,
 * and in ceil mode the last window must start inside the input or the left
 * padding.
 */
function slidingOutput(inSize: number[], s: Sliding, ceilMode: boolean, shape: readonly number[]): number[] {
  return inSize.map((n, i) => {
    const [k, st, p, d] = [s.kernel[i], s.stride[i], s.padding[i], s.dilation[i]];
    const span = n + 2 * p - d * (k - 1) - 1;
    let out = Math.floor((span + (ceilMode ? st - 1 : 0)) / st) + 1;
    if (ceilMode && (out - 1) * st >= n + p) out--;
    if (out < 1) {
      throw new ResampleError('INVALID_ARGUMENT', `kernelSize ${show(k)} (dilation ${d}, padding ${p}) is larger than axis ${i} of x.shape ${show(shape)}: the output would be empty`);
    }
    return out;
  });
}

/** What max, average and Lp pooling share: the input, its layout, the window geometry and the output size. */
function slidingSetup(c: Call, x: TensorInput, rank: number, o: WindowOptions & { dilation?: PerAxis | undefined }, dilated: boolean) {
  const input = c.input(x, 'x');
  const l = layout(input.shape, rank, optionalBool('channelsLast', o.channelsLast) ?? false);
  const s = sliding(o, rank, dilated);
  const outSize = slidingOutput(l.spatial, s, optionalBool('ceilMode', o.ceilMode) ?? false, input.shape);
  return { input, l, s, outSize };
}

export function maxPool(heap: Heap, rank: number, x: TensorInput, options: MaxPoolOptions): Tensor | PoolWithIndices {
  const op = `maxPool${rank}d`;
  return call(heap, op, (c) => {
    const o = maxPoolOptions(op, options);
    const { input, l, s, outSize } = slidingSetup(c, x, rank, o, true);
    const indices = optionalBool('returnIndices', o.returnIndices) ?? false;
    return run(c, input, l, { op: PoolOp.Max, outSize, sliding: s, indices, out: o.out });
  });
}

export function avgPool(heap: Heap, rank: number, x: TensorInput, options: AvgPoolOptions): Tensor {
  const op = `avgPool${rank}d`;
  return call(heap, op, (c) => {
    const o: AvgPoolOptions = rank === 1 ? avgPool1dOptions(op, options) : avgPoolOptions(op, options);
    const { input, l, s, outSize } = slidingSetup(c, x, rank, o, false);
    const countIncludePad = optionalBool('countIncludePad', o.countIncludePad) ?? true;
    const divisor = o.divisorOverride;
    if (divisor !== undefined && !(isPositiveInt(divisor) && divisor < 2 ** 32)) {
      throw invalid('divisorOverride', divisor, 'a positive integer');
    }
    return run(c, input, l, { op: PoolOp.Avg, countIncludePad, divisor, outSize, sliding: s, indices: false, out: o.out }) as Tensor;
  });
}

export function adaptivePool(
  heap: Heap,
  kind: 'Avg' | 'Max',
  rank: number,
  x: TensorInput,
  outputSize: AdaptiveSize,
  options?: AdaptiveMaxPoolOptions,
): Tensor | PoolWithIndices {
  const op = `adaptive${kind}Pool${rank}d`;
  return call(heap, op, (c) => {
    const o: AdaptiveMaxPoolOptions = kind === 'Max' ? adaptiveMaxOptions(op, options) : adaptiveAvgOptions(op, options);
    const input = c.input(x, 'x');
    const l = layout(input.shape, rank, optionalBool('channelsLast', o.channelsLast) ?? false);
    const sizes = perAxis('outputSize', outputSize, rank, (v) => v === null || isPositiveInt(v), 'a positive integer or null');
    const outSize = sizes.map((v, i) => v ?? l.spatial[i]);
    const indices = optionalBool('returnIndices', o.returnIndices) ?? false;
    return run(c, input, l, { op: kind === 'Max' ? PoolOp.AdaptiveMax : PoolOp.AdaptiveAvg, outSize, indices, out: o.out });
  });
}

export function lpPool(heap: Heap, rank: number, x: TensorInput, options: LpPoolOptions): Tensor {
  const op = `lpPool${rank}d`;
  return call(heap, op, (c) => {
    const o = lpPoolOptions(op, options);
    if (typeof o.normType !== 'number' || o.normType === 0) throw invalid('normType', o.normType, 'a non-zero number');
    const { input, l, s, outSize } = slidingSetup(c, x, rank, { kernelSize: o.kernelSize, stride: o.stride, ceilMode: o.ceilMode, channelsLast: o.channelsLast }, false);
    return run(c, input, l, { op: PoolOp.Lp, norm: o.normType, outSize, sliding: s, indices: false, out: o.out }) as Tensor;
  });
}

/** PyTorch's output lengths: outputSize, or ⌊in · outputRatio⌋ (exactly one given). */
function fractionalOutput(o: FractionalMaxPoolOptions, spatial: number[]): number[] {
  const rank = spatial.length;
  if ((o.outputSize === undefined) === (o.outputRatio === undefined)) {
    throw invalid('outputSize', o.outputSize, 'given, or outputRatio given, but not both');
  }
  if (o.outputSize !== undefined) return perAxis('outputSize', o.outputSize, rank, isPositiveInt, 'a positive integer');
  const ratio = perAxis('outputRatio', o.outputRatio, rank, (v) => typeof v === 'number' && v > 0 && v < 1, 'a number in (0, 1)');
  const size = spatial.map((n, i) => Math.floor(n * ratio[i]));
  if (size.includes(0)) throw invalid('outputRatio', o.outputRatio, `giving at least one output per axis (input lengths ${show(spatial)})`);
  return size;
}

export function fractionalMaxPool(heap: Heap, rank: number, x: TensorInput, options: FractionalMaxPoolOptions): Tensor | PoolWithIndices {
  const op = `fractionalMaxPool${rank}d`;
  return call(heap, op, (c) => {
    const o = fractionalOptions(op, options);
    const input = c.input(x, 'x');
    const l = layout(input.shape, rank, false);
    const kernel = perAxis('kernelSize', o.kernelSize, rank, isPositiveInt, 'a positive integer');
    const outSize = fractionalOutput(o, l.spatial);
    // PyTorch: out + k − 1 ≤ in in 2-D; in 3-D strictly less.
    const slack = rank === 2 ? 1 : 0;
    kernel.forEach((k, i) => {
      const most = l.spatial[i] - outSize[i] + slack;
      if (most < 1) throw invalid('outputSize', o.outputSize, `at most ${l.spatial[i] - 1 + slack} on axis ${i} (input length ${l.spatial[i]})`);
      if (k > most) throw invalid('kernelSize', o.kernelSize, `at most ${most} on axis ${i} (input length ${l.spatial[i]}, output length ${outSize[i]})`);
    });
    const samples = c.input(o.samples, 'samples');
    const [n, ch, k] = samples.shape;
    if (samples.shape.length !== 3 || n < l.n || ch !== l.c || k !== rank) {
      throw invalid('samples.shape', samples.shape, `[N', ${l.c}, ${rank}] with N' ≥ ${l.n}`);
    }
    const bad = samples.data.findIndex((v) => !(v >= 0 && v < 1));
    if (bad >= 0) throw invalid('samples', samples.data[bad], 'values in [0, 1)');
    const sliding = { kernel, stride: Array(rank).fill(1), padding: Array(rank).fill(0), dilation: Array(rank).fill(1) };
    const indices = optionalBool('returnIndices', o.returnIndices) ?? false;
    return run(c, input, l, { op: PoolOp.FractionalMax, samples, outSize, sliding, indices, out: o.out });
  });
}
