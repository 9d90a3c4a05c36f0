// rs.maxPool*d / avgPool*d / adaptive*Pool*d against PyTorch fixtures,
// algebraic properties, the scalar oracle, and every argument rule.
import { describe, expect, test } from 'vitest';
import type { Resample, Tensor } from 'resample-wasm';
import fixtures from './fixtures/pool.json' with { type: 'json' };
import { poolModel } from './onnx.mjs';
import { context, decode, expectClose, expectError, expectNoLeaks, nanOut, ODD_SIZES, random, randomArray, type Encoded, useSimd } from './util.ts';
import { describeWithOrt } from './ort.ts';

interface Case {
  op: string;
  options: Record<string, unknown>;
  input: Encoded;
  expected: Encoded;
  indices?: Encoded;
}

type AnyPool = (x: unknown, ...rest: unknown[]) => Tensor | { values: Tensor; indices: Tensor };

/** Calls `rs[op]` the way a user would: adaptive ops take outputSize positionally. */
function invoke(rs: Resample, op: string, x: unknown, options: Record<string, unknown>) {
  const fn = (rs as unknown as Record<string, AnyPool>)[op].bind(rs);
  if (op.startsWith('adaptive')) {
    const { outputSize, ...rest } = options;
    return fn(x, outputSize, rest);
  }
  return fn(x, options);
}

const bitsOf = (t: Tensor) => Array.from(new Uint32Array(t.data.buffer, t.data.byteOffset, t.size));

describe('PyTorch fixtures (torch ' + fixtures.torch + ')', () => {
  const cases = fixtures.cases as unknown as Case[];
  const ops = [...new Set(cases.map((c) => c.op))];
  for (const op of ops) {
    const mine = cases.filter((c) => c.op === op);
    test(`${op}: ${mine.length} cases`, async () => {
      const rs = await context();
      const exact = op.includes('Max') || op.startsWith('max');
      for (const c of mine) {
        const what = `${op} ${JSON.stringify(c.options)} on ${JSON.stringify(c.input.shape)}`;
        const x = { shape: c.input.shape, data: decode(c.input) };
        const out = nanOut(rs, c.expected.shape);
        const result = expectNoLeaks(rs, () => {
          const r = invoke(rs, op, x, { ...c.options, out });
          const indices = 'indices' in r ? r.indices.toArray() : undefined;
          if ('indices' in r) r.indices.dispose();
          return indices;
        });
        expectClose(out.data, decode(c.expected), exact ? 0 : 1e-5, exact ? 0 : 1e-5, what);
        if (c.indices) {
          expect(Array.from(result ?? []), `${what}: indices`).toEqual(Array.from(decode(c.indices)));
          // The same values without indices (the vector paths).
          const { returnIndices: _, ...plain } = c.options;
          const values = invoke(rs, op, x, plain) as Tensor;
          expect(bitsOf(values), `${what}: values without indices`).toEqual(bitsOf(out));
          values.dispose();
        }
        out.dispose();
      }
    });
  }
});

