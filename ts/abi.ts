// Generated from crate/src/abi.rs by `cargo run --example abi`: do not edit.
// `cargo test` fails when this file differs from what the crate defines.

export const Status = { Ok: 0, BadBuffer: 1, BadArgument: 2, BadIndex: 3, OutOfMemory: 4 } as const;

export const Path = { Vector: 0, Scalar: 1 } as const;

export const InterpolateMode = { Nearest: 0, NearestExact: 1, Linear: 2, Cubic: 3, Area: 4, Lanczos: 5 } as const;

export const PoolOp = { Max: 0, Avg: 1, AdaptiveMax: 2, AdaptiveAvg: 3, Lp: 4, FractionalMax: 5, LpAbs: 6 } as const;

export const IndexOrder = { Plane: 0, RowMajor: 1, ColumnMajor: 2 } as const;

export const PadMode = { Constant: 0, Reflect: 1, Replicate: 2, Circular: 3 } as const;

export const ImageFilter = { Nearest: 0, Box: 1, Bilinear: 2, Bicubic: 3, Mitchell: 4, Lanczos2: 5, Lanczos3: 6 } as const;

export const ImageSampleFormat = { Uint8: 0, Uint16: 1, Float32: 2 } as const;

export const GridMode = { Bilinear: 0, Nearest: 1, Bicubic: 2 } as const;

export const GridPadding = { Zeros: 0, Border: 1, Reflection: 2 } as const;

export const GridRule = { PyTorch: 0, Onnx: 1 } as const;

export const ResizeMode = { Nearest: 0, Linear: 1, Cubic: 2 } as const;

export const ResizeCoordinate = { HalfPixel: 0, HalfPixelSymmetric: 1, PytorchHalfPixel: 2, AlignCorners: 3, Asymmetric: 4, TfCropAndResize: 5, TfHalfPixelForNn: 6 } as const;

export const ResizeNearest = { RoundPreferFloor: 0, RoundPreferCeil: 1, Floor: 2, Ceil: 3, Legacy: 4 } as const;

export const PilResample = { Nearest: 0, Lanczos: 1, Bilinear: 2, Bicubic: 3, Box: 4, Hamming: 5 } as const;

export const TfMethod = { Bilinear: 0, Nearest: 1, Bicubic: 2, Area: 3, Lanczos3: 4, Lanczos5: 5, Gaussian: 6, MitchellCubic: 7 } as const;

export const CvMethod = { Nearest: 0, Linear: 1, Cubic: 2, Area: 3, Lanczos4: 4, LinearExact: 5, NearestExact: 6 } as const;

/** Each image filter's half-width at scale 1, by code. */
export const IMAGE_FILTER_SUPPORT: readonly number[] = [0.5, 0.5, 1, 2, 2, 2, 3];

/** The largest block the allocator hands out. */
export const MAX_BLOCK_BYTES = 2147483616;

/** Bytes of the block that holds any export's arguments. */
export const ARGS_BYTES = 320;

export const ErrorDetail = {
  bytes: 24,
  fields: {
    status: [0, 'u32', 1],
    at: [8, 'f64', 1],
    value: [16, 'f64', 1],
  },
} as const;

export const InterpolateArgs = {
  export: 'interpolate',
  bytes: 96,
  fields: {
    path: [0, 'u32', 1],
    x: [4, 'u32', 1],
    y: [8, 'u32', 1],
    mode: [12, 'u32', 1],
    alignCorners: [16, 'u32', 1],
    channelsLast: [20, 'u32', 1],
    antialias: [24, 'u32', 1],
    uint8: [28, 'u32', 1],
    rank: [32, 'u32', 1],
    batch: [36, 'u32', 1],
    channels: [40, 'u32', 1],
    input: [44, 'u32', 3],
    output: [56, 'u32', 3],
    scale: [72, 'f64', 3],
  },
} as const;

export const PoolArgs = {
  export: 'pool',
  bytes: 144,
  fields: {
    path: [0, 'u32', 1],
    x: [4, 'u32', 1],
    y: [8, 'u32', 1],
    indices: [12, 'u32', 1],
    op: [16, 'u32', 1],
    countIncludePad: [20, 'u32', 1],
    divisor: [24, 'u32', 1],
    planes: [28, 'u32', 1],
    lane: [32, 'u32', 1],
    input: [36, 'u32', 3],
    output: [48, 'u32', 3],
    kernel: [60, 'u32', 3],
    stride: [72, 'u32', 3],
    padding: [84, 'u32', 3],
    paddingEnd: [96, 'u32', 3],
    dilation: [108, 'u32', 3],
    samples: [120, 'u32', 1],
    rank: [124, 'u32', 1],
    indexOrder: [128, 'u32', 1],
    norm: [136, 'f64', 1],
  },
} as const;

