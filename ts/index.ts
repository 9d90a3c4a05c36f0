export { init, Resample, type InitOptions, type Stats, type TensorOptions } from './context.js';
export { ResampleError, type ResampleErrorCode } from './errors.js';
export type { InterpolateMode, InterpolateOptions } from './ops/interpolate.js';
export { Tensor, type TensorInput, type DType } from './tensor.js';
export type { WasmSource } from './runtime.js';
export type { ImageFilter, ImageInput, ImageLike, ResizedImage, ResizeImageOptions } from './image.js';