describe('properties', () => {
  test('average pooling of a constant is the constant with countIncludePad false', async () => {
    const rs = await context();
    const x = rs.tensor([2, 3, 9, 7], new Float32Array(2 * 3 * 9 * 7).fill(0.3));
    for (const [kernelSize, stride, padding, ceilMode] of [[3, 2, 1, true], [2, 2, 0, false], [[3, 2], [2, 3], [1, 1], true], [4, 3, 2, true]] as const) {
      const y = rs.avgPool2d(x, { kernelSize, stride, padding, ceilMode, countIncludePad: false });
      expectClose(y.data, new Float32Array(y.size).fill(0.3), 1e-7, 1e-6, JSON.stringify({ kernelSize, stride, padding }));
      y.dispose();
    }
    const a = rs.adaptiveAvgPool2d(x, [4, 5]);
    expectClose(a.data, new Float32Array(a.size).fill(0.3), 1e-7, 1e-6);
    for (const t of [x, a]) t.dispose();
  });

  test('adaptive pooling to in/k equals pooling with kernel and stride k (divisible sizes), on every rank', async () => {
    const rs = await context();
    for (const [rank, spatial, k] of [[1, [12], 3], [2, [6, 8], 2], [3, [4, 6, 2], 2]] as const) {
      const shape = [2, 3, ...spatial];
      const x = rs.tensor(shape, randomArray(shape.reduce((a, b) => a * b, 1), 20 + rank));
      const size = spatial.map((n) => n / k);
      for (const kind of ['Avg', 'Max'] as const) {
        const a = invoke(rs, `adaptive${kind}Pool${rank}d`, x, { outputSize: size }) as Tensor;
        const b = invoke(rs, `${kind.toLowerCase()}Pool${rank}d`, x, { kernelSize: k }) as Tensor;
        expect(bitsOf(a), `${kind} ${rank}-D`).toEqual(bitsOf(b));
        a.dispose();
        b.dispose();
      }
      x.dispose();
    }
  });

  test('nearest decimation (every k-th pixel) = interpolate nearest 1/k = maxPool kernel 1 stride k', async () => {
    const rs = await context();
    const [h, w, k] = [9, 12, 3];
    const data = randomArray(h * w, 7);
    const x = rs.tensor([1, 1, h, w], data);
    const want: number[] = [];
    for (let i = 0; i < h; i += k) for (let j = 0; j < w; j += k) want.push(data[i * w + j]);
    const viaInterpolate = rs.interpolate(x, { scaleFactor: 1 / k, mode: 'nearest' });
    const viaPool = rs.maxPool2d(x, { kernelSize: 1, stride: k });
    expect(viaInterpolate.shape).toEqual([1, 1, 3, 4]);
    expect(Array.from(viaInterpolate.data)).toEqual(want);
    expect(Array.from(viaPool.data)).toEqual(want);
    for (const t of [x, viaInterpolate, viaPool]) t.dispose();
  });

  test('indices point at the maximum of each window in its (n, c) plane', async () => {
    const rs = await context();
    const x = rs.tensor([2, 3, 8, 9], randomArray(2 * 3 * 72, 3));
    const { values, indices } = rs.maxPool2d(x, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true, returnIndices: true });
    const plane = values.shape[2] * values.shape[3];
    for (let i = 0; i < values.size; i++) {
      expect(x.data[Math.floor(i / plane) * 72 + indices.data[i]]).toBe(values.data[i]);
    }
    for (const t of [x, values, indices]) t.dispose();
  });

  test('channelsLast equals the transposed channels-first result, indices included', async () => {
    const rs = await context();
    const [n, c, h, w] = [2, 5, 7, 6];
    const data = randomArray(n * c * h * w, 11);
    const first = rs.tensor([n, c, h, w], data);
    const last = rs.tensor([n, h, w, c], Float32Array.from({ length: data.length }, (_, i) => {
      const ch = i % c;
      const s = Math.floor(i / c) % (h * w);
      const b = Math.floor(i / (c * h * w));
      return data[(b * c + ch) * h * w + s];
    }));
    const options = { kernelSize: [3, 2], stride: 2, padding: [1, 0], dilation: [1, 2], ceilMode: true };
    const a = rs.maxPool2d(first, { ...options, returnIndices: true });
    const b = rs.maxPool2d(last, { ...options, returnIndices: true, channelsLast: true });
    const [oh, ow] = a.values.shape.slice(2);
    expect(b.values.shape).toEqual([n, oh, ow, c]);
    for (let i = 0; i < b.values.size; i++) {
      const ch = i % c;
      const s = Math.floor(i / c) % (oh * ow);
      const bt = Math.floor(i / (c * oh * ow));
      const j = (bt * c + ch) * oh * ow + s;
      expect(b.values.data[i]).toBe(a.values.data[j]);
      expect(b.indices.data[i]).toBe(a.indices.data[j]);
    }
    for (const t of [first, last, a.values, a.indices, b.values, b.indices]) t.dispose();
  });
});

