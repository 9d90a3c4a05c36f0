// Sizes and orientation read from the headers alone, so a file declaring a
// huge image is refused before a decoder allocates for it.
import { CliError } from './cli-error.mjs';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export const isPng = (b) => PNG_SIGNATURE.every((v, i) => b[i] === v);
export const isJpeg = (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

const u16 = (b, i) => (b[i] << 8) | b[i + 1];
const u32 = (b, i) => u16(b, i) * 0x10000 + u16(b, i + 2);
const ascii = (b, start, end) => String.fromCharCode(...b.subarray(start, end));

// Samples per pixel by IHDR colour type.
const PNG_CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
// Deflate codes at most 258 bytes in 2 bits: no zlib stream inflates more.
const MAX_INFLATE_RATIO = 1032;

/**
 * IHDR's size, refused above `limit`. Every chunk up to IEND must lie inside
 * the file, so a cut file is named as such rather than failing in the
 * decoder, and the compressed data must be able to hold the declared pixels,
 * since fast-png allocates what the header says and pads short data silently.
 */
export function pngInfo(bytes, name, limit) {
  if (bytes.length < 33 || u32(bytes, 8) !== 13 || ascii(bytes, 12, 16) !== 'IHDR') {
    throw new CliError(`${name}: invalid PNG (no IHDR header)`);
  }
  let compressed = 0;
  for (let at = 8; ; ) {
    if (at + 12 > bytes.length) throw new CliError(`${name}: truncated PNG (no IEND chunk)`);
    const type = ascii(bytes, at + 4, at + 8);
    const end = at + 12 + u32(bytes, at);
    if (end > bytes.length) throw new CliError(`${name}: truncated PNG (chunk ${type} ends past the end of the file)`);
    if (type === 'IEND') break;
    if (type === 'IDAT') compressed += end - at - 12;
    at = end;
  }
  const size = checkSize(name, 'PNG', u32(bytes, 16), u32(bytes, 20));
  checkPixels(name, size, limit);
  const bits = size.width * size.height * bytes[24] * (PNG_CHANNELS[bytes[25]] ?? 1);
  if (compressed * MAX_INFLATE_RATIO < bits / 8) throw tooShort(name, 'PNG', size);
  return size;
}

function tooShort(name, format, { width, height }) {
  return new CliError(`${name}: ${format} declares ${width}x${height} pixels but its data is too short for them (truncated or corrupt)`);
}

// SOF0-2 are what jpeg-js decodes; the other SOFn (lossless, hierarchical,
// arithmetic) are named so the refusal says why.
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
const DECODED_SOF = new Set([0xc0, 0xc1, 0xc2]);

/**
 * The first frame header's size (refused above `limit`) and component count,
 * and the EXIF orientation (1 when absent), from the segments before the
 * first scan. Every 8x8 block of every component costs at least one bit (its
 * DC code), so a file with fewer bits than blocks is refused before jpeg-js
 * allocates for them.
 */
export function jpegInfo(bytes, name, limit) {
  let frame;
  let orientation = 1;
  for (let at = 2; at + 4 <= bytes.length; ) {
    const marker = bytes[at + 1];
    if (bytes[at] !== 0xff) throw new CliError(`${name}: invalid JPEG (no marker at byte ${at})`);
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break; // first scan, or end of image
    const segment = bytes.subarray(at + 4, at + 2 + u16(bytes, at + 2));
    if (SOF.has(marker) && !frame) frame = jpegFrame(segment, marker, name);
    if (marker === 0xe1 && orientation === 1) orientation = exifOrientation(segment);
    at += 2 + u16(bytes, at + 2);
  }
  if (!frame) throw new CliError(`${name}: truncated or invalid JPEG (no frame header before the image data)`);
  checkPixels(name, frame, limit);
  if (bytes.length * 8 < frame.blocks) throw tooShort(name, 'JPEG', frame);
  return { ...frame, orientation };
}

function jpegFrame(segment, marker, name) {
  if (segment.length < 6) throw new CliError(`${name}: truncated JPEG (frame header cut short)`);
  if (!DECODED_SOF.has(marker)) {
    throw new CliError(`${name}: unsupported JPEG coding (SOF${marker - 0xc0}; baseline, extended and progressive are read)`);
  }
  const size = checkSize(name, 'JPEG', u16(segment, 3), u16(segment, 1));
  const components = segment[5];
  const sampling = Array.from({ length: components }, (_, c) => [segment[7 + 3 * c] >> 4, segment[7 + 3 * c] & 15]);
  if (components < 1 || components > 4 || segment.length < 6 + 3 * components || sampling.flat().some((f) => f < 1 || f > 4)) {
    throw new CliError(`${name}: unsupported JPEG frame (${components} components, sampling ${sampling.map((f) => f.join('x')).join(' ')})`);
  }
  // As jpeg-js sizes each component: its share of the 8x8 blocks of the image.
  const maxH = Math.max(...sampling.map(([h]) => h));
  const maxV = Math.max(...sampling.map(([, v]) => v));
  const across = Math.ceil(size.width / 8);
  const down = Math.ceil(size.height / 8);
  const blocks = sampling.reduce((sum, [h, v]) => sum + Math.ceil((across * h) / maxH) * Math.ceil((down * v) / maxV), 0);
  return { ...size, components, blocks };
}

function checkSize(name, format, width, height) {
  if (width === 0 || height === 0) throw new CliError(`${name}: invalid ${format} (declares ${width}x${height} pixels)`);
  return { width, height };
}

/** Refuses more than `limit` pixels (0: no limit), as sharp's limitInputPixels. */
function checkPixels(name, { width, height }, limit) {
  if (limit && width * height > limit) {
    throw new CliError(`${name}: ${width}x${height} is ${width * height} pixels, more than --limit-input-pixels ${limit}`);
  }
}

/**
 * Tag 0x0112 of IFD0 in an APP1 'Exif\0\0' segment; 1 (as stored) when
 * absent or unreadable, since a damaged EXIF block should not stop decoding.
 */
export function exifOrientation(segment) {
  if (ascii(segment, 0, 6) !== 'Exif\0\0') return 1;
  const tiff = new DataView(segment.buffer, segment.byteOffset + 6, segment.length - 6);
  try {
    const order = tiff.getUint16(0);
    if (order !== 0x4949 && order !== 0x4d4d) return 1;
    const little = order === 0x4949;
    const ifd = tiff.getUint32(4, little);
    const entries = tiff.getUint16(ifd, little);
    for (let i = 0; i < entries; i++) {
      const entry = ifd + 2 + i * 12;
      if (tiff.getUint16(entry, little) !== 0x0112) continue;
      const value = tiff.getUint16(entry + 8, little);
      return value >= 1 && value <= 8 ? value : 1;
    }
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
  }
  return 1;
}
