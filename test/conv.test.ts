// rs.conv*d / rs.convTranspose*d against the zero-insertion worked example
// (Dumoulin & Visin, "A guide to convolution arithmetic for deep learning"), PyTorch
// fixtures, the adjoint identity, the scalar oracle, and every argument rule;
// rs.upsampleConv2d against interpolate + conv2d; rs.convTransposeOverlap.
import { describe, expect, test } from 'vitest';
import type { ConvOptions, ConvTransposeOptions, Resample, Tensor } from 'resample-wasm';
import fixtures from './fixtures/conv.json' with { type: 'json' };
import { convModel } from './onnx.mjs';
import { context, decode, expectClose, expectError, expectNoLeaks, nanOut, ODD_SIZES, random, randomArray, type Encoded, useSimd } from './util.ts';
import { describeWithOrt } from './ort.ts';

const conv = (rs: Resample, rank: number) => [rs.conv1d, rs.conv2d, rs.conv3d][rank - 1].bind(rs);
const convT = (rs: Resample, rank: number) => [rs.convTranspose1d, rs.convTranspose2d, rs.convTranspose3d][rank - 1].bind(rs);

/** Runs an op, returns its values, disposes its output, checks nothing leaked. */
function values(rs: Resample, op: () => Tensor): Float32Array {
  return expectNoLeaks(rs, () => {
    const y = op();
    const v = y.toArray() as Float32Array;
    y.dispose();
    return v;
  });
}

describe('worked 4x4 transposed convolution (2x2 input, 3x3 kernel, S=2, P=1, Pout=1; Dumoulin & Visin, A guide to convolution arithmetic)', () => {
  const [a, b, c, d] = [2, 3, 5, 7];
  const k = [11, 13, 17, 19, 23, 29, 31, 37, 41]; // k1..k9
  const x = { shape: [1, 1, 2, 2], data: [a, b, c, d] };
  const options = { stride: 2, padding: 1, outputPadding: 1 };

  test("PyTorch's numbers (checked with torch 1.13 and two other engines)", async () => {
    const rs = await context();
    const y = values(rs, () => rs.convTranspose2d(x, { shape: [1, 1, 3, 3], data: k }, options));
    expect(Array.from(y)).toEqual([46, 115, 69, 87, 139, 337, 202, 242, 115, 278, 161, 203, 185, 422, 259, 287]);
  });

  test('the symbolic table of zero insertion is our result with the kernel rotated 180 degrees', async () => {
    const rs = await context();
    const r = random(3);
    for (let trial = 0; trial < 3; trial++) {
      const kk = trial === 0 ? k : Array.from({ length: 9 }, () => Math.round(r() * 40 - 20));
      const [k1, k2, k3, k4, k5, k6, k7, k8, k9] = kk;
      const zeroInsertion = [
        [k5 * a, k4 * a + k6 * b, k5 * b, k4 * b],
        [k2 * a + k8 * c, k1 * a + k3 * b + k7 * c + k9 * d, k2 * b + k8 * d, k1 * b + k7 * d],
        [k5 * c, k4 * c + k6 * d, k5 * d, k4 * d],
        [k2 * c, k1 * c + k3 * d, k2 * d, k1 * d],
      ].flat();
      const rotated = [...kk].reverse();
      const y = values(rs, () => rs.convTranspose2d(x, { shape: [1, 1, 3, 3], data: rotated }, options));
      expect(Array.from(y)).toEqual(zeroInsertion);
    }
  });
});

interface Case {
  op: 'conv' | 'convTranspose';
  rank: number;
  options: ConvOptions & ConvTransposeOptions;
  input: Encoded;
  weight: Encoded;
  bias: Encoded | null;
  expected: Encoded;
}

