// `npm run demo`: resizes the built-in test chart with several methods and
// writes the results, plus a side-by-side comparison, to examples/out/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode } from 'fast-png';
import { init } from '../dist/index.js';
import { testChart } from './chart.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), 'out');
mkdirSync(out, { recursive: true });
const rs = await init();
const chart = testChart(512, 512);

// RGBA interleaved <-> one NCHW float plane per channel.
function toPlanes({ data, width, height }) {
  const t = rs.empty([1, 4, height, width]);
  const p = t.data;
  for (let i = 0; i < width * height; i++) for (let c = 0; c < 4; c++) p[c * width * height + i] = data[i * 4 + c];
  return t;
}
function toImage(t) {
  const [, , height, width] = t.shape;
  const p = t.data;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) for (let c = 0; c < 4; c++) data[i * 4 + c] = p[c * width * height + i];
  return { data, width, height };
}
function save(name, img) {
  const file = join(out, name);
  writeFileSync(file, encode({ width: img.width, height: img.height, data: img.data, channels: 4, depth: 8 }));
  return file;
}
function time(fn) {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

const x = toPlanes(chart);
save('chart.png', chart);
console.log(`test chart ${chart.width}x${chart.height} -> ${out}`);
const runs = [
  ['down-nearest', { size: [128, 128], mode: 'nearest' }],
  ['down-bilinear', { size: [128, 128], mode: 'bilinear' }],
  ['down-area', { size: [128, 128], mode: 'area' }],
  ['down-bilinear-antialias', { size: [128, 128], mode: 'bilinear', antialias: true }],
  ['up-nearest', { scaleFactor: 3, mode: 'nearest' }],
  ['up-bilinear', { scaleFactor: 3, mode: 'bilinear' }],
  ['up-bicubic', { scaleFactor: 3, mode: 'bicubic' }],
];
const downs = [];
for (const [name, options] of runs) {
  let y;
  let ms;
  try {
    [y, ms] = time(() => rs.interpolate(x, options));
  } catch (e) {
    console.log(`  ${name.padEnd(24)} skipped: ${e.message}`);
    continue;
  }
  const img = toImage(y);
  y.dispose();
  save(`${name}.png`, img);
  console.log(`  ${name.padEnd(24)} ${chart.width}x${chart.height} -> ${img.width}x${img.height}  ${ms.toFixed(1)} ms`);
  if (name.startsWith('down')) downs.push([name, img]);
}
x.dispose();

// Side by side: the downscales next to each other, 4 pixels per pixel so aliasing is visible.
const scale = 2;
const tile = 128 * scale;
const side = { width: tile * downs.length + 8 * (downs.length - 1), height: tile, data: null };
side.data = new Uint8ClampedArray(side.width * side.height * 4).fill(255);
downs.forEach(([, img], k) => {
  for (let y = 0; y < tile; y++) {
    for (let xx = 0; xx < tile; xx++) {
      const s = ((y / scale | 0) * img.width + (xx / scale | 0)) * 4;
      const d = (y * side.width + k * (tile + 8) + xx) * 4;
      side.data.set(img.data.subarray(s, s + 4), d);
    }
  }
});
console.log(`side by side (${downs.map(([n]) => n).join(', ')}): ${save('side-by-side.png', side)}`);
console.log(`live tensors after the demo: ${rs.stats().liveTensors}`);
