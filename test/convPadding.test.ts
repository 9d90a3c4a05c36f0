// conv*d's paddingMode (fused: read through per-axis index maps), and
// unbatched and channels-last conv / convTranspose: PyTorch fixtures,
// identities with rs.pad and with channels-first batched calls, the scalar
// oracle, and the argument rules.
import { describe, expect, test } from 'vitest';
import type { ConvOptions, ConvTransposeOptions, Resample, Tensor } from 'resample-wasm';
import fixtures from './fixtures/convPadding.json' with { type: 'json' };
import { context, decode, expectClose, expectError, expectNoLeaks, nanOut, ODD_SIZES, randomArray, type Encoded, useSimd } from './util.ts';

type Options = ConvOptions & ConvTransposeOptions;
const conv = (rs: Resample, rank: number) => [rs.conv1d, rs.conv2d, rs.conv3d][rank - 1].bind(rs);
const convT = (rs: Resample, rank: number) => [rs.convTranspose1d, rs.convTranspose2d, rs.convTranspose3d][rank - 1].bind(rs);
const op = (rs: Resample, name: 'conv' | 'convTranspose', rank: number) =>
  (name === 'conv' ? conv(rs, rank) : convT(rs, rank)) as (x: unknown, w: unknown, o?: Options) => Tensor;
const MODES = ['reflect', 'replicate', 'circular', 'zeros'] as const;

interface Case {
  op: 'conv' | 'convTranspose';
  rank: number;
  options: Options;
  input: Encoded;
  weight: Encoded;
  bias: Encoded | null;
  expected: Encoded | null;
}

// Bits, every NaN alike.
const bits = (a: ArrayLike<number>) => Array.from(Float32Array.from(a), (v) => (Number.isNaN(v) ? 'NaN' : v));
const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Runs `f`, returns its values, disposes its output. */
function values(f: () => Tensor): ReturnType<typeof bits> {
  const y = f();
  const v = bits(y.data as Float32Array);
  y.dispose();
  return v;
}

/** [N, C, *spatial] data to [N, *spatial, C]. */
function toLast(data: ArrayLike<number>, shape: readonly number[]): { shape: number[]; data: Float32Array } {
  const [n, c, ...spatial] = shape;
  const s = size(spatial);
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) for (let i = 0; i < s; i++) out[(b * s + i) * c + ch] = data[(b * c + ch) * s + i];
  return { shape: [n, ...spatial, c], data: out };
}

describe('PyTorch fixtures (torch ' + fixtures.torch + '): paddingMode, unbatched, channels-last', () => {
  const cases = fixtures.cases as unknown as Case[];
  test(`${cases.filter((c) => c.expected).length} cases within 1e-4 on both paths`, async () => {
    const rs = await context();
    for (const simd of [true, false]) {
      useSimd(rs, simd);
      for (const c of cases) {
        if (!c.expected) continue;
        const what = `${c.op}${c.rank}d ${JSON.stringify(c.options)} on ${JSON.stringify(c.input.shape)} (simd ${simd})`;
        const out = nanOut(rs, c.expected.shape);
        const bias = c.bias ? { shape: c.bias.shape, data: decode(c.bias) } : undefined;
        const x = { shape: c.input.shape, data: decode(c.input) };
        const w = { shape: c.weight.shape, data: decode(c.weight) };
        expectNoLeaks(rs, () => op(rs, c.op, c.rank)(x, w, { ...c.options, bias, out }));
        expectClose(out.data, decode(c.expected), 1e-4, 1e-4, what);
        out.dispose();
      }
    }
    useSimd(rs, true);
  });

  test(`${cases.filter((c) => !c.expected).length} paddings PyTorch rejects are rejected`, async () => {
    const rs = await context();
    for (const c of cases) {
      if (c.expected) continue;
      const x = { shape: c.input.shape, data: decode(c.input) };
      const w = { shape: c.weight.shape, data: decode(c.weight) };
      expectError(rs, () => op(rs, c.op, c.rank)(x, w, c.options), 'INVALID_ARGUMENT', 'padding');
    }
  });
});

