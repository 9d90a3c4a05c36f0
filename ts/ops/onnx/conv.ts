// ONNX's Conv, ConvTranspose and Col2Im on the project's conv and fold
// kernels. The kernels take each axis's start padding (signed) and the
// output length, the end padding being whatever that length implies, so
// ONNX's asymmetric pads, auto_pad's uneven splits and ConvTranspose's
// cropped or extended outputs need no padded copy and no crop afterwards.
// Where the standard's text and its reference implementation part ways,
// the reference (onnx.reference) decides; docs/onnx.md lists where.
import { ConvArgs, PadMode, UnfoldArgs } from '../../abi.js';
import type { Call } from '../../args.js';
import { ResampleError, invalid, show } from '../../errors.js';
import type { Tensor } from '../../tensor.js';
import { autoPad as readAutoPad, samePadding, type AutoPad } from './autoPad.js';
import type { Node, OpVersion } from './node.js';

// Larger values cannot describe a tensor that fits in wasm memory (and the kernels take i32 paddings).
const MAX = 0x7fffffff;

/** One spatial axis as the conv kernel takes it: start padding (negative: the output starts before the full one) and output length. */
interface Axis {
  begin: number;
  out: number;
}

interface Layer {
  x: Tensor;
  w: Tensor;
  b: Tensor | undefined;
  n: number;
  c: number;
  m: number;
  group: number;
  spatial: number[];
  kernel: number[];
  strides: number[];
  dilations: number[];
  autoPad: AutoPad;
  pads: number[] | undefined;
}

/** An INTS attribute of `length` integers from `min` (default: every one `fallback`). */
function ints(node: Node, name: string, length: number, min: number, fallback: number): number[] {
  const v = node.intList(name, length) ?? Array<number>(length).fill(fallback);
  if (v.some((d) => d < min || d > MAX)) throw invalid(`attribute ${name}`, v, `a list of ${length} integers from ${min} to ${MAX}`);
  return v;
}

/** Strides, dilations and pads of a node over `rank` spatial axes. */
function sliding(node: Node, rank: number): Pick<Layer, 'strides' | 'dilations' | 'pads'> {
  const strides = ints(node, 'strides', rank, 1, 1);
  const dilations = ints(node, 'dilations', rank, 1, 1);
  const pads = node.intList('pads') === undefined ? undefined : ints(node, 'pads', 2 * rank, 0, 0);
  return { strides, dilations, pads };
}

/** X, W, B and the attributes Conv and ConvTranspose share, checked against each other. */
function layer(node: Node, transposed: boolean): Layer {
  const x = node.tensor(0);
  const w = node.tensor(1);
  const rank = x.shape.length - 2;
  if (rank < 1 || rank > 3) {
    throw invalid('X.shape', x.shape, rank < 1 ? 'of rank 3 or more (N, C and the spatial axes)' : 'of rank 3 to 5 (1 to 3 spatial axes; more are valid ONNX, not supported here)');
  }
  const layout = transposed ? 'C, M/group' : 'M, C/group';
  if (w.shape.length !== x.shape.length) throw invalid('W.shape', w.shape, `of X's rank ${x.shape.length} (${layout} and ${rank} kernel axes)`);
  if (x.shape.slice(1).includes(0)) throw invalid('X.shape', x.shape, 'non-empty apart from the batch axis');
  if (w.size === 0) throw invalid('W.shape', w.shape, 'non-empty');
  const group = node.int('group', 1);
  if (group < 1 || group > MAX) throw invalid('attribute group', group, 'a positive integer');
  const [n, c] = x.shape;
  let m: number;
  if (transposed) {
    if (w.shape[0] !== c) throw new ResampleError('SHAPE_MISMATCH', `W.shape ${show(w.shape)} expects X with ${w.shape[0]} channels (W is [C, M/group, ...]), X.shape is ${show(x.shape)}`);
    if (c % group !== 0) throw invalid('attribute group', group, `a divisor of the ${c} input channels`);
    m = w.shape[1] * group;
  } else {
    if (w.shape[0] % group !== 0) throw invalid('attribute group', group, `a divisor of the ${w.shape[0]} output channels (W.shape[0])`);
    if (w.shape[1] * group !== c) {
      throw new ResampleError('SHAPE_MISMATCH', `W.shape ${show(w.shape)} with group ${group} expects X with ${w.shape[1] * group} channels, X.shape is ${show(x.shape)}`);
    }
    m = w.shape[0];
  }
  const kernel = w.shape.slice(2);
  const given = node.intList('kernel_shape', rank);
  if (given !== undefined && given.some((k, i) => k !== kernel[i])) throw invalid('attribute kernel_shape', given, `W's kernel axes ${show(kernel)} (or left out)`);
  const autoPad = readAutoPad(node);
  const geometry = sliding(node, rank);
  if (geometry.pads !== undefined && autoPad !== 'NOTSET') throw invalid('attribute pads', geometry.pads, `left out with auto_pad '${autoPad}' (the standard forbids both)`);
  let b: Tensor | undefined;
  if (node.has(2)) {
    b = node.tensor(2);
    if (b.shape.length !== 1 || b.shape[0] !== m) throw new ResampleError('SHAPE_MISMATCH', `B has shape ${show(b.shape)}, expected [${m}] (one per output channel)`);
  }
  return { x, w, b, n, c, m, group, spatial: x.shape.slice(2), kernel, ...geometry, autoPad };
}

