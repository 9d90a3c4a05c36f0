// pixel_shuffle / pixel_unshuffle (ESPCN sub-pixel rearrangement; ONNX
// DepthToSpace in CRD order): shape rules, then one permutation in the crate.
import { PixelShuffleArgs } from '../abi.js';
import { call, isPositiveInt } from '../args.js';
import { ResampleError, invalid, show } from '../errors.js';
import { declareOptions } from '../options.js';
import type { Heap, Tensor, TensorInput } from '../tensor.js';

/** Options of `rs.pixelShuffle` and `rs.pixelUnshuffle`. */
export interface ShuffleOptions {
  /** Write into this float32 tensor of the context (the output's shape, not an input) and return it. Default: a new tensor. */
  out?: Tensor | undefined;
}

const shuffleOptions = declareOptions<ShuffleOptions>(['pixelShuffle', 'pixelUnshuffle'], { out: true });

/** `out[..., c, h·r + i, w·r + j] = x[..., c·r² + i·r + j, h, w]` and its inverse. */
export function pixelShuffle(heap: Heap, x: TensorInput, factor: number, options: ShuffleOptions | undefined, unshuffle: boolean): Tensor {
  const op = unshuffle ? 'pixelUnshuffle' : 'pixelShuffle';
  const name = unshuffle ? 'downscaleFactor' : 'upscaleFactor';
  return call(heap, op, (c) => {
    const o = shuffleOptions(op, options);
    const input = c.input(x, 'x');
    const r = factor;
    if (!isPositiveInt(r)) throw invalid(name, r, 'a positive integer');
    const shape = input.shape;
    if (shape.length < 3) throw invalid('x.shape', shape, 'of rank 3 or more (..., C, H, W)');
    const [ch, h, w] = shape.slice(-3);
    const batch = shape.slice(0, -3).reduce((a, b) => a * b, 1);
    let outShape: number[];
    let groups: number;
    let small: [number, number];
    if (unshuffle) {
      if (h % r || w % r) {
        throw new ResampleError('INVALID_ARGUMENT', `${op}: x.shape ${show(shape)} has H = ${h}, W = ${w}, not both divisible by ${name} ${r}`);
      }
      outShape = [...shape.slice(0, -3), ch * r * r, h / r, w / r];
      groups = batch * ch;
      small = [h / r, w / r];
    } else {
      if (ch % (r * r)) {
        throw new ResampleError('INVALID_ARGUMENT', `${op}: x.shape ${show(shape)} has C = ${ch}, not divisible by ${name}² = ${r * r}`);
      }
      outShape = [...shape.slice(0, -3), ch / (r * r), h * r, w * r];
      groups = batch * (ch / (r * r));
      small = [h, w];
    }
    const y = c.output(outShape, 'float32', o.out);
    c.kernel(PixelShuffleArgs, { x: input.ptr, y: y.ptr, unshuffle, groups, factor: r, height: small[0], width: small[1] });
    return y;
  });
}
