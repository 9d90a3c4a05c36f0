// rs.onnx.run('Resize') side by side with rs.interpolate (the same engine)
// and onnxruntime-web (1 thread) on float32 [1,64,256,256] x2: linear
// half_pixel, cubic (A = -0.5, asymmetric) and nearest round_prefer_ceil.
import * as ort from 'onnxruntime-web';
import { init } from '../dist/index.js';
import { resizeModel } from '../test/onnx.mjs';
import { performance } from 'node:perf_hooks';
import { compare, copyRow } from './lib.mjs';

const [N, C, H, W] = [1, 64, 256, 256];
const rs = await init();
ort.env.wasm.numThreads = 1;

const data = Float32Array.from({ length: N * C * H * W }, (_, i) => Math.sin(i * 0.001) + ((i * 2654435761) % 1000) / 1000);
const x = rs.tensor([N, C, H, W], data);
const x2 = [1, 1, 2, 2];
const scales = { shape: [4], data: Float32Array.from(x2) };

/** rs.onnx.run: input resident, a new output per call (the API has no `out`), disposed unread. */
function onnxRun(name, attrs) {
  return { name, note: 'NCHW; new output per call, not read back', setup: () => () => rs.onnx.run('Resize', [x, null, scales], attrs)[0].dispose() };
}

/** rs.interpolate the same way (new output per call), for the same-kernel comparison. */
function interpolate(name, options) {
  return { name, note: 'NCHW; new output per call, not read back', setup: () => () => rs.interpolate(x, options).dispose() };
}

/** onnxruntime-web, 1 thread: session.run from a JS Float32Array (it cannot keep inputs resident in its heap). */
function onnxWeb(name, attrs) {
  return {
    name,
    note: 'NCHW, session.run incl. copies in/out of its heap',
    setup: async () => {
      const session = await ort.InferenceSession.create(resizeModel([N, C, H, W], attrs, { scales: x2 }));
      const feeds = { x: new ort.Tensor('float32', data, [N, C, H, W]) };
      return async () => (await session.run(feeds)).y.dispose?.();
    },
  };
}

/**
 * Two rows timed call by call in turn, so that both see the same load on a
 * shared machine (rows timed one after the other drift by more than the
 * difference between two runs of the same kernel).
 */
async function interleaved(title, rows, reps = 41) {
  const fns = await Promise.all(rows.map((r) => r.setup()));
  const times = rows.map(() => []);
  for (let i = 0; i < 3 + reps; i++) {
    fns.forEach((fn, k) => {
      const t0 = performance.now();
      fn();
      if (i >= 3) times[k].push(performance.now() - t0);
    });
  }
  const stats = (t) => (t.sort((a, b) => a - b), { median: t[t.length >> 1], min: t[0], max: t[t.length - 1], n: t.length });
  await compare(title, rows.map((r, k) => ({ name: r.name, note: `${r.note}; interleaved`, measured: stats(times[k]) })), { baseline: rows[1].name });
}

// The machine these run on is shared: more repetitions, and read the min column too.
const opts = (baseline) => ({ baseline, reps: 21, warmup: 3 });
const outBytes = N * C * 2 * H * 2 * W * 4;

const linear = { mode: 'linear', coordinate_transformation_mode: 'half_pixel' };
await compare('Resize linear half_pixel x2, float32 [1,64,256,256]', [
  onnxRun('rs.onnx.run Resize', linear),
  interpolate('rs.interpolate bilinear', { scaleFactor: 2, mode: 'bilinear' }),
  onnxWeb('onnxruntime-web 1 thread', linear),
  copyRow(outBytes),
], opts('onnxruntime-web 1 thread'));

await interleaved('Resize linear half_pixel x2 against rs.interpolate bilinear, interleaved', [
  onnxRun('rs.onnx.run Resize', linear),
  interpolate('rs.interpolate bilinear', { scaleFactor: 2, mode: 'bilinear' }),
]);

const cubic = { mode: 'cubic', coordinate_transformation_mode: 'asymmetric', cubic_coeff_a: -0.5 };
await compare('Resize cubic (A = -0.5) asymmetric x2', [
  onnxRun('rs.onnx.run Resize', cubic),
  { ...onnxWeb('onnxruntime-web 1 thread', cubic), reps: 5, warmup: 1 },
  copyRow(outBytes),
], opts('onnxruntime-web 1 thread'));

const nearest = { mode: 'nearest', nearest_mode: 'round_prefer_ceil' };
await compare('Resize nearest round_prefer_ceil (half_pixel) x2', [
  onnxRun('rs.onnx.run Resize', nearest),
  interpolate('rs.interpolate nearest-exact', { scaleFactor: 2, mode: 'nearest-exact' }),
  onnxWeb('onnxruntime-web 1 thread', nearest),
  copyRow(outBytes),
], opts('onnxruntime-web 1 thread'));