/** The dilated kernel's extent along axis i. */
const span = (l: Layer, i: number) => l.dilations[i] * (l.kernel[i] - 1) + 1;

/** Conv: pads from auto_pad (the reference's split: SAME_LOWER puts the odd element first) or the attribute. */
function convAxes(l: Layer): Axis[] {
  const rank = l.spatial.length;
  return l.spatial.map((len, i) => {
    const [s, k] = [l.strides[i], span(l, i)];
    let [begin, end] = [l.pads?.[i] ?? 0, l.pads?.[i + rank] ?? 0];
    if (l.autoPad === 'VALID') [begin, end] = [0, 0];
    if (l.autoPad === 'SAME_UPPER' || l.autoPad === 'SAME_LOWER') ({ begin, end } = samePadding(len, s, k, l.autoPad));
    if (len + begin + end < k) {
      throw invalid(l.pads ? 'attribute pads' : 'W.shape', l.pads ?? l.w.shape,
        `large enough for the kernel: axis ${i} has ${len} + ${begin + end} padded elements, the dilated kernel (W.shape ${show(l.w.shape)}, dilations ${show(l.dilations)}) spans ${k}`);
    }
    return { begin, out: Math.floor((len + begin + end - k) / s) + 1 };
  });
}

/**
 * ConvTranspose, as the reference computes it: with SAME_UPPER/SAME_LOWER
 * and no pads, the total padding s·(n − 1) + output_padding + span −
 * output_shape (output_shape defaulting to n·s; negative adds output) is
 * split with floor division, SAME_UPPER putting the odd element at the end;
 * otherwise pads (default 0) decide, and output_shape, if given, must
 * describe the same input length and only sets how many positions follow.
 */
function transposedAxes(node: Node, l: Layer): Axis[] {
  const rank = l.spatial.length;
  const extra = ints(node, 'output_padding', rank, 0, 0);
  // Below the stride: the reference and onnxruntime reject more (the text's "stride/dilation" reads as PyTorch's max of both).
  const bad = extra.findIndex((e, i) => e >= l.strides[i]);
  if (bad >= 0) throw invalid('attribute output_padding', extra, `below strides ${show(l.strides)} on each axis (axis ${bad})`);
  const shape = node.intList('output_shape') === undefined ? undefined : ints(node, 'output_shape', rank, 1, 1);
  const same = l.autoPad === 'SAME_UPPER' || l.autoPad === 'SAME_LOWER';
  return l.spatial.map((len, i) => {
    const [s, k] = [l.strides[i], span(l, i)];
    const full = s * (len - 1) + k;
    if (same) {
      const out = shape?.[i] ?? len * s;
      const total = full + extra[i] - out;
      const half = Math.floor(total / 2);
      return { begin: l.autoPad === 'SAME_UPPER' ? half : total - half, out };
    }
    const [begin, end] = [l.pads?.[i] ?? 0, l.pads?.[i + rank] ?? 0];
    const least = full - begin - end;
    if (shape !== undefined && (shape[i] < least || shape[i] >= least + s)) {
      throw invalid('attribute output_shape', shape,
        `from ${least} to ${least + s - 1} on axis ${i}: X's ${len} elements with pads (${begin}, ${end}), strides ${s} and the kernel's span ${k} (pads are not recomputed without auto_pad)`);
    }
    const out = shape?.[i] ?? least + extra[i];
    if (out < 1) throw invalid('attribute pads', l.pads, `small enough for a positive output length (axis ${i} would have ${out})`);
    return { begin, out };
  });
}