describe('paddingMode is fused: equal to rs.pad then an unpadded convolution, bit for bit', () => {
  for (const rank of [1, 2, 3]) {
    test(`${rank}-D, every mode, odd widths, both paths`, async () => {
      const rs = await context();
      for (const simd of [true, false]) {
        useSimd(rs, simd);
        for (const mode of MODES) {
          for (const w of ODD_SIZES.filter((n) => rank === 1 || n <= 9)) {
            const spatial = [...Array<number>(rank - 1).fill(3), w];
            const padding = mode === 'reflect' ? Math.min(w - 1, 1) : Math.min(w, 2);
            const k = Math.min(3, w + 2 * padding);
            const x = rs.tensor([2, 3, ...spatial], randomArray(6 * size(spatial), w + rank));
            const weight = { shape: [4, 3, ...Array<number>(rank).fill(k)], data: randomArray(12 * k ** rank, w) };
            const opts = [{ padding, stride: 1 }, { padding, stride: 2, dilation: 1 }, { padding: 'same' as const }];
            for (const o of opts) {
              const left = o.padding === 'same' ? (k - 1) >> 1 : o.padding;
              const right = o.padding === 'same' ? k - 1 - left : o.padding;
              if (mode === 'reflect' && (left >= 3 || right >= 3 || left >= w || right >= w)) continue;
              if (mode === 'circular' && (right > 3 || right > w)) continue;
              const fused = expectNoLeaks(rs, () => values(() => conv(rs, rank)(x, weight, { ...o, paddingMode: mode })));
              const p = rs.pad(x, Array.from({ length: rank }, () => [left, right]).flat(), { mode: mode === 'zeros' ? 'constant' : mode });
              const plain = values(() => conv(rs, rank)(p, weight, { stride: o.stride ?? 1 }));
              p.dispose();
              expect(fused, `${mode} ${JSON.stringify(o)} w=${w} simd ${simd}`).toEqual(plain);
            }
            x.dispose();
          }
        }
      }
      useSimd(rs, true);
    });
  }

  test('upsampleConv2d with paddingMode equals interpolate then conv2d with it', async () => {
    const rs = await context();
    const x = rs.tensor([1, 2, 3, 5], randomArray(30, 5));
    const w = { shape: [3, 2, 3, 3], data: randomArray(54, 6) };
    for (const paddingMode of ['reflect', 'replicate', 'circular'] as const) {
      const fused = values(() => rs.upsampleConv2d(x, w, { scaleFactor: 2, mode: 'bilinear', padding: 2, paddingMode }));
      const up = rs.interpolate(x, { scaleFactor: 2, mode: 'bilinear' });
      expect(fused, paddingMode).toEqual(values(() => rs.conv2d(up, w, { padding: 2, paddingMode })));
      up.dispose();
    }
    x.dispose();
  });
});

describe('layouts', () => {
  const configs: [('conv' | 'convTranspose'), number, number[], number[], Options][] = [
    ['conv', 1, [2, 3, 17], [4, 3, 3], { padding: 1, paddingMode: 'reflect' }],
    ['conv', 2, [2, 4, 6, 9], [6, 2, 3, 3], { stride: 2, padding: 1, groups: 2 }],
    ['conv', 3, [1, 3, 3, 4, 5], [2, 3, 2, 2, 2], { padding: 1, paddingMode: 'circular' }],
    ['convTranspose', 1, [2, 3, 9], [3, 2, 4], { stride: 2, padding: 1 }],
    ['convTranspose', 2, [2, 8, 5, 7], [8, 8, 4, 4], { stride: 2, padding: 1 }], // Winograd
    ['convTranspose', 3, [1, 2, 2, 3, 4], [2, 3, 3, 2, 3], { stride: [1, 2, 2], outputPadding: [0, 1, 0] }],
  ];
  for (const [name, rank, xShape, wShape, options] of configs) {
    test(`${name}${rank}d: unbatched is batch 0 of the batched result, channels-last its transpose (bit for bit, both paths)`, async () => {
      const rs = await context();
      const f = op(rs, name, rank);
      const data = randomArray(size(xShape), rank);
      const w = { shape: wShape, data: randomArray(size(wShape), rank + 1) };
      for (const simd of [true, false]) {
        useSimd(rs, simd);
        const y = f({ shape: xShape, data }, w, options);
        const first = bits(y.data);
        const single = f({ shape: xShape.slice(1), data: data.subarray(0, size(xShape.slice(1))) }, w, options);
        expect(single.shape).toEqual(y.shape.slice(1));
        expect(bits(single.data)).toEqual(first.slice(0, size(y.shape.slice(1))));
        const last = f(toLast(data, xShape), w, { ...options, channelsLast: true });
        const want = toLast(y.data, y.shape);
        expect(last.shape).toEqual(want.shape);
        expect(bits(last.data)).toEqual(bits(want.data));
        const x1 = toLast(data.subarray(0, size(xShape.slice(1))), [1, ...xShape.slice(1)]);
        const lastSingle = f({ shape: x1.shape.slice(1), data: x1.data }, w, { ...options, channelsLast: true });
        expect(lastSingle.shape).toEqual(want.shape.slice(1));
        expect(bits(lastSingle.data)).toEqual(bits(want.data.subarray(0, size(want.shape.slice(1)))));
        for (const t of [y, single, last, lastSingle]) t.dispose();
      }
      useSimd(rs, true);
    });
  }
});