describe('scalar oracle vs SIMD path', () => {
  const ops: [string, Record<string, unknown>][] = [
    ['maxPool2d', { kernelSize: 2 }],
    ['avgPool2d', { kernelSize: 2 }],
    ['maxPool2d', { kernelSize: 3, stride: 2, padding: 1 }],
    ['avgPool2d', { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }],
    ['maxPool1d', { kernelSize: 2 }],
    ['maxPool3d', { kernelSize: 2, ceilMode: true }],
    ['adaptiveAvgPool2d', { outputSize: [3, 2] }],
    ['adaptiveMaxPool2d', { outputSize: [3, 2] }],
  ];
  for (const [op, base] of ops) {
    test(`${op} ${JSON.stringify(base)} agrees bit for bit over odd sizes and channel counts`, async () => {
      const rs = await context();
      const rank = Number(op.at(-2));
      for (const w of ODD_SIZES.filter((v) => v > 1)) {
        for (const channelsLast of rank > 1 ? [false, true] : [false]) {
          const c = channelsLast ? w : 3;
          const spatial = [4, 5, 2 * w + 1].slice(3 - rank);
          const shape = channelsLast ? [1, ...spatial, c] : [1, c, ...spatial];
          const size = shape.reduce((a, b) => a * b, 1);
          const x = rs.tensor(shape, randomArray(size, w));
          const options = { ...base, channelsLast };
          useSimd(rs, false);
          const a = invoke(rs, op, x, options) as Tensor;
          useSimd(rs, true);
          const b = invoke(rs, op, x, options) as Tensor;
          expect(bitsOf(b), `${op} ${JSON.stringify(options)} ${shape}`).toEqual(bitsOf(a));
          expect(a.data.some(Number.isNaN)).toBe(false);
          if (op.includes('ax')) {
            useSimd(rs, false);
            const c = invoke(rs, op, x, { ...options, returnIndices: true }) as { values: Tensor; indices: Tensor };
            useSimd(rs, true);
            const d = invoke(rs, op, x, { ...options, returnIndices: true }) as { values: Tensor; indices: Tensor };
            expect(Array.from(d.indices.data), `${op} indices`).toEqual(Array.from(c.indices.data));
            expect(bitsOf(d.values)).toEqual(bitsOf(a));
            for (const t of [c.values, c.indices, d.values, d.indices]) t.dispose();
          }
          for (const t of [x, a, b]) t.dispose();
        }
      }
    });
  }
});

