// rs.fractionalMaxPool2d/3d against PyTorch fixtures (explicit samples, so
// windows and indices are reproducible), identities with maxPool, the
// scalar oracle, and every argument rule.
import { describe, expect, test } from 'vitest';
import type { Resample, Tensor } from 'resample-wasm';
import fixtures from './fixtures/fractionalMaxPool.json' with { type: 'json' };
import { context, decode, expectError, expectNoLeaks, nanOut, randomArray, type Encoded, useSimd } from './util.ts';

interface Case {
  op: string;
  options: Record<string, unknown>;
  input: Encoded;
  samples: Encoded;
  expected: Encoded;
  indices: Encoded;
}

type Pair = { values: Tensor; indices: Tensor };
type Fmp = (x: unknown, options: Record<string, unknown>) => Tensor | Pair;
const fmp = (rs: Resample, op: string): Fmp => (rs as unknown as Record<string, Fmp>)[op].bind(rs);

const bitsOf = (t: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(t).buffer));

describe('PyTorch fixtures (torch ' + fixtures.torch + ')', () => {
  const cases = fixtures.cases as unknown as Case[];
  for (const op of [...new Set(cases.map((c) => c.op))]) {
    const mine = cases.filter((c) => c.op === op);
    test(`${op}: ${mine.length} cases, values and indices exact, vector and scalar paths`, async () => {
      const rs = await context();
      for (const c of mine) {
        const what = `${op} ${JSON.stringify(c.options)} on ${JSON.stringify(c.input.shape)}`;
        const x = { shape: c.input.shape, data: decode(c.input) };
        const samples = { shape: c.samples.shape, data: decode(c.samples) };
        for (const simd of [true, false]) {
          useSimd(rs, simd);
          const out = nanOut(rs, c.expected.shape);
          const indices = expectNoLeaks(rs, () => {
            const r = fmp(rs, op)(x, { ...c.options, samples, out }) as Pair;
            const ix = r.indices.toArray();
            r.indices.dispose();
            return ix;
          });
          expect(bitsOf(out.data), `${what}: values (simd ${simd})`).toEqual(bitsOf(decode(c.expected)));
          expect(Array.from(indices), `${what}: indices (simd ${simd})`).toEqual(Array.from(decode(c.indices)));
          const { returnIndices: _, ...plain } = c.options;
          const values = fmp(rs, op)(x, { ...plain, samples }) as Tensor;
          expect(bitsOf(values.data), `${what}: values without indices`).toEqual(bitsOf(out.data));
          for (const t of [values, out]) t.dispose();
        }
        useSimd(rs, true);
      }
    });
  }
});

describe('identities', () => {
  test('outputSize in − k + 1 (2-D) places a window at every position: maxPool with stride 1', async () => {
    const rs = await context();
    const [n, c, h, w] = [2, 3, 9, 17];
    const x = rs.tensor([n, c, h, w], randomArray(n * c * h * w, 3));
    const samples = rs.tensor([n, c, 2], randomArray(n * c * 2, 4).map((v) => Math.abs(v) / 2.001));
    const a = rs.fractionalMaxPool2d(x, { kernelSize: [2, 3], outputSize: [h - 1, w - 2], samples, returnIndices: true });
    const b = rs.maxPool2d(x, { kernelSize: [2, 3], stride: 1, returnIndices: true });
    expect(bitsOf(a.values.data)).toEqual(bitsOf(b.values.data));
    expect(Array.from(a.indices.data)).toEqual(Array.from(b.indices.data));
    for (const t of [x, samples, a.values, a.indices, b.values, b.indices]) t.dispose();
  });

  test('an output of one is the window flush with the end, whatever the sample', async () => {
    const rs = await context();
    const x = rs.tensor([1, 2, 5, 6, 7], randomArray(2 * 210, 8));
    const tail = rs.maxPool3d(x, { kernelSize: [2, 3, 4], stride: 1 });
    for (const u of [0, 0.5, 0.9999999]) {
      const y = rs.fractionalMaxPool3d(x, { kernelSize: [2, 3, 4], outputSize: 1, samples: { shape: [1, 2, 3], data: Array(6).fill(u) } });
      // The last stride-1 window on every axis.
      const [d, h, w] = tail.shape.slice(2);
      const last = (ch: number) => tail.data[((ch * d + d - 1) * h + h - 1) * w + w - 1];
      expect(Array.from(y.data)).toEqual([last(0), last(1)]);
      y.dispose();
    }
    for (const t of [x, tail]) t.dispose();
  });
});

