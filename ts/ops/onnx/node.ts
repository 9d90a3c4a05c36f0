// One ONNX node as `rs.onnx.run` receives it: its attributes, checked
// against what the operator's version declares, and its input slots. Every
// message names the operator first, then the attribute or input
// (`Resize: attribute mode must be ...`); run() adds `onnx.run: `.
import type { Call } from '../../args.js';
import { ResampleError, invalid, show } from '../../errors.js';
import { isTensor, type DType, type Tensor, type TensorInput } from '../../tensor.js';

/** An attribute's ONNX type: INT, INTS, FLOAT, FLOATS, STRING. */
export type AttributeKind = 'int' | 'ints' | 'float' | 'floats' | 'string';

/** What users pass per attribute: a number, a string or a list of numbers. */
export type AttributeValue = number | string | readonly number[] | ArrayLike<number>;

/** int64 inputs (sizes, indices, output_shape, ...): BigInt64Array, Int32Array, plain numbers, or an int32 tensor. */
export type OnnxIntInput =
  | Tensor<'int32'>
  | { readonly shape: readonly number[]; readonly data: BigInt64Array | Int32Array | readonly number[] };

/** One node input slot; `null` or `undefined` where the node leaves an optional input out. */
export type OnnxInput = TensorInput | OnnxIntInput | null | undefined;

/** One version of an operator: the opset that introduced it, its attributes, its input slots and its kernel. */
export interface OpVersion {
  /** The opset that introduced this version (ONNX's since_version). */
  readonly since: number;
  /** Attribute names and their ONNX types. */
  readonly attributes: Readonly<Record<string, AttributeKind>>;
  /** Input slot names in order, as ONNX's schema names them; a trailing `?` marks an optional one. */
  readonly inputs: readonly string[];
  /** Output names in order, when there are more than one (the first is always computed). Default: one output. */
  readonly outputs?: readonly string[];
  readonly run: (c: Call, node: Node) => Tensor[];
}

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isList = (v: unknown): v is ArrayLike<number> => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

export class Node {
  constructor(
    readonly c: Call,
    /** The operator's version that the requested opset selects. */
    readonly version: OpVersion,
    readonly attributes: Readonly<Record<string, AttributeValue>>,
    readonly inputs: readonly OnnxInput[],
    /** How many of the version's outputs the node has (rs.onnx.run's `outputs` option). */
    readonly outputs = 1,
  ) {}

  /** Whether input slot `i` was given (ONNX: a non-empty name). */
  has(i: number): boolean {
    return this.inputs[i] !== null && this.inputs[i] !== undefined;
  }

  /** The schema's name of input slot `i`, for messages. */
  inputName(i: number): string {
    return this.version.inputs[i].replace(/\?$/, '');
  }

  /** Input slot `i` as a tensor of `dtype` in this context (copied in when it is a plain object). */
  tensor(i: number, dtype: DType = 'float32'): Tensor {
    const x = this.inputs[i];
    if (x === null || x === undefined) throw this.#missing(i);
    return this.c.input(x as TensorInput, this.inputName(i), dtype);
  }

