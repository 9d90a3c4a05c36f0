#!/usr/bin/env node
// resample in.png -w 800 -o out.png [--filter lanczos3] [--linear-light]
// PNG and JPEG in and out; the format follows the bytes in, the extension out.
import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import * as png from 'fast-png';
import jpeg from 'jpeg-js';
import { init, ResampleError } from '../dist/index.js';

const USAGE = `usage: resample <in.png|in.jpg> (-w WIDTH | -h HEIGHT | both) -o <out.png|out.jpg>
  -w, --width N          output width (omitted: follows the height, keeping the aspect ratio)
  -h, --height N         output height
  -o, --output FILE      output file; .png or .jpg/.jpeg
  -f, --filter NAME      nearest | box | bilinear | bicubic | mitchell | lanczos2 | lanczos3 (default)
      --linear-light     resample in linear light
      --no-premultiply   resample colour without weighting it by alpha
  -q, --quality N        JPEG quality 1-100 (default 90)
      --help`;

class UsageError extends Error {}

function int(name, v) {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a positive integer, got '${v}'`);
  return Number(v);
}

async function main(argv) {
  const { values: a, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      width: { type: 'string', short: 'w' },
      height: { type: 'string', short: 'h' },
      output: { type: 'string', short: 'o' },
      filter: { type: 'string', short: 'f' },
      quality: { type: 'string', short: 'q' },
      'linear-light': { type: 'boolean' },
      'no-premultiply': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (a.help) return console.log(USAGE);
  if (positionals.length !== 1) throw new UsageError('give exactly one input file');
  if (!a.output) throw new UsageError('give an output file with -o');
  const [input] = positionals;
  const outFormat = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg' }[extname(a.output).toLowerCase()];
  if (!outFormat) throw new UsageError(`cannot write '${extname(a.output) || a.output}': the output must end in .png, .jpg or .jpeg`);
  const quality = int('quality', a.quality) ?? 90;
  if (quality < 1 || quality > 100) throw new UsageError(`--quality must be 1-100, got ${quality}`);

  let bytes;
  try {
    bytes = await readFile(input);
  } catch (e) {
    throw new UsageError(e.code === 'ENOENT' ? `${input}: no such file` : `${input}: cannot read (${e.code ?? e.message})`);
  }
  const image = decode(bytes, input);
  const rs = await init();
  const out = rs.resizeImage(image, {
    width: int('width', a.width),
    height: int('height', a.height),
    filter: a.filter,
    linearLight: a['linear-light'] ?? false,
    premultiplyAlpha: !a['no-premultiply'],
  });
  await writeFile(a.output, encode(out, outFormat, quality));
  console.log(`${input} ${image.width}x${image.height} -> ${a.output} ${out.width}x${out.height}`);
}

/** Any PNG or baseline/progressive JPEG as RGBA8. */
function decode(bytes, name) {
  if (png.hasPngSignature(bytes)) {
    const p = png.decode(bytes);
    let data = p.palette ? png.convertIndexedToRgb(p) : p.data;
    const n = p.width * p.height;
    const channels = data.length / n;
    if (![1, 2, 3, 4].includes(channels)) throw new UsageError(`${name}: unsupported PNG layout (${p.channels} channels, depth ${p.depth})`);
    const max = p.palette ? 255 : 2 ** p.depth - 1;
    const rgba = new Uint8ClampedArray(n * 4);
    for (let i = 0; i < n; i++) {
      const px = (c) => Math.round((data[i * channels + c] * 255) / max);
      const [r, g, b, al] = channels >= 3 ? [px(0), px(1), px(2), channels === 4 ? px(3) : 255] : [px(0), px(0), px(0), channels === 2 ? px(1) : 255];
      rgba[i * 4] = r;
      rgba[i * 4 + 1] = g;
      rgba[i * 4 + 2] = b;
      rgba[i * 4 + 3] = al;
    }
    return { data: rgba, width: p.width, height: p.height };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    try {
      const j = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 2048 });
      return { data: new Uint8ClampedArray(j.data.buffer, j.data.byteOffset, j.data.length), width: j.width, height: j.height };
    } catch (e) {
      throw new UsageError(`${name}: cannot decode JPEG (${e.message})`);
    }
  }
  throw new UsageError(`${name}: unsupported format (PNG and JPEG are read)`);
}

function encode(img, format, quality) {
  if (format === 'png') return png.encode({ width: img.width, height: img.height, data: new Uint8Array(img.data.buffer), channels: 4, depth: 8 });
  return jpeg.encode({ width: img.width, height: img.height, data: img.data }, quality).data;
}

try {
  await main(process.argv.slice(2));
} catch (e) {
  const known = e instanceof UsageError || e instanceof ResampleError || String(e?.code).startsWith('ERR_PARSE_ARGS');
  console.error(`resample: ${known ? e.message : e?.stack ?? e}`);
  if (e instanceof UsageError) console.error(USAGE.split('\n')[0]);
  process.exitCode = known ? 2 : 1;
}