describe('PyTorch fixtures (torch ' + fixtures.torch + ')', () => {
  const cases = fixtures.cases as unknown as Case[];
  for (const op of ['conv', 'convTranspose'] as const) {
    for (const rank of [1, 2, 3]) {
      const mine = cases.filter((c) => c.op === op && c.rank === rank);
      test(`${op}${rank}d: ${mine.length} cases`, async () => {
        const rs = await context();
        for (const simd of [true, false]) {
          useSimd(rs, simd);
          for (const c of mine) {
            const out = nanOut(rs, c.expected.shape);
            const x = { shape: c.input.shape, data: decode(c.input) };
            const w = { shape: c.weight.shape, data: decode(c.weight) };
            const bias = c.bias ? { shape: c.bias.shape, data: decode(c.bias) } : undefined;
            const f = op === 'conv' ? conv(rs, rank) : convT(rs, rank);
            expectNoLeaks(rs, () => f(x, w, { ...c.options, bias, out }));
            expectClose(out.data, decode(c.expected), 1e-5, 1e-5, `${op}${rank}d ${JSON.stringify(c.options)} x ${JSON.stringify(c.input.shape)} w ${JSON.stringify(c.weight.shape)}`);
            out.dispose();
          }
        }
        useSimd(rs, true);
      });
    }
  }
});

describe('adjoint: <conv(x, w), y> = <x, convTranspose(y, w)> (convolution as a matrix C, transposed convolution as Cᵀ)', () => {
  for (const rank of [1, 2, 3]) {
    test(`${rank}-D, random configurations`, async () => {
      const rs = await context();
      const r = random(40 + rank);
      const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
      for (let trial = 0; trial < 12; trial++) {
        const groups = int(1, 3);
        const [cin, cout] = [groups * int(1, 3), groups * int(1, 4)];
        const kernel = Array.from({ length: rank }, () => int(1, 4));
        const stride = Array.from({ length: rank }, () => int(1, 3));
        const dilation = Array.from({ length: rank }, () => int(1, 2));
        const padding = kernel.map((k) => int(0, k - 1));
        const size = kernel.map((k, i) => dilation[i] * (k - 1) + 1 + int(0, rank === 3 ? 4 : 11));
        const x = { shape: [int(1, 2), cin, ...size], data: randomArray(0, 0) };
        x.data = randomArray(x.shape.reduce((p, q) => p * q), trial);
        const w = { shape: [cout, cin / groups, ...kernel], data: randomArray(cout * (cin / groups) * kernel.reduce((p, q) => p * q), 100 + trial) };
        const cx = conv(rs, rank)(x, w, { stride, padding, dilation, groups });
        const y = { shape: [...cx.shape], data: randomArray(cx.size, 200 + trial) };
        const ty = convT(rs, rank)(y, w, { stride, padding, dilation, groups, outputSize: size });
        expect(ty.shape).toEqual(x.shape);
        let lhs = 0;
        let rhs = 0;
        cx.data.forEach((v, i) => (lhs += v * y.data[i]));
        ty.data.forEach((v, i) => (rhs += v * x.data[i]));
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-3 * (1 + Math.abs(lhs)));
        cx.dispose();
        ty.dispose();
      }
    });
  }
});

describe('scalar oracle vs SIMD path', () => {
  const configs: [string, number, { groups?: number; [option: string]: unknown }, number[]][] = [
    ['conv2d 3x3 s1 p1 + bias', 0, { padding: 1 }, [5, 4, 3, 3]],
    ['conv2d 3x3 s2 p1 dilation 2', 0, { stride: 2, padding: 1, dilation: [2, 1] }, [6, 4, 3, 3]],
    ['conv2d depthwise 3x3', 0, { padding: 'same', groups: 4 }, [4, 1, 3, 3]],
    ['convTranspose2d 4x4 s2 p1', 1, { stride: 2, padding: 1 }, [4, 5, 4, 4]],
    ['convTranspose2d 3x3 s2 p1 op1 groups 2', 1, { stride: 2, padding: 1, outputPadding: 1, groups: 2 }, [4, 3, 3, 3]],
  ];
  for (const [name, transposed, options, wShape] of configs) {
    test(`${name}: bit for bit over odd widths`, async () => {
      const rs = await context();
      for (const width of ODD_SIZES) {
        const x = { shape: [2, 4, 5, width], data: randomArray(40 * width, width) };
        const w = { shape: wShape, data: randomArray(wShape.reduce((p, q) => p * q), 7) };
        const nOut = transposed ? wShape[1] * (options.groups ?? 1) : wShape[0];
        const bias = { shape: [nOut], data: randomArray(nOut, 9) };
        const run = () => values(rs, () => (transposed ? rs.convTranspose2d(x, w, { ...options, bias } as ConvTransposeOptions) : rs.conv2d(x, w, { ...options, bias } as ConvOptions)));
        useSimd(rs, false);
        const scalar = run();
        useSimd(rs, true);
        const vector = run();
        expect(scalar.every(Number.isFinite)).toBe(true);
        expect(new Uint32Array(vector.buffer)).toEqual(new Uint32Array(scalar.buffer));
      }
    });
  }
});

