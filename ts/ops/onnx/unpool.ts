// ONNX MaxUnpool (9, 11, 22) on the project's max_unpool kernel. ONNX's
// indices are offsets into the whole output tensor (N and C included) of the
// inferred shape, so the kernel scatters one plane: the whole tensor. A
// larger output_shape holds that block at its origin, zeros after it (the
// reference's rule), which the pad kernel adds.
import { MaxUnpoolArgs, PadArgs, PadMode } from '../../abi.js';
import { ResampleError, invalid, show } from '../../errors.js';
import type { Tensor } from '../../tensor.js';
import type { Node, OpVersion } from './node.js';

const positive = (v: readonly number[]) => v.every((d) => d > 0);

function maxUnpool(node: Node): Tensor[] {
  const { c } = node;
  const x = node.tensor(0);
  const shape = x.shape;
  const rank = shape.length - 2;
  if (rank < 1 || rank > 3) throw invalid('X.shape', shape, 'of rank 3, 4 or 5 (N, C and one to three spatial axes)');
  const kernel = node.intList('kernel_shape', rank);
  if (kernel === undefined) throw new ResampleError('INVALID_ARGUMENT', `attribute kernel_shape is required (${rank} integers)`);
  if (!positive(kernel)) throw invalid('attribute kernel_shape', kernel, 'positive integers');
  const strides = node.intList('strides', rank) ?? Array<number>(rank).fill(1);
  if (!positive(strides)) throw invalid('attribute strides', strides, 'positive integers');
  const pads = node.intList('pads', 2 * rank) ?? Array<number>(2 * rank).fill(0);
  if (!pads.every((p) => p >= 0)) throw invalid('attribute pads', pads, 'non-negative integers');
  const indices = node.intTensor(1);
  if (indices.shape.length !== shape.length || indices.shape.some((d, i) => d !== shape[i])) {
    throw invalid('I.shape', indices.shape, `X's shape ${show(shape)}`);
  }
  const inferred = [shape[0], shape[1], ...shape.slice(2).map((n, i) => (n - 1) * strides[i] - pads[i] - pads[rank + i] + kernel[i])];
  if (!positive(inferred.slice(2))) throw invalid('attribute pads', pads, `small enough to leave a non-empty output (the inferred shape is ${show(inferred)})`);
  const outShape = node.ints(2) ?? inferred;
  if (outShape.length !== shape.length || outShape.some((d, i) => d < inferred[i])) {
    throw invalid('output_shape', outShape, `${shape.length} lengths, each at least the inferred shape's ${show(inferred)}`);
  }
  const y = c.output(outShape, 'float32', undefined);
  const padded = outShape.some((d, i) => d !== inferred[i]);
  const block = padded ? c.scratch(inferred, 'float32') : y;
  const total = inferred.reduce((a, b) => a * b, 1);
  c.kernel(MaxUnpoolArgs, { x: x.ptr, indices: indices.ptr, y: block.ptr, planes: 1, inPlane: x.size, outPlane: total, lane: 1 },
    (at, value) => `input I[${at}] = ${value} is outside the output [0, ${total}) of the inferred shape ${show(inferred)}`);
  if (padded) {
    const fill = (v: readonly number[], f: number) => [...v, ...Array<number>(PadArgs.fields.input[2] - v.length).fill(f)];
    c.kernel(PadArgs, {
      x: block.ptr, y: y.ptr, mode: PadMode.Constant, value: 0, outer: 1, axes: inferred.length,
      input: fill(inferred, 1), output: fill(outShape, 1), left: fill([], 0),
    });
  }
  return [y];
}

const ATTRIBUTES = { kernel_shape: 'ints', pads: 'ints', strides: 'ints' } as const;
const INPUTS = ['X', 'I', 'output_shape?'];

export const unpoolOperators: Record<string, OpVersion[]> = {
  MaxUnpool: [9, 11, 22].map((since) => ({ since, attributes: ATTRIBUTES, inputs: INPUTS, run: (_, node) => maxUnpool(node) })),
};
