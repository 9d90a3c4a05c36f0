// The family modules (init({ families })) against the whole module: what a
// context costs to compile and start, and one call per large family, the
// two contexts timed in alternating order within each round so that a slow
// spell of the machine hits both. The family modules are cut from the same
// build and optimised alone, so their code may inline differently.
import { readFileSync } from 'node:fs';
import { init } from '../dist/index.js';
import { machineLoad } from './lib.mjs';

const dist = new URL('../dist/', import.meta.url);
const file = (name) => readFileSync(new URL(name, dist));
const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
const seeded = (n, seed) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.618 + seed) * 0.5 + 0.5);

/** Median ms over `rounds` of `make()` (a fresh compile and instantiate each time). */
async function startup(make, rounds = 9) {
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    await make();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const whole = file('resample.wasm');
const core = file('families/core.wasm');
const image = file('families/resizeImage.wasm');
console.log(`\n### Family modules: compile and start a context (${machineLoad()})\n`);
console.log('| context | wasm kB | median ms |\n|---|---:|---:|');
console.log(`| whole module | ${(whole.length / 1000).toFixed(1)} | ${(await startup(() => init({ wasm: whole }))).toFixed(2)} |`);
console.log(
  `| core + resizeImage | ${((core.length + image.length) / 1000).toFixed(1)} | ${(await startup(() => init({ families: { core, resizeImage: image } }))).toFixed(2)} |`,
);

const names = ['interpolate', 'resizeImage', 'conv', 'pool', 'tf', 'pil', 'cv'];
const [a, b] = await Promise.all([init(), init({ families: Object.fromEntries(['core', ...names].map((n) => [n, file(`families/${n}.wasm`)])) })]);

/** One call per family, set up in context `rs`. */
function workloads(rs) {
  const photo = rs.tensor([1080, 1920, 4], seeded(1080 * 1920 * 4, 1).map((v) => v * 255), { dtype: 'uint8' });
  const x = rs.tensor([1, 3, 1080, 1920], seeded(3 * 1080 * 1920, 2));
  const nhwc = rs.tensor([1, 1080, 1920, 3], seeded(3 * 1080 * 1920, 3));
  const rgb = rs.tensor([1080, 1920, 3], seeded(1080 * 1920 * 3, 4).map((v) => v * 255), { dtype: 'uint8' });
  const cx = rs.tensor([1, 64, 64, 64], seeded(64 ** 3, 5));
  const cw = rs.tensor([128, 64, 3, 3], seeded(128 * 64 * 9, 6));
  return {
    'resizeImage 1920×1080 → 960×540 lanczos3': () => rs.resizeImage(photo, { width: 960, height: 540 }),
    'interpolate bilinear antialias [1,3,1080,1920] → 224²': () => rs.interpolate(x, { size: [224, 224], mode: 'bilinear', antialias: true }).dispose(),
    'conv2d 3×3 s2 [1,64,64,64] → 128 channels': () => rs.conv2d(cx, cw, { stride: 2, padding: 1 }).dispose(),
    'maxPool2d k3 s2 [1,3,1080,1920]': () => rs.maxPool2d(x, { kernelSize: 3, stride: 2 }).dispose(),
    'tf.image.resize bilinear antialias → 224²': () => rs.tf.image.resize(nhwc, [224, 224], { antialias: true }).dispose(),
    'pil.resize RGB → 224² BICUBIC': () => rs.pil.resize(rgb, [224, 224], { resample: 'BICUBIC' }).dispose(),
    'cv.resize RGB → 224² INTER_AREA': () => rs.cv.resize(rgb, [224, 224], { interpolation: 'INTER_AREA' }).dispose(),
  };
}

const [wa, wb] = [workloads(a), workloads(b)];
console.log('\n### Family modules: one call per family, alternating with the whole module\n');
console.log('| call | whole ms | family modules ms | ratio |\n|---|---:|---:|---:|');
for (const name of Object.keys(wa)) {
  const times = [[], []];
  for (let r = 0; r < 15; r++) {
    for (const k of r % 2 ? [0, 1] : [1, 0]) {
      const t0 = performance.now();
      (k ? wb : wa)[name]();
      if (r >= 2) times[k].push(performance.now() - t0);
    }
  }
  const [m0, m1] = times.map(median);
  console.log(`| ${name} | ${m0.toFixed(2)} | ${m1.toFixed(2)} | ${(m1 / m0).toFixed(2)}x |`);
}
