// rs.onnx.run's GridSample, AffineGrid and MaxUnpool: onnx's reference
// implementation (fixtures), onnxruntime-node, the vector and scalar paths,
// and every argument rule.
import { describe, expect, test } from 'vitest';
import fixtureJson from './fixtures/onnxGrid.json' with { type: 'json' };
import { testAgainstOrt, testBothPaths, testFixture, type OnnxCase, type OnnxFixture } from './onnxCases.ts';
import { describeWithOrt } from './ort.ts';
import { context, expectError, randomArray } from './util.ts';

const fixture = fixtureJson as unknown as OnnxFixture;

describe('onnx reference', () => testFixture('GridSample, AffineGrid, MaxUnpool', fixture, context));

/**
 * Where onnxruntime-node departs from the standard, each checked against
 * onnx's reference and its backend test data (see docs/onnx.md).
 */
function deviates(c: OnnxCase): string | undefined {
  const rank = (c.inputs[0]?.shape.length ?? 0) - 2;
  if (c.opset > 22) return 'onnxruntime-node loads models up to opset 22';
  if (c.op === 'MaxUnpool' && c.inputs[2] && c.note !== 'output_shape equal to the default') {
    return 'onnxruntime scatters I into output_shape; ONNX (reference, test_maxunpool_export_with_output_shape) into the inferred shape, held at the origin';
  }
  if (c.op === 'GridSample' && rank === 1) return 'onnxruntime has no 1-D GridSample (4-D and 5-D only)';
  if (c.op !== 'GridSample' || !/cubic/.test(String(c.attributes.mode))) return undefined;
  if (rank === 3) return 'onnxruntime has no 5-D cubic GridSample';
  if (c.attributes.padding_mode === 'border') return "onnxruntime's cubic clips each tap only (as F.grid_sample); ONNX first clips a point outside the borders";
  return undefined;
}

describeWithOrt('onnxruntime-node', (ort) => testAgainstOrt('GridSample, AffineGrid, MaxUnpool', fixture, context, ort, deviates));

describe('vector and scalar paths', () => testBothPaths('GridSample', fixture, context, (c) => c.op === 'GridSample'));

describe('semantics', () => {
  test("nearest rounds half to even before reflecting (ONNX's order, not F.grid_sample's)", async () => {
    const rs = await context();
    // W = 4 without align_corners: g = 1.5 is x = 4.5 → 4 → reflected about 3.5 to 3; g = -1.5 is x = -1.5 → -2 → 1.
    const x = { shape: [1, 1, 1, 4], data: [10, 20, 30, 40] };
    const grid = { shape: [1, 1, 2, 2], data: [1.5, 0, -1.5, 0] };
    const [y] = rs.onnx.run('GridSample', [x, grid], { mode: 'nearest', padding_mode: 'reflection' });
    expect(Array.from(y.data)).toEqual([40, 20]);
    const z = rs.gridSample(x, grid, { mode: 'nearest', paddingMode: 'reflection' });
    expect(Array.from(z.data)).toEqual([30, 10]);
    for (const t of [y, z]) t.dispose();
  });

  test('MaxUnpool: the later of duplicate indices wins; an index may land in another plane', async () => {
    const rs = await context();
    const x = { shape: [1, 2, 2], data: [1, 2, 3, 4] };
    const [y] = rs.onnx.run('MaxUnpool', [x, { shape: [1, 2, 2], data: [7, 0, 0, 3] }], { kernel_shape: [2], strides: [2] });
    expect(y.shape).toEqual([1, 2, 4]);
    expect(Array.from(y.data)).toEqual([3, 0, 0, 4, 0, 0, 0, 1]);
    y.dispose();
  });
});

