// DepthToSpace and SpaceToDepth through rs.onnx.run: onnx's reference
// implementation, onnxruntime-node, the PyTorch ops they coincide with,
// and every argument rule.
import { describe, expect, test } from 'vitest';
import fixture from './fixtures/onnxLayout.json' with { type: 'json' };
import { testAgainstOrt, testFixture, type OnnxFixture } from './onnxCases.ts';
import { describeWithOrt } from './ort.ts';
import { context, expectError, expectNoLeaks, randomArray, useSimd } from './util.ts';

const cases = fixture as unknown as OnnxFixture;

describe('DepthToSpace, SpaceToDepth', () => {
  testFixture('onnxLayout', cases, context);

  test('CRD is pixel_shuffle, and SpaceToDepth inverts DepthToSpace in both modes and on both paths', async () => {
    const rs = await context();
    for (const simd of [true, false]) {
      useSimd(rs, simd);
      for (const [r, w] of [[2, 1], [2, 7], [3, 5], [2, 17]]) {
        const x = { shape: [2, 2 * r * r, 3, w], data: randomArray(2 * 2 * r * r * 3 * w, r * 100 + w) };
        expectNoLeaks(rs, () => {
          const shuffled = rs.pixelShuffle(x, r);
          const [crd] = rs.onnx.run('DepthToSpace', [x], { blocksize: r, mode: 'CRD' });
          expect(Array.from(crd.data)).toEqual(Array.from(shuffled.data));
          for (const mode of ['DCR', 'CRD']) {
            const [up] = rs.onnx.run('DepthToSpace', [x], { blocksize: r, mode });
            const [back] = rs.onnx.run('SpaceToDepth', [up], { blocksize: r, mode });
            expect(Array.from(back.data), `${mode} r=${r} w=${w}`).toEqual(Array.from(x.data));
            up.dispose();
            back.dispose();
          }
          for (const t of [shuffled, crd]) t.dispose();
        });
      }
      useSimd(rs, true);
    }
  });

  test('argument rules', async () => {
    const rs = await context();
    const x = { shape: [1, 8, 2, 2], data: new Float32Array(32) };
    const run = (op: string, attrs: object, input: object = x) => () => rs.onnx.run(op, [input as never], attrs as never);
    expectError(rs, run('DepthToSpace', {}), 'INVALID_ARGUMENT', /^onnx\.run: DepthToSpace: attribute blocksize must be a positive integer, got undefined/);
    expectError(rs, run('DepthToSpace', { blocksize: 0 }), 'INVALID_ARGUMENT', /attribute blocksize must be a positive integer, got 0/);
    expectError(rs, run('DepthToSpace', { blocksize: 1.5 }), 'INVALID_ARGUMENT', /attribute blocksize must be an integer, got 1\.5/);
    expectError(rs, run('DepthToSpace', { blocksize: 2, mode: 'RDC' }), 'INVALID_ARGUMENT', /attribute mode must be one of 'DCR', 'CRD', got 'RDC'/);
    expectError(rs, run('DepthToSpace', { blocksize: 3 }), 'INVALID_ARGUMENT', /input\.shape \[1, 8, 2, 2\] has C = 8, not divisible by blocksize² = 9/);
    expectError(rs, run('SpaceToDepth', { blocksize: 3 }), 'INVALID_ARGUMENT', /input\.shape \[1, 8, 2, 2\] has H = 2, W = 2, not both divisible by blocksize 3/);
    expectError(rs, run('SpaceToDepth', { blocksize: 2 }, { shape: [8, 2, 2], data: new Float32Array(32) }), 'INVALID_ARGUMENT', /input\.shape must be of rank 4/);
    // SpaceToDepth has a mode from opset 28 on, DepthToSpace from 11.
    expectError(rs, () => rs.onnx.run('SpaceToDepth', [x], { blocksize: 2, mode: 'CRD' }, { opset: 27 }), 'INVALID_ARGUMENT', /^onnx\.run: SpaceToDepth: unknown attribute 'mode' in version 13 \(its attributes are 'blocksize'\)/);
    expectError(rs, () => rs.onnx.run('DepthToSpace', [x], { blocksize: 2, mode: 'CRD' }, { opset: 10 }), 'INVALID_ARGUMENT', /unknown attribute 'mode' in version 1/);
  });
});

describeWithOrt('cross-check: onnxruntime-node DepthToSpace and SpaceToDepth', (ort) => {
  // SpaceToDepth-28's mode attribute is newer than the opsets onnxruntime accepts.
  testAgainstOrt('onnxLayout', cases, context, ort, (c) => (c.op === 'SpaceToDepth' && 'mode' in c.attributes ? 'SpaceToDepth-28 mode' : undefined));
});
