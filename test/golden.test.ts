// SHA-256 over the outputs of a fixed set of op calls, on the vector and the
// scalar path. The hashes were recorded before the TS↔Rust seam was redesigned;
// any refactor that changes one bit of any output fails here. Regenerate only
// for a deliberate numeric change: `GOLDEN_PRINT=1 npx vitest run --project node test/golden.test.ts`.
import { describe, expect, test } from 'vitest';
import type { Resample, Tensor } from 'resample-wasm';
import golden from './fixtures/golden.json' with { type: 'json' };
import { photo } from '../examples/images.mjs';
import { context, randomArray, useSimd } from './util.ts';

type Out = Tensor | { values: Tensor; indices: Tensor } | { data: Uint8ClampedArray };
type Case = [name: string, run: (rs: Resample) => Out];

const t = (shape: number[], seed: number) => ({ shape, data: randomArray(shape.reduce((a, b) => a * b, 1), seed) });
const x1 = t([2, 3, 11], 1);
const x2 = t([2, 3, 9, 13], 2);
const x3 = t([1, 2, 5, 6, 7], 3);
const img = photo(37, 23, { seed: 4, alpha: true });

const interpolateCases: Case[] = [
  ...(['nearest', 'nearest-exact', 'area'] as const).flatMap((mode): Case[] => [
    [`interpolate ${mode} 1d up`, (rs) => rs.interpolate(x1, { mode, size: 23 })],
    [`interpolate ${mode} 2d down`, (rs) => rs.interpolate(x2, { mode, size: [4, 6] })],
    [`interpolate ${mode} 3d scale`, (rs) => rs.interpolate(x3, { mode, scaleFactor: [1.5, 0.7, 2.3] })],
  ]),
  ['interpolate linear', (rs) => rs.interpolate(x1, { mode: 'linear', scaleFactor: 2.5 })],
  ['interpolate linear align', (rs) => rs.interpolate(x1, { mode: 'linear', size: 4, alignCorners: true })],
  ['interpolate bilinear x2', (rs) => rs.interpolate(x2, { mode: 'bilinear', scaleFactor: 2 })],
  ['interpolate bilinear x4 cl', (rs) => rs.interpolate(x2, { mode: 'bilinear', scaleFactor: 4, channelsLast: true })],
  ['interpolate bilinear aa down', (rs) => rs.interpolate(x2, { mode: 'bilinear', size: [3, 5], antialias: true })],
  ['interpolate bicubic', (rs) => rs.interpolate(x2, { mode: 'bicubic', size: [17, 7], alignCorners: true })],
  ['interpolate bicubic aa', (rs) => rs.interpolate(x2, { mode: 'bicubic', size: [4, 4], antialias: true })],
  ['interpolate lanczos', (rs) => rs.interpolate(x2, { mode: 'lanczos', size: [5, 19] })],
  ['interpolate trilinear', (rs) => rs.interpolate(x3, { mode: 'trilinear', size: [7, 3, 9] })],
  ['interpolate nearest recompute', (rs) => rs.interpolate(x2, { scaleFactor: 2.1, recomputeScaleFactor: true })],
];

const poolCases: Case[] = [
  ['maxPool1d', (rs) => rs.maxPool1d(x1, { kernelSize: 3, stride: 2, padding: 1, returnIndices: true })],
  ['maxPool2d dilated ceil', (rs) => rs.maxPool2d(x2, { kernelSize: [3, 2], dilation: 2, ceilMode: true, returnIndices: true })],
  ['maxPool2d cl', (rs) => rs.maxPool2d(x2, { kernelSize: 2, channelsLast: true })],
  ['maxPool3d', (rs) => rs.maxPool3d(x3, { kernelSize: 2, stride: 1, returnIndices: true })],
  ['avgPool1d', (rs) => rs.avgPool1d(x1, { kernelSize: 4, stride: 3, padding: 2, ceilMode: true })],
  ['avgPool2d nopad', (rs) => rs.avgPool2d(x2, { kernelSize: 3, padding: 1, countIncludePad: false })],
  ['avgPool2d divisor', (rs) => rs.avgPool2d(x2, { kernelSize: 2, divisorOverride: 3 })],
  ['avgPool3d', (rs) => rs.avgPool3d(x3, { kernelSize: [2, 3, 3], stride: 2 })],
  ['adaptiveAvgPool2d', (rs) => rs.adaptiveAvgPool2d(x2, [4, null])],
  ['adaptiveMaxPool3d', (rs) => rs.adaptiveMaxPool3d(x3, [3, 4, 5], { returnIndices: true })],
  ['adaptiveAvgPool1d', (rs) => rs.adaptiveAvgPool1d(x1, 5)],
];