describe('arguments', () => {
  test('every rule names its attribute or input; nothing leaks', async () => {
    const rs = await context();
    const x = { shape: [1, 2, 3, 4], data: randomArray(24, 1) };
    const grid = { shape: [1, 2, 2, 2], data: randomArray(8, 2) };
    const gs = (attrs: Record<string, unknown>, inputs: unknown[] = [x, grid], opset?: number) =>
      rs.onnx.run('GridSample', inputs as never, attrs as never, opset === undefined ? undefined : { opset });
    const x5 = { shape: [1, 1, 2, 2, 2], data: randomArray(8, 3) };
    const grid5 = { shape: [1, 1, 1, 1, 3], data: [0, 0, 0] };
    const theta = { shape: [1, 2, 3], data: [1, 0, 0, 0, 1, 0] };
    const ag = (inputs: unknown[], attrs: Record<string, unknown> = {}) => rs.onnx.run('AffineGrid', inputs as never, attrs as never);
    const ux = { shape: [1, 1, 2, 2], data: [1, 2, 3, 4] };
    const ui = { shape: [1, 1, 2, 2], data: [0, 3, 8, 15] };
    const mu = (attrs: Record<string, unknown>, inputs: unknown[] = [ux, ui]) => rs.onnx.run('MaxUnpool', inputs as never, attrs as never);
    const k2 = { kernel_shape: [2, 2], strides: [2, 2] };
    const bad: [() => unknown, RegExp][] = [
      [() => gs({ mode: 'bilinear' }), /GridSample: attribute mode .*'linear', 'nearest', 'cubic'/],
      [() => gs({ mode: 'linear' }, [x, grid], 16), /attribute mode .*'bilinear', 'nearest', 'bicubic'/],
      [() => gs({ padding_mode: 'mirror' }), /attribute padding_mode/],
      [() => gs({ align_corners: 2 }), /attribute align_corners/],
      [() => gs({ align_corners: 0.5 }), /attribute align_corners/],
      [() => gs({}, [x5, grid5], 16), /X\.shape .*rank 4 .*version 16/],
      [() => gs({}, [{ shape: [1, 1, 4], data: [1, 2, 3, 4] }, { shape: [1, 2, 1], data: [0, 0] }], 16), /X\.shape .*rank 4 .*version 16/],
      [() => gs({}, [{ shape: [1, 1, 1, 1, 1, 2], data: [1, 2] }, { shape: [1, 1, 1, 1, 1, 4], data: [0, 0, 0, 0] }]), /X\.shape .*rank 3, 4 or 5/],
      [() => gs({}, [{ shape: [1, 1, 4], data: [1, 2, 3, 4] }, { shape: [1, 2, 2], data: [0, 0, 0, 0] }]), /grid\.shape .*\[1, W_out, 1\]/],
      [() => gs({}, [{ shape: [1, 1, 0, 4], data: [] }, grid]), /X\.shape .*non-empty/],
      [() => gs({}, [x, { shape: [1, 2, 2, 3], data: randomArray(12, 4) }]), /grid\.shape/],
      [() => gs({}, [x, { shape: [2, 2, 2, 2], data: randomArray(16, 4) }]), /grid\.shape/],
      [() => gs({}, [x5, grid]), /grid\.shape/],
      [() => gs({}, [x, grid], 15), /no version in opset 15/],
      [() => gs({ antialias: 1 }), /unknown attribute 'antialias'/],
      [() => ag([theta, { shape: [3], data: [1, 1, 3] }]), /AffineGrid: size must be/],
      [() => ag([theta, { shape: [4], data: [1, 1, 0, 3] }]), /AffineGrid: size must be/],
      [() => ag([theta, { shape: [4], data: [2, 1, 3, 3] }]), /theta\.shape/],
      [() => ag([theta, { shape: [5], data: [1, 1, 2, 3, 3] }]), /theta\.shape/],
      [() => ag([theta, { shape: [2, 2], data: [1, 1, 3, 3] }]), /size\.shape/],
      [() => ag([theta, { shape: [4], data: [1, 1, 3, 3] }], { align_corners: -1 }), /attribute align_corners/],
      [() => mu({}), /attribute kernel_shape is required/],
      [() => mu({ kernel_shape: [2] }), /attribute kernel_shape/],
      [() => mu({ kernel_shape: [2, 0] }), /attribute kernel_shape/],
      [() => mu({ ...k2, strides: [2, 0] }), /attribute strides/],
      [() => mu({ ...k2, strides: [2] }), /attribute strides/],
      [() => mu({ ...k2, pads: [0, 0] }), /attribute pads/],
      [() => mu({ ...k2, pads: [-1, 0, 0, 0] }), /attribute pads/],
      [() => mu({ kernel_shape: [1, 1], pads: [1, 1, 1, 1] }), /attribute pads .*non-empty/],
      [() => mu(k2, [ux, { shape: [1, 1, 4], data: [0, 1, 2, 3] }]), /I\.shape/],
      [() => mu(k2, [ux, { shape: [1, 1, 2, 2], data: [0, 1, 2, 16] }]), /input I\[3\] = 16 is outside the output \[0, 16\)/],
      [() => mu(k2, [ux, { shape: [1, 1, 2, 2], data: [-1, 1, 2, 3] }]), /input I\[0\] = -1 is outside/],
      [() => mu(k2, [ux, { shape: [1, 1, 2, 2], data: BigInt64Array.from([0n, 1n, 2n, 2n ** 40n]) }]), /I\[3\].*int32/],
      [() => mu(k2, [ux, ui, { shape: [4], data: [1, 1, 3, 4] }]), /output_shape .*at least/],
      [() => mu(k2, [ux, ui, { shape: [3], data: [1, 1, 4] }]), /output_shape/],
      [() => mu(k2, [{ shape: [1, 4], data: [1, 2, 3, 4] }, { shape: [1, 4], data: [0, 1, 2, 3] }]), /X\.shape/],
      [() => mu(k2, [ux, null]), /input I \(slot 1\) is required/],
    ];
    for (const [body, message] of bad) expectError(rs, body, 'INVALID_ARGUMENT', message);
  });
});
