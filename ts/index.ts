export { init, Resample, type InitOptions, type Stats, type TensorOptions } from './context.js';
export { ResampleError, type ResampleErrorCode } from './errors.js';
export type { ConvOptions, ConvTransposeOptions, ConvTransposeOverlapOptions, UpsampleConv2dOptions } from './ops/conv.js';
export type { InterpolateMode, InterpolateOptions } from './ops/interpolate.js';
export { Tensor, type TensorInput, type DType } from './tensor.js';
export type { WasmSource } from './runtime.js';
