// F.unfold / F.fold (im2col / col2im): PyTorch's shape rules for the grid of
// sliding blocks, shared by both, then one walk in the crate.
import { UnfoldArgs } from '../abi.js';
import { call, isNonNegativeInt, isPositiveInt, perAxis, type Call } from '../args.js';
import { ResampleError, invalid, show } from '../errors.js';
import { declareOptions } from '../options.js';
import type { Heap, Tensor, TensorInput } from '../tensor.js';

type Pair = number | readonly number[];

/** Options of `rs.unfold`, as F.unfold's: the sliding blocks. Each is one number for both spatial axes, or [height, width]. */
export interface UnfoldOptions {
  /** Size of each block. Required. */
  kernelSize: Pair;
  /** Spacing between a block's elements. Default 1. */
  dilation?: Pair | undefined;
  /** Implicit zeros on both sides of each spatial axis (any size). Default 0. */
  padding?: Pair | undefined;
  /** Step between blocks. Default 1. */
  stride?: Pair | undefined;
  /** Write into this float32 tensor of the context (the output's shape, not an input) and return it. Default: a new tensor. */
  out?: Tensor | undefined;
}

/** Options of `rs.fold`, as F.fold's: the image size and the sliding blocks that were unfolded from it. */
export interface FoldOptions extends UnfoldOptions {
  /** Spatial size of the image, [H, W] (one number for both). Required. */
  outputSize: Pair;
}

const BLOCKS = { kernelSize: true, dilation: true, padding: true, stride: true, out: true } as const;
const unfoldOptions = declareOptions<UnfoldOptions>(['unfold'], BLOCKS);
const foldOptions = declareOptions<FoldOptions>(['fold'], { ...BLOCKS, outputSize: true });

interface Blocks {
  kernel: number[];
  dilation: number[];
  padding: number[];
  stride: number[];
}

function blocksOf(o: UnfoldOptions): Blocks {
  const pair = (name: string, v: unknown, ok: (v: unknown) => boolean, what: string) => perAxis(name, v, 2, ok, what);
  return {
    kernel: pair('kernelSize', o.kernelSize, isPositiveInt, 'a positive integer'),
    dilation: pair('dilation', o.dilation ?? 1, isPositiveInt, 'a positive integer'),
    padding: pair('padding', o.padding ?? 0, isNonNegativeInt, 'a non-negative integer'),
    stride: pair('stride', o.stride ?? 1, isPositiveInt, 'a positive integer'),
  };
}

/** Blocks along each axis of an image of `size`: PyTorch's (n + 2p − d(k − 1) − 1) / s + 1, truncated as in C. */
function grid(size: number[], b: Blocks): number[] {
  return size.map((n, a) => Math.trunc((n + 2 * b.padding[a] - b.dilation[a] * (b.kernel[a] - 1) - 1) / b.stride[a]) + 1);
}

const geometry = (b: Blocks) => `kernelSize ${show(b.kernel)}, dilation ${show(b.dilation)}, padding ${show(b.padding)}, stride ${show(b.stride)}`;

/** `x` [N, C, H, W] or [C, H, W] to its columns [N, C·kh·kw, L] or [C·kh·kw, L]. */
export function unfold(heap: Heap, x: TensorInput, options: UnfoldOptions): Tensor {
  return call(heap, 'unfold', (c) => {
    const o = unfoldOptions('unfold', options);
    const input = c.input(x, 'x');
    const shape = input.shape;
    if (shape.length !== 3 && shape.length !== 4) throw invalid('x.shape', shape, 'of rank 4 (N, C, H, W) or 3 (C, H, W)');
    if (shape.slice(-3).some((d) => d === 0)) throw invalid('x.shape', shape, 'non-empty apart from the batch axis');
    const b = blocksOf(o);
    const [ch, h, w] = shape.slice(-3);
    const blocks = grid([h, w], b);
    if (blocks.some((n) => n < 1)) {
      throw new ResampleError('INVALID_ARGUMENT', `${geometry(b)} on x.shape ${show(shape)} give ${show(blocks)} sliding blocks; each axis needs at least one`);
    }
    const n = shape.length === 4 ? shape[0] : 1;
    const rows = ch * b.kernel[0] * b.kernel[1];
    const cols = blocks[0] * blocks[1];
    const y = c.output(shape.length === 4 ? [n, rows, cols] : [rows, cols], 'float32', o.out);
    run(c, input.ptr, y.ptr, false, n * ch, [h, w], blocks, b);
    return y;
  });
}

/** Columns [N, C·kh·kw, L] or [C·kh·kw, L] summed back into images [N, C, H, W] or [C, H, W]. */
export function fold(heap: Heap, x: TensorInput, options: FoldOptions): Tensor {
  return call(heap, 'fold', (c) => {
    const o = foldOptions('fold', options);
    const input = c.input(x, 'x');
    const shape = input.shape;
    if (shape.length !== 2 && shape.length !== 3) throw invalid('x.shape', shape, 'of rank 3 (N, C·∏kernelSize, L) or 2 (C·∏kernelSize, L)');
    if (shape.slice(-2).some((d) => d === 0)) throw invalid('x.shape', shape, 'non-empty apart from the batch axis');
    const size = perAxis('outputSize', o.outputSize, 2, isPositiveInt, 'a positive integer');
    const b = blocksOf(o);
    const [rows, length] = shape.slice(-2);
    const taps = b.kernel[0] * b.kernel[1];
    if (rows % taps) {
      throw new ResampleError('INVALID_ARGUMENT', `x.shape ${show(shape)} has ${rows} rows, not divisible by the product of kernelSize ${show(b.kernel)} (${taps})`);
    }
    const blocks = grid(size, b);
    if (blocks.some((n) => n < 1)) {
      throw new ResampleError('INVALID_ARGUMENT', `outputSize ${show(size)} with ${geometry(b)} gives ${show(blocks)} sliding blocks; each axis needs at least one`);
    }
    if (blocks[0] * blocks[1] !== length) {
      throw new ResampleError('INVALID_ARGUMENT', `x.shape ${show(shape)} has L = ${length} blocks, but outputSize ${show(size)} with ${geometry(b)} has ${blocks[0]} × ${blocks[1]} = ${blocks[0] * blocks[1]}`);
    }
    const n = shape.length === 3 ? shape[0] : 1;
    const ch = rows / taps;
    const y = c.output(shape.length === 3 ? [n, ch, ...size] : [ch, ...size], 'float32', o.out);
    run(c, input.ptr, y.ptr, true, n * ch, size, blocks, b);
    return y;
  });
}

/** The kernel on 2-D images: a unit depth axis in front. */
function run(c: Call, x: number, y: number, fold: boolean, planes: number, image: number[], blocks: number[], b: Blocks): void {
  c.kernel(UnfoldArgs, {
    x, y, fold, planes, image: [1, ...image], blocks: [1, ...blocks],
    kernel: [1, ...b.kernel], stride: [1, ...b.stride], padding: [0, ...b.padding], dilation: [1, ...b.dilation],
  });
}