describe('Winograd path (transposed, kernel = 2 x stride, >= 4 in and >= 8 out channels per group)', () => {
  const configs: [number[], number[], ConvTransposeOptions][] = [
    [[2, 8, 9, 13], [8, 16, 4, 4], { stride: 2, padding: 1 }],
    [[1, 8, 5, 6], [8, 9, 6, 6], { stride: 3, padding: 2, outputPadding: 2, groups: 2 }],
    [[1, 4, 3, 5], [4, 8, 16, 16], { stride: 8, padding: 4 }],
  ];
  for (const [xShape, wShape, options] of configs) {
    test(`x ${JSON.stringify(xShape)} w ${JSON.stringify(wShape)} ${JSON.stringify(options)} agrees with the scalar oracle`, async () => {
      const rs = await context();
      const x = { shape: xShape, data: randomArray(xShape.reduce((p, q) => p * q), 1) };
      const w = { shape: wShape, data: randomArray(wShape.reduce((p, q) => p * q), 2) };
      const nOut = wShape[1] * (options.groups ?? 1);
      const bias = { shape: [nOut], data: randomArray(nOut, 3) };
      useSimd(rs, false);
      const scalar = values(rs, () => rs.convTranspose2d(x, w, { ...options, bias }));
      useSimd(rs, true);
      const shape = rs.convTranspose2d(x, w, { ...options, bias });
      const out = nanOut(rs, shape.shape);
      shape.dispose();
      expectNoLeaks(rs, () => rs.convTranspose2d(x, w, { ...options, bias, out }));
      expectClose(out.data, scalar, 1e-5, 1e-5);
      out.dispose();
    });
  }
});

describe('upsampleConv2d: interpolate fused into conv2d', () => {
  const cases = [
    { scaleFactor: 2, mode: 'nearest' as const, padding: 1 },
    { scaleFactor: 2, mode: 'bilinear' as const, padding: 1, stride: 2 },
    { scaleFactor: [1.5, 3], mode: 'bilinear' as const, alignCorners: true, padding: 'same' as const },
    { size: [7, 5], mode: 'nearest' as const, groups: 2 },
  ];
  for (const options of cases) {
    test(`${JSON.stringify(options)} equals interpolate then conv2d, bit for bit`, async () => {
      const rs = await context();
      for (const width of [1, 3, 6, 9]) {
        const x = { shape: [2, 4, 3, width], data: randomArray(24 * width, width) };
        const w = { shape: [6, 4 / (options.groups ?? 1), 3, 3], data: randomArray((6 * 36) / (options.groups ?? 1), 3) };
        const bias = { shape: [6], data: randomArray(6, 4) };
        const { scaleFactor, size, mode, alignCorners, ...convOptions } = options as typeof options & { size?: number[]; scaleFactor?: number; alignCorners?: boolean };
        for (const simd of [true, false]) {
          useSimd(rs, simd);
          const fused = values(rs, () => rs.upsampleConv2d(x, w, { ...options, bias }));
          const plain = values(rs, () => {
            const u = rs.interpolate(x, { scaleFactor, size, mode, alignCorners });
            const y = rs.conv2d(u, w, { ...convOptions, bias });
            u.dispose();
            return y;
          });
          expect(new Uint32Array(fused.buffer)).toEqual(new Uint32Array(plain.buffer));
        }
        useSimd(rs, true);
      }
    });
  }
});

