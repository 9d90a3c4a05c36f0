// rs.lpPool1d/2d/3d against PyTorch fixtures, identities with the other
// pools, the scalar oracle, onnxruntime-node's LpPool, and the argument rules.
import { describe, expect, test } from 'vitest';
import type { Resample, Tensor } from 'resample-wasm';
import fixtures from './fixtures/lpPool.json' with { type: 'json' };
import { poolModel } from './onnx.mjs';
import { describeWithOrt } from './ort.ts';
import { context, decode, expectClose, expectError, expectNoLeaks, nanOut, ODD_SIZES, random, randomArray, type Encoded, useSimd } from './util.ts';

interface Case {
  op: string;
  options: Record<string, unknown> & { normType: number | string };
  input: Encoded;
  expected: Encoded;
}

type Lp = (x: unknown, options: Record<string, unknown>) => Tensor;
const lp = (rs: Resample, rank: number): Lp => (rs as unknown as Record<string, Lp>)[`lpPool${rank}d`].bind(rs);

/** The generator writes ±inf and NaN powers as Python spells them. */
const power = (p: number | string) => (typeof p === 'number' ? p : ({ inf: Infinity, '-inf': -Infinity, nan: NaN } as Record<string, number>)[p]);

const bitsOf = (t: Tensor) => Array.from(new Uint32Array(t.data.buffer, t.data.byteOffset, t.size));

describe('PyTorch fixtures (torch ' + fixtures.torch + ')', () => {
  const cases = fixtures.cases as unknown as Case[];
  for (const op of [...new Set(cases.map((c) => c.op))]) {
    const mine = cases.filter((c) => c.op === op);
    test(`${op}: ${mine.length} cases`, async () => {
      const rs = await context();
      for (const c of mine) {
        const options = { ...c.options, normType: power(c.options.normType) };
        const what = `${op} ${JSON.stringify(c.options)} on ${JSON.stringify(c.input.shape)}`;
        const out = nanOut(rs, c.expected.shape);
        expectNoLeaks(rs, () => lp(rs, Number(op.at(-2)))({ shape: c.input.shape, data: decode(c.input) }, { ...options, out }));
        expectClose(out.data, decode(c.expected), 1e-4, 1e-4, what);
        out.dispose();
      }
    });
  }
});

describe('identities', () => {
  test('p = 1 on non-negative input is avgPool times the kernel volume; p = ±inf is the max (min) of |x|', async () => {
    const rs = await context();
    const shape = [2, 3, 7, 8];
    const data = randomArray(2 * 3 * 56, 5);
    const x = rs.tensor(shape, data.map(Math.abs));
    const options = { kernelSize: [3, 2], stride: 2 };
    const sum = rs.lpPool2d(x, { ...options, normType: 1 });
    const avg = rs.avgPool2d(x, options);
    expectClose(sum.data, avg.data.map((v) => v * 6), 1e-6, 1e-6);
    const signed = rs.tensor(shape, data);
    const max = rs.lpPool2d(signed, { ...options, normType: Infinity });
    expect(bitsOf(max)).toEqual(bitsOf(rs.maxPool2d(x, options)));
    const min = rs.lpPool2d(signed, { ...options, normType: -Infinity });
    const negated = rs.tensor(shape, data.map((v) => -Math.abs(v)));
    const viaMax = rs.maxPool2d(negated, options);
    expect(Array.from(min.data)).toEqual(Array.from(viaMax.data, (v) => -v));
    for (const t of [x, sum, avg, signed, max, min, negated, viaMax]) t.dispose();
  });
});

describe('scalar oracle vs SIMD path', () => {
  for (const normType of [2, 3, 1.5, Infinity]) {
    test(`p = ${normType} agrees bit for bit over odd sizes, channels first and last`, async () => {
      const rs = await context();
      for (const w of ODD_SIZES.filter((v) => v > 1)) {
        for (const channelsLast of [false, true]) {
          const c = channelsLast ? w : 3;
          const spatial = [5, 2 * w + 1];
          const shape = channelsLast ? [1, ...spatial, c] : [1, c, ...spatial];
          const x = rs.tensor(shape, randomArray(shape.reduce((a, b) => a * b, 1), w).map(Math.abs));
          const options = { normType, kernelSize: [2, 3], stride: [2, 1], ceilMode: true, channelsLast };
          useSimd(rs, false);
          const a = rs.lpPool2d(x, options);
          useSimd(rs, true);
          const b = rs.lpPool2d(x, options);
          expect(bitsOf(b), `${JSON.stringify(options)} ${shape}`).toEqual(bitsOf(a));
          expect(a.data.some(Number.isNaN)).toBe(false);
          for (const t of [x, a, b]) t.dispose();
        }
      }
    });
  }
});

