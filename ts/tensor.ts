// Tensors that live in the module's linear memory. A Tensor owns one block
// from the crate's allocator; its `data` is a typed-array view re-created
// whenever `memory.buffer` has changed (growth detaches old views).
import { ResampleError, invalid, show } from './errors.js';
import { MAX_BLOCK_BYTES, type Exports } from './abi.js';
import type { Disposer, OverArrayBuffer } from './host.js';
import { Seam } from './seam.js';

/** A tensor's element type. */
export type DType = 'float32' | 'int32' | 'uint8';
export type ArrayFor<D extends DType> = OverArrayBuffer<D extends 'float32' ? Float32Array : D extends 'int32' ? Int32Array : Uint8Array>;
export type AnyArray = Float32Array | Int32Array | Uint8Array;
/** What ops take: a tensor, or numbers and a shape, copied into memory for the call. */
export type TensorInput = Tensor | { readonly shape: readonly number[]; readonly data: ArrayLike<number> };

const ARRAYS = { float32: Float32Array, int32: Int32Array, uint8: Uint8Array } as const;

const disposeSymbol: typeof Symbol.dispose = Symbol.dispose ?? (Symbol.for('Symbol.dispose') as typeof Symbol.dispose);

interface Leak {
  bytes: number;
  shape: readonly number[];
  /** Where it was allocated; captured only with `warnLeaks`, as it costs a stack walk per tensor. */
  stack?: string;
}

/** Linear memory of one instance, with the accounting behind `rs.stats()`. */
export class Heap {
  liveTensors = 0;
  liveBytes = 0;
  leakedTensors = 0;
  leakedBytes = 0;
  // Counts tensors collected undisposed but never frees their blocks: a
  // view kept from `data` outlives its Tensor, and would alias whatever
  // tensor the allocator put in a freed block next.
  // Hosts without FinalizationRegistry (Cloudflare Workers before
  // compatibility date 2025-05-05) cannot count leaks; everything else works.
  readonly #leaks: Pick<FinalizationRegistry<Leak>, 'register' | 'unregister'> =
    typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<Leak>((leak) => this.#leaked(leak)) : { register() {}, unregister: () => false };

  readonly seam: Seam;

  constructor(
    readonly wasm: Exports,
    /** console.warn once per leaked tensor, with the stack that allocated it. */
    readonly warnLeaks = false,
  ) {
    this.seam = new Seam(wasm);
  }

  get buffer(): ArrayBuffer {
    return this.wasm.memory.buffer;
  }

  /** A new tensor; `name` is what messages call it (`x`, `output`; none for rs.empty's). */
  allocate<D extends DType>(shape: readonly number[], dtype: D, name?: string): Tensor<D> {
    this.seam.assertUsable(name ?? 'tensor');
    const dims = checkShape(shape, name);
    const size = dims.reduce((a, b) => a * b, 1);
    const bytes = size * ARRAYS[dtype].BYTES_PER_ELEMENT;
    const ptr = bytes <= MAX_BLOCK_BYTES ? this.wasm.alloc(bytes) >>> 0 : 0;
    if (ptr === 0) {
      throw new ResampleError('OUT_OF_MEMORY', `cannot allocate ${bytes} bytes for ${field(name, 'shape')} ${show(dims)} in wasm memory`);
    }
    this.liveTensors++;
    this.liveBytes += bytes;
    const t = new Tensor(this, ptr, dims, dtype, size, bytes);
    const stack = this.warnLeaks ? new Error().stack?.replace(/^Error\n/, '') : undefined;
    this.#leaks.register(t, { bytes, shape: t.shape, stack }, t);
    return t;
  }

  /**
   * A new tensor holding a copy of `data`. The data is checked before
   * anything is allocated, and may be a view of this very memory: such a
   * view is detached if the allocation grows memory, so it is re-made over
   * the new buffer before copying.
   */
  copyOf<D extends DType>(shape: readonly number[], dtype: D, data: unknown, name?: string): Tensor<D> {
    const size = checkShape(shape, name).reduce((a, b) => a * b, 1);
    const list = numbers(data, field(name, 'data'));
    if (list.length !== size) {
      throw new ResampleError('SHAPE_MISMATCH', `${field(name, 'data')} has ${list.length} elements, shape ${show(shape)} needs ${size}`);
    }
    checkElements(list, field(name, 'data'));
    const source = this.#reread(list);
    const t = this.allocate(shape, dtype, name);
    t.data.set(source());
    return t;
  }

  /** @internal Called once per tensor, by dispose. */
  release(ptr: number, bytes: number, owner: Tensor): void {
    this.#leaks.unregister(owner);
    // A broken context's allocator cannot be trusted; its blocks go with it.
    if (!this.seam.broken) this.wasm.free(ptr);
    this.liveTensors--;
    this.liveBytes -= bytes;
  }

  /** `data` as it reads after an allocation that may have grown (and so detached) this memory. */
  #reread(data: ArrayLike<number>): () => ArrayLike<number> {
    if (!ArrayBuffer.isView(data) || data.buffer !== this.buffer) return () => data;
    const { byteOffset, length } = data as unknown as AnyArray;
    const View = data.constructor as new (buffer: ArrayBuffer, byteOffset: number, length: number) => ArrayLike<number>;
    return () => new View(this.buffer, byteOffset, length);
  }

