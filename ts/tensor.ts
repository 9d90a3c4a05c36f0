// Tensors that live in the module's linear memory. A Tensor owns one block
// from the crate's allocator; its `data` is a typed-array view re-created
// whenever `memory.buffer` has changed (growth detaches old views).
import { ResampleError, invalid, show } from './errors.js';
import { MAX_BLOCK_BYTES, type Exports } from './abi.js';
import { Seam } from './seam.js';

export type DType = 'float32' | 'int32' | 'uint8';
export type ArrayFor<D extends DType> = D extends 'float32' ? Float32Array : D extends 'int32' ? Int32Array : Uint8Array;
export type AnyArray = Float32Array | Int32Array | Uint8Array;
export type TensorInput = Tensor | { readonly shape: readonly number[]; readonly data: ArrayLike<number> };

const ARRAYS = { float32: Float32Array, int32: Int32Array, uint8: Uint8Array } as const;

const disposeSymbol: typeof Symbol.dispose = Symbol.dispose ?? (Symbol.for('Symbol.dispose') as typeof Symbol.dispose);

/** Linear memory of one instance, with the accounting behind `rs.stats()`. */
export class Heap {
  liveTensors = 0;
  liveBytes = 0;
  // Safety net only: frees blocks of tensors that were dropped undisposed.
  readonly #registry = new FinalizationRegistry<{ ptr: number; bytes: number }>((held) => this.release(held.ptr, held.bytes));

  readonly seam: Seam;

  constructor(readonly wasm: Exports) {
    this.seam = new Seam(wasm);
  }

  get buffer(): ArrayBuffer {
    return this.wasm.memory.buffer;
  }

  allocate<D extends DType>(shape: readonly number[], dtype: D, what: string): Tensor<D> {
    this.seam.assertUsable(what);
    const dims = checkShape(shape, what);
    const size = dims.reduce((a, b) => a * b, 1);
    const bytes = size * ARRAYS[dtype].BYTES_PER_ELEMENT;
    const ptr = bytes <= MAX_BLOCK_BYTES ? this.wasm.alloc(bytes) >>> 0 : 0;
    if (ptr === 0) {
      throw new ResampleError('OUT_OF_MEMORY', `${what}: cannot allocate ${bytes} bytes for shape ${show(dims)} in wasm memory`);
    }
    this.liveTensors++;
    this.liveBytes += bytes;
    const t = new Tensor(this, ptr, dims, dtype, size, bytes);
    this.#registry.register(t, { ptr, bytes }, t);
    return t;
  }

  /** @internal Called once per tensor, by dispose or by the registry. */
  release(ptr: number, bytes: number, owner?: Tensor): void {
    if (owner) this.#registry.unregister(owner);
    // A broken context's allocator cannot be trusted; its blocks go with it.
    if (!this.seam.broken) this.wasm.free(ptr);
    this.liveTensors--;
    this.liveBytes -= bytes;
  }
}

export class Tensor<D extends DType = DType> {
  readonly shape: readonly number[];
  #view: ArrayFor<D> | undefined;
  #disposed = false;

  /** @internal Use rs.tensor / rs.empty / rs.zeros. */
  constructor(
    /** @internal */ readonly heap: Heap,
    /** @internal */ readonly ptr: number,
    shape: number[],
    readonly dtype: D,
    readonly size: number,
    /** @internal */ readonly byteLength: number,
  ) {
    this.shape = Object.freeze(shape);
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * A live view into linear memory. Read it again after any op: an op that
   * grows memory detaches typed arrays taken before it.
   */
  get data(): ArrayFor<D> {
    this.assertLive('data');
    const buffer = this.heap.buffer;
    if (this.#view === undefined || this.#view.buffer !== buffer) {
      this.#view = new ARRAYS[this.dtype](buffer, this.ptr, this.size) as ArrayFor<D>;
    }
    return this.#view;
  }

  /** A copy owned by JS, safe to keep across ops and after dispose. */
  toArray(): ArrayFor<D> {
    return this.data.slice() as ArrayFor<D>;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#view = undefined;
    this.heap.release(this.ptr, this.byteLength, this);
  }

  [disposeSymbol](): void {
    this.dispose();
  }

  /** @internal */
  assertLive(what: string): void {
    if (this.#disposed) throw new ResampleError('DISPOSED', `${what}: tensor of shape ${show(this.shape)} was disposed`);
  }
}

function checkShape(shape: readonly number[], what: string): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw invalid(`${what} shape`, shape, 'an array of non-negative integers');
  }
  return [...shape];
}

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}
