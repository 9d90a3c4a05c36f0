// A consumer of 'resample-wasm' that needs no host types: every op family,
// resizeImage, a pool, error codes. scripts/check-types.mjs compiles it (and
// the other files here) against dist/*.d.ts under many tsconfigs; it is
// type-checked only, never run. Options are passed as explicit `undefined`
// too: the runtime takes that as "default", and under
// exactOptionalPropertyTypes the types must say so.
import {
  createPool,
  init,
  ResampleError,
  serveWorker,
  type ImageFilter,
  type InterpolateOptions,
  type Pool,
  type PoolWithIndices,
  type Resample,
  type ResampleErrorCode,
  type ResizedImage,
  type Stats,
  type Tensor,
} from 'resample-wasm';

/** What a caller does with each error code; the `never` makes a new code a compile error here. */
export function describe(e: unknown): string {
  if (!(e instanceof ResampleError)) return 'not ours';
  const code: ResampleErrorCode = e.code;
  switch (code) {
    case 'INVALID_ARGUMENT':
    case 'SHAPE_MISMATCH':
      return `fix the call: ${e.message}`;
    case 'DISPOSED':
    case 'OUT_OF_MEMORY':
    case 'CONTEXT_BROKEN':
    case 'COMPILE_BLOCKED':
    case 'NOT_LOADED':
    case 'WORKER_FAILED':
      return code;
    default: {
      const unhandled: never = code;
      return unhandled;
    }
  }
}

function tensors(rs: Resample): { x: Tensor<'float32'>; total: number } {
  const x = rs.tensor([1, 1, 4, 4], new Float32Array(16));
  const ints: Tensor<'int32'> = rs.zeros([2], { dtype: 'int32' });
  const bytes: Tensor<'uint8'> = rs.empty([4, 4, 4], { dtype: 'uint8' });
  const plain = rs.tensor([2], [1, 2], { dtype: undefined });
  const values: Float32Array = x.data;
  const copy: Int32Array = ints.toArray();
  const shape: readonly number[] = x.shape;
  const stats: Stats = rs.stats();
  ints.dispose();
  bytes.dispose();
  plain.dispose();
  return { x, total: values.length + copy.length + shape.length + stats.liveBytes + (x.disposed ? 1 : 0) };
}

function interpolation(rs: Resample, x: Tensor<'float32'>): Tensor[] {
  const options: InterpolateOptions = { scaleFactor: [2, 1.5], mode: 'bicubic', alignCorners: false, antialias: true };
  return [
    rs.interpolate(x, options),
    rs.interpolate({ shape: [1, 1, 2], data: [1, 2] }, { size: 5, mode: 'linear', alignCorners: undefined }),
    rs.interpolate(x, { size: [8, 8], mode: 'lanczos', channelsLast: false, recomputeScaleFactor: undefined, out: undefined }),
  ];
}

function pooling(rs: Resample, x: Tensor<'float32'>): Tensor[] {
  const withIndices: PoolWithIndices = rs.maxPool2d(x, { kernelSize: 2, returnIndices: true });
  const values: Tensor<'float32'> = rs.maxPool2d(x, { kernelSize: [2, 2], stride: null, padding: 0, dilation: 1, ceilMode: false });
  const maybe = rs.maxPool1d({ shape: [1, 4], data: [1, 2, 3, 4] }, { kernelSize: 2, returnIndices: undefined });
  const unpooled = rs.maxUnpool2d(withIndices.values, withIndices.indices, { kernelSize: 2, stride: undefined, outputSize: [4, 4] });
  const adaptive = rs.adaptiveMaxPool2d(x, [2, null], { returnIndices: true });
  return [
    values,
    maybe,
    unpooled,
    adaptive.values,
    rs.maxPool3d({ shape: [1, 2, 2, 2], data: new Float32Array(8) }, { kernelSize: 1 }),
    rs.avgPool2d(x, { kernelSize: 3, padding: 1, countIncludePad: false, divisorOverride: undefined }),
    rs.avgPool1d({ shape: [1, 4], data: [1, 2, 3, 4] }, { kernelSize: 2, channelsLast: undefined }),
    rs.adaptiveAvgPool2d(x, 1),
    rs.adaptiveAvgPool3d({ shape: [1, 2, 2, 2], data: new Float32Array(8) }, [1, 1, 1], { channelsLast: true }),
    rs.maxUnpool1d({ shape: [1, 1, 2], data: [1, 2] }, { shape: [1, 1, 2], data: [0, 3] }, { kernelSize: 2 }),
  ];
}

