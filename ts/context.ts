// The context `rs`: one wasm instance, its linear memory, and every op.
import { Path } from './abi.js';
import { invalid, named, show } from './errors.js';
import { declareOptions } from './options.js';
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
import { resizeImage, type ImageInput, type ResizedFrom, type ResizedImage, type ResizeImageOptions, type ResizeImageOutOptions } from './ops/resizeImage.js';
import type { ImageSamples } from './ops/resizeImage/formats.js';
import { interpolate, type InterpolateOptions } from './ops/interpolate.js';
import {
  adaptivePool, avgPool, fractionalMaxPool, lpPool, maxPool,
  type AdaptiveMaxPoolOptions, type AdaptivePoolOptions, type AdaptiveSize, type AvgPool1dOptions, type AvgPoolOptions,
  type FractionalMaxPoolOptions, type LpPoolOptions, type MaxPoolOptions, type PoolWithIndices,
} from './ops/pool.js';
import { pixelShuffle, type ShuffleOptions } from './ops/pixelShuffle.js';
import { pad as padOp, type PadOptions } from './ops/pad.js';
import { maxUnpool, type MaxUnpoolOptions } from './ops/maxUnpool.js';
import { gridSample, type GridSampleOptions } from './ops/gridSample.js';
import { affineGrid, type AffineGridOptions } from './ops/affineGrid.js';
import { fold, unfold, type FoldOptions, type UnfoldOptions } from './ops/unfold.js';
import { onnx, type Onnx } from './ops/onnx/index.js';
import { pil, type Pil } from './ops/pil.js';
import { tf, type Tf } from './ops/tf.js';
import { cv, type Cv } from './ops/cv.js';
import type { Helpers } from './threads.js';
import { loadMoreFamilies, type Family, type FamilyLoader, type MoreFamilyModules } from './families.js';
import { Heap, type ArrayFor, type DType, type Tensor, type TensorInput } from './tensor.js';

/** Options of `rs.tensor`, `rs.empty` and `rs.zeros`. */
export interface TensorOptions<D extends DType> {
  /** Element type. Default 'float32'. */
  dtype?: D | undefined;
}

/** What `rs.stats()` returns. */
export interface Stats {
  /** Tensors allocated and not disposed, leaked ones included. */
  liveTensors: number;
  /** Bytes those tensors hold in linear memory. */
  liveBytes: number;
  /**
   * Tensors garbage-collected without dispose(). Their blocks are never
   * freed (a view kept from `data` stays valid), so they stay in
   * liveTensors too; see `init({ warnLeaks: true })` to find them.
   */
  leakedTensors: number;
  /** Bytes those leaked tensors hold. */
  leakedBytes: number;
  /** Size of linear memory, which grows and never shrinks. */
  memoryBytes: number;
}

const DTYPES: readonly DType[] = ['float32', 'int32', 'uint8'];
const tensorOptions = declareOptions<TensorOptions<DType>>(['tensor', 'empty', 'zeros'], { dtype: true });

/** Max-pooling options that ask for indices, and ones that do not. */
type WithIndices<O> = O & { returnIndices: true };
type WithoutIndices<O> = O & { returnIndices?: false | undefined };

/**
 * A context (from `init()`): tensors in one wasm instance's memory, and the ops.
 *
 * Options are strict: an omitted or `undefined` options argument means all
 * defaults, and an own key an op does not declare (a typo such as
 * `scalefactor`), or options that are not an object (`null` included),
 * throw ResampleError INVALID_ARGUMENT before anything else is checked.
 * Every ResampleError message starts with the name of the function that threw.
 */
export class Resample {
  readonly #heap: Heap;
  /** ONNX's sampling operators, one node per call: `rs.onnx.run(opType, inputs, attributes, { opset })`. */
  readonly onnx: Onnx;
  /** Pillow's resize, byte for byte: `rs.pil.resize(img, [width, height], { resample, box, reducingGap })`. */
  readonly pil: Pil;
  /** TensorFlow's image resizing: `rs.tf.image.resize(images, size, { method, antialias, preserveAspectRatio })`. */
  readonly tf: Tf;
  /** OpenCV's resize, as cv2 computes it: `rs.cv.resize(src, dsize, { fx, fy, interpolation })`. */
  readonly cv: Cv;

