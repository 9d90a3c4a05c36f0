// max_unpool*d: PyTorch's output-size rules (`_unpool_output_size`), then one
// scatter in the crate, which checks every index before writing anything.
import { MaxUnpoolArgs } from '../abi.js';
import { call, isNonNegativeInt, isPositiveInt, optionalBool, perAxis } from '../args.js';
import { ResampleError, invalid, show } from '../errors.js';
import { declareOptions } from '../options.js';
import type { Heap, Tensor, TensorInput } from '../tensor.js';
import { layout, shapeWith } from './pool.js';

/** Options of `rs.maxUnpool1d/2d/3d`, as F.max_unpool*d's: those of the max pooling being inverted. */
export interface MaxUnpoolOptions {
  /** The pooling's window length per spatial axis (one number for all, or one per axis). Required. */
  kernelSize: number | readonly number[];
  /** The pooling's stride. Default (or null): kernelSize. */
  stride?: number | readonly number[] | null | undefined;
  /** The pooling's padding. Default 0. */
  padding?: number | readonly number[] | undefined;
  /**
   * Spatial lengths (or the whole shape, as PyTorch accepts), each strictly
   * within `stride` of the default: (input − 1) × stride − 2 × padding + kernelSize.
   */
  outputSize?: number | readonly number[] | undefined;
  /**
   * x, indices and the output are [N, ...spatial, C] (or [...spatial, C]
   * unbatched) instead of [N, C, ...spatial]; indices stay flat positions
   * within each (n, c) plane, as maxPool returns them. Default false.
   */
  channelsLast?: boolean | undefined;
  /** Write into this float32 tensor of the context (the output's shape, not an input) and return it. Default: a new tensor. */
  out?: Tensor | undefined;
}

const maxUnpoolOptions = declareOptions<MaxUnpoolOptions>(['maxUnpool1d', 'maxUnpool2d', 'maxUnpool3d'], {
  kernelSize: true, stride: true, padding: true, outputSize: true, channelsLast: true, out: true,
});

export function maxUnpool(heap: Heap, rank: number, x: TensorInput, indices: TensorInput, options: MaxUnpoolOptions): Tensor {
  const op = `maxUnpool${rank}d`;
  return call(heap, op, (c) => {
    const o = maxUnpoolOptions(op, options);
    const input = c.input(x, 'x');
    const ix = c.input(indices, 'indices', 'int32');
    if (ix.shape.length !== input.shape.length || ix.shape.some((d, i) => d !== input.shape[i])) {
      throw new ResampleError('SHAPE_MISMATCH', `${op}: indices has shape ${show(ix.shape)}, x has shape ${show(input.shape)}`);
    }
    const l = layout(input.shape, rank, optionalBool('channelsLast', o.channelsLast) ?? false);
    const kernel = perAxis('kernelSize', o.kernelSize, rank, isPositiveInt, 'a positive integer');
    const stride = o.stride == null ? kernel : perAxis('stride', o.stride, rank, isPositiveInt, 'a positive integer');
    const padding = perAxis('padding', o.padding ?? 0, rank, isNonNegativeInt, 'a non-negative integer');
    const defaults = l.spatial.map((n, i) => (n - 1) * stride[i] - 2 * padding[i] + kernel[i]);
    const outSize = requestedSize(o.outputSize, defaults, stride, l.channelsLast);
    const zero = outSize.findIndex((d) => d < 1);
    if (zero >= 0) throw invalid('padding', o.padding, `small enough to leave a non-empty output (axis ${zero} would have length ${outSize[zero]})`);

    const y = c.output(shapeWith(l, outSize), 'float32', o.out);
    const inPlane = l.spatial.reduce((a, b) => a * b, 1);
    const outPlane = outSize.reduce((a, b) => a * b, 1);
    const [planes, lane] = l.channelsLast ? [l.n, l.c] : [l.n * l.c, 1];
    c.kernel(MaxUnpoolArgs, { x: input.ptr, indices: ix.ptr, y: y.ptr, planes, inPlane, outPlane, lane },
      (at, value) => `indices[${at}] = ${value} is outside the output plane [0, ${outPlane}) of output size ${show(outSize)}`);
    return y;
  });
}

/** PyTorch's bounds: default − stride < size < default + stride on every axis. A whole shape is physical: [N, *spatial, C] channels-last. */
function requestedSize(outputSize: unknown, defaults: number[], stride: number[], channelsLast: boolean): number[] {
  if (outputSize === undefined) return defaults;
  const rank = defaults.length;
  const full = Array.isArray(outputSize) && outputSize.length === rank + 2 ? outputSize.slice(channelsLast ? 1 : 2, channelsLast ? -1 : undefined) : outputSize;
  const size = perAxis('outputSize', full, rank, isPositiveInt, `a positive integer (${rank} spatial lengths, or all ${rank + 2} dimensions)`);
  size.forEach((s, i) => {
    const [lo, hi] = [defaults[i] - stride[i], defaults[i] + stride[i]];
    if (!(lo < s && s < hi)) throw invalid('outputSize', outputSize, `strictly between ${lo} and ${hi} on axis ${i} (default ${defaults[i]}, stride ${stride[i]})`);
  });
  return size;
}
