// Image files built byte by byte for test/cli.test.ts: headers that lie about
// their size, broken data behind valid checksums, JPEGs with an EXIF
// orientation. Plain TypeScript (no Node imports) so every runtime loads it.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function concat(...parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const ascii = (text: string) => Array.from(text, (ch) => ch.charCodeAt(0));
const be16 = (v: number) => [v >> 8, v & 0xff];
const be32 = (v: number) => [v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];

/** A chunk with its length and a correct CRC, whatever its data. */
export function pngChunk(type: string, data: ArrayLike<number> = []): Uint8Array {
  const body = concat(ascii(type), data);
  return concat(be32(data.length), body, be32(crc32(body)));
}

/** Signature, IHDR (8-bit RGBA, not interlaced, unless told), the given IDAT data, IEND. */
export function pngFile(width: number, height: number, idat: ArrayLike<number>, depth = 8, colourType = 6, interlace = 0): Uint8Array {
  const ihdr = [...be32(width), ...be32(height), depth, colourType, 0, 0, interlace];
  return concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND'));
}

/**
 * A frame header (SOFn) declaring width x height with three components
 * (luma sampled 2x2, as most cameras write), between SOI and EOI.
 */
export function jpegFrameOnly(width: number, height: number, sof = 0xc0): Uint8Array {
  return concat([0xff, 0xd8], jpegSof(width, height, sof), [0xff, 0xd9]);
}

function jpegSof(width: number, height: number, sof = 0xc0): number[] {
  return [0xff, sof, 0, 17, 8, ...be16(height), ...be16(width), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
}

/** A COM segment of `size` zero bytes after SOI: file size without image data. */
export function withComment(jpeg: Uint8Array, size: number): Uint8Array {
  return concat(jpeg.subarray(0, 2), [0xff, 0xfe, ...be16(size + 2)], new Uint8Array(size), jpeg.subarray(2));
}

/** A second frame header before EOI: jpeg-js sizes its buffers for it too. */
export function withSecondFrame(jpeg: Uint8Array, width: number, height: number): Uint8Array {
  return concat(jpeg.subarray(0, jpeg.length - 2), jpegSof(width, height), [0xff, 0xd9]);
}

/**
 * The JPEG with an APP1 Exif segment right after SOI whose IFD0 holds
 * ImageWidth and then Orientation, in either TIFF byte order.
 */
export function withOrientation(jpeg: Uint8Array, orientation: number, littleEndian: boolean): Uint8Array {
  const tiff = new DataView(new ArrayBuffer(8 + 2 + 2 * 12 + 4));
  tiff.setUint16(0, littleEndian ? 0x4949 : 0x4d4d);
  tiff.setUint16(2, 42, littleEndian);
  tiff.setUint32(4, 8, littleEndian);
  tiff.setUint16(8, 2, littleEndian);
  [
    [0x0100, 32],
    [0x0112, orientation],
  ].forEach(([tag, value], i) => {
    const entry = 10 + i * 12;
    tiff.setUint16(entry, tag, littleEndian);
    tiff.setUint16(entry + 2, 3, littleEndian); // SHORT
    tiff.setUint32(entry + 4, 1, littleEndian);
    tiff.setUint16(entry + 8, value, littleEndian);
  });
  const payload = concat(ascii('Exif\0\0'), new Uint8Array(tiff.buffer));
  return concat(jpeg.subarray(0, 2), [0xff, 0xe1, ...be16(payload.length + 2)], payload, jpeg.subarray(2));
}