describe('arguments', () => {
  const X = { shape: [1, 1, 4, 4], data: Array.from({ length: 16 }, (_, i) => i) };

  test('unbatched input gives unbatched output, an empty batch an empty one; out receives the values', async () => {
    const rs = await context();
    const y = rs.lpPool1d({ shape: [2, 4], data: [3, 4, 0, 0, 1, 1, 1, 1] }, { normType: 2, kernelSize: 2 });
    expect(y.shape).toEqual([2, 2]);
    expectClose(y.data, [5, 0, Math.SQRT2, Math.SQRT2], 1e-6, 1e-6);
    const out = nanOut(rs, [1, 1, 2, 2]);
    expect(rs.lpPool2d(X, { normType: 1, kernelSize: 2, out })).toBe(out);
    expect(Array.from(out.data)).toEqual([10, 18, 42, 50]);
    const e = rs.lpPool2d({ shape: [0, 3, 4, 4], data: [] }, { normType: 2, kernelSize: 2 });
    expect(e.shape).toEqual([0, 3, 2, 2]);
    for (const t of [y, out, e]) t.dispose();
  });

  test('every invalid argument names its option', async () => {
    const rs = await context();
    const bad: [() => unknown, string, string][] = [
      [() => rs.lpPool2d(X, { kernelSize: 2 } as never), 'INVALID_ARGUMENT', 'normType'],
      [() => rs.lpPool2d(X, { normType: 0, kernelSize: 2 }), 'INVALID_ARGUMENT', 'normType'],
      [() => rs.lpPool2d(X, { normType: '2' as never, kernelSize: 2 }), 'INVALID_ARGUMENT', 'normType'],
      [() => rs.lpPool2d(X, { normType: 2 } as never), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.lpPool2d(X, { normType: 2, kernelSize: [2, 2, 2] }), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.lpPool2d(X, { normType: 2, kernelSize: 5 }), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.lpPool2d(X, { normType: 2, kernelSize: 2, stride: 0 }), 'INVALID_ARGUMENT', 'stride'],
      [() => rs.lpPool2d(X, { normType: 2, kernelSize: 2, ceilMode: 1 as never }), 'INVALID_ARGUMENT', 'ceilMode'],
      [() => rs.lpPool2d(X, { normType: 2, kernelSize: 2, padding: 1 } as never), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.lpPool2d(X, { normType: 2, kernelSize: 2, dilation: 1 } as never), 'INVALID_ARGUMENT', 'dilation'],
      [() => rs.lpPool1d(X, { normType: 2, kernelSize: 2 }), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.lpPool3d({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, { normType: 2, kernelSize: 2 }), 'INVALID_ARGUMENT', 'x.shape'],
    ];
    for (const [body, code, option] of bad) expectError(rs, body, code, option);
  });
});

/**
 * A second engine. ONNX LpPool is (Σ |x|^p)^(1/p) over the window's real
 * elements with an integer p; PyTorch's sums signed x^p and scales windows
 * clipped in ceil mode by volume/count. The two agree on non-negative
 * inputs without clipped windows, which is what is drawn here (LpPool-11:
 * no ceil_mode; no padding, which PyTorch's lp_pool lacks).
 */
describeWithOrt('cross-check: onnxruntime-node LpPool on random geometries', (ort) => {
  test('60 random cases, 1-D to 3-D, p in {1, 2, 3}', async () => {
    const rs = await context();
    const r = random(9);
    const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
    for (let k = 0; k < 60; k++) {
      const rank = int(1, 3);
      const p = int(1, 3);
      const kernel = Array.from({ length: rank }, () => int(1, 4));
      const stride = kernel.map(() => int(1, 3));
      const inSize = kernel.map((kk) => int(kk, rank === 3 ? 7 : 12));
      const shape = [int(1, 2), int(1, 3), ...inSize];
      const data = randomArray(shape.reduce((a, b) => a * b, 1), 700 + k).map(Math.abs);
      const attrs = { kernel_shape: kernel, strides: stride, pads: Array(2 * rank).fill(0), p };
      const session = await ort.InferenceSession.create(poolModel('LpPool', shape, attrs));
      const y = await session.run({ x: new ort.Tensor('float32', data, shape) });
      const out = nanOut(rs, y.y.dims as number[]);
      lp(rs, rank)({ shape, data }, { normType: p, kernelSize: kernel, stride, out });
      expectClose(out.data, y.y.data as Float32Array, 1e-5, 1e-5, `p ${p} ${JSON.stringify({ kernel, stride })} on ${JSON.stringify(shape)}`);
      out.dispose();
    }
  });
});
