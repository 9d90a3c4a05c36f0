export { init, Resample, type InitOptions, type Stats, type TensorOptions } from './context.js';
export { ResampleError, type ResampleErrorCode } from './errors.js';
export type { ConvOptions, ConvTransposeOptions, ConvTransposeOverlapOptions, UpsampleConv2dOptions } from './ops/conv.js';
export type { InterpolateMode, InterpolateOptions } from './ops/interpolate.js';
export type { AdaptiveMaxPoolOptions, AdaptivePoolOptions, AdaptiveSize, AvgPoolOptions, MaxPoolOptions, PoolWithIndices } from './ops/pool.js';
export type { MaxUnpoolOptions } from './ops/unpool.js';
export type { ShuffleOptions } from './ops/shuffle.js';
export { Tensor, type TensorInput, type DType } from './tensor.js';
export type { WasmSource } from './runtime.js';
