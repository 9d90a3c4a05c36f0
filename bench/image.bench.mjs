// RGBA8 resize: first issue 14's table against fast_image_resize on wasm32
// (bench/imageFir.mjs), then resample-wasm against pica, sharp, wasm-vips
// and opencv.js, one process, same inputs, single thread each. Also checks quality (PSNR
// against sharp with the same kernel on a photo-like image) and saves PNGs
// in bench/results/ for eyeballing.
//   node bench/run.mjs image
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as png from 'fast-png';
import { createPool, init } from '../dist/index.js';
import { photo } from '../examples/images.mjs';
import { firTable } from './imageFir.mjs';
import { compare, copyRow } from './lib.mjs';

const results = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(results, { recursive: true });

const rs = await init();
await firTable([{ name: 'resample', rs }]);
const { default: Pica } = await import('pica');
const pica = new Pica({ features: ['js', 'wasm'], concurrency: 1 });
const sharp = (await import('sharp')).default;
sharp.concurrency(1);
sharp.cache(false);
const vips = await (await import('wasm-vips')).default({ dynamicLibraries: [] });
vips.concurrency(1);
const cv = (await import('@techstark/opencv-js')).default;
// The Emscripten module is a thenable that resolves to itself: wait for its runtime, never resolve with it.
await new Promise((r) => (cv.Mat ? r() : (cv.onRuntimeInitialized = r)));

// Kernel names per library for each of our filters (undefined: the library has none).
const KERNELS = {
  lanczos3: { sharp: 'lanczos3', vips: 'lanczos3', pica: 'lanczos3', cv: cv.INTER_LANCZOS4, cvName: 'INTER_LANCZOS4' },
  bilinear: { sharp: 'linear', vips: 'linear', pica: 'hamming', cv: cv.INTER_LINEAR, cvName: 'INTER_LINEAR' },
  box: { pica: 'box', cv: cv.INTER_AREA, cvName: 'INTER_AREA' },
};

const W1 = [3840, 2160, 1920, 1080];
const W2 = [1920, 1080, 3840, 2160];
const sources = new Map();
const source = (w, h) => sources.get(`${w}x${h}`) ?? sources.set(`${w}x${h}`, photo(w, h, { seed: 7 })).get(`${w}x${h}`);

function rows([iw, ih, ow, oh], filter) {
  const img = source(iw, ih);
  const k = KERNELS[filter];
  const bytes = Buffer.from(img.data.buffer);
  const out = [];
  out.push({
    name: 'resample-wasm',
    note: `rs.resizeImage, input a uint8 tensor in linear memory, result copied out; ${filter}`,
    setup: () => {
      const t = rs.empty([ih, iw, 4], { dtype: 'uint8' });
      t.data.set(img.data);
      return () => rs.resizeImage(t, { width: ow, height: oh, filter });
    },
  });
  if (filter === 'lanczos3') {
    const translucent = photo(iw, ih, { seed: 7, alpha: true });
    out.push(
      { name: 'resample-wasm [linearLight]', note: 'sRGB decoded and re-encoded', setup: () => () => rs.resizeImage(img, { width: ow, height: oh, filter, linearLight: true }) },
      { name: 'resample-wasm [translucent]', note: 'alpha < 255: premultiplied and unpremultiplied', setup: () => () => rs.resizeImage(translucent, { width: ow, height: oh, filter }) },
    );
  }
  out.push({
    name: 'resample-wasm [Uint8Array in]',
    note: 'copy in + kernel + copy out',
    setup: () => () => rs.resizeImage(img, { width: ow, height: oh, filter }),
  });
  let pool;
  out.push({
    name: 'resample-wasm pool (2 workers)',
    note: 'bands across 2 worker_threads; input copied per band',
    setup: () => {
      pool = createPool({ size: 2 });
      return () => pool.resizeImage(img, { width: ow, height: oh, filter });
    },
    teardown: () => pool.close(),
  });
  if (k.pica) {
    const dest = new Uint8Array(ow * oh * 4);
    out.push({
      name: 'pica [js+wasm]',
      note: `resizeBuffer, 1 thread, dest preallocated; filter ${k.pica}`,
      setup: () => () => pica.resizeBuffer({ src: img.data, width: iw, height: ih, toWidth: ow, toHeight: oh, filter: k.pica, dest }),
    });
  }
  if (k.sharp) {
    out.push({
      name: 'sharp (native libvips)',
      note: `concurrency 1, raw RGBA in/out, premultiplies alpha; kernel ${k.sharp}`,
      setup: () => () => sharp(bytes, { raw: { width: iw, height: ih, channels: 4 } }).resize(ow, oh, { kernel: k.sharp, fit: 'fill' }).raw().toBuffer(),
    });
  }
  if (k.vips) {
    out.push({
      name: 'wasm-vips',
      note: `concurrency 1, Uint8Array in -> writeToMemory out; kernel ${k.vips}`,
      setup: () => () => {
        const im = vips.Image.newFromMemory(img.data, iw, ih, 4, vips.BandFormat.uchar);
        const r = im.resize(ow / iw, { vscale: oh / ih, kernel: k.vips });
        const o = r.writeToMemory();
        r.delete();
        im.delete();
        return o;
      },
    });
  }
  let mats;
  out.push({
    name: 'opencv.js [kernel only]',
    note: `cv.resize ${k.cvName}, Mats resident in its heap`,
    setup: () => {
      const src = new cv.Mat(ih, iw, cv.CV_8UC4);
      src.data.set(img.data);
      const dst = new cv.Mat();
      mats = [src, dst];
      return () => cv.resize(src, dst, new cv.Size(ow, oh), 0, 0, k.cv);
    },
    teardown: () => mats.forEach((m) => m.delete()),
  });
  out.push(copyRow(ow * oh * 4));
  return out;
}