/** The conv kernel over `axes` (unit axes in front), into a new [N, M, *out] tensor. */
function convolve(c: Call, l: Layer, transposed: boolean, axes: Axis[]): Tensor[] {
  const y = c.output([l.n, l.m, ...axes.map((a) => a.out)], 'float32', undefined);
  const unit = 3 - axes.length;
  const column = (f: (i: number) => number, one: number) => [...Array<number>(unit).fill(one), ...axes.map((_, i) => f(i))];
  // An empty batch has nothing to compute.
  if (l.n === 0) return [y];
  c.kernel(ConvArgs, {
    x: l.x.ptr, weight: l.w.ptr, bias: l.b?.ptr ?? 0, y: y.ptr, transposed,
    batch: l.n, inChannels: l.c, outChannels: l.m, groups: l.group,
    input: column((i) => l.spatial[i], 1), output: column((i) => axes[i].out, 1), kernel: column((i) => l.kernel[i], 1),
    stride: column((i) => l.strides[i], 1), padding: column((i) => axes[i].begin, 0), dilation: column((i) => l.dilations[i], 1),
    upsample: false, mode: 0, alignCorners: false, source: [0, 0], scale: [0, 0], paddingMode: PadMode.Constant, channelsLast: false,
  });
  return [y];
}

const product = (v: readonly number[]) => v.reduce((p, d) => p * d, 1);

/** Col2Im on the fold kernel: 2-D and 3-D images; more spatial axes are not supported. */
function col2Im(c: Call, node: Node): Tensor[] {
  const x = node.tensor(0);
  const image = node.ints(1) ?? [];
  const block = node.ints(2) ?? [];
  const rank = image.length;
  const ok = (v: number[]) => v.every((d) => d >= 1 && d <= MAX);
  if (rank < 2 || rank > 3 || !ok(image)) {
    throw invalid('image_shape', image, rank > 3 ? '2 or 3 positive values (Col2Im on 4 or more spatial axes is valid ONNX, not supported here)' : "2 or 3 positive values (the image's spatial axes)");
  }
  if (block.length !== rank || !ok(block)) throw invalid('block_shape', block, `${rank} positive values, one per axis of image_shape`);
  if (x.shape.length !== 3) throw invalid('input.shape', x.shape, 'of rank 3 (N, C·∏block_shape, L)');
  if (x.shape.slice(1).includes(0)) throw invalid('input.shape', x.shape, 'non-empty apart from the batch axis');
  const { strides, dilations, pads } = sliding(node, rank);
  const [n, rows, length] = x.shape;
  const taps = product(block);
  if (rows % taps !== 0) throw new ResampleError('SHAPE_MISMATCH', `input.shape ${show(x.shape)} has ${rows} rows, not a multiple of ∏block_shape ${show(block)} = ${taps}`);
  const begin = image.map((_, i) => pads?.[i] ?? 0);
  const blocks = image.map((len, i) => Math.floor((len + begin[i] + (pads?.[i + rank] ?? 0) - dilations[i] * (block[i] - 1) - 1) / strides[i]) + 1);
  if (blocks.some((b) => b < 1) || product(blocks) !== length) {
    throw new ResampleError('SHAPE_MISMATCH',
      `input.shape ${show(x.shape)} has L = ${length} blocks, but image_shape ${show(image)} with block_shape ${show(block)}, dilations ${show(dilations)}, pads ${show(pads ?? Array(2 * rank).fill(0))} and strides ${show(strides)} has ${blocks.join(' × ')}`);
  }
  const ch = rows / taps;
  const y = c.output([n, ch, ...image], 'float32', undefined);
  // 2-D images as 3-D ones of depth 1.
  const deep = (v: number[], unit: number) => (rank === 2 ? [unit, ...v] : v);
  c.kernel(UnfoldArgs, {
    x: x.ptr, y: y.ptr, fold: true, planes: n * ch, image: deep(image, 1), blocks: deep(blocks, 1),
    kernel: deep(block, 1), stride: deep(strides, 1), padding: deep(begin, 0), dilation: deep(dilations, 1),
  });
  return [y];
}

const CONV = { auto_pad: 'string', dilations: 'ints', group: 'int', kernel_shape: 'ints', pads: 'ints', strides: 'ints' } as const;
const TRANSPOSE = { ...CONV, output_padding: 'ints', output_shape: 'ints' } as const;
const INPUTS = ['X', 'W', 'B?'];

const conv = (since: number): OpVersion => ({
  since, attributes: CONV, inputs: INPUTS,
  run: (c, node) => {
    const l = layer(node, false);
    return convolve(c, l, false, convAxes(l));
  },
});

const convTranspose = (since: number): OpVersion => ({
  since, attributes: TRANSPOSE, inputs: INPUTS,
  run: (c, node) => {
    const l = layer(node, true);
    return convolve(c, l, true, transposedAxes(node, l));
  },
});

/** Conv, ConvTranspose and Col2Im, by version (the versions differ in types only). */
export const convOperators: Record<string, OpVersion[]> = {
  Conv: [1, 11, 22].map(conv),
  ConvTranspose: [1, 11, 22].map(convTranspose),
  Col2Im: [{ since: 18, attributes: { dilations: 'ints', pads: 'ints', strides: 'ints' }, inputs: ['input', 'image_shape', 'block_shape'], run: col2Im }],
};