describe('arguments', () => {
  const X = { shape: [1, 2, 5, 5], data: Array.from({ length: 50 }, (_, i) => i) };
  const S = { shape: [1, 2, 2], data: [0.1, 0.2, 0.3, 0.4] };

  test('unbatched input takes [1, C, k] samples (or more rows); an empty batch gives an empty output', async () => {
    const rs = await context();
    const x = { shape: [2, 5, 5], data: X.data };
    const a = rs.fractionalMaxPool2d(x, { kernelSize: 2, outputSize: 3, samples: S });
    const b = rs.fractionalMaxPool2d(x, { kernelSize: 2, outputSize: 3, samples: { shape: [2, 2, 2], data: [...S.data, 0.9, 0.9, 0.9, 0.9] } });
    const c = rs.fractionalMaxPool2d(X, { kernelSize: 2, outputSize: 3, samples: S });
    expect(a.shape).toEqual([2, 3, 3]);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).toEqual(Array.from(c.data));
    const e = rs.fractionalMaxPool2d({ shape: [0, 2, 5, 5], data: [] }, { kernelSize: 2, outputSize: 3, samples: { shape: [0, 2, 2], data: [] } });
    expect(e.shape).toEqual([0, 2, 3, 3]);
    const r = rs.fractionalMaxPool2d(X, { kernelSize: 2, outputRatio: [0.5, 0.7], samples: S });
    expect(r.shape).toEqual([1, 2, 2, 3]);
    for (const t of [a, b, c, e, r]) t.dispose();
  });

  test('every invalid argument names its option', async () => {
    const rs = await context();
    const f2 = (o: Record<string, unknown>, x: unknown = X) => () => rs.fractionalMaxPool2d(x as never, { kernelSize: 2, samples: S, ...o } as never);
    const X3 = { shape: [1, 1, 4, 4, 4], data: Array(64).fill(0) };
    const S3 = { shape: [1, 1, 3], data: [0.5, 0.5, 0.5] };
    const bad: [() => unknown, string, string][] = [
      [f2({ outputSize: undefined }), 'INVALID_ARGUMENT', 'outputSize'],
      [f2({ outputSize: 3, outputRatio: 0.5 }), 'INVALID_ARGUMENT', 'outputSize'],
      [f2({ outputSize: 0 }), 'INVALID_ARGUMENT', 'outputSize'],
      [f2({ outputSize: [3, 3, 3] }), 'INVALID_ARGUMENT', 'outputSize'],
      [f2({ outputRatio: 1 }), 'INVALID_ARGUMENT', 'outputRatio'],
      [f2({ outputRatio: 0 }), 'INVALID_ARGUMENT', 'outputRatio'],
      [f2({ outputRatio: 0.1 }), 'INVALID_ARGUMENT', 'outputRatio'],
      [f2({ outputSize: 3, kernelSize: 0 }), 'INVALID_ARGUMENT', 'kernelSize'],
      [f2({ outputSize: 3, kernelSize: undefined }), 'INVALID_ARGUMENT', 'kernelSize'],
      // 2-D: out + k − 1 ≤ in; 3-D: out + k − 1 < in (PyTorch's checks).
      [f2({ outputSize: [4, 3], kernelSize: 3 }), 'INVALID_ARGUMENT', 'kernelSize'],
      [f2({ outputSize: [6, 3], kernelSize: 1 }), 'INVALID_ARGUMENT', 'outputSize'],
      [() => rs.fractionalMaxPool3d({ shape: [1, 1, 4, 1, 4], data: Array(16).fill(0) }, { kernelSize: 1, outputSize: 1, samples: S3 }), 'INVALID_ARGUMENT', 'outputSize'],
      [() => rs.fractionalMaxPool3d(X3, { kernelSize: 2, outputSize: 3, samples: S3 }), 'INVALID_ARGUMENT', 'kernelSize'],
      [f2({ outputSize: 3, samples: undefined }), 'INVALID_ARGUMENT', 'samples'],
      [f2({ outputSize: 3, samples: { shape: [2, 2], data: [0, 0, 0, 0] } }), 'INVALID_ARGUMENT', 'samples.shape'],
      [f2({ outputSize: 3, samples: { shape: [1, 1, 2], data: [0, 0] } }), 'INVALID_ARGUMENT', 'samples.shape'],
      [f2({ outputSize: 3, samples: { shape: [1, 2, 3], data: Array(6).fill(0) } }), 'INVALID_ARGUMENT', 'samples.shape'],
      [f2({ outputSize: 3, samples: S }, { shape: [2, 2, 5, 5], data: Array(100).fill(0) }), 'INVALID_ARGUMENT', 'samples.shape'],
      [f2({ outputSize: 3, samples: { shape: [1, 2, 2], data: [0, 1, 0, 0] } }), 'INVALID_ARGUMENT', 'samples'],
      [f2({ outputSize: 3, samples: { shape: [1, 2, 2], data: [0, -0.25, 0, 0] } }), 'INVALID_ARGUMENT', 'samples'],
      [f2({ outputSize: 3, samples: { shape: [1, 2, 2], data: [0, NaN, 0, 0] } }), 'INVALID_ARGUMENT', 'samples'],
      [f2({ outputSize: 3, returnIndices: 1 }), 'INVALID_ARGUMENT', 'returnIndices'],
      [f2({ outputSize: 3, channelsLast: true }), 'INVALID_ARGUMENT', 'channelsLast'],
      [f2({ outputSize: 3 }, { shape: [5, 5], data: Array(25).fill(0) }), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.fractionalMaxPool3d({ shape: [2, 5, 5, 5], data: Array(250).fill(0) }, { kernelSize: 2, outputSize: 2, samples: S3 }), 'INVALID_ARGUMENT', 'samples.shape'],
    ];
    for (const [body, code, option] of bad) expectError(rs, body, code, option);
  });
});
