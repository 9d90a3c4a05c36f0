// rs.interpolate on uint8 images against PyTorch's own uint8 kernels (1 thread).
// U1 = [1,3,1080,1920] bilinear antialias -> 224x224 channels-last (torchvision's
// Resize on a video frame). PyTorch runs in a side process
// (scripts/fixtures/bench_torch_uint8.py, same inputs); its medians are rows here
// when the fixtures' virtualenv (.venv-fixtures) is present.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { init } from '../dist/index.js';
import { compare } from './lib.mjs';

const rs = await init();
const python = new URL('../.venv-fixtures/bin/python', import.meta.url);
const script = new URL('../scripts/fixtures/bench_torch_uint8.py', import.meta.url);
const torch = existsSync(python) ? JSON.parse(execFileSync(python.pathname, [script.pathname, '--json'], { encoding: 'utf8' })) : undefined;

/** Byte i of the physical layout: the same input as the side script's. */
function pixels(n) {
  const a = new Uint8Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.imul(i, 0x9e3779b1) >>> 24;
  return a;
}

/** Ours: input resident, output preallocated (`out`), nothing read back. */
function ours(name, [n, c, h, w], channelsLast, options) {
  return {
    name: 'resample-wasm',
    note: name,
    setup: () => {
      const x = rs.tensor(channelsLast ? [n, h, w, c] : [n, c, h, w], pixels(n * c * h * w), { dtype: 'uint8' });
      const probe = rs.interpolate(x, { ...options, channelsLast });
      const out = rs.empty(probe.shape, { dtype: 'uint8' });
      probe.dispose();
      return () => rs.interpolate(x, { ...options, channelsLast, out });
    },
  };
}

/** PyTorch's timing of the same workload, from the side script. */
function pytorch(name) {
  const measured = torch?.timings[name];
  const row = { name: `PyTorch ${torch?.torch ?? ''} (1 thread)`, note: `side process, ${torch?.cpu ?? '-'}`, measured };
  return measured ? row : { ...row, setup: () => Promise.reject(new Error('no .venv-fixtures (scripts/fixtures/venv.sh)')) };
}

const workloads = [
  ['bilinear antialias [1,3,1080,1920] -> 224x224 NHWC', [1, 3, 1080, 1920], true, { size: [224, 224], mode: 'bilinear', antialias: true }],
  ['bilinear antialias [1,3,1080,1920] -> 224x224 NCHW', [1, 3, 1080, 1920], false, { size: [224, 224], mode: 'bilinear', antialias: true }],
  ['bicubic antialias [1,3,375,500] -> 224x224 NHWC', [1, 3, 375, 500], true, { size: [224, 224], mode: 'bicubic', antialias: true }],
  ['bilinear [1,3,224,224] -> 448x448 NHWC', [1, 3, 224, 224], true, { size: [448, 448], mode: 'bilinear' }],
];
for (const [name, shape, channelsLast, options] of workloads) {
  const rows = [ours(name, shape, channelsLast, options), pytorch(name)];
  await compare(`uint8 ${name}`, rows, { baseline: rows[1].name, reps: 15, warmup: 3 });
}