function convolution(rs: Resample, x: Tensor<'float32'>): Tensor[] {
  const weight = rs.tensor([2, 1, 3, 3]);
  const bias = { shape: [2], data: [0.5, -0.5] };
  const taps: Tensor<'int32'> = rs.convTransposeOverlap(3, 2, { inputSize: [4, 4], padding: undefined });
  return [
    rs.conv2d(x, weight, { bias, stride: 1, padding: 'same', dilation: [1, 1], groups: 1 }),
    rs.conv1d({ shape: [1, 1, 4], data: [1, 2, 3, 4] }, { shape: [1, 1, 2], data: [1, 1] }, { padding: 'valid' }),
    rs.conv3d({ shape: [1, 1, 2, 2, 2], data: new Float32Array(8) }, { shape: [1, 1, 1, 1, 1], data: [2] }),
    rs.convTranspose2d(rs.tensor([1, 2, 2, 2]), weight, { stride: 2, outputPadding: 1, bias: undefined }),
    rs.convTranspose1d({ shape: [1, 1, 2], data: [1, 2] }, { shape: [1, 1, 2], data: [1, 1] }, { outputSize: [4] }),
    rs.convTranspose3d({ shape: [1, 1, 1, 1, 1], data: [1] }, { shape: [1, 1, 1, 1, 1], data: [1] }, undefined),
    rs.upsampleConv2d(x, weight, { scaleFactor: 2, mode: 'bilinear', alignCorners: true, padding: 1 }),
    rs.pixelShuffle(rs.tensor([1, 4, 2, 2]), 2, { out: undefined }),
    rs.pixelUnshuffle(x, 2),
    taps,
  ];
}

function images(rs: Resample, pool: Pool): Promise<ResizedImage>[] {
  const image = { data: new Uint8ClampedArray(4 * 4 * 4), width: 4, height: 4 };
  const filter: ImageFilter = 'mitchell';
  const here: ResizedImage = rs.resizeImage(image, { width: 2, filter, premultiplyAlpha: false, linearLight: true });
  const fromTensor = rs.resizeImage(rs.tensor([4, 4, 4], undefined, { dtype: 'uint8' }), { height: 2, width: undefined });
  // 16-bit and float images come back in their own format.
  const wide: Uint16Array = rs.resizeImage({ data: new Uint16Array(16), width: 2, height: 2 }, { width: 1 }).data;
  const float: Float32Array = rs.resizeImage(rs.tensor([2, 2, 4]), { width: 1 }).data;
  // With out, the tensor written is returned.
  const into: Tensor<'uint8'> = rs.resizeImage(image, { width: 2, height: 2, out: rs.empty([2, 2, 4], { dtype: 'uint8' }) });
  into.dispose();
  void [wide, float];
  return [
    Promise.resolve(here),
    Promise.resolve(fromTensor),
    pool.resizeImage({ data: new Uint8Array(16), width: 2, height: 2 }, { width: 1, filter: 'lanczos2' }, { transfer: true, signal: undefined }),
    pool.resizeImage(image, { height: 3, filter: undefined }),
  ];
}

/** Every op family in one place, so a declaration that breaks any of them fails the check. */
export async function consume(): Promise<number> {
  const rs = await init({ warnLeaks: true, wasm: undefined });
  const pool = createPool({ size: 2, idleTimeout: Infinity, worker: () => 42, workerUrl: undefined, wasm: undefined });
  const { x, total } = tensors(rs);
  const outputs = [...interpolation(rs, x), ...pooling(rs, x), ...convolution(rs, x)];
  const resized = await Promise.all(images(rs, pool));
  const workers: number = pool.workers;
  pool.close();
  for (const t of outputs) t.dispose();
  await serveWorker();
  return resized.length + workers + total;
}

/** What the types must refuse: a misspelt option, a wrong filter, a missing required option, a float tensor as int32. */
export async function refused(rs: Resample): Promise<void> {
  const x = rs.tensor([1, 1, 2, 2]);
  // @ts-expect-error scalefactor is not an option (the runtime throws INVALID_ARGUMENT too)
  rs.interpolate(x, { scalefactor: 2 });
  // @ts-expect-error 'sinc' is not an ImageFilter
  rs.resizeImage({ data: new Uint8Array(4), width: 1, height: 1 }, { width: 1, filter: 'sinc' });
  // @ts-expect-error a pool's resizeImage takes no out (its workers' memories are their own)
  void createPool().resizeImage({ data: new Uint8Array(4), width: 1, height: 1 }, { width: 1, out: x });
  // @ts-expect-error kernelSize is required
  rs.avgPool2d(x, { stride: 1 });
  // @ts-expect-error a float32 tensor is not an int32 one
  const ints: Tensor<'int32'> = rs.tensor([1]);
  // @ts-expect-error idleTimeout is a number of milliseconds
  createPool({ idleTimeout: '1s' });
  ints.dispose();
}
