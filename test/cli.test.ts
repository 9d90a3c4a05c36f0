// bin/resample.mjs, spawned as users run it. Node only: the tests are
// skipped in browsers and Deno (no child processes there), and the child
// process module is imported inside the tests so this file loads everywhere.
import { describe, expect, test } from 'vitest';
import { jpegFrameOnly, pngFile, withComment, withOrientation, withSecondFrame } from './cli-files.ts';
import type { ResizeImageOptions } from 'resample-wasm';
import { inNode } from './util.ts';

const nodeTest = inNode ? test : test.skip;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

async function tools() {
  const [{ spawnSync }, fs, os, path, png, jpeg] = await Promise.all([
    import('node:child_process'),
    import('node:fs'),
    import('node:os'),
    import('node:path'),
    import('fast-png'),
    import('jpeg-js'),
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resample-cli-'));
  const cli = new URL('../bin/resample.mjs', import.meta.url).pathname;
  const file = (name: string) => path.join(dir, name);
  const spawn = (node: string[], args: string[]): Run => spawnSync(process.execPath, [...node, cli, ...args], { encoding: 'utf8', cwd: dir });
  const run = (...args: string[]): Run => spawn([], args);
  // The child's peak resident memory, written as it exits, and its wall time.
  fs.writeFileSync(file('rss.cjs'), `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(file('rss'))}, String(process.resourceUsage().maxRSS)));`);
  const measure = (...args: string[]) => {
    const start = performance.now();
    const r = spawn(['--require', file('rss.cjs')], args);
    return { ...r, ms: performance.now() - start, peakMB: Number(fs.readFileSync(file('rss'), 'utf8')) / 1024 };
  };
  const write = (name: string, bytes: Uint8Array | string) => fs.writeFileSync(file(name), bytes);
  return { fs, png, jpeg: jpeg.default ?? jpeg, run, measure, file, write };
}

type Tools = Awaited<ReturnType<typeof tools>>;

function gradient(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([(i % width) * 4, (i / width) * 3, 128, 255], i * 4);
  return data;
}

/** Exit 2, nothing on stdout, exactly `resample: <line>` on stderr. */
function fails(r: Run, line: string | RegExp) {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  if (typeof line === 'string') expect(r.stderr).toBe(`resample: ${line}\n`);
  else expect(r.stderr).toMatch(new RegExp(`^resample: ${line.source}\n$`));
}

describe('resample CLI', () => {
  nodeTest('PNG -> PNG and JPEG, width only keeps the aspect ratio', async () => {
    const { fs, png, jpeg, run, file } = await tools();
    fs.writeFileSync(file('in.png'), png.encode({ width: 60, height: 40, data: gradient(60, 40), channels: 4, depth: 8 }));
    const r = run('in.png', '-w', '30', '-o', 'out.png', '--filter', 'bilinear', '--linear-light');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('in.png 60x40 -> out.png 30x20\n');
    const out = png.decode(fs.readFileSync(file('out.png')));
    expect([out.width, out.height, out.channels]).toEqual([30, 20, 4]);
    // A horizontal ramp stays a ramp: red rises along every row.
    expect(out.data[4 * 10]).toBeLessThan(out.data[4 * 20]);
    expect(run('out.png', '-h', '10', '-o', 'out.jpg', '-q', '80').status).toBe(0);
    const j = jpeg.decode(fs.readFileSync(file('out.jpg')));
    expect([j.width, j.height]).toEqual([15, 10]);
    expect(run('out.jpg', '-w', '7', '-h', '3', '-o', 'again.jpeg').status).toBe(0);
    expect(run('out.jpg', '--width=5', '-h3', '--output', 'flags.png').stdout).toBe('out.jpg 15x10 -> flags.png 5x3\n');
  });

  nodeTest('--fit, --position, --background, --without-enlargement, --crop and --sharpen are resizeImage options', async () => {
    const { fs, png, run, file, write } = await tools();
    const data = gradient(60, 40);
    write('in.png', png.encode({ width: 60, height: 40, data, channels: 4, depth: 8 }));
    const decode = (name: string) => png.decode(fs.readFileSync(file(name)));
    const rs = await (await import('resample-wasm')).init();
    const same = (name: string, o: ResizeImageOptions) => {
      const want = rs.resizeImage({ data, width: 60, height: 40 }, o);
      const got = decode(name);
      expect([got.width, got.height]).toEqual([want.width, want.height]);
      expect(Buffer.from(got.data as Uint8Array).equals(Buffer.from(want.data)), name).toBe(true);
    };
    expect(run('in.png', '-w', '30', '-h', '30', '--fit', 'contain', '--position', 'left top', '--background', '9,8,7,255', '-o', 'a.png').stdout).toBe('in.png 60x40 -> a.png 30x30\n');
    same('a.png', { width: 30, height: 30, fit: 'contain', position: 'left top', background: [9, 8, 7, 255] });
    expect(run('in.png', '-w', '90', '-h', '20', '--fit', 'cover', '--without-enlargement', '-o', 'b.png').status).toBe(0);
    same('b.png', { width: 90, height: 20, fit: 'cover', withoutEnlargement: true });
    expect(run('in.png', '-w', '12', '--crop', '10.5,4,30,20.25', '--sharpen', '120,0.8', '-o', 'c.png').status).toBe(0);
    same('c.png', { width: 12, crop: { left: 10.5, top: 4, width: 30, height: 20.25 }, sharpen: { amount: 120, radius: 0.8 } });
    fails(run('in.png', '-w', '2', '--crop', '1,2,3', '-o', 'o.png'), "--crop must be LEFT,TOP,WIDTH,HEIGHT, got '1,2,3'");
    fails(run('in.png', '-w', '2', '--sharpen', 'lots', '-o', 'o.png'), "--sharpen must be AMOUNT[,RADIUS][,THRESHOLD], got 'lots'");
    fails(run('in.png', '-w', '2', '--crop', '50,0,20,10', '-o', 'o.png'), /resizeImage: crop\.width must be .*, got 20/);
    fails(run('in.png', '-w', '2', '--fit', 'squash', '-o', 'o.png'), /resizeImage: fit must be one of .*, got 'squash'/);
  });

  nodeTest('usage mistakes: one line naming the flag or value, exit 2', async () => {
    const { fs, png, run, file, write } = await tools();
    write('in.png', png.encode({ width: 4, height: 4, data: gradient(4, 4), channels: 4, depth: 8 }));
    fails(run('in.png', '-w', '2', '-o', 'o.gif'), "cannot write '.gif': the output must end in .png, .jpg or .jpeg");
    fails(run('in.png', '-w', '0', '-o', 'o.png'), "-w must be a positive integer, got '0'");
    fails(run('in.png', '-w', '-3', '-o', 'o.png'), "-w must be a positive integer, got '-3'");
    fails(run('in.png', '--height=2.5', '-o', 'o.png'), "--height must be a positive integer, got '2.5'");
    fails(run('in.png', '-w', '2', '-q', '101', '-o', 'o.jpg'), "-q must be an integer from 1 to 100, got '101'");
    fails(run('in.png', '-w', '2', '--limit-input-pixels', 'many', '-o', 'o.png'), "--limit-input-pixels must be a pixel count (0: no limit), got 'many'");
    fails(run('in.png', '-w', '2', '--bogus', '-o', 'o.png'), "unknown option '--bogus'");
    fails(run('in.png', '-x', '-o', 'o.png'), "unknown option '-x'");
    fails(run('in.png', '-w', '2', '-w', '3', '-o', 'o.png'), '-w given twice');
    fails(run('in.png', '-w', '2', '--width', '3', '-o', 'o.png'), '--width given twice (also as -w)');
    fails(run('in.png', '-w', '2', '--linear-light=yes', '-o', 'o.png'), "--linear-light takes no value, got 'yes'");
    fails(run('in.png', '-o', 'o.png', '-h'), '-h needs a value (the height; --help or -? prints usage)');
    fails(run('in.png', '-w', '-o', 'o.png'), '-w needs a value');
    fails(run('in.png', '-w', '2', '--filter', 'gauss', '-o', 'o.png'), "resizeImage: filter must be one of 'nearest', 'box', 'bilinear', 'bicubic', 'mitchell', 'lanczos2', 'lanczos3', got 'gauss'");
    fails(run('in.png', '-w', '100000', '-h', '100000', '-o', 'o.png'), 'resizeImage: width 100000 × height 100000 needs 40000000000 bytes, more than wasm32 memory holds');
    fails(run('in.png', '-o', 'o.png'), 'resizeImage: width must be given (or height given), got undefined');
    fails(run('-w', '2'), 'give exactly one input file, got 0');
    fails(run('in.png', 'in.png', '-w', '2', '-o', 'o.png'), 'give exactly one input file, got 2');
    fails(run('in.png', '-w', '2'), 'give an output file with -o');
    expect(fs.existsSync(file('o.png'))).toBe(false);
  });

  nodeTest('file failures: one line naming the file, exit 2', async () => {
    const { fs, png, run, file, write } = await tools();
    const good = png.encode({ width: 8, height: 8, data: gradient(8, 8), channels: 4, depth: 8 });
    write('in.png', good);
    write('cut.png', good.subarray(0, good.length - 20));
    const badCrc = good.slice();
    badCrc[good.length - 1] ^= 0xff; // IEND's CRC, 0xae426082
    write('crc.png', badCrc);
    write('zlib.png', pngFile(4, 4, [0x78, 0x9c, 0xff, 0xff, 0xff, 1, 2, 3]));
    write('zero.png', pngFile(0, 5, [0x78, 0x9c, 0x03, 0x00]));
    write('interlaced.png', pngFile(4, 4, [0x78, 0x9c, 0x03, 0x00], 2, 0, 1));
    write('notes.txt', 'not an image');
    write('empty.png', '');
    write('lossless.jpg', jpegFrameOnly(8, 8, 0xc3));
    write('nosof.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
    fs.mkdirSync(file('dir.png'));

    fails(run('missing.png', '-w', '2', '-o', 'o.png'), 'missing.png: cannot read (no such file or directory)');
    fails(run('dir.png', '-w', '2', '-o', 'o.png'), 'dir.png: cannot read (is a directory)');
    fails(run('cut.png', '-w', '2', '-o', 'o.png'), 'cut.png: truncated PNG (chunk IDAT ends past the end of the file)');
    fails(run('crc.png', '-w', '2', '-o', 'o.png'), `crc.png: cannot decode PNG (CRC mismatch for chunk IEND. Expected ${0xae42607d}, found ${0xae426082})`);
    fails(run('zlib.png', '-w', '2', '-o', 'o.png'), 'zlib.png: cannot decode PNG (Error while decompressing the data: invalid block type)');
    fails(run('zero.png', '-w', '2', '-o', 'o.png'), 'zero.png: invalid PNG (declares 0x5 pixels)');
    fails(run('interlaced.png', '-w', '2', '-o', 'o.png'), 'interlaced.png: unsupported PNG (interlaced with 2-bit samples)');
    fails(run('notes.txt', '-w', '2', '-o', 'o.png'), 'notes.txt: unsupported format (PNG and JPEG are read)');
    fails(run('empty.png', '-w', '2', '-o', 'o.png'), 'empty.png: unsupported format (PNG and JPEG are read)');
    fails(run('lossless.jpg', '-w', '2', '-o', 'o.png'), 'lossless.jpg: unsupported JPEG coding (SOF3; baseline, extended and progressive are read)');
    fails(run('nosof.jpg', '-w', '2', '-o', 'o.png'), 'nosof.jpg: truncated or invalid JPEG (no frame header before the image data)');
    fails(run('in.png', '-w', '2', '-o', 'nodir/o.png'), 'nodir/o.png: cannot write (no such file or directory)');
    fails(run('in.png', '-w', '2', '-o', 'in.png/o.png'), 'in.png/o.png: cannot write (not a directory)');
    fails(run('in.png', '-w', '2', '-o', 'dir.png'), 'dir.png: cannot write (is a directory)');
    expect(fs.existsSync(file('o.png'))).toBe(false);
  });

  nodeTest('--help, -? and -h alone print usage and exit 0; no arguments is usage on stderr, exit 2', async () => {
    const { png, run, write } = await tools();
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(/^usage: resample <in\.png\|in\.jpg> /);
    expect(help.stdout).toContain('      --limit-input-pixels N  refuse an input whose header declares more than N pixels\n');
    expect(help.stdout).toContain('  -?, --help ');
    for (const args of [['-?'], ['-h'], ['in.png', '--help', '--bogus']]) {
      const r = run(...args);
      expect([r.status, r.stdout, r.stderr]).toEqual([0, help.stdout, '']);
    }
    const bare = run();
    expect(bare.status).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toBe(help.stdout);
    // With a value, -h is still the height.
    write('in.png', png.encode({ width: 8, height: 4, data: gradient(8, 4), channels: 4, depth: 8 }));
    expect(run('in.png', '-h', '2', '-o', 'o.png').stdout).toBe('in.png 8x4 -> o.png 4x2\n');
  });
});

describe('resample CLI input limits', () => {
  // Refused from the headers alone: well under two seconds and 200 MB, where
  // decoding the declared sizes would take gigabytes.
  function refusedFast(measure: Tools['measure'], input: string, line: string | RegExp) {
    const r = measure(input, '-w', '10', '-o', 'o.png');
    fails(r, line);
    expect(r.ms).toBeLessThan(2000);
    expect(r.peakMB).toBeLessThan(200);
  }

  nodeTest('a header declaring more than --limit-input-pixels is refused before decoding', async () => {
    const { png, run, measure, write } = await tools();
    write('huge.png', pngFile(20000, 20000, new Uint8Array(1000)));
    write('huge.jpg', jpegFrameOnly(20000, 20000));
    refusedFast(measure, 'huge.png', 'huge.png: 20000x20000 is 400000000 pixels, more than --limit-input-pixels 268402689');
    refusedFast(measure, 'huge.jpg', 'huge.jpg: 20000x20000 is 400000000 pixels, more than --limit-input-pixels 268402689');

    write('in.png', png.encode({ width: 16, height: 16, data: gradient(16, 16), channels: 4, depth: 8 }));
    fails(run('in.png', '-w', '4', '--limit-input-pixels', '255', '-o', 'o.png'), 'in.png: 16x16 is 256 pixels, more than --limit-input-pixels 255');
    expect(run('in.png', '-w', '4', '--limit-input-pixels', '256', '-o', 'o.png').status).toBe(0);
    expect(run('in.png', '-w', '4', '--limit-input-pixels', '0', '-o', 'o.png').status).toBe(0);
  });

  nodeTest('a header within the limit but with too little data for it is refused before decoding', async () => {
    const { measure, write } = await tools();
    // 10000x10000 with 2x2 luma needs 2.3M blocks of at least a bit each; 1.5 KB holds 12288 bits.
    write('short.jpg', withComment(jpegFrameOnly(10000, 10000), 1500));
    // 16000x16000 RGBA8 is 1 GB raw; deflate inflates 1000 bytes to at most 1 MB.
    write('short.png', pngFile(16000, 16000, new Uint8Array(1000)));
    refusedFast(measure, 'short.jpg', 'short.jpg: JPEG declares 10000x10000 pixels but its data is too short for them (truncated or corrupt)');
    refusedFast(measure, 'short.png', 'short.png: PNG declares 16000x16000 pixels but its data is too short for them (truncated or corrupt)');
  });

  nodeTest("jpeg-js's memory budget follows the first frame, so a hidden second frame fails before allocating", async () => {
    const { jpeg, measure, write } = await tools();
    const small = jpeg.encode({ width: 8, height: 8, data: gradient(8, 8) }, 90).data as Uint8Array;
    write('two.jpg', withSecondFrame(small, 10000, 10000));
    refusedFast(measure, 'two.jpg', /two\.jpg: cannot decode JPEG \(maxMemoryUsageInMB limit exceeded by at least \d+MB\)/);
  });
});

describe('resample CLI pixels', () => {
  // Stored 32x16: quadrants red, green / blue, yellow. As displayed, in
  // reading order, per the EXIF orientation tag's definition.
  const COLOURS: Record<string, number[]> = { R: [255, 0, 0], G: [0, 255, 0], B: [0, 0, 255], Y: [255, 255, 0] };
  const DISPLAYED = ['RGBY', 'GRYB', 'YBGR', 'BYRG', 'RBGY', 'BRYG', 'YGBR', 'GYRB'];

  function quadrants(): Uint8Array {
    const data = new Uint8Array(32 * 16 * 4);
    for (let y = 0; y < 16; y++) {
      for (let x = 0; x < 32; x++) data.set([...COLOURS['RGBY'[(y < 8 ? 0 : 2) + (x < 16 ? 0 : 1)]], 255], (y * 32 + x) * 4);
    }
    return data;
  }

  /** The colour letters at the centres of the four quadrants, in reading order. */
  function layout(img: { width: number; height: number; data: ArrayLike<number> }): string {
    return [
      [1, 1],
      [3, 1],
      [1, 3],
      [3, 3],
    ]
      .map(([qx, qy]) => {
        const at = (((qy * img.height) >> 2) * img.width + ((qx * img.width) >> 2)) * 4;
        const px = [img.data[at], img.data[at + 1], img.data[at + 2]];
        return Object.keys(COLOURS).find((k) => COLOURS[k].every((c, i) => Math.abs(c - px[i]) < 40)) ?? `?${px}`;
      })
      .join('');
  }

  nodeTest('EXIF orientations 1-8 are applied before resizing, and --no-rotate keeps the stored pixels', async () => {
    const { fs, png, jpeg, run, file, write } = await tools();
    const stored = jpeg.encode({ width: 32, height: 16, data: quadrants() }, 95).data as Uint8Array;
    for (let o = 1; o <= 8; o++) {
      write(`o${o}.jpg`, withOrientation(stored, o, o % 2 === 0));
      // The width asked for is the displayed one: 5-8 display 16x32, kept as is.
      const r = run(`o${o}.jpg`, '-w', '16', '--filter', 'box', '-o', `o${o}.png`);
      const size = o <= 4 ? ['32x16', '16x8'] : ['16x32', '16x32'];
      expect(r.stdout, r.stderr).toBe(`o${o}.jpg ${size[0]} -> o${o}.png ${size[1]}\n`);
      expect(layout(png.decode(fs.readFileSync(file(`o${o}.png`)))), `orientation ${o}`).toBe(DISPLAYED[o - 1]);
    }
    expect(run('o6.jpg', '-w', '32', '--no-rotate', '-o', 'kept.png').stdout).toBe('o6.jpg 32x16 -> kept.png 32x16\n');
    expect(layout(png.decode(fs.readFileSync(file('kept.png'))))).toBe('RGBY');
  });

  nodeTest('1-bit grey PNGs come out as 8-bit RGBA', async () => {
    const { fs, png, run, file, write } = await tools();
    // 10 pixels a row: the second byte of each row holds 2 pixels and 6 bits of padding.
    write('bits.png', png.encode({ width: 10, height: 2, data: new Uint8Array([0b10110000, 0b01000000, 0b00001111, 0b11000000]), channels: 1, depth: 1 }));
    expect(run('bits.png', '-w', '10', '--filter', 'nearest', '-o', 'bits-out.png').status).toBe(0);
    const bits = png.decode(fs.readFileSync(file('bits-out.png')));
    const greys = Array.from({ length: 20 }, (_, i) => bits.data[i * 4]);
    expect(greys).toEqual([1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1].map((b) => b * 255));
    expect(Array.from(bits.data.subarray(0, 4))).toEqual([255, 255, 255, 255]);
  });

  nodeTest('16-bit PNGs keep 16 bits: resized as rs.resizeImage resizes the Uint16Array; JPEG out rounds to 8', async () => {
    const { fs, png, jpeg, run, file, write } = await tools();
    const wide = new Uint16Array([65535, 0, 257 * 100 + 3, 65535, 0, 32768, 259, 0]);
    write('wide.png', png.encode({ width: 2, height: 1, data: wide, channels: 4, depth: 16 }));
    expect(run('wide.png', '-w', '2', '--filter', 'nearest', '--no-premultiply', '-o', 'wide-out.png').status).toBe(0);
    const same = png.decode(fs.readFileSync(file('wide-out.png')));
    expect([same.depth, Array.from(same.data)]).toEqual([16, Array.from(wide)]);
    // Grey + alpha at 16 bits, expanded to RGBA by the CLI.
    const [w, h] = [23, 17];
    const ga = Uint16Array.from({ length: w * h * 2 }, (_, i) => (i % 2 ? 20000 + ((i * 977) % 45535) : (i * 7919) % 65536));
    write('ga.png', png.encode({ width: w, height: h, data: ga, channels: 2, depth: 16 }));
    expect(run('ga.png', '-w', '9', '-h', '11', '-o', 'ga-out.png').status).toBe(0);
    const out = png.decode(fs.readFileSync(file('ga-out.png')));
    expect([out.width, out.height, out.depth, out.channels]).toEqual([9, 11, 16, 4]);
    const { init } = await import('resample-wasm');
    const rgba = new Uint16Array(w * h * 4);
    for (let i = 0; i < w * h; i++) rgba.set([ga[2 * i], ga[2 * i], ga[2 * i], ga[2 * i + 1]], 4 * i);
    const want = (await init()).resizeImage({ data: rgba, width: w, height: h }, { width: 9, height: 11 }).data;
    expect(Array.from(out.data)).toEqual(Array.from(want));
    expect(run('ga.png', '-w', '9', '-o', 'ga-out.jpg').status).toBe(0);
    expect(jpeg.decode(fs.readFileSync(file('ga-out.jpg'))).width).toBe(9);
  });
});