  #leaked(leak: Leak): void {
    this.leakedTensors++;
    this.leakedBytes += leak.bytes;
    if (this.warnLeaks) {
      console.warn(
        `resample-wasm: a tensor of shape ${show(leak.shape)} (${leak.bytes} bytes) was garbage-collected without dispose(); ` +
          `its memory stays allocated. It was allocated at:\n${leak.stack ?? '(no stack)'}`,
      );
    }
  }
}

/**
 * A block of the context's linear memory viewed as an n-D array. Free it
 * with `dispose()` (or `using`). A tensor that is garbage-collected without
 * dispose() is a leak: its block stays allocated for the context's lifetime
 * (so a `data` view kept after dropping the tensor stays valid and never
 * aliases another tensor), and `rs.stats()` counts it in `leakedTensors` /
 * `leakedBytes`; `init({ warnLeaks: true })` also warns where it was allocated.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Tensor<D extends DType = DType> {
  /** The length of each axis (frozen). */
  readonly shape: readonly number[];
  #view: ArrayFor<D> | undefined;
  #disposed = false;

  /** @internal Use rs.tensor / rs.empty / rs.zeros. */
  constructor(
    /** @internal */ readonly heap: Heap,
    /** @internal */ readonly ptr: number,
    shape: number[],
    /** The element type. */
    readonly dtype: D,
    /** The number of elements: the product of `shape`. */
    readonly size: number,
    /** @internal */ readonly byteLength: number,
  ) {
    this.shape = Object.freeze(shape);
  }

  /** Whether dispose() was called; a disposed tensor throws DISPOSED on any use. */
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
    this.assertLive('toArray');
    return this.data.slice() as ArrayFor<D>;
  }

  /** Frees the tensor's memory; later calls do nothing. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#view = undefined;
    this.heap.release(this.ptr, this.byteLength, this);
  }

  /** @internal Declared to consumers through Disposer. */
  [disposeSymbol](): void {
    this.dispose();
  }

  /** @internal */
  assertLive(what: string): void {
    if (this.#disposed) throw new ResampleError('DISPOSED', `${what}: tensor of shape ${show(this.shape)} was disposed`);
  }
}

/** `key` of the tensor called `name` in messages: `x.shape`, or plain `shape` for rs.tensor's. */
function field(name: string | undefined, key: string): string {
  return name === undefined ? key : `${name}.${key}`;
}

function checkShape(shape: readonly number[], name: string | undefined): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw invalid(field(name, 'shape'), shape, 'an array of non-negative integers');
  }
  return [...shape];
}

const NUMBERS = 'an array or typed array of numbers';

/** `data` if it is a typed array of numbers (not bigints) or another array-like; elements are checked by checkElements. */
function numbers(data: unknown, what: string): ArrayLike<unknown> {
  if (ArrayBuffer.isView(data)) {
    // The tag, unlike instanceof, also recognises typed arrays of other realms.
    const tag = (data as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] ?? '';
    if (tag === 'DataView' || tag.startsWith('Big')) throw invalid(what, data, NUMBERS);
  } else if (data === null || typeof data !== 'object' || typeof (data as ArrayLike<unknown>).length !== 'number') {
    throw invalid(what, data, NUMBERS);
  }
  return data as ArrayLike<unknown>;
}

/** Every element of a plain array is a number: typed-array `set` would coerce strings and objects silently. */
function checkElements(list: ArrayLike<unknown>, what: string): asserts list is ArrayLike<number> {
  if (ArrayBuffer.isView(list)) return;
  for (let i = 0; i < list.length; i++) {
    if (typeof list[i] !== 'number') throw invalid(`${what}[${i}]`, list[i], 'a number');
  }
}

/** A tensor is Disposable (`using`) where the consumer's types have Symbol.dispose. */
// The class declares `[Symbol.dispose]` to itself only (internal); the public
// type takes it from Disposer, which exists only where the consumer's types
// have Symbol.dispose. The class implements it, so the merge is sound.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
export interface Tensor<D extends DType = DType> extends Disposer {}

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}
