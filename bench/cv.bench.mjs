// rs.cv.resize against opencv.js (@techstark/opencv-js, the same cv.resize
// compiled to wasm) on the workload: 3840x2160 RGB -> 1920x1080,
// INTER_LINEAR and INTER_AREA (both OpenCV's 2x2 block mean at this exact
// halving), one thread each. Native cv2 (1 thread) runs in a side process
// (scripts/fixtures/bench_cv.py, same input) when .venv-fixtures is present.
//   node bench/run.mjs cv
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { init } from '../dist/index.js';
import { compare } from './lib.mjs';

const rs = await init();
const cv = (await import('@techstark/opencv-js')).default;
// The Emscripten module is a thenable that resolves to itself: wait for its runtime, never resolve with it.
await new Promise((r) => (cv.Mat ? r() : (cv.onRuntimeInitialized = r)));
const python = new URL('../.venv-fixtures/bin/python', import.meta.url);
const script = new URL('../scripts/fixtures/bench_cv.py', import.meta.url);
const native = existsSync(python) ? JSON.parse(execFileSync(python.pathname, [script.pathname, '--json'], { encoding: 'utf8' })) : undefined;

const [W, H, OW, OH] = [3840, 2160, 1920, 1080];
/** Byte i: the same input as the side script's. */
const pixels = new Uint8Array(W * H * 3);
for (let i = 0; i < pixels.length; i++) pixels[i] = Math.imul(i, 0x9e3779b1) >>> 24;

for (const flag of ['INTER_LINEAR', 'INTER_AREA']) {
  const rows = [
    {
      name: 'resample-wasm',
      note: 'rs.cv.resize, input a uint8 tensor in linear memory, result a new tensor',
      setup: () => {
        const t = rs.tensor([H, W, 3], pixels, { dtype: 'uint8' });
        return () => rs.cv.resize(t, [OW, OH], { interpolation: flag }).dispose();
      },
    },
    {
      name: 'resample-wasm [Uint8Array in]',
      note: 'copy in + kernel, result a new tensor',
      setup: () => () => rs.cv.resize({ shape: [H, W, 3], data: pixels }, [OW, OH], { interpolation: flag }).dispose(),
    },
    {
      name: 'opencv.js [kernel only]',
      note: `cv.resize ${flag}, Mats resident in its heap`,
      setup: () => {
        const src = new cv.Mat(H, W, cv.CV_8UC3);
        src.data.set(pixels);
        const dst = new cv.Mat();
        return () => cv.resize(src, dst, new cv.Size(OW, OH), 0, 0, cv[flag]);
      },
    },
  ];
  const measured = native?.timings[flag];
  const row = { name: `OpenCV ${native?.opencv ?? ''} native (1 thread)`, note: 'side process, cv2.resize', measured };
  rows.push(measured ? row : { ...row, setup: () => Promise.reject(new Error('no .venv-fixtures (scripts/fixtures/venv.sh)')) });
  await compare(`cv.resize RGB8 ${W}x${H} -> ${OW}x${OH} ${flag}`, rows, { baseline: 'resample-wasm', reps: 9, warmup: 3 });
}
