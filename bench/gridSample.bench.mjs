// rs.gridSample side by side with onnxruntime-web (wasm, 1 thread) and
// onnxruntime-node (CPU, 1 thread) GridSample, in one process.
// G1 = bilinear, zeros, alignCorners false: x float32 [1,64,256,256] read at a
// smooth warp grid [1,256,256,2] (identity plus a small sinusoidal displacement).
import * as ortWeb from 'onnxruntime-web';
import { init } from '../dist/index.js';
import { singleNodeModel } from '../test/onnx.mjs';
import { compare } from './lib.mjs';

const [N, C, H, W] = [1, 64, 256, 256];
const rs = await init();
ortWeb.env.wasm.numThreads = 1;
// Not a dependency of the package: the repository's dev install has it.
const ortNode = await import('onnxruntime-node').catch(() => undefined);

const data = Float32Array.from({ length: N * C * H * W }, (_, i) => Math.sin(i * 0.001) + ((i * 2654435761) % 1000) / 1000);
const grid = new Float32Array(N * H * W * 2);
for (let h = 0; h < H; h++) {
  for (let w = 0; w < W; w++) {
    const [u, v] = [((w + 0.5) * 2) / W - 1, ((h + 0.5) * 2) / H - 1];
    grid[(h * W + w) * 2] = u + 0.03 * Math.sin(3 * Math.PI * v);
    grid[(h * W + w) * 2 + 1] = v + 0.03 * Math.cos(2 * Math.PI * u);
  }
}
const xShape = [N, C, H, W];
const gShape = [N, H, W, 2];

/** Ours: input and grid resident, output preallocated (`out`), nothing read back. */
function ours(name, options) {
  const x = rs.tensor(xShape, data);
  const g = rs.tensor(gShape, grid);
  const out = rs.empty([N, C, H, W]);
  return { name, note: 'NCHW; inputs resident, out preallocated', setup: () => () => rs.gridSample(x, g, { ...options, out }) };
}

/** onnxruntime (web or node), 1 thread: session.run from JS Float32Arrays. */
function onnx(name, ort, sessionOptions) {
  return {
    name,
    note: 'session.run incl. copies in/out',
    setup: async () => {
      if (!ort) throw new Error('onnxruntime-node is not installed');
      const model = singleNodeModel({
        op: 'GridSample', opset: 20,
        inputs: [{ name: 'x', shape: xShape }, { name: 'grid', shape: gShape }],
        outputs: [{ name: 'y' }],
        attrs: { mode: 'linear', padding_mode: 'zeros', align_corners: 0 },
      });
      const session = await ort.InferenceSession.create(model, sessionOptions);
      const feeds = { x: new ort.Tensor('float32', data, xShape), grid: new ort.Tensor('float32', grid, gShape) };
      return async () => (await session.run(feeds)).y.dispose?.();
    },
  };
}

// The machine these run on is shared: more repetitions, and read the min column too.
await compare('G1: gridSample bilinear, x [1,64,256,256], smooth warp grid [1,256,256,2]', [
  ours('resample-wasm', { mode: 'bilinear' }),
  onnx('onnxruntime-web 1 thread', ortWeb),
  onnx('onnxruntime-node CPU 1 thread', ortNode?.default ?? ortNode, { intraOpNumThreads: 1, interOpNumThreads: 1 }),
], { baseline: 'resample-wasm', reps: 15, warmup: 3 });
