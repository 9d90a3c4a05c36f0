// pixel_shuffle / pixel_unshuffle (ESPCN sub-pixel rearrangement; ONNX
// DepthToSpace in CRD order): shape rules, then one permutation in the crate.
import { PixelShuffleArgs } from '../abi.js';
import { call, isPositiveInt, optionalBool } from '../args.js';
import { ResampleError, invalid, show } from '../errors.js';
import { declareOptions } from '../options.js';
import type { Heap, Tensor, TensorInput } from '../tensor.js';

/** Options of `rs.pixelShuffle` and `rs.pixelUnshuffle`. */
export interface ShuffleOptions {
  /** Input and output are [..., H, W, C] instead of [..., C, H, W] (PyTorch's channels_last memory format, in its physical order). Default false. */
  channelsLast?: boolean | undefined;
  /** Write into this float32 tensor of the context (the output's shape, not an input) and return it. Default: a new tensor. */
  out?: Tensor | undefined;
}

const shuffleOptions = declareOptions<ShuffleOptions>(['pixelShuffle', 'pixelUnshuffle'], { channelsLast: true, out: true });

/** `out[..., c, h·r + i, w·r + j] = x[..., c·r² + i·r + j, h, w]` and its inverse. */
export function pixelShuffle(heap: Heap, x: TensorInput, factor: number, options: ShuffleOptions | undefined, unshuffle: boolean): Tensor {
  const op = unshuffle ? 'pixelUnshuffle' : 'pixelShuffle';
  const name = unshuffle ? 'downscaleFactor' : 'upscaleFactor';
  return call(heap, op, (c) => {
    const o = shuffleOptions(op, options);
    const input = c.input(x, 'x');
    const r = factor;
    if (!isPositiveInt(r)) throw invalid(name, r, 'a positive integer');
    const channelsLast = optionalBool('channelsLast', o.channelsLast) ?? false;
    const shape = input.shape;
    if (shape.length < 3) throw invalid('x.shape', shape, `of rank 3 or more (${channelsLast ? '..., H, W, C' : '..., C, H, W'})`);
    const lead = shape.slice(0, -3);
    const [ch, h, w] = channelsLast ? [shape[shape.length - 1], ...shape.slice(-3, -1)] : shape.slice(-3);
    const batch = lead.reduce((a, b) => a * b, 1);
    let inner: [number, number, number];
    let channels: number;
    let small: [number, number];
    if (unshuffle) {
      if (h % r || w % r) {
        throw new ResampleError('INVALID_ARGUMENT', `${op}: x.shape ${show(shape)} has H = ${h}, W = ${w}, not both divisible by ${name} ${r}`);
      }
      inner = [ch * r * r, h / r, w / r];
      channels = ch;
      small = [h / r, w / r];
    } else {
      if (ch % (r * r)) {
        throw new ResampleError('INVALID_ARGUMENT', `${op}: x.shape ${show(shape)} has C = ${ch}, not divisible by ${name}² = ${r * r}`);
      }
      inner = [ch / (r * r), h * r, w * r];
      channels = ch / (r * r);
      small = [h, w];
    }
    const outShape = [...lead, ...(channelsLast ? [inner[1], inner[2], inner[0]] : inner)];
    const y = c.output(outShape, 'float32', o.out);
    c.kernel(PixelShuffleArgs, { x: input.ptr, y: y.ptr, unshuffle, batch, channels, channelsLast, blocksOuter: false, factor: r, height: small[0], width: small[1] });
    return y;
  });
}
