// rs.fold (col2im) against PyTorch fixtures, as unfold's adjoint and inverse
// where blocks tile the image, onnxruntime-node's Col2Im, the scalar oracle,
// and every argument rule.
import { describe, expect, test } from 'vitest';
import type { FoldOptions, Resample, Tensor } from 'resample-wasm';
import fixtures from './fixtures/fold.json' with { type: 'json' };
import { singleNodeModel } from './onnx.mjs';
import { describeWithOrt } from './ort.ts';
import { context, decode, expectClose, expectError, expectNoLeaks, nanOut, ODD_SIZES, random, randomArray, type Encoded, useSimd } from './util.ts';

interface Case {
  options: FoldOptions;
  input: Encoded;
  expected: Encoded;
}

const bits = (a: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

describe('PyTorch fixtures (torch ' + fixtures.torch + ')', () => {
  test(`${fixtures.cases.length} cases (overlaps summed in PyTorch's order, gaps, +inf meeting -inf), bit-exact`, async () => {
    const rs = await context();
    for (const c of fixtures.cases as unknown as Case[]) {
      const out = nanOut(rs, c.expected.shape);
      expectNoLeaks(rs, () => rs.fold({ shape: c.input.shape, data: decode(c.input) }, { ...c.options, out }));
      expect(bits(out.data), `${JSON.stringify(c.options)} on ${JSON.stringify(c.input.shape)}`).toEqual(bits(decode(c.expected)));
      out.dispose();
    }
  });
});

describe('properties', () => {
  const geometries: Omit<FoldOptions, 'outputSize'>[] = [
    { kernelSize: 3, padding: 1 },
    { kernelSize: [2, 3], stride: [2, 1], dilation: [2, 1], padding: [1, 2] },
    { kernelSize: 2, stride: 3 },
  ];

  test('the adjoint of unfold: <unfold(x), y> = <x, fold(y)>', async () => {
    const rs = await context();
    for (const [t, g] of geometries.entries()) {
      const shape = [2, 3, 7, 9];
      const x = rs.tensor(shape, randomArray(size(shape), t));
      const u = rs.unfold(x, g);
      const y = rs.tensor(u.shape, randomArray(u.size, 20 + t));
      const f = rs.fold(y, { ...g, outputSize: [7, 9] });
      expect(f.shape).toEqual(shape);
      let lhs = 0;
      let rhs = 0;
      for (let i = 0; i < u.size; i++) lhs += u.data[i] * y.data[i];
      for (let i = 0; i < x.size; i++) rhs += x.data[i] * f.data[i];
      expect(Math.abs(lhs - rhs), JSON.stringify(g)).toBeLessThan(1e-4 * (1 + Math.abs(lhs)));
      for (const tensor of [x, u, y, f]) tensor.dispose();
    }
  });

  test('fold(unfold(x)) = x where blocks tile the image, and = x × taps-per-position where they overlap', async () => {
    const rs = await context();
    const x = rs.tensor([1, 2, 6, 9], randomArray(108, 5));
    const made: Tensor[] = [x];
    const roundTrip = (t: Tensor, g: Omit<FoldOptions, 'outputSize'>) => {
      const cols = rs.unfold(t, g);
      const back = rs.fold(cols, { ...g, outputSize: [6, 9] });
      made.push(cols, back);
      return back;
    };
    expect(bits(roundTrip(x, { kernelSize: 3, stride: 3 }).data)).toEqual(bits(x.data));
    const ones = rs.tensor([1, 2, 6, 9], new Float32Array(108).fill(1));
    made.push(ones);
    const counts = roundTrip(ones, { kernelSize: 3, padding: 1 });
    const folded = roundTrip(x, { kernelSize: 3, padding: 1 });
    for (let i = 0; i < 108; i++) expect(folded.data[i]).toBeCloseTo(x.data[i] * counts.data[i], 5);
    // Padding 1: inner positions take all 9 taps, edges 6, corners 4.
    expect(new Set(counts.data)).toEqual(new Set([4, 6, 9]));
    for (const t of made) t.dispose();
  });
});

describe('scalar oracle vs SIMD path', () => {
  test('bit for bit over odd widths, strides 1 and 2, with overlaps and padding', async () => {
    const rs = await context();
    const run = (x: Tensor, o: FoldOptions, simd: boolean) => {
      useSimd(rs, simd);
      const y = rs.fold(x, o);
      const b = bits(y.data);
      y.dispose();
      return b;
    };
    for (const w of ODD_SIZES) {
      for (const g of [{ kernelSize: [3, 3], padding: 1 }, { kernelSize: [2, 1], stride: [1, 2], padding: [0, 1] }, { kernelSize: [1, 2], dilation: 2, padding: 2 }]) {
        const o = { ...g, outputSize: [5, w] };
        const probe = rs.unfold({ shape: [1, 2, 5, w], data: new Float32Array(10 * w) }, g);
        const x = rs.tensor(probe.shape, randomArray(probe.size, w));
        expect(run(x, o, true), `${JSON.stringify(g)} w=${w}`).toEqual(run(x, o, false));
        probe.dispose();
        x.dispose();
      }
    }
    useSimd(rs, true);
  });
});

describe('arguments', () => {
  test('ints or pairs; unbatched input; empty batches pass through', async () => {
    const rs = await context();
    const data = randomArray(18 * 9, 1);
    const a = rs.fold({ shape: [1, 18, 9], data }, { outputSize: 5, kernelSize: 3, stride: 2, padding: 1 });
    const b = rs.fold({ shape: [18, 9], data }, { outputSize: [5, 5], kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1] });
    expect(a.shape).toEqual([1, 2, 5, 5]);
    expect(b.shape).toEqual([2, 5, 5]);
    expect(bits(b.data)).toEqual(bits(a.data));
    const empty = rs.fold({ shape: [0, 8, 16], data: [] }, { outputSize: 5, kernelSize: 2 });
    expect(empty.shape).toEqual([0, 2, 5, 5]);
    for (const t of [a, b, empty]) t.dispose();
  });

  test('every invalid argument names its option; nothing leaks', async () => {
    const rs: Resample = await context();
    const X = { shape: [2, 27, 12], data: randomArray(2 * 27 * 12, 2) };
    const o = { outputSize: [5, 6], kernelSize: 3 };
    const wrongOut = rs.empty([2, 3, 5, 7]);
    const bad: [() => unknown, string, string][] = [
      [() => rs.fold(X, { kernelSize: 3 } as never), 'INVALID_ARGUMENT', 'outputSize'],
      [() => rs.fold(X, { outputSize: [5, 6] } as never), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.fold(X, { ...o, outputSize: [5, 6, 7] }), 'INVALID_ARGUMENT', 'outputSize'],
      [() => rs.fold(X, { ...o, outputSize: [0, 6] }), 'INVALID_ARGUMENT', 'outputSize'],
      [() => rs.fold(X, { ...o, kernelSize: 0 }), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.fold(X, { ...o, dilation: 0 }), 'INVALID_ARGUMENT', 'dilation'],
      [() => rs.fold(X, { ...o, padding: -1 }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.fold(X, { ...o, stride: 0 }), 'INVALID_ARGUMENT', 'stride'],
      // L must be the number of blocks the geometry gives (PyTorch: 3 × 5 = 15, got 12).
      [() => rs.fold(X, { ...o, outputSize: [5, 7] }), 'INVALID_ARGUMENT', '3 × 5 = 15'],
      [() => rs.fold(X, { ...o, padding: 1 }), 'INVALID_ARGUMENT', 'x.shape'],
      // C·kh·kw must divide by kh·kw.
      [() => rs.fold({ shape: [2, 26, 12], data: X.data.slice(0, 624) }, o), 'INVALID_ARGUMENT', 'kernelSize [3, 3]'],
      [() => rs.fold(X, { ...o, outputSize: [2, 2] }), 'INVALID_ARGUMENT', 'outputSize'],
      [() => rs.fold({ shape: [1, 2, 27, 12], data: X.data }, o), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.fold({ shape: [2, 0, 12], data: [] }, o), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.fold({ shape: [2, 27, 0], data: [] }, o), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.fold(X, { ...o, size: 3 } as never), 'INVALID_ARGUMENT', "unknown option 'size'"],
      [() => rs.fold(X, { ...o, out: wrongOut }), 'SHAPE_MISMATCH', 'out'],
    ];
    for (const [body, code, option] of bad) expectError(rs, body, code, option);
    expectError(rs, () => rs.fold(X, { ...o, outputSize: [5, 7] }), 'INVALID_ARGUMENT', /^fold: /);
    // One block strided over a 1e5 x 1e5 image: 4e10 bytes of gaps.
    const one = { shape: [1, 1, 1], data: [1] };
    expectError(rs, () => rs.fold(one, { outputSize: 1e5, kernelSize: 1, stride: 1e5 }), 'OUT_OF_MEMORY', /^fold: cannot allocate/);
    wrongOut.dispose();
  });
});

describeWithOrt('cross-check: onnxruntime-node Col2Im (opset 18) on random geometries', (ort) => {
  test('fold = Col2Im, 24 cases', async () => {
    const rs = await context();
    const r = random(77);
    const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
    for (let k = 0; k < 24; k++) {
      const [kernel, dilation, stride, padding] = [[int(1, 4), int(1, 4)], [int(1, 2), int(1, 2)], [int(1, 3), int(1, 3)], [int(0, 2), int(0, 2)]];
      // At least one block per axis.
      const size = kernel.map((n, a) => dilation[a] * (n - 1) + 1 + int(0, 8));
      const blocks = size.map((n, a) => Math.floor((n + 2 * padding[a] - dilation[a] * (kernel[a] - 1) - 1) / stride[a]) + 1);
      const shape = [int(1, 2), int(1, 3) * kernel[0] * kernel[1], blocks[0] * blocks[1]];
      const data = randomArray(shape.reduce((a, b) => a * b, 1), 300 + k);
      const model = singleNodeModel({
        op: 'Col2Im',
        opset: 18,
        inputs: [{ name: 'x', shape }],
        initializers: { size: { dims: [2], type: 'int64', data: size }, kernel: { dims: [2], type: 'int64', data: kernel } },
        nodeInputs: ['x', 'size', 'kernel'],
        outputs: [{ name: 'y' }],
        attrs: { dilations: dilation, strides: stride, pads: [...padding, ...padding] },
      });
      const session = await ort.InferenceSession.create(model);
      const y = (await session.run({ x: new ort.Tensor('float32', data, shape) })).y;
      const out = rs.fold({ shape, data }, { outputSize: size, kernelSize: kernel, dilation, stride, padding });
      expect(out.shape).toEqual(y.dims);
      expectClose(out.data, y.data as Float32Array, 1e-5, 1e-5, JSON.stringify({ size, kernel, dilation, stride, padding }));
      out.dispose();
    }
  });
});
