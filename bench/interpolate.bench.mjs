// rs.interpolate side by side with tfjs-backend-wasm and onnxruntime-web (1 thread).
// W3 = float32 [1,64,256,256] bilinear x2 half-pixel, plus bicubic and nearest x2,
// an antialiased 4x downscale, and the memory copy of W3's output bytes (the bandwidth floor).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-web';
import { init } from '../dist/index.js';
import { resizeModel } from '../test/onnx.mjs';
import { compare, copyRow } from './lib.mjs';

const [N, C, H, W] = [1, 64, 256, 256];
const rs = await init();
await tf.setBackend('wasm');
ort.env.wasm.numThreads = 1;

const data = Float32Array.from({ length: N * C * H * W }, (_, i) => Math.sin(i * 0.001) + ((i * 2654435761) % 1000) / 1000);
const nchw = rs.tensor([N, C, H, W], data);
const nhwc = rs.tensor([N, H, W, C]);
for (let c = 0; c < C; c++) for (let i = 0; i < H * W; i++) nhwc.data[i * C + c] = data[c * H * W + i];

/** Ours: input resident, output preallocated (`out`), nothing read back. */
function ours(name, options, { channelsLast = false, note = '' } = {}) {
  const x = channelsLast ? nhwc : nchw;
  return {
    name,
    note: (channelsLast ? 'NHWC' : 'NCHW') + (note ? `; ${note}` : ''),
    setup: () => {
      const probe = rs.interpolate(x, { ...options, channelsLast });
      const out = rs.empty(probe.shape);
      probe.dispose();
      return () => rs.interpolate(x, { ...options, channelsLast, out });
    },
  };
}

/** tfjs-backend-wasm: NHWC only; input resident, output disposed unread (kernel only). */
function tfjs(name, op) {
  let x;
  return {
    name,
    note: 'NHWC [1,256,256,64]; input resident, output not read back',
    setup: () => {
      x = tf.tensor4d(nhwc.data.slice(), [N, H, W, C]);
      return () => tf.dispose(op(x));
    },
    teardown: () => x.dispose(),
  };
}

/** onnxruntime-web, 1 thread: session.run from a JS Float32Array (it cannot keep inputs resident in its heap). */
function onnx(name, attrs, target) {
  return {
    name,
    note: 'NCHW, session.run incl. copies in/out of its heap',
    setup: async () => {
      const session = await ort.InferenceSession.create(resizeModel([N, C, H, W], attrs, target));
      const feeds = { x: new ort.Tensor('float32', data, [N, C, H, W]) };
      return async () => (await session.run(feeds)).y.dispose?.();
    },
  };
}

const x2 = { scales: [1, 1, 2, 2] };
// The machine these run on is shared: more repetitions, and read the min column too.
const opts = (baseline) => ({ baseline, reps: 21, warmup: 3 });
const outBytes = N * C * 2 * H * 2 * W * 4;
await compare('W3: float32 [1,64,256,256] bilinear x2, half-pixel', [
  ours('resample-wasm', { scaleFactor: 2, mode: 'bilinear' }),
  ours('resample-wasm', { scaleFactor: 2, mode: 'bilinear' }, { channelsLast: true }),
  tfjs('tfjs-backend-wasm (simd) resizeBilinear', (x) => tf.image.resizeBilinear(x, [2 * H, 2 * W], false, true)),
  onnx('onnxruntime-web 1 thread', { mode: 'linear', coordinate_transformation_mode: 'half_pixel' }, x2),
  copyRow(outBytes),
], opts('tfjs-backend-wasm (simd) resizeBilinear'));

await compare('bicubic x2 (A = -0.75), half-pixel', [
  ours('resample-wasm', { scaleFactor: 2, mode: 'bicubic' }),
  { ...onnx('onnxruntime-web 1 thread', { mode: 'cubic', coordinate_transformation_mode: 'half_pixel', cubic_coeff_a: -0.75 }, x2), reps: 3, warmup: 1 },
  copyRow(outBytes),
], opts('memory copy of the output bytes'));

await compare('nearest x2', [
  ours('resample-wasm', { scaleFactor: 2, mode: 'nearest' }),
  ours('resample-wasm', { scaleFactor: 2, mode: 'nearest' }, { channelsLast: true }),
  tfjs('tfjs-backend-wasm (simd) resizeNearestNeighbor', (x) => tf.image.resizeNearestNeighbor(x, [2 * H, 2 * W], false, false)),
  onnx('onnxruntime-web 1 thread', { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' }, x2),
  copyRow(outBytes),
], opts('tfjs-backend-wasm (simd) resizeNearestNeighbor'));

const q = { scales: [1, 1, 0.25, 0.25] };
await compare('antialiased 4x downscale [1,64,256,256] -> [1,64,64,64]', [
  ours('resample-wasm bilinear', { scaleFactor: 0.25, mode: 'bilinear', antialias: true }),
  ours('resample-wasm bicubic', { scaleFactor: 0.25, mode: 'bicubic', antialias: true }),
  ours('resample-wasm lanczos', { scaleFactor: 0.25, mode: 'lanczos' }),
  onnx('onnxruntime-web 1 thread bilinear', { mode: 'linear', coordinate_transformation_mode: 'half_pixel', antialias: 1, exclude_outside: 1 }, q),
  onnx('onnxruntime-web 1 thread bicubic', { mode: 'cubic', coordinate_transformation_mode: 'half_pixel', antialias: 1, exclude_outside: 1, cubic_coeff_a: -0.5 }, q),
  tfjs('tfjs-backend-wasm (simd) resizeBilinear (not antialiased)', (x) => tf.image.resizeBilinear(x, [H / 4, W / 4], false, true)),
  copyRow(outBytes / 64, 'memory copy of the output bytes'),
], opts('resample-wasm bilinear'));