  /** Why the context runs on fewer threads than `init` asked for (undefined when it got them). */
  readonly threadsReason: string | undefined;
  readonly #threads: Threads;
  readonly #loader: FamilyLoader | undefined;

  /** @internal Use `init()`. */
  constructor(heap: Heap, threads: Threads = { count: () => 1, reason: undefined }, loader?: FamilyLoader) {
    this.#heap = heap;
    this.#threads = threads;
    this.#loader = loader;
    this.threadsReason = threads.reason;
    if (threads.helpers) helpersOf.register(this, threads.helpers);
    this.onnx = onnx(heap);
    this.pil = pil(heap);
    this.tf = tf(heap);
    this.cv = cv(heap);
  }

  /**
   * A tensor in linear memory with `data` copied in (zeros when omitted).
   * `data` holds numbers: an array of numbers or a typed array other than
   * BigInt64Array/BigUint64Array; it may be a view of this context's memory.
   */
  tensor(shape: readonly number[], data?: ArrayLike<number>, options?: TensorOptions<'float32'>): Tensor<'float32'>;
  tensor<D extends DType>(shape: readonly number[], data: ArrayLike<number> | undefined, options: TensorOptions<D>): Tensor<D>;
  tensor<D extends DType>(shape: readonly number[], data?: ArrayLike<number>, options?: TensorOptions<D>): Tensor<D> {
    return named('tensor', () => {
      const dtype = this.#dtype('tensor', options);
      if (data !== undefined) return this.#heap.copyOf(shape, dtype, data);
      const t = this.#heap.allocate(shape, dtype);
      (t.data as ArrayFor<DType>).fill(0);
      return t;
    });
  }

  /** A tensor whose contents are whatever the memory held: write before reading. */
  empty(shape: readonly number[], options?: TensorOptions<'float32'>): Tensor<'float32'>;
  empty<D extends DType>(shape: readonly number[], options: TensorOptions<D>): Tensor<D>;
  empty<D extends DType>(shape: readonly number[], options?: TensorOptions<D>): Tensor<D> {
    return named('empty', () => this.#heap.allocate(shape, this.#dtype('empty', options)));
  }

  /** A tensor of zeros. */
  zeros(shape: readonly number[], options?: TensorOptions<'float32'>): Tensor<'float32'>;
  zeros<D extends DType>(shape: readonly number[], options: TensorOptions<D>): Tensor<D>;
  zeros<D extends DType>(shape: readonly number[], options?: TensorOptions<D>): Tensor<D> {
    return named('zeros', () => {
      const t = this.#heap.allocate(shape, this.#dtype('zeros', options));
      (t.data as ArrayFor<DType>).fill(0);
      return t;
    });
  }

  #dtype<D extends DType>(fn: string, options: TensorOptions<D> | undefined): D {
    const dtype = (tensorOptions(fn, options).dtype ?? 'float32') as D;
    if (!DTYPES.includes(dtype)) throw invalid('dtype', dtype, `one of ${DTYPES.map(show).join(', ')}`);
    return dtype;
  }

  /**
   * Threads each call uses: 1 unless `init({ threads })` asked for more and
   * the host could start them; fewer if a helper worker has died since.
   */
  get threads(): number {
    return this.#threads.count();
  }

  /**
   * For tests: terminates thread helper `id` (1 to threads - 1) `after` ms
   * from now, from its supervisor's thread, as a crash would. Node only:
   * elsewhere terminate() does not stop a thread running wasm, so nothing.
   * @internal
   */
  killHelper(id: number, after: number): void {
    this.#threads.helpers?.kill(id, after);
  }

