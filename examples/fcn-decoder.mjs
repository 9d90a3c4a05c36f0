// An FCN-8s-style decoder (Long, Shelhamer & Darrell, 2015): class scores at 1/32 resolution are
// upsampled 2x by a transposed convolution, added to the 1/16 skip scores,
// upsampled 2x again, added to the 1/8 skip scores, and upsampled 8x to the
// input resolution. Weights are random (this shows the data flow and the
// cost, not a trained model). Run after `npm run build`:
//   node examples/fcn-decoder.mjs          deno run --allow-read examples/fcn-decoder.mjs
// In a browser, serve the repository and import this file from a page.
import { init } from '../dist/index.js';

const rs = await init();
const classes = 21;
const [height, width] = [256, 384];

let seed = 1;
const random = (n, scale = 0.1) =>
  Float32Array.from({ length: n }, () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return (seed / 2 ** 32 - 0.5) * 2 * scale;
  });
const tensor = (shape, scale) => rs.tensor(shape, random(shape.reduce((a, b) => a * b), scale));
/** In place: a += b (same shape). */
const addInto = (a, b) => {
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < x.length; i++) x[i] += y[i];
};

// What the encoder would produce: class scores at 1/32, and 1x1-conv scores of pool4 (1/16) and pool3 (1/8).
const score32 = tensor([1, classes, height / 32, width / 32], 1);
const pool4 = tensor([1, classes, height / 16, width / 16], 1);
const pool3 = tensor([1, classes, height / 8, width / 8], 1);
const up2 = tensor([classes, classes, 4, 4]); // ConvTranspose2d(21, 21, 4, stride=2, padding=1)
const up2b = tensor([classes, classes, 4, 4]);
const up8 = tensor([classes, classes, 16, 16]); // ConvTranspose2d(21, 21, 16, stride=8, padding=4)

const t0 = performance.now();
const a = rs.convTranspose2d(score32, up2, { stride: 2, padding: 1 }); // 1/32 -> 1/16
addInto(a, pool4);
const b = rs.convTranspose2d(a, up2b, { stride: 2, padding: 1 }); // 1/16 -> 1/8
addInto(b, pool3);
const logits = rs.convTranspose2d(b, up8, { stride: 8, padding: 4 }); // 1/8 -> 1/1
const t1 = performance.now();

// Per-pixel class: argmax over channels.
const plane = height * width;
const labels = new Uint8Array(plane);
for (let p = 0; p < plane; p++) {
  let best = 0;
  for (let c = 1; c < classes; c++) if (logits.data[c * plane + p] > logits.data[best * plane + p]) best = c;
  labels[p] = best;
}
console.log(`decoder: ${score32.shape} -> ${a.shape} -> ${b.shape} -> ${logits.shape} in ${(t1 - t0).toFixed(1)} ms`);
console.log(`classes present in the (random) segmentation: ${new Set(labels).size} of ${classes}`);

// The checkerboard (Odena et al., Distill 2016): a transposed convolution whose kernel is not a
// multiple of its stride overlaps unevenly (checkerboard). FCN's 4/2 and
// 16/8 kernels are even inside the border; 3/2 is not.
const show = (k, s, p, op) => {
  const t = rs.convTransposeOverlap(k, s, { padding: p, outputPadding: op, inputSize: 3 });
  const [h, w] = t.shape;
  console.log(`\ntaps per output pixel, kernel ${k}, stride ${s}, padding ${p} (input 3x3 -> ${h}x${w}):`);
  for (let y = 0; y < h; y++) console.log('  ' + Array.from(t.data.subarray(y * w, (y + 1) * w)).join(' '));
  t.dispose();
};
show(3, 2, 1, 1);
show(4, 2, 1, 0);

// The remedy they propose: resize, then convolve (no checkerboard); fused,
// so the 8x upsampled tensor is never materialised.
const smooth = tensor([classes, classes, 3, 3]);
const t2 = performance.now();
const c = rs.upsampleConv2d(b, smooth, { scaleFactor: 8, mode: 'bilinear', padding: 1 });
console.log(`\nupsampleConv2d (bilinear x8, then 3x3 conv): ${b.shape} -> ${c.shape} in ${(performance.now() - t2).toFixed(1)} ms`);

for (const t of [score32, pool4, pool3, up2, up2b, up8, a, b, logits, smooth, c]) t.dispose();
console.log(`live tensors after dispose: ${rs.stats().liveTensors}`);
