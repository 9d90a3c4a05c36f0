// Files to RGBA pixels and back: PNG via fast-png, JPEG via jpeg-js, each
// refused from its header when it declares more pixels than the limit.
// 16-bit PNGs stay 16-bit (Uint16Array) through resizing and out to PNG.
import * as png from 'fast-png';
import jpeg from 'jpeg-js';
import { CliError, oneLine } from './cli-error.mjs';
import { isJpeg, isPng, jpegInfo, pngInfo } from './headers.mjs';

/**
 * Any PNG or baseline/progressive JPEG as { data: RGBA, width, height }
 * (16-bit for a 16-bit PNG, else 8-bit);
 * a JPEG is turned upright by its EXIF orientation unless `rotate` is false.
 */
export function decodeImage(bytes, name, { limit, rotate }) {
  if (isPng(bytes)) {
    pngInfo(bytes, name, limit);
    return decodePng(bytes, name);
  }
  if (isJpeg(bytes)) {
    const info = jpegInfo(bytes, name, limit);
    const image = decodeJpeg(bytes, name, info, limit);
    return rotate ? orient(image, info.orientation) : image;
  }
  throw new CliError(`${name}: unsupported format (PNG and JPEG are read)`);
}

function decodePng(bytes, name) {
  // fast-png de-interlaces these as if each sample took a byte: garbage or a bogus filter error.
  if (bytes[28] === 1 && bytes[24] < 8) throw new CliError(`${name}: unsupported PNG (interlaced with ${bytes[24]}-bit samples)`);
  let p, samples;
  try {
    p = png.decode(bytes, { checkCrc: true });
    samples = p.palette ? png.convertIndexedToRgb(p) : p.depth < 8 ? unpackBits(p) : p.data;
  } catch (e) {
    throw new CliError(`${name}: cannot decode PNG (${oneLine([e.message, e.cause?.message].filter(Boolean).join(' '))})`);
  }
  const n = p.width * p.height;
  const channels = samples.length / n;
  if (![1, 2, 3, 4].includes(channels)) throw new CliError(`${name}: unsupported PNG layout (${p.channels} channels, depth ${p.depth})`);
  const wide = p.depth === 16 && !p.palette;
  const max = wide ? 65535 : 255;
  const scale = max / (p.palette ? 255 : 2 ** p.depth - 1);
  const grey = channels < 3;
  const alpha = channels === 2 || channels === 4;
  const rgba = wide ? new Uint16Array(n * 4) : new Uint8ClampedArray(n * 4);
  for (let i = 0, s = 0; i < n; i++, s += channels) {
    const r = Math.round(samples[s] * scale);
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = grey ? r : Math.round(samples[s + 1] * scale);
    rgba[i * 4 + 2] = grey ? r : Math.round(samples[s + 2] * scale);
    rgba[i * 4 + 3] = alpha ? Math.round(samples[s + channels - 1] * scale) : max;
  }
  return { data: rgba, width: p.width, height: p.height };
}

/** fast-png leaves 1-, 2- and 4-bit greys packed, each row starting on a byte. */
function unpackBits({ data, width, height, depth }) {
  const out = new Uint8Array(width * height);
  const rowBytes = Math.ceil((width * depth) / 8);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      out[y * width + x] = (data[y * rowBytes + (bit >> 3)] >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

/**
 * jpeg-js counts what it allocates against maxMemoryUsageInMB. The budget is
 * what one frame of the declared size can need (coefficient blocks of 4 bytes
 * per sample and two 1-byte planes per component over MCU-padded dimensions,
 * plus RGBA out) and tables bounded by the file size, so a file hiding a
 * larger second frame fails in jpeg-js before it allocates for it.
 */
function decodeJpeg(bytes, name, { width, height, components }, limit) {
  const padded = (width + 32) * (height + 32);
  const budget = 6 * components * padded + 4 * width * height + 4 * bytes.length;
  try {
    const j = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: limit ? limit / 1e6 : Infinity,
      maxMemoryUsageInMB: budget / 2 ** 20,
    });
    return { data: new Uint8ClampedArray(j.data.buffer, j.data.byteOffset, j.data.length), width: j.width, height: j.height };
  } catch (e) {
    throw new CliError(`${name}: cannot decode JPEG (${oneLine(e.message)})`);
  }
}

// EXIF orientation -> [swap axes, mirror x, mirror y] taking a displayed pixel
// to its stored one; orientations 5-8 display the image transposed.
const ORIENTATIONS = [, [0, 0, 0], [0, 1, 0], [0, 1, 1], [0, 0, 1], [1, 0, 0], [1, 0, 1], [1, 1, 1], [1, 1, 0]];

/** The image as displayed: stored pixels moved by EXIF orientation 1-8. */
function orient({ data, width, height }, orientation) {
  if (orientation === 1) return { data, width, height };
  const [swap, mirrorX, mirrorY] = ORIENTATIONS[orientation];
  const [w, h] = swap ? [height, width] : [width, height];
  const src = new Uint32Array(data.buffer, data.byteOffset, width * height);
  const out = new Uint8ClampedArray(data.length);
  const dst = new Uint32Array(out.buffer);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = swap ? y : x;
      const v = swap ? x : y;
      dst[y * w + x] = src[(mirrorY ? height - 1 - v : v) * width + (mirrorX ? width - 1 - u : u)];
    }
  }
  return { data: out, width: w, height: h };
}

/** A PNG keeps 16-bit pixels; a JPEG takes them rounded to 8 bits. */
export function encodeImage(img, format, quality) {
  const wide = img.data instanceof Uint16Array;
  if (format === 'png') {
    return png.encode({ width: img.width, height: img.height, data: wide ? img.data : new Uint8Array(img.data.buffer), channels: 4, depth: wide ? 16 : 8 });
  }
  const data = wide ? Uint8ClampedArray.from(img.data, (v) => v / 257) : img.data;
  return jpeg.encode({ width: img.width, height: img.height, data }, quality).data;
}