for (const [name, sizes] of [['W1', W1], ['W2', W2]]) {
  for (const filter of ['lanczos3', 'bilinear', 'box']) {
    const [iw, ih, ow, oh] = sizes;
    // Four warm-up calls: V8 swaps in optimised wasm (and JS) code only on a later call.
    await compare(`${name} RGBA8 ${iw}x${ih} -> ${ow}x${oh} ${filter}`, rows(sizes, filter), { baseline: 'resample-wasm', reps: name === 'W2' ? 5 : 9, warmup: 4 });
  }
}

// Quality: PSNR against sharp with the same kernel, on the photo-like image.
// On premultiplied values: colour under (near-)zero alpha is arbitrary and invisible.
function psnr(a, b) {
  let se = 0;
  for (let i = 0; i < a.length; i++) {
    const pm = (x, k) => (k % 4 === 3 ? x[k] : (x[k] * x[k - (k % 4) + 3]) / 255);
    se += (pm(a, i) - pm(b, i)) ** 2;
  }
  return 10 * Math.log10((255 * 255) / (se / a.length));
}
const save = (file, { data, width, height }) =>
  writeFileSync(results + file, png.encode({ width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.length), channels: 4, depth: 8 }));

console.log('\n### Quality: PSNR against sharp, same kernel, photo-like image\n');
console.log('| case | sharp kernel | PSNR dB (premultiplied RGBA) |');
console.log('|---|---|---:|');
for (const [name, sizes] of [['W1', W1], ['W2', W2], ['alpha 1600x1200 -> 500x375', [1600, 1200, 500, 375]]]) {
  const [iw, ih, ow, oh] = sizes;
  const img = name.startsWith('alpha') ? photo(iw, ih, { seed: 3, alpha: true }) : source(iw, ih);
  for (const [ours, theirs] of [['lanczos3', 'lanczos3'], ['bilinear', 'linear'], ['mitchell', 'mitchell'], ['bicubic', 'cubic']]) {
    const a = rs.resizeImage(img, { width: ow, height: oh, filter: ours });
    const b = await sharp(Buffer.from(img.data.buffer), { raw: { width: iw, height: ih, channels: 4 } }).resize(ow, oh, { kernel: theirs, fit: 'fill' }).raw().toBuffer();
    console.log(`| ${name} ${ours} | ${theirs} | ${psnr(a.data, b).toFixed(1)} |`);
    if (ours === 'lanczos3') {
      const tag = name.split(' ')[0];
      save(`${tag}-resample-${ours}.png`, a);
      save(`${tag}-sharp-${theirs}.png`, { data: new Uint8Array(b), width: ow, height: oh });
    }
  }
}
console.log(`\nPNGs in ${results}`);