describe('convTransposeOverlap: the checkerboard', () => {
  test('K=3, S=2 is uneven; K=4, S=2 is even inside the border', async () => {
    const rs = await context();
    const uneven = rs.convTransposeOverlap(3, 2, { padding: 1, outputPadding: 1 });
    expect(uneven.shape).toEqual([8, 8]);
    const row = [1, 2, 1, 2, 1, 2, 1, 1];
    expect(Array.from(uneven.data)).toEqual(row.flatMap((a) => row.map((b) => a * b)));
    uneven.dispose();
    const even = rs.convTransposeOverlap([4, 4], [2, 2], { padding: 1 });
    const row4 = [1, 2, 2, 2, 2, 2, 2, 1];
    expect(Array.from(even.data)).toEqual(row4.flatMap((a) => row4.map((b) => a * b)));
    even.dispose();
  });

  test('equals a transposed convolution of ones by ones, 1-D to 3-D', async () => {
    const rs = await context();
    const configs = [
      { k: [5], s: [3], o: { padding: 2, dilation: 1, inputSize: 6 } },
      { k: [3, 2], s: [2, 3], o: { padding: [1, 0], outputPadding: [1, 2], inputSize: [3, 5] } },
      { k: [2, 3, 3], s: [2, 2, 1], o: { dilation: [1, 2, 1], inputSize: 3 } },
    ];
    for (const { k, s, o } of configs) {
      const rank = k.length;
      const inSize = typeof o.inputSize === 'number' ? Array(rank).fill(o.inputSize) : o.inputSize;
      const counts = rs.convTransposeOverlap(k, s, o);
      const ones = (shape: number[]) => ({ shape, data: new Float32Array(shape.reduce((p, q) => p * q)).fill(1) });
      const { inputSize: _, ...options } = o;
      const y = convT(rs, rank)(ones([1, 1, ...inSize]), ones([1, 1, ...k]), { ...options, stride: s });
      expect([1, 1, ...counts.shape]).toEqual(y.shape);
      expect(Array.from(counts.data)).toEqual(Array.from(y.data));
      counts.dispose();
      y.dispose();
    }
  });
});

