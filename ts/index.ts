export { init, Resample, type InitOptions, type Stats, type TensorOptions } from './context.js';
export { ResampleError, type ResampleErrorCode } from './errors.js';
/** @internal For the tests generated from it: every public function's declared option keys. */
export { OPTION_KEYS } from './options.js';
export type { ConvOptions, ConvTransposeOptions, ConvTransposeOverlapOptions, UpsampleConv2dOptions } from './ops/conv.js';
export type { InterpolateMode, InterpolateOptions } from './ops/interpolate.js';
export type { AdaptiveMaxPoolOptions, AdaptivePoolOptions, AdaptiveSize, AvgPoolOptions, MaxPoolOptions, PoolWithIndices } from './ops/pool.js';
export type { MaxUnpoolOptions } from './ops/maxUnpool.js';
export type { ShuffleOptions } from './ops/pixelShuffle.js';
export { Tensor, type TensorInput, type DType } from './tensor.js';
export type { WasmSource } from './runtime.js';
export type { ImageFilter, ImageInput, ImageLike, ResizedImage, ResizeImageOptions } from './ops/resizeImage.js';
export { createPool, type JobOptions, type Pool, type PoolOptions } from './worker/pool.js';
export { serveWorker } from './worker/serve.js';

import { startedAsWorker } from './worker/endpoint.js';
import { serveWorker } from './worker/serve.js';
// Workers the pool starts load this very module (one entry for every runtime).
if (startedAsWorker()) void serveWorker();