describe('arguments', () => {
  const X = { shape: [1, 1, 4, 4], data: Array.from({ length: 16 }, (_, i) => i) };

  test('unbatched inputs give unbatched outputs', async () => {
    const rs = await context();
    const y = rs.maxPool2d({ shape: [1, 4, 4], data: X.data }, { kernelSize: 2 });
    expect(y.shape).toEqual([1, 2, 2]);
    expect(Array.from(y.data)).toEqual([5, 7, 13, 15]);
    const a = rs.adaptiveAvgPool1d({ shape: [2, 4], data: [1, 2, 3, 4, 5, 6, 7, 8] }, 2);
    expect(a.shape).toEqual([2, 2]);
    expect(Array.from(a.data)).toEqual([1.5, 3.5, 5.5, 7.5]);
    // Unbatched channels-last is (*spatial, C).
    const hwc = rs.avgPool2d({ shape: [4, 4, 1], data: X.data }, { kernelSize: 2, channelsLast: true });
    expect(hwc.shape).toEqual([2, 2, 1]);
    expect(Array.from(hwc.data)).toEqual([2.5, 4.5, 10.5, 12.5]);
    hwc.dispose();
    // An empty batch is allowed, as in PyTorch.
    const e = rs.maxPool2d({ shape: [0, 3, 4, 4], data: [] }, { kernelSize: 2 });
    expect(e.shape).toEqual([0, 3, 2, 2]);
    for (const t of [y, a, e]) t.dispose();
  });

  test('out receives the values; a wrong out is rejected before anything is written', async () => {
    const rs = await context();
    const out = nanOut(rs, [1, 1, 2, 2]);
    const r = rs.maxPool2d(X, { kernelSize: 2, returnIndices: true, out });
    expect(r.values).toBe(out);
    expect(Array.from(out.data)).toEqual([5, 7, 13, 15]);
    expect(Array.from(r.indices.data)).toEqual([5, 7, 13, 15]);
    r.indices.dispose();
    const wrong = nanOut(rs, [1, 1, 2, 3]);
    expectError(rs, () => rs.avgPool2d(X, { kernelSize: 2, out: wrong }), 'SHAPE_MISMATCH', 'out');
    expect(wrong.data.every(Number.isNaN)).toBe(true);
    for (const t of [out, wrong]) t.dispose();
  });

  test('every invalid argument names its option', async () => {
    const rs = await context();
    const bad: [() => unknown, string, string][] = [
      [() => rs.maxPool2d(X, {} as never), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.maxPool2d(X, { kernelSize: 0 }), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.maxPool2d(X, { kernelSize: [2, 2, 2] }), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.maxPool2d(X, { kernelSize: 2.5 }), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.maxPool2d(X, { kernelSize: 5 }), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.maxPool2d(X, { kernelSize: 2, stride: 0 }), 'INVALID_ARGUMENT', 'stride'],
      [() => rs.maxPool2d(X, { kernelSize: 2, padding: -1 }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.maxPool2d(X, { kernelSize: 2, padding: 2 }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.maxPool2d(X, { kernelSize: 3, padding: 3, dilation: 2 }), 'INVALID_ARGUMENT', 'padding'],
      // PyTorch's limit is ⌊kernelSize / 2⌋ whatever the dilation (here 2 ≤ the dilated half, 2 > 1).
      [() => rs.maxPool2d(X, { kernelSize: 3, padding: 2, dilation: 2 }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.maxPool1d({ shape: [1, 9], data: Array(9).fill(0) }, { kernelSize: 2, padding: 2, dilation: 3 }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.maxPool2d(X, { kernelSize: 2, dilation: 0 }), 'INVALID_ARGUMENT', 'dilation'],
      [() => rs.maxPool2d(X, { kernelSize: 2, ceilMode: 1 as never }), 'INVALID_ARGUMENT', 'ceilMode'],
      [() => rs.maxPool2d(X, { kernelSize: 2, returnIndices: 'yes' as never }), 'INVALID_ARGUMENT', 'returnIndices'],
      [() => rs.maxPool2d(X, { kernelSize: 2, channelsLast: 0 as never }), 'INVALID_ARGUMENT', 'channelsLast'],
      [() => rs.avgPool2d(X, { kernelSize: 3, padding: 2 }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.avgPool2d(X, { kernelSize: 2, divisorOverride: 0 }), 'INVALID_ARGUMENT', 'divisorOverride'],
      [() => rs.avgPool2d(X, { kernelSize: 2, divisorOverride: 1.5 }), 'INVALID_ARGUMENT', 'divisorOverride'],
      // F.avg_pool1d has no divisor_override: an unknown option.
      [() => rs.avgPool1d({ shape: [1, 4], data: [1, 2, 3, 4] }, { kernelSize: 2, divisorOverride: 2 } as never), 'INVALID_ARGUMENT', 'divisorOverride'],
      [() => rs.avgPool2d(X, { kernelSize: 2, countIncludePad: null as never }), 'INVALID_ARGUMENT', 'countIncludePad'],
      [() => rs.adaptiveAvgPool2d(X, [2]), 'INVALID_ARGUMENT', 'outputSize'],
      [() => rs.adaptiveAvgPool2d(X, 0), 'INVALID_ARGUMENT', 'outputSize'],
      [() => rs.adaptiveAvgPool2d(X, null as never), 'INVALID_ARGUMENT', 'outputSize'],
      [() => rs.adaptiveMaxPool2d(X, [2, 'a' as never]), 'INVALID_ARGUMENT', 'outputSize'],
      [() => rs.adaptiveAvgPool2d(X, 2, { returnIndices: true } as never), 'INVALID_ARGUMENT', 'returnIndices'],
      [() => rs.maxPool2d({ shape: [4, 4], data: X.data }, { kernelSize: 2 }), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.maxPool1d(X, { kernelSize: 2 }), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.maxPool2d({ shape: [1, 0, 4, 4], data: [] }, { kernelSize: 2 }), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.avgPool3d({ shape: [1, 1, 0, 4, 4], data: [] }, { kernelSize: 2 }), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.maxPool2d({ shape: [1, 1, 4, 4], data: [1] }, { kernelSize: 2 }), 'SHAPE_MISMATCH', 'x.data'],
      [() => rs.maxPool2d(null as never, { kernelSize: 2 }), 'INVALID_ARGUMENT', 'x'],
    ];
    for (const [body, code, option] of bad) expectError(rs, body, code, option);
  });

  test('a disposed input is reported, int32 inputs are refused', async () => {
    const rs = await context();
    const x = rs.tensor([1, 1, 2, 2], [1, 2, 3, 4]);
    x.dispose();
    expectError(rs, () => rs.maxPool2d(x, { kernelSize: 2 }), 'DISPOSED', 'x');
    const ints = rs.tensor([1, 1, 2, 2], [1, 2, 3, 4], { dtype: 'int32' });
    expectError(rs, () => rs.avgPool2d(ints as never, { kernelSize: 2 }), 'INVALID_ARGUMENT', 'x.dtype');
    ints.dispose();
  });
});

/**
 * A second engine on random geometries (no NaN: ORT's MaxPool skips it).
 * ORT 1.30 sizes ceil-mode outputs with PyTorch's last-window rule and
 * divides count_include_pad windows as PyTorch does; its indices count over
 * the whole tensor, ours within each (n, c) plane. Dilated cases have no
 * padding, so no window is empty (ORT's -inf/index choice there is its own).
 */
describeWithOrt('cross-check: onnxruntime-node MaxPool and AveragePool on random geometries', (ort) => {
  test('120 random cases, 1-D to 3-D', async () => {
    const rs = await context();
    const r = random(4);
    const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
    let ran = 0;
    for (let k = 0; k < 120; k++) {
      const rank = int(1, 3);
      const max = r() < 0.5;
      const kernel = Array.from({ length: rank }, () => int(1, 4));
      const stride = kernel.map(() => int(1, 3));
      const dilation = kernel.map(() => (max && r() < 0.3 ? 2 : 1));
      const padding = kernel.map((kk, i) => (dilation[i] > 1 ? 0 : int(0, kk >> 1)));
      const ceilMode = r() < 0.5;
      const countIncludePad = r() < 0.5;
      const inSize = kernel.map((kk, i) => int((kk - 1) * dilation[i] + 1, rank === 3 ? 7 : 12));
      const [n, c] = [int(1, 2), int(1, 3)];
      const shape = [n, c, ...inSize];
      const data = randomArray(shape.reduce((a, b) => a * b, 1), 500 + k);
      const attrs = {
        kernel_shape: kernel,
        strides: stride,
        pads: [...padding, ...padding],
        ceil_mode: ceilMode ? 1 : 0,
        ...(max ? { dilations: dilation } : { count_include_pad: countIncludePad ? 1 : 0 }),
      };
      const session = await ort.InferenceSession.create(poolModel(max ? 'MaxPool' : 'AveragePool', shape, attrs, { withIndices: max }));
      const y = await session.run({ x: new ort.Tensor('float32', data, shape) });
      const options = { kernelSize: kernel, stride, padding, ceilMode, ...(max ? { dilation, returnIndices: true } : { countIncludePad }) };
      const what = `${max ? 'max' : 'avg'} ${JSON.stringify(options)} on ${JSON.stringify(shape)}`;
      const out = nanOut(rs, y.y.dims as number[]);
      const result = invoke(rs, `${max ? 'max' : 'avg'}Pool${rank}d`, { shape, data }, { ...options, out });
      expectClose(out.data, y.y.data as Float32Array, max ? 0 : 1e-5, max ? 0 : 1e-5, what);
      if ('indices' in result) {
        const plane = out.size / (n * c);
        const inPlane = inSize.reduce((a, b) => a * b, 1);
        const theirs = Array.from(y.indices.data as BigInt64Array, (v, i) => Number(v) - Math.floor(i / plane) * inPlane);
        expect(Array.from(result.indices.data), `${what}: indices`).toEqual(theirs);
        result.indices.dispose();
      }
      out.dispose();
      ran++;
    }
    expect(ran).toBe(120);
  });
});
