// One realistic call of each kernel family that splits along its own axis
// (WORKLOADS=families in threads.bench.mjs): ours on 1 thread and on n,
// no peers. W3 comes first, as a control: when it speeds up, the machine
// gave the second thread a core.
import { WORKLOADS } from './threads.workloads.mjs';

const seeded = (n, seed) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.618 + seed) * 0.5);
const bytes = (rs, shape, seed) => {
  const t = rs.empty(shape, { dtype: 'uint8' });
  t.data.set(Uint8Array.from(seeded(t.data.length, seed), (v) => (v + 0.5) * 255));
  return t;
};

/** One realistic call per kernel family split along its own axis (WORKLOADS=families). */
const FAMILIES = [
  ['pixelShuffle [1,256,128,128] r2 (rows of planes)', (rs) => {
    const x = rs.tensor([1, 256, 128, 128], seeded(256 * 128 * 128, 1));
    return () => rs.pixelShuffle(x, 2).dispose();
  }],
  ['maxUnpool2d [1,64,128,128] k2 → [1,64,256,256] (planes)', (rs) => {
    const { values, indices } = rs.maxPool2d(rs.tensor([1, 64, 256, 256], seeded(64 * 256 * 256, 2)), { kernelSize: 2, returnIndices: true });
    return () => rs.maxUnpool2d(values, indices, { kernelSize: 2 }).dispose();
  }],
  ['affineGrid [8,2,3] → [8,512,512,2] (rows of points)', (rs) => {
    const theta = rs.tensor([8, 2, 3], seeded(48, 3));
    return () => rs.affineGrid(theta, [8, 1, 512, 512]).dispose();
  }],
  ['lpPool2d p=2 k3 s2 [1,64,256,256] (elements, planes)', (rs) => {
    const x = rs.tensor([1, 64, 256, 256], seeded(64 * 256 * 256, 4));
    return () => rs.lpPool2d(x, { normType: 2, kernelSize: 3, stride: 2 }).dispose();
  }],
  ['fractionalMaxPool2d k2 [1,64,256,256] → 181² (planes)', (rs) => {
    const x = rs.tensor([1, 64, 256, 256], seeded(64 * 256 * 256, 5));
    const samples = rs.tensor([1, 64, 2], Float32Array.from(seeded(128, 6), (v) => (v + 0.5) * 0.99));
    return () => rs.fractionalMaxPool2d(x, { kernelSize: 2, outputSize: 181, samples }).dispose();
  }],
  ['interpolate uint8 [1,3,1080,1920] bilinear → 720×1280 (planes)', (rs) => {
    const x = bytes(rs, [1, 3, 1080, 1920], 7);
    return () => rs.interpolate(x, { size: [720, 1280], mode: 'bilinear' }).dispose();
  }],
  ['interpolate uint8 channels-last [1,1080,1920,3] bilinear antialias → 720×1280 (row bands)', (rs) => {
    const x = bytes(rs, [1, 1080, 1920, 3], 8);
    return () => rs.interpolate(x, { size: [720, 1280], mode: 'bilinear', antialias: true, channelsLast: true }).dispose();
  }],
  ['tf.image.resize nearest uint8 [1,1080,1920,3] → 720×1280 (rows)', (rs) => {
    const x = bytes(rs, [1, 1080, 1920, 3], 9);
    return () => rs.tf.image.resize(x, [720, 1280], { method: 'nearest' }).dispose();
  }],
  ['pil.resize RGBA 1920×1080 → 960×540 LANCZOS (row bands)', (rs) => {
    const x = bytes(rs, [1080, 1920, 4], 10);
    return () => rs.pil.resize(x, [960, 540], { resample: 'LANCZOS' }).dispose();
  }],
  ['cv.resize uint8 1920×1080×3 → 1280×720 INTER_LINEAR (rows)', (rs) => {
    const x = bytes(rs, [1080, 1920, 3], 11);
    return () => rs.cv.resize(x, [1280, 720]).dispose();
  }],
  ['cv.resize uint8 1920×1080×3 → 1280×720 INTER_AREA (rows)', (rs) => {
    const x = bytes(rs, [1080, 1920, 3], 12);
    return () => rs.cv.resize(x, [1280, 720], { interpolation: 'INTER_AREA' }).dispose();
  }],
  ['resizeImage 1920×1080 → 1920×1080 sharpen only (transposes, column runs, pixels)', (rs) => {
    const t = bytes(rs, [1080, 1920, 4], 13);
    return () => rs.resizeImage(t, { width: 1920, height: 1080, sharpen: { amount: 80, radius: 1 } });
  }],
].map(([name, ours]) => ({ name, ours, peers: {} }));

export const WITH_CONTROL = [WORKLOADS.find((w) => w.name.startsWith('W3')), ...FAMILIES];
