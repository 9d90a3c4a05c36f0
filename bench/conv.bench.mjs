// Transposed and strided convolution: resample-wasm against onnxruntime-web
// (wasm EP, 1 thread) and tfjs-backend-wasm (XNNPACK, NHWC), one process.
// Ours and tfjs are kernel-only (inputs resident, output not read back);
// ORT is session.run (it copies the input in and the output out).
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { init } from '../dist/index.js';
import { compare, copyRow } from './lib.mjs';
import { convModel } from '../test/onnx.mjs';

const require = createRequire(import.meta.url);
const rs = await init();
const reps = Number(process.env.REPS ?? 7);

function randomData(n, seed) {
  let a = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 2 ** 31 - 1;
  });
}

let ort;
async function onnx() {
  if (!ort) {
    ort = await import('onnxruntime-web');
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'error';
  }
  return ort;
}

let tf;
async function tfjs() {
  if (!tf) {
    tf = await import('@tensorflow/tfjs-core');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')) + '/');
    await tf.setBackend('wasm');
  }
  return tf;
}

/** A workload in PyTorch terms; `gflop` counts 2 flops per multiply-add actually needed. */
async function workload({ title, transposed, x, w, stride, padding, outputPadding = 0, outShape, macs, tfjs: tfRow = true }) {
  const xData = randomData(x.reduce((a, b) => a * b), 1);
  const wData = randomData(w.reduce((a, b) => a * b), 2);
  const gflop = (2 * macs) / 1e9;
  const rate = (ms) => `${(gflop / (ms / 1e3)).toFixed(1)} GFLOP/s`;
  const rows = [
    {
      name: 'resample-wasm',
      setup: () => {
        const xt = rs.tensor(x, xData);
        const wt = rs.tensor(w, wData);
        const out = rs.empty(outShape);
        const op = transposed ? rs.convTranspose2d : rs.conv2d;
        const options = transposed ? { stride, padding, outputPadding, out } : { stride, padding, out };
        return () => op.call(rs, xt, wt, options);
      },
    },
    {
      name: 'onnxruntime-web',
      note: 'wasm EP, 1 thread, session.run e2e',
      setup: async () => {
        const o = await onnx();
        const attrs = { strides: [stride, stride], pads: [padding, padding, padding, padding] };
        if (transposed) attrs.output_padding = [outputPadding, outputPadding];
        const model = convModel(transposed ? 'ConvTranspose' : 'Conv', x, { shape: w, data: wData }, attrs);
        const session = await o.InferenceSession.create(model, { executionProviders: ['wasm'] });
        const feeds = { x: new o.Tensor('float32', xData, x) };
        return async () => {
          await session.run(feeds);
        };
      },
    },
  ];
  if (tfRow) {
    rows.push({
      name: 'tfjs-backend-wasm',
      note: 'XNNPACK, NHWC, kernel-only',
      setup: async () => {
        const t = await tfjs();
        const [n, c, h, wd] = x;
        const xt = t.transpose(t.tensor4d(xData, [n, c, h, wd]), [0, 2, 3, 1]);
        // PyTorch [Cout, Cin, kh, kw] -> tfjs [kh, kw, Cin, Cout]; transposed: [Cin, Cout, kh, kw] -> [kh, kw, Cout, Cin].
        const wt = t.transpose(t.tensor4d(wData, w), [2, 3, 1, 0]);
        const [, co, oh, ow] = outShape;
        const pad = transposed ? 'same' : [[0, 0], [padding, padding], [padding, padding], [0, 0]];
        return () => {
          const y = transposed ? t.conv2dTranspose(xt, wt, [n, oh, ow, co], stride, pad) : t.conv2d(xt, wt, stride, pad);
          y.dispose();
        };
      },
    });
  }
  rows.push(copyRow(outShape.reduce((a, b) => a * b) * 4));
  const results = await compare(`${title} (${gflop.toFixed(2)} GFLOP)`, rows, { baseline: 'onnxruntime-web', reps, warmup: 2 });
  for (const r of results) if (r.median && r.name !== 'memory copy of the output bytes') console.log(`- ${r.name}: ${rate(r.median)}`);
}

console.log(`\n## conv (reps ${reps})`);
await workload({
  title: 'W4 convTranspose2d x[1,64,128,128] w[64,32,4,4] s2 p1 -> [1,32,256,256]',
  transposed: true,
  x: [1, 64, 128, 128],
  w: [64, 32, 4, 4],
  stride: 2,
  padding: 1,
  outShape: [1, 32, 256, 256],
  macs: 32 * 256 * 256 * 64 * 4,
});
await workload({
  title: 'conv2d 3x3 s2 p1 x[1,64,256,256] w[128,64,3,3] -> [1,128,128,128]',
  transposed: false,
  x: [1, 64, 256, 256],
  w: [128, 64, 3, 3],
  stride: 2,
  padding: 1,
  outShape: [1, 128, 128, 128],
  macs: 128 * 128 * 128 * 64 * 9,
});
await workload({
  title: 'FCN-8s decoder step: 8x upsample convTranspose2d x[1,21,64,64] w[21,21,16,16] s8 p4 -> [1,21,512,512]',
  transposed: true,
  x: [1, 21, 64, 64],
  w: [21, 21, 16, 16],
  stride: 8,
  padding: 4,
  outShape: [1, 21, 512, 512],
  macs: 21 * 512 * 512 * 21 * 4,
});

// What paddingMode (fused: read through index maps) and channelsLast (through
// channels-first scratch copies) cost against the same convolution with zeros.
{
  const [x, w, outShape] = [[1, 64, 128, 128], [64, 64, 3, 3], [1, 64, 128, 128]];
  const xData = randomData(x.reduce((a, b) => a * b), 1);
  const wData = randomData(w.reduce((a, b) => a * b), 2);
  const row = (name, options, last = false) => ({
    name,
    setup: () => {
      const xt = last ? rs.tensor([1, 128, 128, 64], xData) : rs.tensor(x, xData);
      const wt = rs.tensor(w, wData);
      const out = rs.empty(last ? [1, 128, 128, 64] : outShape);
      return () => rs.conv2d(xt, wt, { padding: 1, ...options, out });
    },
  });
  await compare('conv2d 3x3 s1 p1 x[1,64,128,128] w[64,64,3,3]: padding modes and channels-last', [
    row("paddingMode 'zeros'", {}),
    row("paddingMode 'reflect'", { paddingMode: 'reflect' }),
    row("paddingMode 'circular'", { paddingMode: 'circular' }),
    row('channelsLast (NHWC in and out)', { channelsLast: true }, true),
    copyRow(outShape.reduce((a, b) => a * b) * 4),
  ], { baseline: "paddingMode 'zeros'", reps, warmup: 2 });
}