describe('argument rules', () => {
  const x = { shape: [1, 4, 5, 5], data: new Float32Array(100) };
  const w = { shape: [6, 2, 3, 3], data: new Float32Array(108) };
  const wt = { shape: [4, 3, 3, 3], data: new Float32Array(108) };

  test('conv errors name the option', async () => {
    const rs = await context();
    const wrong = rs.empty([1, 6, 4, 4]);
    const bad: [() => unknown, string, string][] = [
      [() => rs.conv2d({ shape: [20, 5], data: new Float32Array(100) }, w, { groups: 2 }), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.conv2d(x, { shape: [6, 2, 9], data: new Float32Array(108) }, { groups: 2 }), 'INVALID_ARGUMENT', 'weight.shape'],
      [() => rs.conv2d(x, w), 'SHAPE_MISMATCH', 'groups 1 expects x with 2 channels'],
      [() => rs.conv2d(x, { shape: [5, 2, 3, 3], data: new Float32Array(90) }, { groups: 2 }), 'INVALID_ARGUMENT', 'groups'],
      [() => rs.conv2d(x, w, { groups: 0 }), 'INVALID_ARGUMENT', 'groups'],
      [() => rs.conv2d(x, w, { groups: 2, bias: { shape: [5], data: new Float32Array(5) } }), 'SHAPE_MISMATCH', 'bias'],
      [() => rs.conv2d(x, w, { groups: 2, stride: 0 }), 'INVALID_ARGUMENT', 'stride'],
      [() => rs.conv2d(x, w, { groups: 2, stride: [1, 2, 3] }), 'INVALID_ARGUMENT', 'stride'],
      [() => rs.conv2d(x, w, { groups: 2, dilation: 1.5 }), 'INVALID_ARGUMENT', 'dilation'],
      [() => rs.conv2d(x, w, { groups: 2, padding: -1 }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.conv2d(x, w, { groups: 2, padding: 'full' as 'same' }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.conv2d(x, w, { groups: 2, padding: 'same', stride: 2 }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.conv2d(x, w, { groups: 2, dilation: 3 }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.conv2d({ shape: [0, 4, 5, 5], data: [] }, w, { groups: 2 }), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.conv2d(x, { shape: [6, 2, 0, 3], data: [] }, { groups: 2 }), 'INVALID_ARGUMENT', 'weight.shape'],
      [() => rs.conv2d(x, w, { groups: 2, out: wrong }), 'SHAPE_MISMATCH', 'out'],
      [() => rs.conv1d(x, w), 'INVALID_ARGUMENT', 'x.shape'],
    ];
    for (const [f, code, option] of bad) expectError(rs, f, code, option);
    wrong.dispose();
  });

  test('convTranspose errors name the option', async () => {
    const rs = await context();
    const bad: [() => unknown, string, string][] = [
      [() => rs.convTranspose2d(x, { shape: [3, 3, 3, 3], data: new Float32Array(81) }), 'SHAPE_MISMATCH', 'weight.shape'],
      [() => rs.convTranspose2d(x, wt, { groups: 3 }), 'INVALID_ARGUMENT', 'groups'],
      [() => rs.convTranspose2d(x, wt, { bias: { shape: [4], data: new Float32Array(4) } }), 'SHAPE_MISMATCH', 'bias'],
      [() => rs.convTranspose2d(x, wt, { padding: 'same' as unknown as number }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.convTranspose2d(x, wt, { stride: 2, outputPadding: 2 }), 'INVALID_ARGUMENT', 'outputPadding'],
      [() => rs.convTranspose2d(x, wt, { outputPadding: 1 }), 'INVALID_ARGUMENT', 'outputPadding'],
      [() => rs.convTranspose2d(x, wt, { outputPadding: -1 }), 'INVALID_ARGUMENT', 'outputPadding'],
      [() => rs.convTranspose2d(x, wt, { padding: 5 }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.convTranspose2d(x, wt, { stride: 2, outputSize: [12, 13] }), 'INVALID_ARGUMENT', 'outputSize'],
      [() => rs.convTranspose2d(x, wt, { stride: 2, outputSize: [11] }), 'INVALID_ARGUMENT', 'outputSize'],
      [() => rs.convTranspose2d(x, wt, { stride: 2, outputSize: [11, 11], outputPadding: 0 }), 'INVALID_ARGUMENT', 'outputPadding'],
      [() => rs.convTranspose3d({ shape: [4, 5, 5], data: new Float32Array(100) }, wt), 'INVALID_ARGUMENT', 'x.shape'],
    ];
    for (const [f, code, option] of bad) expectError(rs, f, code, option);
  });

  test('outputSize picks outputPadding (also given as the full shape); dilation allows outputPadding < dilation', async () => {
    const rs = await context();
    for (const size of [[11, 12], [1, 3, 12, 11]]) {
      const y = rs.convTranspose2d(x, wt, { stride: 2, outputSize: size });
      expect(y.shape).toEqual([1, 3, ...size.slice(-2)]);
      y.dispose();
    }
    const y = rs.convTranspose2d(x, wt, { dilation: 3, outputPadding: 2 });
    expect(y.shape).toEqual([1, 3, 13, 13]);
    y.dispose();
  });

  test('upsampleConv2d and convTransposeOverlap errors', async () => {
    const rs = await context();
    const bad: [() => unknown, string, string][] = [
      [() => rs.upsampleConv2d(x, w, { groups: 2, scaleFactor: 2, mode: 'bicubic' as 'nearest' }), 'INVALID_ARGUMENT', 'mode'],
      [() => rs.upsampleConv2d(x, w, { groups: 2, scaleFactor: 2, alignCorners: true }), 'INVALID_ARGUMENT', 'alignCorners'],
      [() => rs.upsampleConv2d(x, w, { groups: 2 }), 'INVALID_ARGUMENT', 'size'],
      [() => rs.upsampleConv2d(x, w, { groups: 2, scaleFactor: 0.1 }), 'INVALID_ARGUMENT', 'scaleFactor'],
      [() => rs.upsampleConv2d(x, w, { scaleFactor: 2 }), 'SHAPE_MISMATCH', 'weight.shape'],
      [() => rs.convTransposeOverlap(0, 2), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.convTransposeOverlap(3, [2, 2, 2, 2]), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.convTransposeOverlap(3, 2, { outputPadding: 2 }), 'INVALID_ARGUMENT', 'outputPadding'],
      [() => rs.convTransposeOverlap(3, 2, { inputSize: 0 }), 'INVALID_ARGUMENT', 'inputSize'],
    ];
    for (const [f, code, option] of bad) expectError(rs, f, code, option);
  });

  test('inputs are never disposed or written; out receives the result', async () => {
    const rs = await context();
    const xt = rs.tensor([1, 4, 5, 5], randomArray(100, 1));
    const wtT = rs.tensor([6, 2, 3, 3], randomArray(108, 2));
    const before = xt.toArray();
    const out = nanOut(rs, [1, 6, 3, 3]);
    const y = rs.conv2d(xt, wtT, { groups: 2, out });
    expect(y).toBe(out);
    expect(out.data.every(Number.isFinite)).toBe(true);
    expect(xt.toArray()).toEqual(before);
    expectError(rs, () => rs.conv2d(xt, wtT, { groups: 2, out: xt }), 'SHAPE_MISMATCH', 'out');
    for (const t of [xt, wtT, out]) t.dispose();
  });
});

/**
 * A second engine on random configurations: ONNX Conv / ConvTranspose have
 * PyTorch's weight layouts; ORT rejects outputPadding >= stride, so those
 * stay below the stride here. Some 2-D transposed cases take the Winograd path.
 */
describeWithOrt('cross-check: onnxruntime-node Conv and ConvTranspose on random configurations', (ort) => {
  test('60 random cases, 1-D to 3-D', async () => {
    const rs = await context();
    const r = random(77);
    const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
    for (let k = 0; k < 60; k++) {
      const rank = 1 + (k % 3);
      const transposed = k % 2 === 1;
      const winograd = transposed && rank === 2 && k % 4 === 1;
      const groups = winograd ? 1 : int(1, 2);
      const [cin, cout] = winograd ? [8, 16] : [groups * int(1, 3), groups * int(1, 3)];
      const stride = Array.from({ length: rank }, () => int(1, 3));
      const kernel = stride.map((s) => (winograd ? 2 * s : int(1, 4)));
      const dilation = kernel.map(() => (winograd ? 1 : int(1, 2)));
      const padding = kernel.map((q, i) => int(0, Math.floor((dilation[i] * (q - 1)) / 2)));
      const size = kernel.map((q, i) => dilation[i] * (q - 1) + int(1, rank === 3 ? 4 : 9));
      const xShape = [int(1, 2), cin, ...size];
      const x = { shape: xShape, data: randomArray(xShape.reduce((p, q) => p * q), 300 + k) };
      const wShape = transposed ? [cin, cout / groups, ...kernel] : [cout, cin / groups, ...kernel];
      const w = { shape: wShape, data: randomArray(wShape.reduce((p, q) => p * q), 400 + k) };
      const bias = { shape: [cout], data: randomArray(cout, 500 + k) };
      const outputPadding = stride.map((s) => int(0, s - 1));
      const options = { stride, padding, dilation, groups, bias, ...(transposed ? { outputPadding } : {}) };
      const y = transposed ? convT(rs, rank)(x, w, options) : conv(rs, rank)(x, w, options);
      const attrs: Record<string, number | number[]> = { strides: stride, pads: [...padding, ...padding], dilations: dilation, group: groups };
      if (transposed) attrs.output_padding = outputPadding;
      const model = convModel(transposed ? 'ConvTranspose' : 'Conv', x.shape, w, attrs, bias);
      const session = await ort.InferenceSession.create(model);
      const result = await session.run({ x: new ort.Tensor('float32', x.data, x.shape) });
      expect(result.y.dims).toEqual(y.shape);
      expectClose(y.data, result.y.data as Float32Array, 1e-5, 1e-5, `${transposed ? 'ConvTranspose' : 'Conv'} ${JSON.stringify({ x: x.shape, w: wShape, stride, padding, dilation, groups })}`);
      y.dispose();
    }
  });
});
