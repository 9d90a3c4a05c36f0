// The context `rs`: one wasm instance, its linear memory, and every op.
import { Path } from './abi.js';
import { invalid, show, ResampleError } from './errors.js';
import {
  conv,
  convTranspose,
  convTransposeOverlap,
  upsampleConv2d,
  type ConvOptions,
  type ConvTransposeOptions,
  type ConvTransposeOverlapOptions,
  type UpsampleConv2dOptions,
} from './ops/conv.js';
import { resizeImage, type ImageInput, type ResizedImage, type ResizeImageOptions } from './ops/resizeImage.js';
import { interpolate, type InterpolateOptions } from './ops/interpolate.js';
import {
  adaptivePool, avgPool, maxPool,
  type AdaptiveMaxPoolOptions, type AdaptivePoolOptions, type AdaptiveSize, type AvgPoolOptions, type MaxPoolOptions, type PoolWithIndices,
} from './ops/pool.js';
import { pixelShuffle, type ShuffleOptions } from './ops/pixelShuffle.js';
import { maxUnpool, type MaxUnpoolOptions } from './ops/maxUnpool.js';
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

/** Max-pooling options that ask for indices, and ones that do not. */
type WithIndices<O> = O & { returnIndices: true };
type WithoutIndices<O> = O & { returnIndices?: false };

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
    this.#heap.seam.path = enabled ? Path.Vector : Path.Scalar;
  }

  interpolate(x: TensorInput, options?: InterpolateOptions): Tensor<'float32'> {
    return interpolate(this.#heap, x, options) as Tensor<'float32'>;
  }

  maxPool1d(x: TensorInput, options: WithIndices<MaxPoolOptions>): PoolWithIndices;
  maxPool1d(x: TensorInput, options: WithoutIndices<MaxPoolOptions>): Tensor<'float32'>;
  maxPool1d(x: TensorInput, options: MaxPoolOptions): Tensor<'float32'> | PoolWithIndices;
  maxPool1d(x: TensorInput, options: MaxPoolOptions): Tensor<'float32'> | PoolWithIndices {
    return maxPool(this.#heap, 1, x, options) as Tensor<'float32'> | PoolWithIndices;
  }
  maxPool2d(x: TensorInput, options: WithIndices<MaxPoolOptions>): PoolWithIndices;
  maxPool2d(x: TensorInput, options: WithoutIndices<MaxPoolOptions>): Tensor<'float32'>;
  maxPool2d(x: TensorInput, options: MaxPoolOptions): Tensor<'float32'> | PoolWithIndices;
  maxPool2d(x: TensorInput, options: MaxPoolOptions): Tensor<'float32'> | PoolWithIndices {
    return maxPool(this.#heap, 2, x, options) as Tensor<'float32'> | PoolWithIndices;
  }
  maxPool3d(x: TensorInput, options: WithIndices<MaxPoolOptions>): PoolWithIndices;
  maxPool3d(x: TensorInput, options: WithoutIndices<MaxPoolOptions>): Tensor<'float32'>;
  maxPool3d(x: TensorInput, options: MaxPoolOptions): Tensor<'float32'> | PoolWithIndices;
  maxPool3d(x: TensorInput, options: MaxPoolOptions): Tensor<'float32'> | PoolWithIndices {
    return maxPool(this.#heap, 3, x, options) as Tensor<'float32'> | PoolWithIndices;
  }

  avgPool1d(x: TensorInput, options: AvgPoolOptions): Tensor<'float32'> {
    return avgPool(this.#heap, 1, x, options) as Tensor<'float32'>;
  }
  avgPool2d(x: TensorInput, options: AvgPoolOptions): Tensor<'float32'> {
    return avgPool(this.#heap, 2, x, options) as Tensor<'float32'>;
  }
  avgPool3d(x: TensorInput, options: AvgPoolOptions): Tensor<'float32'> {
    return avgPool(this.#heap, 3, x, options) as Tensor<'float32'>;
  }

  adaptiveAvgPool1d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptivePoolOptions): Tensor<'float32'> {
    return adaptivePool(this.#heap, 'Avg', 1, x, outputSize, options) as Tensor<'float32'>;
  }
  adaptiveAvgPool2d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptivePoolOptions): Tensor<'float32'> {
    return adaptivePool(this.#heap, 'Avg', 2, x, outputSize, options) as Tensor<'float32'>;
  }
  adaptiveAvgPool3d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptivePoolOptions): Tensor<'float32'> {
    return adaptivePool(this.#heap, 'Avg', 3, x, outputSize, options) as Tensor<'float32'>;
  }

  adaptiveMaxPool1d(x: TensorInput, outputSize: AdaptiveSize, options: WithIndices<AdaptiveMaxPoolOptions>): PoolWithIndices;
  adaptiveMaxPool1d(x: TensorInput, outputSize: AdaptiveSize, options?: WithoutIndices<AdaptiveMaxPoolOptions>): Tensor<'float32'>;
  adaptiveMaxPool1d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptiveMaxPoolOptions): Tensor<'float32'> | PoolWithIndices;
  adaptiveMaxPool1d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptiveMaxPoolOptions): Tensor<'float32'> | PoolWithIndices {
    return adaptivePool(this.#heap, 'Max', 1, x, outputSize, options) as Tensor<'float32'> | PoolWithIndices;
  }
  adaptiveMaxPool2d(x: TensorInput, outputSize: AdaptiveSize, options: WithIndices<AdaptiveMaxPoolOptions>): PoolWithIndices;
  adaptiveMaxPool2d(x: TensorInput, outputSize: AdaptiveSize, options?: WithoutIndices<AdaptiveMaxPoolOptions>): Tensor<'float32'>;
  adaptiveMaxPool2d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptiveMaxPoolOptions): Tensor<'float32'> | PoolWithIndices;
  adaptiveMaxPool2d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptiveMaxPoolOptions): Tensor<'float32'> | PoolWithIndices {
    return adaptivePool(this.#heap, 'Max', 2, x, outputSize, options) as Tensor<'float32'> | PoolWithIndices;
  }
  adaptiveMaxPool3d(x: TensorInput, outputSize: AdaptiveSize, options: WithIndices<AdaptiveMaxPoolOptions>): PoolWithIndices;
  adaptiveMaxPool3d(x: TensorInput, outputSize: AdaptiveSize, options?: WithoutIndices<AdaptiveMaxPoolOptions>): Tensor<'float32'>;
  adaptiveMaxPool3d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptiveMaxPoolOptions): Tensor<'float32'> | PoolWithIndices;
  adaptiveMaxPool3d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptiveMaxPoolOptions): Tensor<'float32'> | PoolWithIndices {
    return adaptivePool(this.#heap, 'Max', 3, x, outputSize, options) as Tensor<'float32'> | PoolWithIndices;
  }

  maxUnpool1d(x: TensorInput, indices: TensorInput, options: MaxUnpoolOptions): Tensor<'float32'> {
    return maxUnpool(this.#heap, 1, x, indices, options) as Tensor<'float32'>;
  }
  maxUnpool2d(x: TensorInput, indices: TensorInput, options: MaxUnpoolOptions): Tensor<'float32'> {
    return maxUnpool(this.#heap, 2, x, indices, options) as Tensor<'float32'>;
  }
  maxUnpool3d(x: TensorInput, indices: TensorInput, options: MaxUnpoolOptions): Tensor<'float32'> {
    return maxUnpool(this.#heap, 3, x, indices, options) as Tensor<'float32'>;
  }

  pixelShuffle(x: TensorInput, upscaleFactor: number, options: ShuffleOptions = {}): Tensor<'float32'> {
    return pixelShuffle(this.#heap, x, upscaleFactor, options, false) as Tensor<'float32'>;
  }
  pixelUnshuffle(x: TensorInput, downscaleFactor: number, options: ShuffleOptions = {}): Tensor<'float32'> {
    return pixelShuffle(this.#heap, x, downscaleFactor, options, true) as Tensor<'float32'>;
  }

  /** F.conv1d: x [N, C, L], weight [Cout, C/groups, k]. */
  conv1d(x: TensorInput, weight: TensorInput, options?: ConvOptions): Tensor<'float32'> {
    return conv(this.#heap, 1, x, weight, options) as Tensor<'float32'>;
  }

  /** F.conv2d: x [N, C, H, W], weight [Cout, C/groups, kh, kw]. */
  conv2d(x: TensorInput, weight: TensorInput, options?: ConvOptions): Tensor<'float32'> {
    return conv(this.#heap, 2, x, weight, options) as Tensor<'float32'>;
  }

  /** F.conv3d: x [N, C, D, H, W], weight [Cout, C/groups, kd, kh, kw]. */
  conv3d(x: TensorInput, weight: TensorInput, options?: ConvOptions): Tensor<'float32'> {
    return conv(this.#heap, 3, x, weight, options) as Tensor<'float32'>;
  }

  /** F.conv_transpose1d: weight [C, Cout/groups, k]. */
  convTranspose1d(x: TensorInput, weight: TensorInput, options?: ConvTransposeOptions): Tensor<'float32'> {
    return convTranspose(this.#heap, 1, x, weight, options) as Tensor<'float32'>;
  }

  /** F.conv_transpose2d: weight [C, Cout/groups, kh, kw]. */
  convTranspose2d(x: TensorInput, weight: TensorInput, options?: ConvTransposeOptions): Tensor<'float32'> {
    return convTranspose(this.#heap, 2, x, weight, options) as Tensor<'float32'>;
  }

  /** F.conv_transpose3d: weight [C, Cout/groups, kd, kh, kw]. */
  convTranspose3d(x: TensorInput, weight: TensorInput, options?: ConvTransposeOptions): Tensor<'float32'> {
    return convTranspose(this.#heap, 3, x, weight, options) as Tensor<'float32'>;
  }

  /** conv2d(interpolate(x, { size | scaleFactor, mode }), weight), without materialising the interpolated tensor. */
  upsampleConv2d(x: TensorInput, weight: TensorInput, options?: UpsampleConv2dOptions): Tensor<'float32'> {
    return upsampleConv2d(this.#heap, x, weight, options) as Tensor<'float32'>;
  }

  /** Kernel taps landing on each output position of a transposed convolution (int32): the checkerboard. */
  convTransposeOverlap(kernelSize: number | readonly number[], stride: number | readonly number[], options?: ConvTransposeOverlapOptions): Tensor<'int32'> {
    return convTransposeOverlap(this.#heap, kernelSize, stride, options) as Tensor<'int32'>;
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