  /**
   * Loads more kernel families into a context made with `init({ families })`:
   * names (from `resample-wasm/slim`, the files beside it) or modules
   * `{ <family>: source, ... }`. Tensors stay where they are; ops of the new
   * families work once the promise resolves. Families already loaded (every
   * one, in a context of the whole module) are skipped.
   *
   * @example await rs.loadFamilies(['interpolate']);
   */
  loadFamilies(families: readonly Family[] | MoreFamilyModules): Promise<void> {
    return named('loadFamilies', async () => {
      this.#heap.seam.assertUsable('loadFamilies');
      await loadMoreFamilies(this.#heap.wasm, families, this.#loader);
    });
  }

  /** Live and leaked tensors and bytes, and the size of linear memory. */
  stats(): Stats {
    const h = this.#heap;
    return {
      liveTensors: h.liveTensors,
      liveBytes: h.liveBytes,
      leakedTensors: h.leakedTensors,
      leakedBytes: h.leakedBytes,
      memoryBytes: h.buffer.byteLength,
    };
  }

  /**
   * For tests and benchmarks: run kernels on their vector path (default) or
   * on their scalar path, which is the crate's in-built oracle.
   * @internal
   */
  useSimd(enabled: boolean): void {
    this.#heap.seam.path = enabled ? Path.Vector : Path.Scalar;
  }

  /**
   * For tests: the least work (about one multiply-add per unit) a call
   * splits across threads; 0 splits every call, so small inputs exercise
   * every split. Without threads, nothing to set.
   * @internal
   */
  splitFrom(work: number): void {
    (this.#heap.wasm as { threads_split_from?(work: number): void }).threads_split_from?.(work);
  }

  /**
   * F.interpolate on uint8: a uint8 tensor or `{ shape, data: Uint8Array }` gives a uint8 tensor,
   * byte for byte PyTorch's (modes 'nearest', 'nearest-exact'; 'bilinear' and 'bicubic' on 4-D input).
   */
  interpolate(x: Tensor<'uint8'> | { readonly shape: readonly number[]; readonly data: Uint8Array | Uint8ClampedArray }, options?: InterpolateOptions): Tensor<'uint8'>;
  /** F.interpolate: x is [N, C, ...spatial] with 1 to 3 spatial axes; give options.size or options.scaleFactor. */
  interpolate(x: TensorInput, options?: InterpolateOptions): Tensor<'float32'>;
  interpolate(x: TensorInput, options?: InterpolateOptions): Tensor<'float32'> | Tensor<'uint8'> {
    return interpolate(this.#heap, x, options) as Tensor<'float32'> | Tensor<'uint8'>;
  }

  /** F.max_pool1d: x [N, C, L] or [C, L]; with returnIndices, { values, indices }. */
  maxPool1d(x: TensorInput, options: WithIndices<MaxPoolOptions>): PoolWithIndices;
  maxPool1d(x: TensorInput, options: WithoutIndices<MaxPoolOptions>): Tensor<'float32'>;
  maxPool1d(x: TensorInput, options: MaxPoolOptions): Tensor<'float32'> | PoolWithIndices;
  maxPool1d(x: TensorInput, options: MaxPoolOptions): Tensor<'float32'> | PoolWithIndices {
    return maxPool(this.#heap, 1, x, options) as Tensor<'float32'> | PoolWithIndices;
  }
  /** F.max_pool2d: x [N, C, H, W] or [C, H, W]; with returnIndices, { values, indices }. */
  maxPool2d(x: TensorInput, options: WithIndices<MaxPoolOptions>): PoolWithIndices;
  maxPool2d(x: TensorInput, options: WithoutIndices<MaxPoolOptions>): Tensor<'float32'>;
  maxPool2d(x: TensorInput, options: MaxPoolOptions): Tensor<'float32'> | PoolWithIndices;
  maxPool2d(x: TensorInput, options: MaxPoolOptions): Tensor<'float32'> | PoolWithIndices {
    return maxPool(this.#heap, 2, x, options) as Tensor<'float32'> | PoolWithIndices;
  }
  /** F.max_pool3d: x [N, C, D, H, W] or [C, D, H, W]; with returnIndices, { values, indices }. */
  maxPool3d(x: TensorInput, options: WithIndices<MaxPoolOptions>): PoolWithIndices;
  maxPool3d(x: TensorInput, options: WithoutIndices<MaxPoolOptions>): Tensor<'float32'>;
  maxPool3d(x: TensorInput, options: MaxPoolOptions): Tensor<'float32'> | PoolWithIndices;
  maxPool3d(x: TensorInput, options: MaxPoolOptions): Tensor<'float32'> | PoolWithIndices {
    return maxPool(this.#heap, 3, x, options) as Tensor<'float32'> | PoolWithIndices;
  }

  /** F.avg_pool1d: x [N, C, L] or [C, L]. */
  avgPool1d(x: TensorInput, options: AvgPool1dOptions): Tensor<'float32'> {
    return avgPool(this.#heap, 1, x, options) as Tensor<'float32'>;
  }
  /** F.avg_pool2d: x [N, C, H, W] or [C, H, W]. */
  avgPool2d(x: TensorInput, options: AvgPoolOptions): Tensor<'float32'> {
    return avgPool(this.#heap, 2, x, options) as Tensor<'float32'>;
  }
  /** F.avg_pool3d: x [N, C, D, H, W] or [C, D, H, W]. */
  avgPool3d(x: TensorInput, options: AvgPoolOptions): Tensor<'float32'> {
    return avgPool(this.#heap, 3, x, options) as Tensor<'float32'>;
  }

  /** F.lp_pool1d: x [N, C, L] or [C, L]; (Σ x^p over each window)^(1/p), PyTorch's composition of avg_pool1d. */
  lpPool1d(x: TensorInput, options: LpPoolOptions): Tensor<'float32'> {
    return lpPool(this.#heap, 1, x, options) as Tensor<'float32'>;
  }
  /** F.lp_pool2d: x [N, C, H, W] or [C, H, W]; (Σ x^p over each window)^(1/p), PyTorch's composition of avg_pool2d. */
  lpPool2d(x: TensorInput, options: LpPoolOptions): Tensor<'float32'> {
    return lpPool(this.#heap, 2, x, options) as Tensor<'float32'>;
  }
  /** F.lp_pool3d: x [N, C, D, H, W] or [C, D, H, W]; (Σ x^p over each window)^(1/p), PyTorch's composition of avg_pool3d. */
  lpPool3d(x: TensorInput, options: LpPoolOptions): Tensor<'float32'> {
    return lpPool(this.#heap, 3, x, options) as Tensor<'float32'>;
  }

  /** F.fractional_max_pool2d with explicit _random_samples (options.samples): x [N, C, H, W] or [C, H, W]; with returnIndices, { values, indices }. */
  fractionalMaxPool2d(x: TensorInput, options: WithIndices<FractionalMaxPoolOptions>): PoolWithIndices;
  fractionalMaxPool2d(x: TensorInput, options: WithoutIndices<FractionalMaxPoolOptions>): Tensor<'float32'>;
  fractionalMaxPool2d(x: TensorInput, options: FractionalMaxPoolOptions): Tensor<'float32'> | PoolWithIndices;
  fractionalMaxPool2d(x: TensorInput, options: FractionalMaxPoolOptions): Tensor<'float32'> | PoolWithIndices {
    return fractionalMaxPool(this.#heap, 2, x, options) as Tensor<'float32'> | PoolWithIndices;
  }
  /** F.fractional_max_pool3d with explicit _random_samples (options.samples): x [N, C, D, H, W] or [C, D, H, W]; with returnIndices, { values, indices }. */
  fractionalMaxPool3d(x: TensorInput, options: WithIndices<FractionalMaxPoolOptions>): PoolWithIndices;
  fractionalMaxPool3d(x: TensorInput, options: WithoutIndices<FractionalMaxPoolOptions>): Tensor<'float32'>;
  fractionalMaxPool3d(x: TensorInput, options: FractionalMaxPoolOptions): Tensor<'float32'> | PoolWithIndices;
  fractionalMaxPool3d(x: TensorInput, options: FractionalMaxPoolOptions): Tensor<'float32'> | PoolWithIndices {
    return fractionalMaxPool(this.#heap, 3, x, options) as Tensor<'float32'> | PoolWithIndices;
  }

  /** F.adaptive_avg_pool1d: x [N, C, L] or [C, L] averaged down to outputSize. */
  adaptiveAvgPool1d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptivePoolOptions): Tensor<'float32'> {
    return adaptivePool(this.#heap, 'Avg', 1, x, outputSize, options) as Tensor<'float32'>;
  }
  /** F.adaptive_avg_pool2d: x [N, C, H, W] or [C, H, W] averaged down to outputSize. */
  adaptiveAvgPool2d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptivePoolOptions): Tensor<'float32'> {
    return adaptivePool(this.#heap, 'Avg', 2, x, outputSize, options) as Tensor<'float32'>;
  }
  /** F.adaptive_avg_pool3d: x [N, C, D, H, W] or [C, D, H, W] averaged down to outputSize. */
  adaptiveAvgPool3d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptivePoolOptions): Tensor<'float32'> {
    return adaptivePool(this.#heap, 'Avg', 3, x, outputSize, options) as Tensor<'float32'>;
  }

  /** F.adaptive_max_pool1d: x [N, C, L] or [C, L] max-pooled down to outputSize; with returnIndices, { values, indices }. */
  adaptiveMaxPool1d(x: TensorInput, outputSize: AdaptiveSize, options: WithIndices<AdaptiveMaxPoolOptions>): PoolWithIndices;
  adaptiveMaxPool1d(x: TensorInput, outputSize: AdaptiveSize, options?: WithoutIndices<AdaptiveMaxPoolOptions>): Tensor<'float32'>;
  adaptiveMaxPool1d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptiveMaxPoolOptions): Tensor<'float32'> | PoolWithIndices;
  adaptiveMaxPool1d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptiveMaxPoolOptions): Tensor<'float32'> | PoolWithIndices {
    return adaptivePool(this.#heap, 'Max', 1, x, outputSize, options) as Tensor<'float32'> | PoolWithIndices;
  }
  /** F.adaptive_max_pool2d: x [N, C, H, W] or [C, H, W] max-pooled down to outputSize; with returnIndices, { values, indices }. */
  adaptiveMaxPool2d(x: TensorInput, outputSize: AdaptiveSize, options: WithIndices<AdaptiveMaxPoolOptions>): PoolWithIndices;
  adaptiveMaxPool2d(x: TensorInput, outputSize: AdaptiveSize, options?: WithoutIndices<AdaptiveMaxPoolOptions>): Tensor<'float32'>;
  adaptiveMaxPool2d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptiveMaxPoolOptions): Tensor<'float32'> | PoolWithIndices;
  adaptiveMaxPool2d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptiveMaxPoolOptions): Tensor<'float32'> | PoolWithIndices {
    return adaptivePool(this.#heap, 'Max', 2, x, outputSize, options) as Tensor<'float32'> | PoolWithIndices;
  }
  /** F.adaptive_max_pool3d: x [N, C, D, H, W] or [C, D, H, W] max-pooled down to outputSize; with returnIndices, { values, indices }. */
  adaptiveMaxPool3d(x: TensorInput, outputSize: AdaptiveSize, options: WithIndices<AdaptiveMaxPoolOptions>): PoolWithIndices;
  adaptiveMaxPool3d(x: TensorInput, outputSize: AdaptiveSize, options?: WithoutIndices<AdaptiveMaxPoolOptions>): Tensor<'float32'>;
  adaptiveMaxPool3d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptiveMaxPoolOptions): Tensor<'float32'> | PoolWithIndices;
  adaptiveMaxPool3d(x: TensorInput, outputSize: AdaptiveSize, options?: AdaptiveMaxPoolOptions): Tensor<'float32'> | PoolWithIndices {
    return adaptivePool(this.#heap, 'Max', 3, x, outputSize, options) as Tensor<'float32'> | PoolWithIndices;
  }

  /** F.max_unpool1d: puts each value of x back where maxPool1d's indices (int32, x's shape) say, zeros elsewhere. */
  maxUnpool1d(x: TensorInput, indices: TensorInput, options: MaxUnpoolOptions): Tensor<'float32'> {
    return maxUnpool(this.#heap, 1, x, indices, options) as Tensor<'float32'>;
  }
  /** F.max_unpool2d: puts each value of x back where maxPool2d's indices (int32, x's shape) say, zeros elsewhere. */
  maxUnpool2d(x: TensorInput, indices: TensorInput, options: MaxUnpoolOptions): Tensor<'float32'> {
    return maxUnpool(this.#heap, 2, x, indices, options) as Tensor<'float32'>;
  }
  /** F.max_unpool3d: puts each value of x back where maxPool3d's indices (int32, x's shape) say, zeros elsewhere. */
  maxUnpool3d(x: TensorInput, indices: TensorInput, options: MaxUnpoolOptions): Tensor<'float32'> {
    return maxUnpool(this.#heap, 3, x, indices, options) as Tensor<'float32'>;
  }

  /** F.pixel_shuffle: [..., C × r², H, W] to [..., C, H × r, W × r], r = upscaleFactor. */
  pixelShuffle(x: TensorInput, upscaleFactor: number, options?: ShuffleOptions): Tensor<'float32'> {
    return pixelShuffle(this.#heap, x, upscaleFactor, options, false) as Tensor<'float32'>;
  }
  /** F.pixel_unshuffle: [..., C, H × r, W × r] to [..., C × r², H, W], r = downscaleFactor. */
  pixelUnshuffle(x: TensorInput, downscaleFactor: number, options?: ShuffleOptions): Tensor<'float32'> {
    return pixelShuffle(this.#heap, x, downscaleFactor, options, true) as Tensor<'float32'>;
  }

  /**
   * F.grid_sample: x [N, C, H, W] read at grid [N, Ho, Wo, 2] gives [N, C, Ho, Wo];
   * x [N, C, D, H, W] at grid [N, Do, Ho, Wo, 3] gives [N, C, Do, Ho, Wo]. Grid
   * points are (x, y[, z]) with −1 and 1 at the input's extremes.
   */
  gridSample(x: TensorInput, grid: TensorInput, options?: GridSampleOptions): Tensor<'float32'> {
    return gridSample(this.#heap, x, grid, options) as Tensor<'float32'>;
  }

  /**
   * F.affine_grid: theta [N, 2, 3] and size [N, C, H, W] give the grid [N, H, W, 2]
   * that gridSample reads; theta [N, 3, 4] and size [N, C, D, H, W] give [N, D, H, W, 3].
   */
  affineGrid(theta: TensorInput, size: readonly number[], options?: AffineGridOptions): Tensor<'float32'> {
    return affineGrid(this.#heap, theta, size, options) as Tensor<'float32'>;
  }

  /**
   * F.unfold (im2col): every sliding block of x [N, C, H, W] (or unbatched
   * [C, H, W]) as a column of [N, C·kh·kw, L] (or [C·kh·kw, L]), L blocks in
   * row-major order; taps in the padding are 0.
   */
  unfold(x: TensorInput, options: UnfoldOptions): Tensor<'float32'> {
    return unfold(this.#heap, x, options) as Tensor<'float32'>;
  }

  /**
   * F.fold (col2im), unfold's adjoint: columns [N, C·kh·kw, L] (or
   * [C·kh·kw, L]) summed into images [N, C, *outputSize] (or [C, *outputSize]);
   * overlapping taps add up, positions no block covers are 0.
   */
  fold(x: TensorInput, options: FoldOptions): Tensor<'float32'> {
    return fold(this.#heap, x, options) as Tensor<'float32'>;
  }

  /**
   * F.pad: pads (or, with negative amounts, crops) the last pad.length / 2
   * axes of x; `pad` lists [left, right] of the last axis first, then of the
   * one before it ([left, right, top, bottom, front, back]). Mode 'constant'
   * takes any rank; the others pad 1, 2 or 3 axes of an input with one or
   * two more axes (unbatched or batched).
   */
  pad(x: TensorInput, pad: readonly number[], options?: PadOptions): Tensor<'float32'> {
    return padOp(this.#heap, x, pad, options) as Tensor<'float32'>;
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
   * Resizes an RGBA image: ImageData-like with 8-bit, 16-bit (Uint16Array) or
   * float (Float32Array) samples, a uint8 or float32 tensor [height, width, 4]
   * already in linear memory (read in place), or a browser source the canvas
   * draws (ImageBitmap, canvas, OffscreenCanvas, decoded <img>, VideoFrame).
   * The result keeps the input's sample format. A Blob needs decoding first:
   * `rs.resizeImage(await loadImage(blob), options)`, or the pool. With
   * `out`, the result is written into that tensor, which is returned.
   */
  resizeImage<D extends DType>(image: ImageInput, options: ResizeImageOutOptions & { out: Tensor<D> }): Tensor<D>;
  resizeImage<I extends ImageInput>(image: I, options: ResizeImageOptions): ResizedImage<ResizedFrom<I>>;
  resizeImage(image: ImageInput, options: ResizeImageOutOptions): ResizedImage<ImageSamples> | Tensor {
    return resizeImage(this.#heap, image, options);
  }
}

/** A context's threads: how many run now, and its helpers, ended when the context is collected. */
export interface Threads {
  count: () => number;
  reason: string | undefined;
  helpers?: Helpers;
}

const helpersOf = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<Helpers>((helpers) => void helpers.terminate())
  : { register() {} };