export const MaxUnpoolArgs = {
  export: 'max_unpool',
  bytes: 28,
  fields: {
    x: [0, 'u32', 1],
    indices: [4, 'u32', 1],
    y: [8, 'u32', 1],
    planes: [12, 'u32', 1],
    inPlane: [16, 'u32', 1],
    outPlane: [20, 'u32', 1],
    lane: [24, 'u32', 1],
  },
} as const;

export const PixelShuffleArgs = {
  export: 'pixel_shuffle',
  bytes: 44,
  fields: {
    path: [0, 'u32', 1],
    x: [4, 'u32', 1],
    y: [8, 'u32', 1],
    unshuffle: [12, 'u32', 1],
    batch: [16, 'u32', 1],
    channels: [20, 'u32', 1],
    channelsLast: [24, 'u32', 1],
    blocksOuter: [28, 'u32', 1],
    factor: [32, 'u32', 1],
    height: [36, 'u32', 1],
    width: [40, 'u32', 1],
  },
} as const;

export const ConvArgs = {
  export: 'conv',
  bytes: 168,
  fields: {
    path: [0, 'u32', 1],
    x: [4, 'u32', 1],
    weight: [8, 'u32', 1],
    bias: [12, 'u32', 1],
    y: [16, 'u32', 1],
    transposed: [20, 'u32', 1],
    batch: [24, 'u32', 1],
    inChannels: [28, 'u32', 1],
    outChannels: [32, 'u32', 1],
    groups: [36, 'u32', 1],
    input: [40, 'u32', 3],
    output: [52, 'u32', 3],
    kernel: [64, 'u32', 3],
    stride: [76, 'u32', 3],
    padding: [88, 'f64', 3],
    dilation: [112, 'u32', 3],
    upsample: [124, 'u32', 1],
    mode: [128, 'u32', 1],
    alignCorners: [132, 'u32', 1],
    source: [136, 'u32', 2],
    scale: [144, 'f64', 2],
    paddingMode: [160, 'u32', 1],
    channelsLast: [164, 'u32', 1],
  },
} as const;

export const ResizeImageArgs = {
  export: 'resize_image',
  bytes: 104,
  fields: {
    path: [0, 'u32', 1],
    src: [4, 'u32', 1],
    dst: [8, 'u32', 1],
    filter: [12, 'u32', 1],
    premultiply: [16, 'u32', 1],
    linearLight: [20, 'u32', 1],
    inWidth: [24, 'u32', 1],
    inHeight: [28, 'u32', 1],
    outWidth: [32, 'u32', 1],
    outHeight: [36, 'u32', 1],
    srcY0: [40, 'u32', 1],
    srcRows: [44, 'u32', 1],
    dstY0: [48, 'u32', 1],
    dstRows: [52, 'u32', 1],
    window: [56, 'f64', 4],
    srcX0: [88, 'u32', 1],
    srcCols: [92, 'u32', 1],
    format: [96, 'u32', 1],
    channels: [100, 'u32', 1],
  },
} as const;

export const SharpenImageArgs = {
  export: 'sharpen_image',
  bytes: 88,
  fields: {
    path: [0, 'u32', 1],
    image: [4, 'u32', 1],
    width: [8, 'u32', 1],
    height: [12, 'u32', 1],
    amount: [16, 'u32', 1],
    threshold: [20, 'u32', 1],
    coef: [24, 'f64', 8],
  },
} as const;

export const GridSampleArgs = {
  export: 'grid_sample',
  bytes: 68,
  fields: {
    path: [0, 'u32', 1],
    x: [4, 'u32', 1],
    grid: [8, 'u32', 1],
    y: [12, 'u32', 1],
    mode: [16, 'u32', 1],
    padding: [20, 'u32', 1],
    rule: [24, 'u32', 1],
    alignCorners: [28, 'u32', 1],
    rank: [32, 'u32', 1],
    batch: [36, 'u32', 1],
    channels: [40, 'u32', 1],
    input: [44, 'u32', 3],
    output: [56, 'u32', 3],
  },
} as const;

export const AffineGridArgs = {
  export: 'affine_grid',
  bytes: 32,
  fields: {
    theta: [0, 'u32', 1],
    grid: [4, 'u32', 1],
    alignCorners: [8, 'u32', 1],
    rank: [12, 'u32', 1],
    batch: [16, 'u32', 1],
    size: [20, 'u32', 3],
  },
} as const;

export const UnfoldArgs = {
  export: 'unfold',
  bytes: 92,
  fields: {
    path: [0, 'u32', 1],
    x: [4, 'u32', 1],
    y: [8, 'u32', 1],
    fold: [12, 'u32', 1],
    planes: [16, 'u32', 1],
    image: [20, 'u32', 3],
    blocks: [32, 'u32', 3],
    kernel: [44, 'u32', 3],
    stride: [56, 'u32', 3],
    padding: [68, 'u32', 3],
    dilation: [80, 'u32', 3],
  },
} as const;

