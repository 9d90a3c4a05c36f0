// W5: max pool 2x2/s2 on float32 [1,64,256,256] and pixel shuffle r=2 on
// [1,256,128,128], side by side with tfjs-backend-wasm (kernel only) and
// onnxruntime-web (1 thread), with memory copies of the same bytes as the
// bandwidth limit.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-web';
import { init } from '../dist/index.js';
import { poolModel as model } from '../test/onnx.mjs';
import { compare, copyRow } from './lib.mjs';

const rs = await init();
await tf.setBackend('wasm');
ort.env.wasm.numThreads = 1;

/** Deterministic, tie-free-ish values; `nchw` is laid out [N, C, S] and also returned as [N, S, C]. */
function inputs(n, c, s) {
  const nchw = Float32Array.from({ length: n * c * s }, (_, i) => Math.sin(i * 0.001) + ((i * 2654435761) % 1000) / 1000);
  const nhwc = new Float32Array(nchw.length);
  for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) for (let i = 0; i < s; i++) nhwc[(b * s + i) * c + ch] = nchw[(b * c + ch) * s + i];
  return { nchw, nhwc };
}

/** Ours: input resident in linear memory, output preallocated (`out`), nothing read back. */
function ours(name, shape, data, op, note) {
  return {
    name,
    note,
    setup: () => {
      const x = rs.tensor(shape, data);
      const probe = op(x);
      const out = rs.empty(probe.shape);
      probe.dispose();
      return () => op(x, out);
    },
  };
}

/** tfjs-backend-wasm (SIMD build): input resident, output disposed unread (kernel only). */
function tfjs(name, shape, data, op, note) {
  return {
    name,
    note,
    setup: () => {
      const x = tf.tensor(data, shape);
      return () => tf.dispose(op(x));
    },
  };
}

/** onnxruntime-web, 1 thread: session.run from a JS Float32Array (it cannot keep inputs resident in its heap). */
function onnx(name, shape, data, model, note) {
  return {
    name,
    note: `${note}; session.run incl. copies in/out of its heap`,
    setup: async () => {
      const session = await ort.InferenceSession.create(model);
      const feeds = { x: new ort.Tensor('float32', data, shape) };
      return async () => (await session.run(feeds)).y.dispose?.();
    },
  };
}

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

{
  const [N, C, H, W] = [1, 64, 256, 256];
  const { nchw, nhwc } = inputs(N, C, H * W);
  const inBytes = nchw.length * 4;
  await compare(`W5a: max pool 2x2/s2, float32 [1,64,256,256] (reads ${mib(inBytes)}, writes ${mib(inBytes / 4)})`, [
    ours('resample-wasm maxPool2d', [N, C, H, W], nchw, (x, out) => rs.maxPool2d(x, { kernelSize: 2, out }), 'NCHW'),
    ours('resample-wasm maxPool2d channelsLast', [N, H, W, C], nhwc, (x, out) => rs.maxPool2d(x, { kernelSize: 2, channelsLast: true, out }), 'NHWC'),
    ours('resample-wasm avgPool2d', [N, C, H, W], nchw, (x, out) => rs.avgPool2d(x, { kernelSize: 2, out }), 'NCHW'),
    tfjs('tfjs-backend-wasm maxPool', [N, H, W, C], nhwc, (x) => tf.maxPool(x, 2, 2, 'valid'), 'NHWC (its only layout); kernel only'),
    onnx('onnxruntime-web MaxPool, 1 thread', [N, C, H, W], nchw, model('MaxPool', [N, C, H, W], { kernel_shape: [2, 2], strides: [2, 2] }), 'NCHW'),
    copyRow(inBytes / 4, 'memory copy of the output bytes'),
    copyRow(inBytes, 'memory copy of the input bytes'),
  ], { baseline: 'tfjs-backend-wasm maxPool', reps: 41, warmup: 5 });
}

{
  const [N, C, H, W] = [1, 256, 128, 128];
  const { nchw, nhwc } = inputs(N, C, H * W);
  const bytes = nchw.length * 4;
  await compare(`W5b: pixel shuffle r=2, float32 [1,256,128,128] -> [1,64,256,256] (${mib(bytes)} each way)`, [
    ours('resample-wasm pixelShuffle', [N, C, H, W], nchw, (x, out) => rs.pixelShuffle(x, 2, { out }), 'NCHW (CRD)'),
    ours('resample-wasm pixelUnshuffle (inverse)', [N, C / 4, 2 * H, 2 * W], nchw, (x, out) => rs.pixelUnshuffle(x, 2, { out }), 'NCHW'),
    tfjs('tfjs-backend-wasm depthToSpace', [N, H, W, C], nhwc, (x) => tf.depthToSpace(x, 2, 'NHWC'), 'NHWC, DCR order (its only ones); kernel only'),
    onnx('onnxruntime-web DepthToSpace CRD, 1 thread', [N, C, H, W], nchw, model('DepthToSpace', [N, C, H, W], { blocksize: 2, mode: 'CRD' }), 'NCHW'),
    copyRow(bytes),
  ], { baseline: 'onnxruntime-web DepthToSpace CRD, 1 thread', reps: 41, warmup: 5 });
}
