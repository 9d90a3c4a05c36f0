// rs.onnx.run's pools side by side with the same nodes in onnxruntime-web
// (1 thread) and with rs.maxPool2d (the same kernel): ResNet's stem pool on
// float32 [1,64,112,112] and its head's global average on [1,256,56,56].
import * as ort from 'onnxruntime-web';
import { init } from '../dist/index.js';
import { singleNodeModel } from '../test/onnx.mjs';
import { compare } from './lib.mjs';

const rs = await init();
ort.env.wasm.numThreads = 1;

const values = (n) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.001) + ((i * 2654435761) % 1000) / 1000);

/** Ours: input resident in linear memory; the outputs rs.onnx.run allocates are disposed unread. */
function ours(name, op, x, attrs, outputs = 1) {
  return {
    name,
    note: outputs > 1 ? 'Y and Indices' : '',
    setup: () => () => rs.onnx.run(op, [x], attrs, { outputs }).forEach((y) => y.dispose()),
  };
}

/** onnxruntime-web, 1 thread: session.run from a JS Float32Array (copies in and out of its heap). */
function onnx(name, op, shape, data, attrs, outputs = 1) {
  return {
    name,
    note: 'session.run incl. copies in/out of its heap',
    setup: async () => {
      const out = [{ name: 'y' }, ...(outputs > 1 ? [{ name: 'indices', type: 'int64' }] : [])];
      const model = singleNodeModel({ op, opset: 22, inputs: [{ name: 'x', shape }], outputs: out, attrs });
      const session = await ort.InferenceSession.create(model);
      const feeds = { x: new ort.Tensor('float32', data, shape) };
      return async () => Object.values(await session.run(feeds)).forEach((t) => t.dispose?.());
    },
  };
}

const opts = (baseline) => ({ baseline, reps: 21, warmup: 3 });
const stemShape = [1, 64, 112, 112];
const stemData = values(64 * 112 * 112);
const stem = rs.tensor(stemShape, stemData);
const k3s2 = { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] };
await compare('MaxPool 3x3/s2 pads 1, float32 [1,64,112,112]', [
  ours('rs.onnx.run', 'MaxPool', stem, k3s2),
  { name: 'rs.maxPool2d', note: 'the same kernel', setup: () => () => rs.maxPool2d(stem, { kernelSize: 3, stride: 2, padding: 1 }).dispose() },
  onnx('onnxruntime-web 1 thread', 'MaxPool', stemShape, stemData, k3s2),
  ours('rs.onnx.run', 'MaxPool', stem, k3s2, 2),
  onnx('onnxruntime-web 1 thread', 'MaxPool', stemShape, stemData, k3s2, 2),
], opts('rs.onnx.run'));

const same = { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'SAME_UPPER' };
await compare('AveragePool 3x3/s2 SAME_UPPER, float32 [1,64,112,112]', [
  ours('rs.onnx.run', 'AveragePool', stem, same),
  onnx('onnxruntime-web 1 thread', 'AveragePool', stemShape, stemData, same),
], opts('rs.onnx.run'));

const headShape = [1, 256, 56, 56];
const headData = values(256 * 56 * 56);
const head = rs.tensor(headShape, headData);
await compare('GlobalAveragePool, float32 [1,256,56,56]', [
  ours('rs.onnx.run', 'GlobalAveragePool', head, {}),
  { name: 'rs.adaptiveAvgPool2d(x, 1)', note: 'one window per plane', setup: () => () => rs.adaptiveAvgPool2d(head, 1).dispose() },
  onnx('onnxruntime-web 1 thread', 'GlobalAveragePool', headShape, headData, {}),
], opts('rs.onnx.run'));
