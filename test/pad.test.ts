// rs.pad against PyTorch fixtures (values and rejections), the scalar
// oracle, every argument rule, and onnxruntime-node's Pad.
import { describe, expect, test } from 'vitest';
import type { Resample } from 'resample-wasm';
import fixtures from './fixtures/pad.json' with { type: 'json' };
import { singleNodeModel } from './onnx.mjs';
import { context, decode, expectError, expectNoLeaks, nanOut, ODD_SIZES, randomArray, type Encoded, useSimd } from './util.ts';
import { describeWithOrt } from './ort.ts';

type Mode = 'constant' | 'reflect' | 'replicate' | 'circular';

interface Case {
  mode: Mode;
  pad: number[];
  value: number | string | null;
  input: Encoded;
  expected: Encoded | null;
}

const cases = fixtures.cases as unknown as Case[];
// Bits, every NaN alike.
const bits = (a: ArrayLike<number>) => Array.from(Float32Array.from(a), (v) => (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : v));
const options = (c: Case) => ({ mode: c.mode, ...(c.value === null ? {} : { value: Number(c.value) }) });

describe('PyTorch fixtures (torch ' + fixtures.torch + ')', () => {
  test(`${cases.filter((c) => c.expected).length} cases, bit-exact, on both paths`, async () => {
    const rs = await context();
    for (const simd of [true, false]) {
      useSimd(rs, simd);
      for (const c of cases) {
        if (!c.expected) continue;
        const what = `${c.mode} ${JSON.stringify(c.pad)} on ${JSON.stringify(c.input.shape)} (simd ${simd})`;
        const out = nanOut(rs, c.expected.shape);
        expectNoLeaks(rs, () => rs.pad({ shape: c.input.shape, data: decode(c.input) }, c.pad, { ...options(c), out }));
        expect(bits(out.data), what).toEqual(bits(decode(c.expected)));
        out.dispose();
      }
    }
    useSimd(rs, true);
  });

  test(`${cases.filter((c) => !c.expected).length} cases PyTorch rejects are rejected`, async () => {
    const rs = await context();
    for (const c of cases) {
      if (c.expected) continue;
      const x = { shape: c.input.shape, data: decode(c.input) };
      expectError(rs, () => rs.pad(x, c.pad, options(c)), 'INVALID_ARGUMENT', /pad|x\.shape|value/);
    }
  });
});

describe('scalar oracle vs SIMD path', () => {
  test('every mode agrees bit for bit over odd widths and pads', async () => {
    const rs = await context();
    const run = (simd: boolean, f: () => { data: Float32Array; dispose(): void }) => {
      useSimd(rs, simd);
      try {
        const t = f();
        const b = bits(t.data);
        t.dispose();
        return b;
      } catch (e) {
        return String(e);
      }
    };
    for (const w of ODD_SIZES) {
      const x = rs.tensor([2, 3, w], randomArray(6 * w, w));
      for (const mode of ['constant', 'reflect', 'replicate', 'circular'] as const) {
        for (const p of [0, 1, w - 1, -Math.floor(w / 2)]) {
          const f = () => rs.pad(x, [p, (w - 1) >> 1, 1, -1], { mode });
          expect(run(true, f), `${mode} w=${w} p=${p}`).toEqual(run(false, f));
        }
      }
      x.dispose();
    }
    useSimd(rs, true);
  });
});

describe('behaviour', () => {
  test('PyTorch order: the last axis first; constant pads any rank; empty results', async () => {
    const rs = await context();
    const y = rs.pad({ shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }, [1, 0, 0, 1], { value: 9 });
    expect(y.shape).toEqual([3, 4]);
    expect(Array.from(y.data)).toEqual([9, 1, 2, 3, 9, 4, 5, 6, 9, 9, 9, 9]);
    y.dispose();
    const cropped = rs.pad({ shape: [1, 5], data: [1, 2, 3, 4, 5] }, [-3, -2]);
    expect(cropped.shape).toEqual([1, 0]);
    cropped.dispose();
    const filled = rs.pad({ shape: [2, 0], data: [] }, [1, 1], { value: 7 });
    expect(Array.from(filled.data)).toEqual([7, 7, 7, 7]);
    filled.dispose();
  });

  test('circular pads beyond the cropped input are rejected (PyTorch has no defined result)', async () => {
    const rs = await context();
    const x = { shape: [1, 1, 5], data: [1, 2, 3, 4, 5] };
    for (const p of [[-5, 1], [-6, 2], [1, -5], [-2, 4], [4, -2]]) {
      expectError(rs, () => rs.pad(x, p, { mode: 'circular' }), 'INVALID_ARGUMENT', 'cropping');
    }
  });
});

