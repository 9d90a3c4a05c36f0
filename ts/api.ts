// What both entries of the package export (besides `init` and `createPool`,
// which each entry binds to its own way of finding the wasm module).
export { Resample, type Stats, type TensorOptions } from './context.js';
export type { InitOptions } from './init.js';
export { ResampleError, type ResampleErrorCode } from './errors.js';
/** @internal For the tests generated from it: every public function's declared option keys. */
export { OPTION_KEYS } from './options.js';
export type { ConvOptions, ConvTransposeOptions, ConvTransposeOverlapOptions, UpsampleConv2dOptions } from './ops/conv.js';
export type { InterpolateMode, InterpolateOptions } from './ops/interpolate.js';
export type {
  AdaptiveMaxPoolOptions, AdaptivePoolOptions, AdaptiveSize, AvgPool1dOptions, AvgPoolOptions, FractionalMaxPoolOptions, LpPoolOptions, MaxPoolOptions,
  PoolWithIndices,
} from './ops/pool.js';
export type { MaxUnpoolOptions } from './ops/maxUnpool.js';
export type { ShuffleOptions } from './ops/pixelShuffle.js';
export type { GridSampleOptions } from './ops/gridSample.js';
export type { AffineGridOptions } from './ops/affineGrid.js';
export type { FoldOptions, UnfoldOptions } from './ops/unfold.js';
export type { PadOptions } from './ops/pad.js';
export type { Onnx, OnnxRunOptions } from './ops/onnx/index.js';
export type { Pil, PilResample, PilResizeOptions } from './ops/pil.js';
export type { Cv, CvInterpolation, CvResizeOptions } from './ops/cv.js';
export type { AttributeValue as OnnxAttributeValue, OnnxInput, OnnxIntInput } from './ops/onnx/node.js';
export type { Tf, TfImage, TfImages, TfResizeMethod, TfResizeOptions } from './ops/tf.js';
export { Tensor, type TensorInput, type DType } from './tensor.js';
export type { WasmSource } from './runtime.js';
export type { Family, FamilyModules, MoreFamilyModules } from './families.js';
export type { ImageChannels, ImageFilter, ImageInput, ImageLike, ResizedFrom, ResizedImage, ResizeImageOptions, ResizeImageOutOptions } from './ops/resizeImage.js';
export type { ImageSamples, ResizedSamples } from './ops/resizeImage/formats.js';
export { loadImage, type BrowserImage, type DrawableImage, type LoadedImage } from './ops/resizeImage/browser.js';
export type { CropRect, Fit, Position } from './ops/resizeImage/geometry.js';
export type { SharpenOptions } from './ops/resizeImage/sharpen.js';
export type { JobOptions, Pool, PoolOptions } from './worker/pool.js';
export { serveWorker } from './worker/serve.js';
