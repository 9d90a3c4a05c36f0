// rs.onnx.run: one ONNX node per call. The operator's version is the newest
// one the requested opset includes; its declared attributes are the only
// ones accepted, so a node exported for another version fails by name
// instead of running with a default.
import { call } from '../../args.js';
import { ResampleError, invalid, named, show } from '../../errors.js';
import { declareOptions } from '../../options.js';
import type { Heap, Tensor } from '../../tensor.js';
import { convOperators } from './conv.js';
import { gridOperators } from './grid.js';
import { layoutOperators } from './layout.js';
import { poolOperators } from './pool.js';
import { Node, type AttributeValue, type OnnxInput, type OpVersion } from './node.js';
import { resizeOperators } from './resize.js';
import { unpoolOperators } from './unpool.js';

/** The newest opset of onnx 1.23, the default. */
export const ONNX_OPSET = 28;

/** Options of `rs.onnx.run`. */
export interface OnnxRunOptions {
  /** The model's opset (ai.onnx domain): selects each operator's version as ONNX does. Default 28, the newest. */
  opset?: number | undefined;
  /** How many of the operator's outputs the node has (ONNX's optional trailing outputs, such as MaxPool's Indices): only those are computed and returned. Default 1. */
  outputs?: number | undefined;
}

const runOptions = declareOptions<OnnxRunOptions>(['onnx.run'], { opset: true, outputs: true });

/** Every supported operator's versions, oldest first. */
const OPERATORS: Readonly<Record<string, readonly OpVersion[]>> = {
  ...layoutOperators,
  ...convOperators,
  ...gridOperators,
  ...unpoolOperators,
  ...poolOperators,
  ...resizeOperators,
};

/** `rs.onnx`: ONNX's sampling operators, one node per call. */
export interface Onnx {
  /**
   * Runs one ONNX node (ai.onnx domain) and returns its outputs in ONNX's
   * order: float32 tensors, and int32 tensors for integer outputs (MaxPool's
   * Indices). `inputs` has one entry per input slot, `null` or `undefined`
   * where the node leaves an optional input out; `attributes` are the node's,
   * snake_case, as numbers, strings and number lists. Attributes the
   * operator's version does not declare, values it does not support and
   * unknown operators throw INVALID_ARGUMENT naming them.
   *
   * @example const [y] = rs.onnx.run('Resize', [x, null, { shape: [4], data: [1, 1, 2, 2] }], { mode: 'linear' });
   */
  run(opType: string, inputs: readonly OnnxInput[], attributes?: Readonly<Record<string, AttributeValue>>, options?: OnnxRunOptions): Tensor[];
}

/** `rs.onnx` of a context. */
export const onnx = (heap: Heap): Onnx => ({ run: (op, inputs, attributes, options) => onnxRun(heap, op, inputs, attributes, options) });

function onnxRun(
  heap: Heap,
  opType: string,
  inputs: readonly OnnxInput[],
  attributes: Readonly<Record<string, AttributeValue>> | undefined,
  options: OnnxRunOptions | undefined,
): Tensor[] {
  return call(heap, 'onnx.run', (c) => {
    const o = runOptions('onnx.run', options);
    const opset = o.opset ?? ONNX_OPSET;
    if (!Number.isSafeInteger(opset) || opset < 1 || opset > ONNX_OPSET) throw invalid('opset', opset, `an integer from 1 to ${ONNX_OPSET}`);
    if (typeof opType !== 'string' || !Object.hasOwn(OPERATORS, opType)) {
      throw invalid('opType', opType, `one of ${Object.keys(OPERATORS).map(show).join(', ')}`);
    }
    return named(opType, () => {
      const version = OPERATORS[opType].filter((v) => v.since <= opset).pop();
      if (version === undefined) throw new ResampleError('INVALID_ARGUMENT', `no version in opset ${opset} (the first is in opset ${OPERATORS[opType][0].since})`);
      const outputs = checkOutputs(version, o.outputs ?? 1);
      return version.run(c, new Node(c, version, checkAttributes(version, attributes), checkInputs(version, inputs), outputs));
    });
  });
}

function checkAttributes(version: OpVersion, attributes: Readonly<Record<string, AttributeValue>> | undefined): Readonly<Record<string, AttributeValue>> {
  if (attributes === undefined) return {};
  if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) throw invalid('attributes', attributes, 'an object');
  const declared = Object.keys(version.attributes);
  for (const k of Object.keys(attributes)) {
    if (!declared.includes(k)) {
      const known = declared.length ? `its attributes are ${declared.map(show).join(', ')}` : 'it has no attributes';
      throw new ResampleError('INVALID_ARGUMENT', `unknown attribute ${show(k)} in version ${version.since} (${known})`);
    }
  }
  return attributes;
}

function checkInputs(version: OpVersion, inputs: readonly OnnxInput[]): readonly OnnxInput[] {
  if (!Array.isArray(inputs)) throw invalid('inputs', inputs, 'an array with one entry per input slot');
  const slots = version.inputs;
  if (inputs.length > slots.length) throw invalid('inputs', inputs, `at most ${slots.length} entries (${slots.join(', ')})`);
  slots.forEach((slot, i) => {
    if (!slot.endsWith('?') && (inputs[i] === null || inputs[i] === undefined)) throw new ResampleError('INVALID_ARGUMENT', `input ${slot} (slot ${i}) is required`);
  });
  return inputs;
}

function checkOutputs(version: OpVersion, n: number): number {
  const names = version.outputs ?? ['Y'];
  if (!Number.isSafeInteger(n) || n < 1 || n > names.length) {
    throw invalid('outputs', n, names.length > 1 ? `an integer from 1 to ${names.length} (${names.join(', ')})` : `1 (version ${version.since} has one output)`);
  }
  return n;
}
