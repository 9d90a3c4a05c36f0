#!/usr/bin/env node
// resample in.png -w 800 -o out.png [--filter lanczos3] [--linear-light]
// PNG and JPEG in and out; the format follows the bytes in, the extension out.
// Every failure is one line on stderr, `resample: ...`, and exit status 2.
import { constants } from 'node:fs';
import { access, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { init, ResampleError } from '../dist/index.js';
import { integer, numbers, parseArgs } from './args.mjs';
import { CliError, oneLine } from './cli-error.mjs';
import { decodeImage, encodeImage } from './image.mjs';

// sharp's limitInputPixels default, 0x3FFF squared.
const DEFAULT_PIXEL_LIMIT = 268402689;

const USAGE = `usage: resample <in.png|in.jpg> (-w WIDTH | -h HEIGHT | both) -o <out.png|out.jpg> [options]
  -w, --width N               output width (omitted: follows the height, keeping the aspect ratio)
  -h, --height N              output height (omitted: follows the width)
  -o, --output FILE           output file; .png or .jpg/.jpeg
  -f, --filter NAME           nearest | box | bilinear | bicubic | mitchell | lanczos2 | lanczos3 (default)
      --fit NAME              fill (default) | cover | contain | inside | outside, as sharp
      --position NAME         where cover crops / contain places: centre (default), top, right top, ..., north, northeast, ...
      --background R,G,B,A    contain's padding, 0-255 each (default 0,0,0,255)
      --without-enlargement   never enlarge an axis
      --crop L,T,W,H          resize only this source rectangle (pixels, fractions allowed)
      --sharpen A[,R[,T]]     pica's unsharp mask: amount 0-500, radius 0.5-2 (0.6), threshold 0-255 (0)
      --linear-light          resample in linear light
      --no-premultiply        resample colour without weighting it by alpha
  -q, --quality N             JPEG quality 1-100 (default 90)
      --limit-input-pixels N  refuse an input whose header declares more than N pixels
                              (default ${DEFAULT_PIXEL_LIMIT} = 16383x16383; 0: no limit)
      --no-rotate             keep a JPEG as stored instead of applying its EXIF orientation
  -?, --help                  print this and exit (so does -h alone)
Width and height are those of the image as displayed, after EXIF orientation.
A 16-bit PNG is resized at 16 bits and written as a 16-bit PNG (a JPEG gets 8).
Exit status: 0 on success, 2 on any failure, reported as one line on stderr.`;

const FORMATS = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg' };

async function main(argv) {
  if (argv.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const args = parseArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const { options: o, positionals } = args;
  if (positionals.length !== 1) throw new CliError(`give exactly one input file, got ${positionals.length}`);
  if (!o.output) throw new CliError('give an output file with -o');
  const [input] = positionals;
  const output = o.output.value;
  const format = FORMATS[extname(output).toLowerCase()];
  if (!format) throw new CliError(`cannot write '${extname(output) || output}': the output must end in .png, .jpg or .jpeg`);
  const quality = integer(o.quality, 'an integer from 1 to 100', 1, 100) ?? 90;
  const limit = integer(o['limit-input-pixels'], 'a pixel count (0: no limit)', 0) ?? DEFAULT_PIXEL_LIMIT;
  const size = { width: integer(o.width, 'a positive integer', 1), height: integer(o.height, 'a positive integer', 1) };
  await checkWritable(output);

  const image = decodeImage(await read(input), input, { limit, rotate: !o['no-rotate'] });
  const rs = await init();
  const out = rs.resizeImage(image, {
    ...size,
    filter: o.filter?.value,
    linearLight: !!o['linear-light'],
    premultiplyAlpha: !o['no-premultiply'],
    ...geometry(o),
  });
  await writeFile(output, encodeImage(out, format, quality)).catch((e) => {
    throw new CliError(`${output}: cannot write (${fsReason(e)})`);
  });
  console.log(`${input} ${image.width}x${image.height} -> ${output} ${out.width}x${out.height}`);
  return 0;
}

/** The sharp-like geometry flags and --sharpen as resizeImage options. */
function geometry(o) {
  const crop = numbers(o.crop, ['LEFT', 'TOP', 'WIDTH', 'HEIGHT']);
  const sharpen = numbers(o.sharpen, ['AMOUNT', 'RADIUS', 'THRESHOLD'], 1);
  return {
    fit: o.fit?.value,
    position: o.position?.value,
    background: numbers(o.background, ['R', 'G', 'B', 'A']),
    withoutEnlargement: !!o['without-enlargement'],
    crop: crop && { left: crop[0], top: crop[1], width: crop[2], height: crop[3] },
    sharpen: sharpen && { amount: sharpen[0], radius: sharpen[1], threshold: sharpen[2] },
  };
}

function read(file) {
  return readFile(file).catch((e) => {
    throw new CliError(`${file}: cannot read (${fsReason(e)})`);
  });
}

/** Before decoding, so a mistyped output path costs nothing. */
async function checkWritable(file) {
  try {
    const dir = dirname(file);
    if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
    if ((await stat(file).catch(() => null))?.isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
    await access(dir, constants.W_OK);
  } catch (e) {
    throw new CliError(`${file}: cannot write (${fsReason(e)})`);
  }
}

const FS_REASONS = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'no space left on device',
};
const fsReason = (e) => FS_REASONS[e.code] ?? oneLine(e.code ?? e.message);

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  const expected = e instanceof CliError || e instanceof ResampleError;
  console.error(`resample: ${expected ? '' : 'unexpected error: '}${oneLine(e?.message ?? e)}`);
  process.exitCode = 2;
}
