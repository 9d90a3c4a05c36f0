// Files to RGBA8 pixels and back: PNG via fast-png, JPEG via jpeg-js, each
// refused from its header when it declares more pixels than the limit.
import * as png from 'fast-png';
import jpeg from 'jpeg-js';
import { CliError, oneLine } from './cli-error.mjs';
import { isJpeg, isPng, jpegInfo, pngInfo } from './headers.mjs';

/** Any PNG or baseline/progressive JPEG as { data: RGBA8, width, height }. */
export function decodeImage(bytes, name, { limit }) {
  if (isPng(bytes)) {
    pngInfo(bytes, name, limit);
    return decodePng(bytes, name);
  }
  if (isJpeg(bytes)) {
    return decodeJpeg(bytes, name, jpegInfo(bytes, name, limit), limit);
  }
  throw new CliError(`${name}: unsupported format (PNG and JPEG are read)`);
}

function decodePng(bytes, name) {
  let p, samples;
  try {
    p = png.decode(bytes, { checkCrc: true });
    samples = p.palette ? png.convertIndexedToRgb(p) : p.data;
  } catch (e) {
    throw new CliError(`${name}: cannot decode PNG (${oneLine([e.message, e.cause?.message].filter(Boolean).join(' '))})`);
  }
  const n = p.width * p.height;
  const channels = samples.length / n;
  if (![1, 2, 3, 4].includes(channels)) throw new CliError(`${name}: unsupported PNG layout (${p.channels} channels, depth ${p.depth})`);
  // 16-bit samples are narrowed to 8 here; keeping them is another change.
  const scale = 255 / (p.palette ? 255 : 2 ** p.depth - 1);
  const grey = channels < 3;
  const alpha = channels === 2 || channels === 4;
  const rgba = new Uint8ClampedArray(n * 4);
  for (let i = 0, s = 0; i < n; i++, s += channels) {
    const r = Math.round(samples[s] * scale);
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = grey ? r : Math.round(samples[s + 1] * scale);
    rgba[i * 4 + 2] = grey ? r : Math.round(samples[s + 2] * scale);
    rgba[i * 4 + 3] = alpha ? Math.round(samples[s + channels - 1] * scale) : 255;
  }
  return { data: rgba, width: p.width, height: p.height };
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

export function encodeImage(img, format, quality) {
  if (format === 'png') return png.encode({ width: img.width, height: img.height, data: new Uint8Array(img.data.buffer), channels: 4, depth: 8 });
  return jpeg.encode({ width: img.width, height: img.height, data: img.data }, quality).data;
}
