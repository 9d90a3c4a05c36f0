// unfold 3x3 (padding 1) on float32 [1,64,128,128] (im2col: 9 shifted copies
// of every plane, 36 MiB out) against a plain copy of its output bytes, the
// bandwidth limit, and fold (col2im) of those columns back to the image.
// Target (issue 11): unfold <= 1.5x the copy.
import { init } from '../dist/index.js';
import { compare, copyRow } from './lib.mjs';

const rs = await init();
const shape = [1, 64, 128, 128];
const x = rs.tensor(shape, Float32Array.from({ length: 64 * 128 * 128 }, (_, i) => Math.sin(i * 0.001)));
const options = { kernelSize: 3, padding: 1 };
const cols = rs.unfold(x, options);
const bytes = cols.size * 4;
const useSimd = (on) => rs.useSimd(on);
let a, b;

/** Ours: input resident in linear memory, output preallocated (`out`), nothing read back. */
function ours(name, run, outShape, note, simd = true) {
  let out;
  return {
    name,
    note,
    setup: () => {
      out = rs.empty(outShape);
      useSimd(simd);
      return () => run(out);
    },
    teardown: () => {
      useSimd(true);
      out.dispose();
    },
  };
}

await compare(`unfold 3x3, padding 1: [1,64,128,128] -> [1,576,16384] (${(bytes / 2 ** 20).toFixed(1)} MiB out)`, [
  copyRow(bytes),
  {
    name: 'memory copy inside linear memory',
    note: 'tensor.data.set(other.data), both in the wasm heap',
    setup: () => {
      [a, b] = [rs.empty(cols.shape), rs.empty(cols.shape)];
      return () => b.data.set(a.data);
    },
    teardown: () => [a, b].forEach((t) => t.dispose()),
  },
  ours('resample-wasm unfold', (out) => rs.unfold(x, { ...options, out }), cols.shape, 'vector path: span copies'),
  ours('resample-wasm unfold, scalar path', (out) => rs.unfold(x, { ...options, out }), cols.shape, 'the oracle', false),
  ours('resample-wasm fold (the columns back)', (out) => rs.fold(cols, { ...options, outputSize: [128, 128], out }), shape, 'overlaps summed; vector path (SIMD128 adds)'),
  ours('resample-wasm fold, scalar path', (out) => rs.fold(cols, { ...options, outputSize: [128, 128], out }), shape, 'the oracle', false),
], { baseline: 'memory copy of the output bytes', reps: 21, warmup: 3 });
for (const t of [x, cols]) t.dispose();
