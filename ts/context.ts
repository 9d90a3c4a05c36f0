// The context `rs`: one wasm instance, its linear memory, and every op.
import { invalid, show, ResampleError } from './errors.js';
import { resizeImage, type ImageInput, type ResizedImage, type ResizeImageOptions } from './image.js';
import { interpolate, type InterpolateOptions } from './ops/interpolate.js';
import { instantiate, type WasmSource } from './runtime.js';
import { Heap, type ArrayFor, type DType, type Tensor, type TensorInput } from './tensor.js';

export interface InitOptions {
  /** Where the module comes from: bytes, a compiled Module, a URL or a Response. Default: the bytes inlined in this package. */
  wasm?: WasmSource;
}

export interface TensorOptions<D extends DType> {
  dtype?: D;
}

export interface Stats {
  liveTensors: number;
  liveBytes: number;
  memoryBytes: number;
}

const DTYPES: readonly DType[] = ['float32', 'int32', 'uint8'];

export class Resample {
  readonly #heap: Heap;

  /** @internal Use `init()`. */
  constructor(heap: Heap) {
    this.#heap = heap;
  }

  /** A tensor in linear memory with `data` copied in (zeros when omitted). */
  tensor<D extends DType = 'float32'>(shape: readonly number[], data?: ArrayLike<number>, options: TensorOptions<D> = {}): Tensor<D> {
    const t = this.empty(shape, options);
    if (data === undefined) {
      t.data.fill(0);
    } else if (data === null || typeof data !== 'object' || typeof data.length !== 'number') {
      t.dispose();
      throw invalid('data', data, 'an array or typed array');
    } else if (data.length !== t.size) {
      t.dispose();
      throw new ResampleError('SHAPE_MISMATCH', `data has ${data.length} elements, shape ${show(shape)} needs ${t.size}`);
    } else {
      t.data.set(data);
    }
    return t;
  }

  /** A tensor whose contents are whatever the memory held: write before reading. */
  empty<D extends DType = 'float32'>(shape: readonly number[], options: TensorOptions<D> = {}): Tensor<D> {
    const dtype = (options?.dtype ?? 'float32') as D;
    if (!DTYPES.includes(dtype)) throw invalid('dtype', dtype, `one of ${DTYPES.map(show).join(', ')}`);
    return this.#heap.allocate(shape, dtype, 'tensor');
  }

  zeros<D extends DType = 'float32'>(shape: readonly number[], options: TensorOptions<D> = {}): Tensor<D> {
    const t = this.empty(shape, options);
    (t.data as ArrayFor<DType>).fill(0);
    return t;
  }

  stats(): Stats {
    const h = this.#heap;
    return { liveTensors: h.liveTensors, liveBytes: h.liveBytes, memoryBytes: h.buffer.byteLength };
  }

  /**
   * For tests and benchmarks: run kernels on their vector path (default) or
   * on their scalar path, which is the crate's in-built oracle.
   */
  useSimd(enabled: boolean): void {
    this.#heap.wasm.set_simd(enabled ? 1 : 0);
  }

  interpolate(x: TensorInput, options?: InterpolateOptions): Tensor<'float32'> {
    return interpolate(this.#heap, x, options) as Tensor<'float32'>;
  }

  /**
   * Resizes an RGBA image (ImageData-like, or a uint8 tensor [height, width, 4]
   * already in linear memory, which is read in place).
   */
  resizeImage(image: ImageInput, options: ResizeImageOptions): ResizedImage {
    return resizeImage(this.#heap, image, options);
  }
}

export async function init(options: InitOptions = {}): Promise<Resample> {
  return new Resample(new Heap(await instantiate(options?.wasm)));
}
