// `npm run demo`: the built-in test chart (zone plate, 1-px checkerboard,
// colour bars over a transparent ramp), resized with several methods.
// Tensor interpolation modes go side by side into one PNG with their timings;
// then the CLI resizes the chart as a user would. Everything lands in examples/out/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encode } from 'fast-png';
import { init } from '../dist/index.js';
import { chart } from './images.mjs';

const out = fileURLToPath(new URL('./out/', import.meta.url));
const cli = fileURLToPath(new URL('../bin/resample.mjs', import.meta.url));
mkdirSync(out, { recursive: true });
const save = (name, img) => {
  writeFileSync(out + name, encode({ width: img.width, height: img.height, data: new Uint8Array(img.data.buffer), channels: 4, depth: 8 }));
  return out + name;
};

const rs = await init();
const source = chart(1024, 768);
console.log(`test chart ${source.width}x${source.height}: ${save('chart.png', source)}`);

// RGBA interleaved <-> NCHW float planes, so F.interpolate's modes apply to it.
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
const timed = (fn) => {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
};

const small = [192, 256];
const x = toPlanes(source);
const downs = [];
for (const [name, options] of [
  ['nearest', { size: small, mode: 'nearest' }],
  ['bilinear', { size: small, mode: 'bilinear' }],
  ['area', { size: small, mode: 'area' }],
  ['bilinear-antialias', { size: small, mode: 'bilinear', antialias: true }],
  ['lanczos', { size: small, mode: 'lanczos' }],
]) {
  const [y, ms] = timed(() => rs.interpolate(x, options));
  const img = toImage(y);
  y.dispose();
  downs.push([name, img]);
  console.log(`  interpolate ${name.padEnd(20)} ${source.width}x${source.height} -> ${img.width}x${img.height}  ${ms.toFixed(1)} ms`);
}
const crop = rs.interpolate(x, { size: [96, 128], mode: 'nearest' });
for (const mode of ['nearest', 'bilinear', 'bicubic']) {
  const [y, ms] = timed(() => rs.interpolate(crop, { scaleFactor: 4, mode }));
  save(`up4-${mode}.png`, toImage(y));
  console.log(`  interpolate ${`${mode} x4`.padEnd(20)} ${crop.shape[3]}x${crop.shape[2]} -> ${y.shape[3]}x${y.shape[2]}  ${ms.toFixed(1)} ms`);
  y.dispose();
}
crop.dispose();
x.dispose();
const [lanczos3, ms] = timed(() => rs.resizeImage(source, { width: small[1], height: small[0] }));
downs.push(['resizeImage lanczos3', lanczos3]);
console.log(`  resizeImage lanczos3 (premultiplied)   ${source.width}x${source.height} -> ${lanczos3.width}x${lanczos3.height}  ${ms.toFixed(1)} ms`);

// Side by side, 2 pixels per pixel so aliasing and halos are visible.
const zoom = 2;
const [tw, th] = [small[1] * zoom, small[0] * zoom];
const gap = 8;
const side = { width: downs.length * (tw + gap) - gap, height: th, data: null };
side.data = new Uint8ClampedArray(side.width * side.height * 4).fill(255);
downs.forEach(([, img], k) => {
  for (let yy = 0; yy < th; yy++) {
    for (let xx = 0; xx < tw; xx++) {
      const s = (((yy / zoom) | 0) * img.width + ((xx / zoom) | 0)) * 4;
      side.data.set(img.data.subarray(s, s + 4), (yy * side.width + k * (tw + gap) + xx) * 4);
    }
  }
});
console.log(`side by side (${downs.map(([n]) => n).join(', ')}): ${save('side-by-side.png', side)}`);
console.log(`live tensors: ${rs.stats().liveTensors}`);

console.log('\nthe CLI (bin/resample.mjs) on the chart:');
const run = (...args) => process.stdout.write(execFileSync(process.execPath, [cli, out + 'chart.png', ...args], { encoding: 'utf8' }));
for (const f of ['nearest', 'bilinear', 'lanczos3']) run('-w', '300', '--filter', f, '-o', `${out}chart-300-${f}.png`);
run('-w', '300', '--linear-light', '-o', `${out}chart-300-lanczos3-linear.png`);
run('-w', '300', '--no-premultiply', '-o', `${out}chart-300-lanczos3-straight.png`);
run('-w', '2048', '--filter', 'mitchell', '-o', `${out}chart-2048-mitchell.jpg`);
console.log(`open ${out} to compare`);
