// rs.pil.resize against Pillow's own Image.resize (1 thread; Pillow's
// resampling is single-threaded). P1 = 3840×2160 RGB -> 1920×1080 LANCZOS,
// the item (target ≤ 1.0× Pillow). Pillow runs in a side process
// (scripts/fixtures/bench_pil.py, same inputs); its medians are rows here
// when the fixtures' virtualenv (.venv-fixtures) is present.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { init } from '../dist/index.js';
import { compare } from './lib.mjs';

const rs = await init();
const python = new URL('../.venv-fixtures/bin/python', import.meta.url);
const script = new URL('../scripts/fixtures/bench_pil.py', import.meta.url);
const pillow = existsSync(python) ? JSON.parse(execFileSync(python.pathname, [script.pathname, '--json'], { encoding: 'utf8' })) : undefined;

/** Byte i of the [H, W, C] image: the same input as the side script's. */
function pixels(n) {
  const a = new Uint8Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.imul(i, 0x9e3779b1) >>> 24;
  return a;
}

/** Ours: input resident in linear memory; each call makes (and frees) its output. */
function ours(name, shape, size, options) {
  return {
    name: 'resample-wasm',
    note: name,
    setup: () => {
      const x = rs.tensor(shape, pixels(shape[0] * shape[1] * shape[2]), { dtype: 'uint8' });
      return () => rs.pil.resize(x, size, options).dispose();
    },
  };
}

/** Pillow's timing of the same workload, from the side script. */
function pil(name) {
  const measured = pillow?.timings[name];
  const row = { name: `Pillow ${pillow?.pillow ?? ''}`, note: 'side process', measured };
  return measured ? row : { ...row, setup: () => Promise.reject(new Error('no .venv-fixtures (scripts/fixtures/venv.sh)')) };
}

const workloads = [
  ['RGB 3840x2160 -> 1920x1080 LANCZOS', [2160, 3840, 3], [1920, 1080], { resample: 'LANCZOS' }],
  ['RGB 3840x2160 -> 1920x1080 BILINEAR', [2160, 3840, 3], [1920, 1080], { resample: 'BILINEAR' }],
  ['RGBA 3840x2160 -> 1920x1080 LANCZOS', [2160, 3840, 4], [1920, 1080], { resample: 'LANCZOS' }],
  ['RGB 3840x2160 -> 224x224 BICUBIC reducing_gap 2', [2160, 3840, 3], [224, 224], { resample: 'BICUBIC', reducingGap: 2 }],
];
for (const [name, shape, size, options] of workloads) {
  const rows = [ours(name, shape, size, options), pil(name)];
  await compare(name, rows, { baseline: rows[1].name, reps: 9, warmup: 2 });
}
