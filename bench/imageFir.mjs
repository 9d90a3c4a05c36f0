// Issue 14's table: rs.resizeImage against fast_image_resize 6.1 on wasm32,
// one process, alternating rounds, medians; both sides keep the input
// resident and copy the output out. Ratio = resample / fir. PSNR of each
// side against a float64 reference of the same filter (bench/reference.mjs).
//   node bench/run.mjs image            (part of the image family)
//   node bench/imageFir.mjs [distA distB ...]   (A/B of built dist/ copies, e.g. before/after)
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { photo } from '../examples/images.mjs';
import { loadFir } from './fir.mjs';
import { psnr, referenceResize } from './reference.mjs';

const SIZES = { W1: [3840, 2160, 1920, 1080], W2: [1920, 1080, 3840, 2160] };
const ALPHA = [
  ['alpha off', false, false],
  ['premultiplied opaque', true, false],
  ['premultiplied translucent', true, true],
];

const median = (t) => t.sort((a, b) => a - b)[t.length >> 1];

/** Times every function in `fns` over `reps` alternating rounds (after `warmup` rounds); medians in ms. */
function alternate(fns, { reps, warmup }) {
  const times = fns.map(() => []);
  for (let r = 0; r < warmup + reps; r++) {
    fns.forEach((fn, i) => {
      const t0 = performance.now();
      fn();
      if (r >= warmup) times[i].push(performance.now() - t0);
    });
  }
  return times.map(median);
}

/** `sides`: [{ name, rs }] (resample builds); prints one row per case with each side's ratio to fir. */
export async function firTable(sides, { reps = 15, warmup = 4, only } = {}) {
  const fir = await loadFir();
  const names = sides.map((s) => s.name);
  console.log('\n### resizeImage vs fast_image_resize 6.1 (wasm32 + simd128), ratio = resample / fir\n');
  console.log(`| case | alpha | ${names.map((n) => `${n} ms`).join(' | ')} | fir ms | ${names.map((n) => `${n} / fir`).join(' | ')} | PSNR ${names.join(' / ')} / fir dB |`);
  console.log(`|---|---|${names.map(() => '---:|').join('')}---:|${names.map(() => '---:|').join('')}---|`);
  for (const [size, [iw, ih, ow, oh]] of Object.entries(SIZES)) {
    const opaque = photo(iw, ih, { seed: 7 });
    const translucent = photo(iw, ih, { seed: 7, alpha: true });
    for (const filter of ['lanczos3', 'bilinear', 'box']) {
      for (const [label, premultiply, alpha] of ALPHA) {
        if (only && !only.test(`${size} ${filter} ${label}`)) continue;
        const img = alpha ? translucent : opaque;
        const ours = sides.map(({ rs }) => {
          const t = rs.empty([ih, iw, 4], { dtype: 'uint8' });
          t.data.set(img.data);
          const run = () => rs.resizeImage(t, { width: ow, height: oh, filter, premultiplyAlpha: premultiply }).data;
          run.free = () => t.dispose();
          return run;
        });
        const theirs = fir.resizer(img, ow, oh, filter, premultiply);
        const fns = [...ours, theirs];
        const ms = alternate(fns, { reps: size === 'W2' ? Math.max(5, reps >> 1) : reps, warmup });
        const ref = referenceResize(img, ow, oh, filter, premultiply);
        const q = fns.map((fn) => psnr(fn(), ref, premultiply)).map((v) => (v === Infinity ? 'exact' : v.toFixed(1)));
        fns.forEach((fn) => fn.free());
        const firMs = ms[ms.length - 1];
        const ratios = ms.slice(0, -1).map((m) => (m / firMs).toFixed(2));
        console.log(`| ${size} ${iw}×${ih}→${ow}×${oh} ${filter} | ${label} | ${ms.slice(0, -1).map((m) => m.toFixed(2)).join(' | ')} | ${firMs.toFixed(2)} | ${ratios.join(' | ')} | ${q.join(' / ')} |`);
      }
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dists = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  const paths = dists.length ? dists : [new URL('../dist/', import.meta.url).pathname];
  const sides = [];
  for (const [i, p] of paths.entries()) {
    const { init } = await import(pathToFileURL(`${p.replace(/\/?$/, '/')}index.js`).href);
    sides.push({ name: paths.length > 1 ? String.fromCharCode(65 + i) : 'resample', rs: await init() });
  }
  await firTable(sides, { only: only && new RegExp(only) });
}
