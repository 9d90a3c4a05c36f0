// What every op does around its kernel call: resolve inputs into linear
// memory, check or allocate the output, and on any error free what it made,
// so an op that throws writes nothing and leaks nothing.
import { ResampleError, invalid, named, show } from './errors.js';
import { Status } from './abi.js';
import type { ArgsOf, Export, Layout } from './seam.js';
import { Heap, Tensor, isTensor, type DType, type TensorInput } from './tensor.js';


export class Call {
  readonly #temps: Tensor[] = [];
  readonly #made: Tensor[] = [];
  readonly #inputs: Tensor[] = [];

  constructor(
    readonly heap: Heap,
    readonly op: string,
  ) {}

  /** A live tensor of this context holding `x`; plain objects and foreign tensors are copied in. */
  input(x: TensorInput, name: string, dtype: DType = 'float32'): Tensor {
    let t: Tensor;
    if (isTensor(x)) {
      x.assertLive(name);
      if (x.dtype !== dtype) throw invalid(`${name}.dtype`, x.dtype, `'${dtype}'`);
      t = x.heap === this.heap ? x : this.copyIn(x.shape, x.data, name, dtype);
    } else if (x && typeof x === 'object' && 'shape' in x && 'data' in x) {
      t = this.copyIn(x.shape, x.data, name, dtype);
    } else {
      throw invalid(name, x, 'a Tensor or { shape, data }');
    }
    this.#inputs.push(t);
    return t;
  }

  private copyIn(shape: readonly number[], data: ArrayLike<number>, name: string, dtype: DType): Tensor {
    const t = this.heap.copyOf(shape, dtype, data, name);
    this.#temps.push(t);
    return t;
  }

  /** A temporary tensor, freed when the call ends. */
  scratch(shape: number[], dtype: DType): Tensor {
    const t = this.heap.allocate(shape, dtype, 'scratch');
    this.#temps.push(t);
    return t;
  }

  /** `out` checked against the shape the op will write, or a new tensor. */
  output(shape: number[], dtype: DType, out: Tensor | undefined): Tensor {
    if (out === undefined) {
      const t = this.heap.allocate(shape, dtype, 'output');
      this.#made.push(t);
      return t;
    }
    if (!isTensor(out)) throw invalid(`${this.op}: out`, out, 'a Tensor');
    out.assertLive(`${this.op}: out`);
    if (out.heap !== this.heap) throw invalid(`${this.op}: out`, out.shape, 'a tensor of this context');
    if (out.dtype !== dtype) throw invalid(`${this.op}: out.dtype`, out.dtype, `'${dtype}'`);
    if (out.shape.length !== shape.length || out.shape.some((d, i) => d !== shape[i])) {
      throw new ResampleError('SHAPE_MISMATCH', `${this.op}: out has shape ${show(out.shape)}, the result has shape ${show(shape)}`);
    }
    if (this.#inputs.includes(out)) throw invalid(`${this.op}: out`, out.shape, 'a tensor distinct from the inputs');
    return out;
  }

  /**
   * Runs the kernel export that takes `layout`. Statuses other than
   * OUT_OF_MEMORY (and BAD_INDEX, for ops whose indices come from users)
   * mean validation here missed something. Messages leave the op's name to
   * call(), which puts it first (inside rs.onnx.run, after the operator's).
   */
  kernel<L extends Layout & { export: Export }>(layout: L, args: ArgsOf<L>, badIndex?: (at: number, value: number) => string): void {
    const failure = this.heap.seam.call(this.op, layout, args);
    if (failure === undefined) return;
    const { status, at, value } = failure;
    if (status === Status.OutOfMemory) {
      // The kernel saturates a size it cannot even count in wasm32's usize.
      const bytes = value >= 2 ** 32 - 1 ? 'more than the 4 GiB wasm32 can address' : `${value} bytes`;
      throw new ResampleError('OUT_OF_MEMORY', `no memory left for the kernel's scratch buffers (${bytes})`);
    }
    if (status === Status.BadIndex && badIndex) throw new ResampleError('INVALID_ARGUMENT', badIndex(at, value));
    const name = Object.keys(Status).find((k) => Status[k as keyof typeof Status] === status) ?? status;
    throw new ResampleError('INVALID_ARGUMENT', `the kernel rejected its arguments (status ${name})`);
  }

  finish(failed: boolean): void {
    for (const t of this.#temps) t.dispose();
    if (failed) for (const t of this.#made) t.dispose();
  }
}

/**
 * Runs `body` with a Call that cleans up after it, whether it returns or
 * throws; what it throws names `op` first.
 */
export function call<T>(heap: Heap, op: string, body: (c: Call) => T): T {
  return named(op, () => {
    const c = new Call(heap, op);
    let failed = true;
    try {
      const result = body(c);
      failed = false;
      return result;
    } finally {
      c.finish(failed);
    }
  });
}

/**
 * The dtype an input's data decides: a tensor's own; Uint8Array and
 * Uint8ClampedArray are uint8, Int32Array int32, anything else float32
 * (ops check it against the dtypes they take).
 */
export function dtypeOf(x: TensorInput): DType {
  if (isTensor(x)) return x.dtype;
  const data = (x as { data?: unknown } | null)?.data;
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) return 'uint8';
  return data instanceof Int32Array ? 'int32' : 'float32';
}

/** `v` rounded to the nearest integer, ties to even (C's rint, numpy's round): how cv2 and TF round output lengths. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function isPositiveInt(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) > 0;
}

export function isNonNegativeInt(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

/** A number or an array of `n` numbers (PyTorch's int-or-tuple), each passing `ok`. */
export function perAxis(option: string, value: unknown, n: number, ok: (v: unknown) => boolean, what: string): number[] {
  const list = typeof value === 'number' ? Array(n).fill(value) : value;
  if (!Array.isArray(list) || list.length !== n || !list.every(ok)) {
    throw invalid(option, value, `${what} or an array of ${n} of them`);
  }
  return list as number[];
}

/** The key of `table` that `value` (unset: `fallback`) names, else INVALID_ARGUMENT naming `option` and every key. */
export function choice<T extends object>(option: string, value: unknown, fallback: keyof T & string, table: T): keyof T & string {
  const v = value ?? fallback;
  if (typeof v !== 'string' || !Object.hasOwn(table, v)) throw invalid(option, v, `one of ${Object.keys(table).map(show).join(', ')}`);
  return v as keyof T & string;
}

export function optionalBool(option: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') throw invalid(option, value, 'a boolean');
  return value as boolean | undefined;
}
