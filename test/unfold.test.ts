// rs.unfold (im2col) against PyTorch fixtures, conv2d as a matrix product
// (and examples/conv-as-matmul.mjs, run here so it cannot rot), the scalar
// oracle, and every argument rule.
import { describe, expect, test } from 'vitest';
import type { Resample, Tensor, UnfoldOptions } from 'resample-wasm';
import fixtures from './fixtures/unfold.json' with { type: 'json' };
import { convAsMatmul } from '../examples/conv-as-matmul.mjs';
import { context, decode, expectClose, expectError, expectNoLeaks, nanOut, ODD_SIZES, randomArray, type Encoded, useSimd } from './util.ts';

interface Case {
  options: UnfoldOptions;
  input: Encoded;
  expected: Encoded;
}

const bits = (a: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

describe('PyTorch fixtures (torch ' + fixtures.torch + ')', () => {
  test(`${fixtures.cases.length} cases, bit-exact (NaN, infinities and -0 copied as they are)`, async () => {
    const rs = await context();
    for (const c of fixtures.cases as unknown as Case[]) {
      const out = nanOut(rs, c.expected.shape);
      expectNoLeaks(rs, () => rs.unfold({ shape: c.input.shape, data: decode(c.input) }, { ...c.options, out }));
      expect(bits(out.data), `${JSON.stringify(c.options)} on ${JSON.stringify(c.input.shape)}`).toEqual(bits(decode(c.expected)));
      out.dispose();
    }
  });
});

describe('conv2d as a matrix product', () => {
  test('conv2d(x, w) = W[Cout, C·kh·kw] × unfold(x), for strides, padding, dilation and non-square kernels', async () => {
    const rs = await context();
    const geometries = [
      { kernel: [3, 3], stride: 1, padding: 1, dilation: 1 },
      { kernel: [2, 3], stride: [2, 1], padding: [1, 0], dilation: [1, 2] },
      { kernel: [1, 1], stride: 3, padding: 0, dilation: 1 },
    ];
    for (const [t, g] of geometries.entries()) {
      const [n, ch, cout, h, w] = [2, 3, 4, 7, 9];
      const x = rs.tensor([n, ch, h, w], randomArray(n * ch * h * w, t));
      const k = g.kernel[0] * g.kernel[1];
      const weight = rs.tensor([cout, ch, ...g.kernel], randomArray(cout * ch * k, 10 + t));
      const direct = rs.conv2d(x, weight, { stride: g.stride, padding: g.padding, dilation: g.dilation });
      const cols = rs.unfold(x, { kernelSize: g.kernel, stride: g.stride, padding: g.padding, dilation: g.dilation });
      const [rows, length] = cols.shape.slice(1);
      expect(rows).toBe(ch * k);
      expect(length).toBe(size(direct.shape.slice(2)));
      const product = new Float32Array(n * cout * length);
      for (let b = 0; b < n; b++) {
        for (let o = 0; o < cout; o++) {
          for (let r = 0; r < rows; r++) {
            const wv = weight.data[o * rows + r];
            for (let l = 0; l < length; l++) product[(b * cout + o) * length + l] += wv * cols.data[(b * rows + r) * length + l];
          }
        }
      }
      expectClose(product, direct.data, 1e-5, 1e-5, JSON.stringify(g));
      for (const tensor of [x, weight, direct, cols]) tensor.dispose();
    }
  });

  test('examples/conv-as-matmul.mjs: the notes\' 4×4 worked example, both ways', async () => {
    const rs = await context();
    const r = expectNoLeaks(rs, () => convAsMatmul(rs));
    expect(r.conv.viaUnfold).toEqual(r.conv.direct);
    expect(r.convTranspose.viaFold).toEqual(r.convTranspose.direct);
    // The notes' table holds with the kernel turned 180°, as test/conv.test.ts shows for convTranspose2d.
    expect(r.convTranspose.direct).toEqual(r.convTranspose.notesRotated);
    expect(r.convTranspose.direct).not.toEqual(r.convTranspose.notesAsWritten);
    expect(r.ctRows[0]).toEqual([5, 0, 0, 0]);
    expect(r.ctRows[5]).toEqual([9, 7, 3, 1]);
  });
});

describe('scalar oracle vs SIMD path', () => {
  test('bit for bit over odd widths, strides 1 and 2, with padding', async () => {
    const rs = await context();
    const run = (x: Tensor, o: UnfoldOptions, simd: boolean) => {
      useSimd(rs, simd);
      const y = rs.unfold(x, o);
      const b = bits(y.data);
      y.dispose();
      return b;
    };
    for (const w of ODD_SIZES) {
      const x = rs.tensor([1, 2, 5, w], randomArray(10 * w, w));
      for (const o of [{ kernelSize: [3, 3], padding: 1 }, { kernelSize: [2, 1], stride: [1, 2], padding: [0, 1] }, { kernelSize: [1, 2], dilation: 2, padding: 2 }]) {
        expect(run(x, o, true), `${JSON.stringify(o)} w=${w}`).toEqual(run(x, o, false));
      }
      x.dispose();
    }
    useSimd(rs, true);
  });
});

describe('arguments', () => {
  test('ints or pairs; unbatched input; empty batches pass through', async () => {
    const rs = await context();
    const data = randomArray(2 * 5 * 6, 1);
    const a = rs.unfold({ shape: [1, 2, 5, 6], data }, { kernelSize: 3, stride: 2, padding: 1, dilation: 1 });
    const b = rs.unfold({ shape: [2, 5, 6], data }, { kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1] });
    expect(a.shape).toEqual([1, 18, 9]);
    expect(b.shape).toEqual([18, 9]);
    expect(bits(b.data)).toEqual(bits(a.data));
    const empty = rs.unfold({ shape: [0, 2, 5, 6], data: [] }, { kernelSize: 2 });
    expect(empty.shape).toEqual([0, 8, 20]);
    for (const t of [a, b, empty]) t.dispose();
  });

  test('every invalid argument names its option; nothing leaks', async () => {
    const rs: Resample = await context();
    const X = { shape: [1, 2, 5, 6], data: randomArray(60, 2) };
    const wrongOut = rs.empty([1, 18, 11]);
    const bad: [() => unknown, string, string][] = [
      [() => rs.unfold(X, {} as never), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.unfold(X, { kernelSize: 0 }), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.unfold(X, { kernelSize: [3] }), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.unfold(X, { kernelSize: [3, 3, 3] }), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.unfold(X, { kernelSize: 2.5 }), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.unfold(X, { kernelSize: 3, dilation: 0 }), 'INVALID_ARGUMENT', 'dilation'],
      [() => rs.unfold(X, { kernelSize: 3, padding: -1 }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.unfold(X, { kernelSize: 3, stride: 0 }), 'INVALID_ARGUMENT', 'stride'],
      [() => rs.unfold(X, { kernelSize: 3, stride: [1, '1'] as never }), 'INVALID_ARGUMENT', 'stride'],
      [() => rs.unfold(X, { kernelSize: 6 }), 'INVALID_ARGUMENT', 'kernelSize [6, 6]'],
      [() => rs.unfold(X, { kernelSize: 3, dilation: 3 }), 'INVALID_ARGUMENT', 'sliding blocks'],
      [() => rs.unfold(X, { kernelSize: 3, outputSize: 4 } as never), 'INVALID_ARGUMENT', "unknown option 'outputSize'"],
      [() => rs.unfold({ shape: [5, 6], data: X.data.slice(0, 30) }, { kernelSize: 3 }), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.unfold({ shape: [1, 1, 2, 5, 6], data: X.data }, { kernelSize: 3 }), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.unfold({ shape: [1, 0, 5, 6], data: [] }, { kernelSize: 3 }), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.unfold({ shape: [0, 5, 6], data: [] }, { kernelSize: 3 }), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.unfold(X, { kernelSize: 3, out: wrongOut }), 'SHAPE_MISMATCH', 'out'],
    ];
    for (const [body, code, option] of bad) expectError(rs, body, code, option);
    expectError(rs, () => rs.unfold(X, { kernelSize: 6 }), 'INVALID_ARGUMENT', /^unfold: /);
    // Padding 20000 makes 1.6e9 blocks per plane: more than wasm32 can hold.
    expectError(rs, () => rs.unfold(X, { kernelSize: 1, padding: 20000 }), 'OUT_OF_MEMORY', /^unfold: cannot allocate/);
    wrongOut.dispose();
  });

  test('a kernel row whose blocks all lie in the padding reads zeros (it once trapped on the vector path)', async () => {
    const rs = await context();
    const x = { shape: [1, 1, 2, 4], data: randomArray(8, 3) };
    const y = rs.unfold(x, { kernelSize: [2, 3], dilation: [5, 1], padding: [3, 1] });
    expect(y.shape).toEqual([1, 6, 12]);
    expect(Array.from(y.data).every((v) => v === 0)).toBe(true);
    y.dispose();
  });
});
