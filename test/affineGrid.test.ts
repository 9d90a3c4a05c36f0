// rs.affineGrid against PyTorch fixtures, its geometry, every argument rule,
// and onnxruntime-node's AffineGrid (opset 20).
import { describe, expect, test } from 'vitest';
import type { Resample } from 'resample-wasm';
import fixtures from './fixtures/affineGrid.json' with { type: 'json' };
import { singleNodeModel } from './onnx.mjs';
import { context, decode, expectClose, expectError, expectNoLeaks, nanOut, randomArray, type Encoded } from './util.ts';
import { describeWithOrt } from './ort.ts';

interface Case {
  size: number[];
  alignCorners: boolean;
  theta: Encoded;
  expected: Encoded;
}

describe('PyTorch fixtures (torch ' + fixtures.torch + ')', () => {
  test(`${fixtures.cases.length} cases within 1e-5`, async () => {
    const rs = await context();
    for (const c of fixtures.cases as unknown as Case[]) {
      const out = nanOut(rs, c.expected.shape);
      expectNoLeaks(rs, () => rs.affineGrid({ shape: c.theta.shape, data: decode(c.theta) }, c.size, { alignCorners: c.alignCorners, out }));
      expectClose(out.data, decode(c.expected), 1e-5, 1e-5, `size ${JSON.stringify(c.size)} alignCorners=${c.alignCorners}`);
      out.dispose();
    }
  });
});

describe('geometry', () => {
  test('the identity puts the corner pixels at ±1 (alignCorners) or their centres at ±(n − 1)/n', async () => {
    const rs = await context();
    const eye = { shape: [1, 2, 3], data: [1, 0, 0, 0, 1, 0] };
    const a = rs.affineGrid(eye, [1, 1, 2, 5], { alignCorners: true });
    expect(Array.from(a.data.slice(0, 10))).toEqual([-1, -1, -0.5, -1, 0, -1, 0.5, -1, 1, -1]);
    const b = rs.affineGrid(eye, [1, 1, 2, 5]);
    expectClose(b.data.slice(0, 10), [-0.8, -0.5, -0.4, -0.5, 0, -0.5, 0.4, -0.5, 0.8, -0.5]);
    for (const t of [a, b]) t.dispose();
  });
});

describe('arguments', () => {
  test('every invalid argument names its option; nothing leaks', async () => {
    const rs: Resample = await context();
    const T2 = { shape: [2, 2, 3], data: new Float32Array(12) };
    const T3 = { shape: [1, 3, 4], data: new Float32Array(12) };
    const wrongOut = rs.empty([2, 3, 4, 3]);
    const bad: [() => unknown, string, string][] = [
      [() => rs.affineGrid(T2, [2, 1, 3]), 'INVALID_ARGUMENT', 'size'],
      [() => rs.affineGrid(T2, [2, 1, 3, 0]), 'INVALID_ARGUMENT', 'size'],
      [() => rs.affineGrid(T2, [2, 1, 3, 2.5]), 'INVALID_ARGUMENT', 'size'],
      [() => rs.affineGrid(T2, 4 as never), 'INVALID_ARGUMENT', 'size'],
      [() => rs.affineGrid(T2, [1, 1, 3, 4]), 'INVALID_ARGUMENT', 'theta.shape'],
      [() => rs.affineGrid(T2, [2, 1, 2, 3, 4]), 'INVALID_ARGUMENT', 'theta.shape'],
      [() => rs.affineGrid(T3, [1, 1, 3, 4]), 'INVALID_ARGUMENT', 'theta.shape'],
      [() => rs.affineGrid({ shape: [2, 6], data: new Float32Array(12) }, [2, 1, 3, 4]), 'INVALID_ARGUMENT', 'theta.shape'],
      [() => rs.affineGrid(T2, [2, 1, 3, 4], { alignCorners: 'yes' as never }), 'INVALID_ARGUMENT', 'alignCorners'],
      [() => rs.affineGrid(T2, [2, 1, 3, 4], { aligncorners: true } as never), 'INVALID_ARGUMENT', 'aligncorners'],
      [() => rs.affineGrid(T2, [2, 1, 3, 4], { out: wrongOut }), 'SHAPE_MISMATCH', 'out'],
    ];
    for (const [body, code, option] of bad) expectError(rs, body, code, option);
    wrongOut.dispose();
  });
});

// A size-1 axis with align_corners: PyTorch places its one point at 0,
// onnxruntime-node 1.30 at 1 (identity theta, size [1, 1, 1, 3]: y = 1); that
// combination is left to the PyTorch fixtures. Everything else agrees.
describeWithOrt('cross-check: onnxruntime-node AffineGrid (opset 20)', (ort) => {
  test('2-D and 3-D, alignCorners both ways, odd and size-1 axes', async () => {
    const rs = await context();
    let k = 0;
    for (const size of [[2, 3, 5, 7], [1, 1, 1, 4], [2, 1, 3, 4, 5], [1, 2, 1, 1, 6]]) {
      const rank = size.length - 2;
      for (const alignCorners of [false, true]) {
        if (alignCorners && size.slice(2).includes(1)) continue;
        const shape = [size[0], rank, rank + 1];
        const theta = randomArray(shape.reduce((a, b) => a * b, 1), 700 + k++);
        const model = singleNodeModel({
          op: 'AffineGrid', opset: 20,
          inputs: [{ name: 'theta', shape }],
          initializers: { size: { dims: [size.length], type: 'int64', data: size } },
          nodeInputs: ['theta', 'size'],
          outputs: [{ name: 'grid' }],
          attrs: { align_corners: alignCorners ? 1 : 0 },
        });
        const session = await ort.InferenceSession.create(model);
        const g = (await session.run({ theta: new ort.Tensor('float32', theta, shape) })).grid;
        const out = rs.affineGrid({ shape, data: theta }, size, { alignCorners });
        expect(out.shape).toEqual(g.dims);
        expectClose(out.data, g.data as Float32Array, 1e-5, 1e-5, `size ${JSON.stringify(size)} alignCorners=${alignCorners}`);
        out.dispose();
      }
    }
  });
});