describe('arguments', () => {
  test('every invalid argument names its option; nothing leaks', async () => {
    const rs: Resample = await context();
    const X = { shape: [1, 2, 3], data: [1, 2, 3, 4, 5, 6] };
    const wrongOut = rs.empty([1, 2, 4]);
    const bad: [() => unknown, string, string][] = [
      [() => rs.pad(X, [1]), 'INVALID_ARGUMENT', 'pad'],
      [() => rs.pad(X, [1.5, 1]), 'INVALID_ARGUMENT', 'pad'],
      [() => rs.pad(X, 2 as never), 'INVALID_ARGUMENT', 'pad'],
      [() => rs.pad(X, [1, 1, 1, 1, 1, 1, 1, 1]), 'INVALID_ARGUMENT', 'pad'],
      [() => rs.pad(X, [-2, -2]), 'INVALID_ARGUMENT', 'pad'],
      [() => rs.pad(X, [1, 1], { mode: 'edge' as never }), 'INVALID_ARGUMENT', 'mode'],
      [() => rs.pad(X, [1, 1], { mode: 'reflect', value: 1 }), 'INVALID_ARGUMENT', 'value'],
      [() => rs.pad(X, [1, 1], { value: '1' as never }), 'INVALID_ARGUMENT', 'value'],
      [() => rs.pad(X, [3, 0], { mode: 'reflect' }), 'INVALID_ARGUMENT', 'pad'],
      [() => rs.pad(X, [4, 0], { mode: 'circular' }), 'INVALID_ARGUMENT', 'pad'],
      [() => rs.pad(X, [-2, -1], { mode: 'replicate' }), 'INVALID_ARGUMENT', 'pad'],
      [() => rs.pad(X, [1, 1, 1, 1, 1, 1], { mode: 'replicate' }), 'INVALID_ARGUMENT', 'pad'],
      [() => rs.pad({ shape: [3], data: [1, 2, 3] }, [1, 1], { mode: 'reflect' }), 'INVALID_ARGUMENT', 'pad'],
      [() => rs.pad({ shape: [1, 0, 3], data: [] }, [1, 1], { mode: 'reflect' }), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.pad(X, [1, 1], { out: wrongOut }), 'SHAPE_MISMATCH', 'out'],
      [() => rs.pad(X, [1, 1], { padding: 1 } as never), 'INVALID_ARGUMENT', 'padding'],
    ];
    for (const [body, code, option] of bad) expectError(rs, body, code, option);
    wrongOut.dispose();
  });
});

describeWithOrt('cross-check: onnxruntime-node Pad (opset 19)', (ort) => {
  const onnxMode = { constant: 'constant', reflect: 'reflect', replicate: 'edge', circular: 'wrap' } as const;
  test('every mode on random shapes and pads, bit for bit, 40 cases', async () => {
    const rs = await context();
    for (let k = 0; k < 40; k++) {
      const mode = (['constant', 'reflect', 'replicate', 'circular'] as const)[k % 4];
      const axes = 1 + (k % 3);
      const shape = [1 + (k % 2), 1 + (k % 3), ...Array.from({ length: axes }, (_, i) => 2 + ((k * (i + 3)) % 6))];
      const pad: number[] = [];
      for (let i = 0; i < axes; i++) {
        const n = shape[shape.length - 1 - i];
        pad.push((k + i) % n, (k * 7 + i) % n);
      }
      const data = randomArray(shape.reduce((a, b) => a * b, 1), 300 + k);
      const value = mode === 'constant' ? k / 4 - 3 : 0;
      // ONNX pads: every axis's begin, then every axis's end, outermost first.
      const begins = shape.map((_, d) => (d < shape.length - axes ? 0 : pad[2 * (shape.length - 1 - d)]));
      const ends = shape.map((_, d) => (d < shape.length - axes ? 0 : pad[2 * (shape.length - 1 - d) + 1]));
      const model = singleNodeModel({
        op: 'Pad', opset: 19, inputs: [{ name: 'x', shape }],
        initializers: { pads: { dims: [2 * shape.length], type: 'int64', data: [...begins, ...ends] }, v: { dims: [], data: [value] } },
        nodeInputs: ['x', 'pads', 'v'], outputs: [{ name: 'y' }], attrs: { mode: onnxMode[mode] },
      });
      const session = await ort.InferenceSession.create(model);
      const y = (await session.run({ x: new ort.Tensor('float32', data, shape) })).y;
      const out = rs.pad({ shape, data }, pad, mode === 'constant' ? { value } : { mode });
      const what = `${mode} ${JSON.stringify(pad)} on ${JSON.stringify(shape)}`;
      expect(out.shape, what).toEqual(y.dims);
      expect(bits(out.data), what).toEqual(bits(y.data as Float32Array));
      out.dispose();
    }
  });
});