describe('outputSize as the whole shape follows x\'s layout', () => {
  test('unbatched [C, H, W] and channels-last [N, H, W, C] pick the same outputPadding', async () => {
    const rs = await context();
    const x = { shape: [1, 3, 4, 5], data: randomArray(60, 9) };
    const w = { shape: [3, 2, 3, 3], data: randomArray(54, 10) };
    const o = { stride: 2, padding: 1 };
    const want = values(() => rs.convTranspose2d(x, w, { ...o, outputSize: [1, 2, 8, 10] }));
    expect(values(() => rs.convTranspose2d({ shape: [3, 4, 5], data: x.data }, w, { ...o, outputSize: [2, 8, 10] }))).toEqual(want);
    const last = values(() => rs.convTranspose2d(toLast(x.data, x.shape), w, { ...o, outputSize: [1, 8, 10, 2], channelsLast: true }));
    expect(last).toEqual(bits(toLast(Float32Array.from(want as number[]), [1, 2, 8, 10]).data));
  });
});

describe('argument rules', () => {
  test('paddingMode, channelsLast and unbatched errors name the option; nothing leaks', async () => {
    const rs = await context();
    const x = { shape: [1, 2, 4, 4], data: randomArray(32, 1) };
    const w = { shape: [3, 2, 3, 3], data: randomArray(54, 2) };
    const wt = { shape: [2, 3, 3, 3], data: randomArray(54, 3) };
    const bad: [() => unknown, string, string][] = [
      [() => rs.conv2d(x, w, { paddingMode: 'edge' as never }), 'INVALID_ARGUMENT', 'paddingMode'],
      [() => rs.conv2d(x, w, { padding: 4, paddingMode: 'reflect' }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.conv2d(x, w, { padding: [1, 4], paddingMode: 'reflect' }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.conv2d(x, w, { padding: 5, paddingMode: 'circular' }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.conv1d({ shape: [1, 2, 2], data: [1, 2, 3, 4] }, { shape: [1, 2, 4], data: randomArray(8, 4) }, { padding: 'same', paddingMode: 'reflect' }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.convTranspose2d(x, wt, { paddingMode: 'reflect' } as never), 'INVALID_ARGUMENT', 'paddingMode'],
      [() => rs.conv2d(x, w, { channelsLast: 1 as never }), 'INVALID_ARGUMENT', 'channelsLast'],
      [() => rs.upsampleConv2d(x, w, { scaleFactor: 2, channelsLast: true } as never), 'INVALID_ARGUMENT', 'channelsLast'],
      [() => rs.conv2d({ shape: [2, 4, 4], data: randomArray(32, 1) }, w, { channelsLast: true }), 'SHAPE_MISMATCH', 'channels'],
      [() => rs.conv2d({ shape: [4, 4], data: randomArray(16, 1) }, w), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.convTranspose2d({ shape: [1, 1, 2, 4, 4], data: randomArray(32, 1) }, wt), 'INVALID_ARGUMENT', 'x.shape'],
    ];
    for (const [body, code, option] of bad) expectError(rs, body, code, option);
  });

  test("replicate takes any padding; 'valid' ignores the mode", async () => {
    const rs = await context();
    const x = { shape: [1, 1, 3], data: [1, 2, 3] };
    const w = { shape: [1, 1, 1], data: [1] };
    expect(values(() => rs.conv1d(x, w, { padding: 5, paddingMode: 'replicate' }))).toEqual([1, 1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3, 3]);
    expect(values(() => rs.conv1d(x, w, { padding: 'valid', paddingMode: 'reflect' }))).toEqual([1, 2, 3]);
  });
});