function unpool(rs: Resample): Tensor {
  const p = rs.maxPool2d(x2, { kernelSize: 2, returnIndices: true });
  const y = rs.maxUnpool2d(p.values, p.indices, { kernelSize: 2, outputSize: [9, 13] });
  p.values.dispose();
  p.indices.dispose();
  return y;
}

const w2 = t([4, 3, 3, 3], 5);
const convCases: Case[] = [
  ['conv1d', (rs) => rs.conv1d(x1, t([5, 3, 3], 6), { padding: 'same', bias: t([5], 7) })],
  ['conv2d', (rs) => rs.conv2d(x2, w2, { padding: 1 })],
  ['conv2d winograd', (rs) => rs.conv2d(t([1, 16, 12, 12], 8), t([16, 16, 3, 3], 9), { padding: 1 })],
  ['conv2d strided groups', (rs) => rs.conv2d(t([1, 4, 9, 10], 10), t([6, 2, 3, 2], 11), { stride: 2, groups: 2, dilation: [1, 2] })],
  ['conv3d', (rs) => rs.conv3d(x3, t([3, 2, 2, 2, 3], 12), { padding: [1, 0, 1] })],
  ['convTranspose1d', (rs) => rs.convTranspose1d(x1, t([3, 2, 4], 13), { stride: 2, padding: 1 })],
  ['convTranspose2d', (rs) => rs.convTranspose2d(x2, t([3, 4, 4, 4], 14), { stride: 2, padding: 1, bias: t([4], 15) })],
  ['convTranspose2d groups op', (rs) => rs.convTranspose2d(t([1, 4, 5, 6], 16), t([4, 1, 3, 3], 17), { stride: 3, groups: 2, outputPadding: 1 })],
  ['convTranspose3d', (rs) => rs.convTranspose3d(x3, t([2, 2, 2, 3, 2], 18), { stride: [1, 2, 2] })],
  ['upsampleConv2d nearest', (rs) => rs.upsampleConv2d(x2, w2, { scaleFactor: 2, padding: 1 })],
  ['upsampleConv2d bilinear', (rs) => rs.upsampleConv2d(x2, w2, { size: [15, 20], mode: 'bilinear' })],
  ['convTransposeOverlap', (rs) => rs.convTransposeOverlap(3, 2, { inputSize: [5, 4] })],
];

const shuffleCases: Case[] = [
  ['pixelShuffle', (rs) => rs.pixelShuffle(t([2, 8, 3, 5], 19), 2)],
  ['pixelUnshuffle', (rs) => rs.pixelUnshuffle(t([1, 2, 6, 9], 20), 3)],
  ['maxUnpool2d', unpool],
];

const imageCases: Case[] = (['nearest', 'box', 'bilinear', 'bicubic', 'mitchell', 'lanczos2', 'lanczos3'] as const).flatMap((filter): Case[] => [
  [`resizeImage ${filter} down`, (rs) => rs.resizeImage(img, { width: 11, height: 7, filter })],
  [`resizeImage ${filter} up straight`, (rs) => rs.resizeImage(img, { width: 61, height: 40, filter, premultiplyAlpha: false })],
  [`resizeImage ${filter} linear light`, (rs) => rs.resizeImage(img, { width: 29, height: 31, filter, linearLight: true })],
]);

const CASES: Case[] = [...interpolateCases, ...poolCases, ...convCases, ...shuffleCases, ...imageCases];

async function sha256(parts: ArrayBufferView[]): Promise<string> {
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Bytes of each output (copied out), then every tensor disposed. */
function bytesOf(out: Out): ArrayBufferView[] {
  if ('values' in out) {
    const parts = [out.values.toArray(), out.indices.toArray()];
    out.values.dispose();
    out.indices.dispose();
    return parts;
  }
  if ('dispose' in out) {
    const part = out.toArray();
    out.dispose();
    return [part];
  }
  return [out.data];
}

const recorded = golden as Record<string, string>;

describe('outputs are bit-identical to the recorded ones', () => {
  for (const simd of [true, false]) {
    test(simd ? 'vector path' : 'scalar path', async () => {
      const rs = await context();
      const got: Record<string, string> = {};
      try {
        useSimd(rs, simd);
        for (const [name, run] of CASES) got[`${simd ? 'simd' : 'scalar'}: ${name}`] = await sha256(bytesOf(run(rs)));
      } finally {
        useSimd(rs, true);
      }
      if ((globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.GOLDEN_PRINT) console.log(JSON.stringify(got, null, 1));
      for (const [name, hash] of Object.entries(got)) expect(hash, name).toBe(recorded[name]);
      expect(Object.keys(got).length).toBe(CASES.length);
    });
  }
});