export const PadArgs = {
  export: 'pad',
  bytes: 160,
  fields: {
    path: [0, 'u32', 1],
    x: [4, 'u32', 1],
    y: [8, 'u32', 1],
    mode: [12, 'u32', 1],
    value: [16, 'f64', 1],
    outer: [24, 'u32', 1],
    axes: [28, 'u32', 1],
    input: [32, 'u32', 8],
    output: [64, 'u32', 8],
    left: [96, 'f64', 8],
  },
} as const;

export const OnnxResizeArgs = {
  export: 'onnx_resize',
  bytes: 320,
  fields: {
    path: [0, 'u32', 1],
    x: [4, 'u32', 1],
    y: [8, 'u32', 1],
    mode: [12, 'u32', 1],
    coordinate: [16, 'u32', 1],
    nearest: [20, 'u32', 1],
    excludeOutside: [24, 'u32', 1],
    antialias: [28, 'u32', 1],
    cubicA: [32, 'f64', 1],
    extrapolation: [40, 'f64', 1],
    planes: [48, 'u32', 1],
    lane: [52, 'u32', 1],
    rank: [56, 'u32', 1],
    input: [60, 'u32', 8],
    output: [92, 'u32', 8],
    scale: [128, 'f64', 8],
    roiStart: [192, 'f64', 8],
    roiEnd: [256, 'f64', 8],
  },
} as const;

export const PilResizeArgs = {
  export: 'pil_resize',
  bytes: 104,
  fields: {
    path: [0, 'u32', 1],
    src: [4, 'u32', 1],
    dst: [8, 'u32', 1],
    float32: [12, 'u32', 1],
    channels: [16, 'u32', 1],
    inWidth: [20, 'u32', 1],
    inHeight: [24, 'u32', 1],
    outWidth: [28, 'u32', 1],
    outHeight: [32, 'u32', 1],
    resample: [36, 'u32', 1],
    premultiply: [40, 'u32', 1],
    pillow12: [44, 'u32', 1],
    reduceFactor: [48, 'u32', 2],
    reduceBox: [56, 'u32', 4],
    region: [72, 'f64', 4],
  },
} as const;

export const TfResizeArgs = {
  export: 'tf_resize',
  bytes: 48,
  fields: {
    path: [0, 'u32', 1],
    x: [4, 'u32', 1],
    y: [8, 'u32', 1],
    method: [12, 'u32', 1],
    antialias: [16, 'u32', 1],
    uint8: [20, 'u32', 1],
    batch: [24, 'u32', 1],
    channels: [28, 'u32', 1],
    inHeight: [32, 'u32', 1],
    inWidth: [36, 'u32', 1],
    outHeight: [40, 'u32', 1],
    outWidth: [44, 'u32', 1],
  },
} as const;

export const CvResizeArgs = {
  export: 'cv_resize',
  bytes: 56,
  fields: {
    path: [0, 'u32', 1],
    x: [4, 'u32', 1],
    y: [8, 'u32', 1],
    method: [12, 'u32', 1],
    uint8: [16, 'u32', 1],
    height: [20, 'u32', 1],
    width: [24, 'u32', 1],
    channels: [28, 'u32', 1],
    outHeight: [32, 'u32', 1],
    outWidth: [36, 'u32', 1],
    inv: [40, 'f64', 2],
  },
} as const;

/** The module's exports. */
export interface Exports {
  readonly memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  interpolate(args: number): number;
  pool(args: number): number;
  max_unpool(args: number): number;
  pixel_shuffle(args: number): number;
  conv(args: number): number;
  resize_image(args: number): number;
  sharpen_image(args: number): number;
  grid_sample(args: number): number;
  affine_grid(args: number): number;
  unfold(args: number): number;
  pad(args: number): number;
  onnx_resize(args: number): number;
  pil_resize(args: number): number;
  tf_resize(args: number): number;
  cv_resize(args: number): number;
}

/** The kernel families, each also a module of its own (`dist/families/<family>.wasm`), and the exports each holds. */
export const FAMILIES = {
  interpolate: ['interpolate'],
  pool: ['pool'],
  maxUnpool: ['max_unpool'],
  pixelShuffle: ['pixel_shuffle'],
  conv: ['conv'],
  resizeImage: ['resize_image', 'sharpen_image'],
  gridSample: ['grid_sample'],
  affineGrid: ['affine_grid'],
  unfold: ['unfold'],
  pad: ['pad'],
  onnx: ['onnx_resize'],
  pil: ['pil_resize'],
  tf: ['tf_resize'],
  cv: ['cv_resize'],
} as const;

export const EXPORTS = ['alloc', 'free', 'interpolate', 'pool', 'max_unpool', 'pixel_shuffle', 'conv', 'resize_image', 'sharpen_image', 'grid_sample', 'affine_grid', 'unfold', 'pad', 'onnx_resize', 'pil_resize', 'tf_resize', 'cv_resize'] as const;
