// Sample formats of resizeImage: 8-bit (Uint8Array / Uint8ClampedArray, or a
// uint8 tensor), 16-bit (Uint16Array) and float (Float32Array, or a float32
// tensor), all RGBA. The result keeps the input's format.
import { ImageSampleFormat } from '../../abi.js';
import type { Call } from '../../args.js';
import { ResampleError, invalid } from '../../errors.js';
import { isTensor, type Tensor } from '../../tensor.js';

/** Samples an image may hold: 8-bit, 16-bit or float, RGBA. */
export type ImageSamples = Uint8Array | Uint8ClampedArray | Uint16Array | Float32Array;

/** What a result holds for input samples `D`: 16-bit and float stay so, 8-bit comes back as Uint8ClampedArray. */
export type ResizedSamples<D> = D extends Uint16Array ? Uint16Array : D extends Float32Array ? Float32Array : Uint8ClampedArray;

export type SampleFormat = (typeof ImageSampleFormat)[keyof typeof ImageSampleFormat];

/** The format of `data`, or of a tensor; undefined for anything else. */
export function formatOf(data: unknown): SampleFormat | undefined {
  if (isTensor(data)) return data.dtype === 'uint8' ? ImageSampleFormat.Uint8 : data.dtype === 'float32' ? ImageSampleFormat.Float32 : undefined;
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) return ImageSampleFormat.Uint8;
  if (data instanceof Uint16Array) return ImageSampleFormat.Uint16;
  return data instanceof Float32Array ? ImageSampleFormat.Float32 : undefined;
}

export const SAMPLES_EXPECTED = 'a Uint8Array, Uint8ClampedArray, Uint16Array or Float32Array';

/** Alpha's full-scale value per format (8-bit alpha is the crate's to scan). */
const OPAQUE = { [ImageSampleFormat.Uint16]: 65535, [ImageSampleFormat.Float32]: 1 } as Record<SampleFormat, number>;

/**
 * Whether to premultiply a 16-bit or float image: asked for, and some
 * alpha below full. Decided here for the whole image, because the crate's
 * float path takes it as given (a band must not decide for itself there).
 * 8-bit images are scanned by the crate, where it is exact either way.
 */
export function premultiplies(format: SampleFormat, data: ImageSamples, asked: boolean): boolean {
  if (!asked || format === ImageSampleFormat.Uint8) return asked;
  const one = OPAQUE[format];
  for (let i = 3; i < data.length; i += 4) if (data[i] !== one) return true;
  return false;
}

/** `rows × width` pixels (of `channels` samples; 16-bit and float: 4) in linear memory: a tensor of this context read in place, anything else copied in. */
export function samplesIn(c: Call, src: ImageSamples | Tensor, format: SampleFormat, rows: number, width: number, channels: number): Tensor {
  if (isTensor(src)) return c.input(src, 'image', src.dtype);
  if (format === ImageSampleFormat.Uint16) {
    // No uint16 tensors: the bytes go in as they are, and the crate reads them as u16.
    return c.input({ shape: [rows, width, 8], data: new Uint8Array(src.buffer, src.byteOffset, src.byteLength) }, 'image', 'uint8');
  }
  return c.input({ shape: [rows, width, channels], data: src }, 'image', format === ImageSampleFormat.Float32 ? 'float32' : 'uint8');
}

/** A tensor for `rows × width` pixels of `format` (of `channels` samples; 16-bit and float: 4): `out`, checked, or a new one. */
export function samplesOut(c: Call, format: SampleFormat, rows: number, width: number, channels: number, out?: Tensor): Tensor {
  if (format !== ImageSampleFormat.Uint16) return c.output([rows, width, channels], format === ImageSampleFormat.Float32 ? 'float32' : 'uint8', out);
  if (out !== undefined) throw new ResampleError('INVALID_ARGUMENT', `${c.op}: out is not available for 16-bit images (there are no uint16 tensors)`);
  return c.output([rows, width, 8], 'uint8', undefined);
}

/** A copy of `t`'s pixels owned by JS, typed for `format`. */
export function samplesOf(t: Tensor, format: SampleFormat): Uint8ClampedArray | Uint16Array | Float32Array {
  if (format === ImageSampleFormat.Uint16) return new Uint16Array((t.data as Uint8Array).slice().buffer);
  if (format === ImageSampleFormat.Float32) return (t.data as Float32Array).slice();
  // A byte copy, then the clamped view: constructing a Uint8ClampedArray from a
  // view of shared memory (the threaded build's) converts element by element, 4x slower.
  return new Uint8ClampedArray((t.data as Uint8Array).slice().buffer);
}

/** Checks a plain image's `data` is samples of a known format. */
export function checkSamples(data: unknown): SampleFormat {
  const format = isTensor(data) ? undefined : formatOf(data);
  if (format === undefined) throw invalid('image.data', data, SAMPLES_EXPECTED);
  return format;
}