  #missing(i: number): ResampleError {
    return new ResampleError('INVALID_ARGUMENT', `input ${this.inputName(i)} is required`);
  }

  /** A small input slot read into numbers: int64 ones exactly (safe integers), float ones as float32 values. */
  values(i: number, kind: 'int' | 'float'): { shape: readonly number[]; data: number[] } | undefined {
    const x = this.inputs[i] as { shape?: unknown; data?: unknown } | null | undefined;
    if (x === null || x === undefined) return undefined;
    const name = this.inputName(i);
    if (typeof x !== 'object' || !Array.isArray(x.shape) || !isList(x.data)) throw invalid(name, x, 'a Tensor or { shape, data }');
    const shape = x.shape as number[];
    const size = shape.reduce((a, b) => a * b, 1);
    if (!shape.every((d) => isInt(d) && d >= 0) || x.data.length !== size) {
      throw invalid(`${name}.shape`, shape, `non-negative integers whose product is data.length (${x.data.length})`);
    }
    const raw = Array.from(x.data as ArrayLike<number | bigint>, Number);
    const data = kind === 'int' ? raw : raw.map(Math.fround);
    if (kind === 'int' && !data.every(isInt)) throw invalid(name, x.data, 'integers (int64 values within ±2⁵³)');
    return { shape, data };
  }

  /** An int64 input slot of any shape (indices) as an int32 tensor in this context; every value must fit int32. */
  intTensor(i: number): Tensor {
    const x = this.inputs[i];
    const name = this.inputName(i);
    if (isTensor(x)) return this.c.input(x, name, 'int32');
    const v = this.values(i, 'int');
    if (v === undefined) throw this.#missing(i);
    const k = v.data.findIndex((d) => d < -(2 ** 31) || d >= 2 ** 31);
    if (k >= 0) throw invalid(`${name}[${k}]`, v.data[k], 'within the int32 range');
    return this.c.input({ shape: v.shape, data: Int32Array.from(v.data) }, name, 'int32');
  }

  /** A 1-D int64 input slot as numbers (sizes, output_shape, image_shape, ...). */
  ints(i: number): number[] | undefined {
    return this.#vector(i, 'int');
  }

  /** A 1-D float input slot as float32 values (scales, roi). */
  floats(i: number): number[] | undefined {
    return this.#vector(i, 'float');
  }

  #vector(i: number, kind: 'int' | 'float'): number[] | undefined {
    const v = this.values(i, kind);
    if (v !== undefined && v.shape.length !== 1) throw invalid(`${this.inputName(i)}.shape`, v.shape, 'one-dimensional');
    return v?.data;
  }

  #get(name: string, kind: AttributeKind): unknown {
    const declared = this.version.attributes[name];
    if (declared !== kind) throw new Error(`${name} is declared ${String(declared)}, read as ${kind}`);
    return this.attributes[name];
  }

  int(name: string, fallback: number): number;
  int(name: string): number | undefined;
  int(name: string, fallback?: number): number | undefined {
    const v = this.#get(name, 'int') ?? fallback;
    if (v !== undefined && !isInt(v)) throw invalid(`attribute ${name}`, v, 'an integer');
    return v as number | undefined;
  }

  /** An INT attribute that must be 0 or 1 (default 0), as a boolean; false where the operator's version has no such attribute. */
  flag(name: string): boolean {
    if (this.version.attributes[name] === undefined) return false;
    const v = this.int(name, 0);
    if (v !== 0 && v !== 1) throw invalid(`attribute ${name}`, v, '0 or 1');
    return v === 1;
  }

  float(name: string, fallback: number): number {
    const v = this.#get(name, 'float') ?? fallback;
    if (typeof v !== 'number') throw invalid(`attribute ${name}`, v, 'a number');
    return Math.fround(v);
  }

  string<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const v = this.#get(name, 'string') ?? fallback;
    if (typeof v !== 'string' || !allowed.includes(v as T)) throw invalid(`attribute ${name}`, v, `one of ${allowed.map(show).join(', ')}`);
    return v as T;
  }

  #list(name: string, kind: 'ints' | 'floats'): number[] | undefined {
    const v = this.#get(name, kind);
    if (v === undefined) return undefined;
    const ok = kind === 'ints' ? isInt : (x: unknown) => typeof x === 'number';
    if (!isList(v) || !Array.from(v).every(ok)) throw invalid(`attribute ${name}`, v, kind === 'ints' ? 'a list of integers' : 'a list of numbers');
    return Array.from(v, kind === 'floats' ? Math.fround : Number);
  }

  /** An INTS attribute, optionally of exactly `length` entries. */
  intList(name: string, length?: number): number[] | undefined {
    const v = this.#list(name, 'ints');
    if (v !== undefined && length !== undefined && v.length !== length) throw invalid(`attribute ${name}`, v, `a list of ${length} integers`);
    return v;
  }

  /** A FLOATS attribute. */
  floatList(name: string): number[] | undefined {
    return this.#list(name, 'floats');
  }
}
