// The rs.onnx.run seam, whatever the operator: opset → operator version,
// attributes the version declares and nothing else, input slots, and the
// forms int64 inputs take.
import { describe, expect, test } from 'vitest';
import { context, expectError } from './util.ts';

const x = { shape: [1, 4, 1, 1], data: new Float32Array([1, 2, 3, 4]) };

describe('onnx.run', () => {
  test('unknown operators, opsets and attributes are INVALID_ARGUMENT naming them', async () => {
    const rs = await context();
    expectError(rs, () => rs.onnx.run('Resizee', [x]), 'INVALID_ARGUMENT', /^onnx\.run: opType must be one of .*'DepthToSpace'.*, got 'Resizee'/);
    for (const opset of [0, 29, 1.5, '13']) {
      expectError(rs, () => rs.onnx.run('DepthToSpace', [x], { blocksize: 2 }, { opset: opset as never }), 'INVALID_ARGUMENT', /^onnx\.run: opset must be an integer from 1 to 28/);
    }
    expectError(rs, () => rs.onnx.run('DepthToSpace', [x], { blocksize: 2, block_size: 2 }), 'INVALID_ARGUMENT', /^onnx\.run: DepthToSpace: unknown attribute 'block_size' in version 28 \(its attributes are 'blocksize', 'mode'\)/);
    expectError(rs, () => rs.onnx.run('DepthToSpace', [x], [2] as never), 'INVALID_ARGUMENT', /^onnx\.run: DepthToSpace: attributes must be an object/);
    expectError(rs, () => rs.onnx.run('DepthToSpace', [x], { blocksize: 2 }, { opSet: 13 } as never), 'INVALID_ARGUMENT', /^onnx\.run: unknown option 'opSet' \(did you mean 'opset'\?\)/);
  });

  test('input slots: required ones, too many, and what an input must be', async () => {
    const rs = await context();
    expectError(rs, () => rs.onnx.run('DepthToSpace', [null], { blocksize: 2 }), 'INVALID_ARGUMENT', /^onnx\.run: DepthToSpace: input input \(slot 0\) is required/);
    expectError(rs, () => rs.onnx.run('DepthToSpace', [x, x], { blocksize: 2 }), 'INVALID_ARGUMENT', /inputs must be at most 1 entries \(input\)/);
    expectError(rs, () => rs.onnx.run('DepthToSpace', x as never, { blocksize: 2 }), 'INVALID_ARGUMENT', /inputs must be an array/);
    expectError(rs, () => rs.onnx.run('DepthToSpace', [5 as never], { blocksize: 2 }), 'INVALID_ARGUMENT', /^onnx\.run: DepthToSpace: input must be a Tensor or \{ shape, data \}/);
  });

  test('the opset picks the operator version: an attribute from a later version is refused, as ONNX would', async () => {
    const rs = await context();
    const [dcr] = rs.onnx.run('DepthToSpace', [x], { blocksize: 2 }, { opset: 1 });
    const [crd] = rs.onnx.run('DepthToSpace', [x], { blocksize: 2, mode: 'CRD' }, { opset: 11 });
    expect(Array.from(dcr.data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(crd.data)).toEqual([1, 2, 3, 4]);
    dcr.dispose();
    crd.dispose();
  });
});
