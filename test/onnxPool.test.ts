// MaxPool, AveragePool, LpPool, GlobalAveragePool and GlobalMaxPool through
// rs.onnx.run: onnx's reference implementation (or, where it departs from
// its own specification, the specification; see each case's note),
// onnxruntime-node, both kernel paths, and every argument rule.
import { describe, expect, test } from 'vitest';
import fixture from './fixtures/onnxPool.json' with { type: 'json' };
import { testAgainstOrt, testBothPaths, testFixture, type OnnxCase, type OnnxFixture } from './onnxCases.ts';
import { describeWithOrt } from './ort.ts';
import type { PoolWithIndices } from 'resample-wasm';
import { context, expectError, expectNoLeaks, randomArray, useSimd } from './util.ts';

const cases = fixture as unknown as OnnxFixture;

describe('MaxPool, AveragePool, LpPool, GlobalAveragePool, GlobalMaxPool', () => {
  testFixture('onnxPool', cases, context);

  testBothPaths('onnxPool', cases, context);

  test('with the same padding at both ends, MaxPool and AveragePool are rs.maxPool2d and rs.avgPool2d (the same kernel)', async () => {
    const rs = await context();
    const [n, c, h, w] = [2, 3, 9, 11];
    const x = { shape: [n, c, h, w], data: randomArray(n * c * h * w, 5) };
    for (const [k, s, p, ceil] of [[3, 2, 1, 0], [2, 2, 0, 1], [4, 3, 2, 1], [3, 1, 0, 0]]) {
      expectNoLeaks(rs, () => {
        const attrs = { kernel_shape: [k, k], strides: [s, s], pads: [p, p, p, p], ceil_mode: ceil };
        const [y, ix] = rs.onnx.run('MaxPool', [x], attrs, { outputs: 2 });
        const torch = rs.maxPool2d(x, { kernelSize: k, stride: s, padding: p, ceilMode: ceil === 1, returnIndices: true }) as PoolWithIndices;
        expect(Array.from(y.data)).toEqual(Array.from(torch.values.data));
        const plane = torch.indices.data.length / (n * c);
        expect(Array.from(ix.data)).toEqual(Array.from(torch.indices.data, (v, i) => v + Math.floor(i / plane) * h * w));
        for (const cip of [0, 1]) {
          const [avg] = rs.onnx.run('AveragePool', [x], { ...attrs, count_include_pad: cip });
          const t = rs.avgPool2d(x, { kernelSize: k, stride: s, padding: p, ceilMode: ceil === 1, countIncludePad: cip === 1 });
          expect(Array.from(avg.data), `k=${k} s=${s} p=${p} cip=${cip}`).toEqual(Array.from(t.data));
          avg.dispose();
          t.dispose();
        }
        for (const t of [y, ix, torch.values, torch.indices]) t.dispose();
      });
    }
  });

  test('Indices are computed only when the node has them', async () => {
    const rs = await context();
    const x = { shape: [1, 1, 4], data: Float32Array.of(1, 3, 2, 0) };
    expectNoLeaks(rs, () => {
      const ys = rs.onnx.run('MaxPool', [x], { kernel_shape: [2], strides: [2] });
      expect(ys.map((y) => Array.from(y.data))).toEqual([[3, 2]]);
      const [y, ix] = rs.onnx.run('MaxPool', [x], { kernel_shape: [2], strides: [2] }, { outputs: 2 });
      expect([y.dtype, ix.dtype, Array.from(ix.data)]).toEqual(['float32', 'int32', [1, 2]]);
      for (const t of [...ys, y, ix]) t.dispose();
    });
  });

  test('a NaN is its window\'s maximum, the last one\'s index wins (PyTorch\'s rule; see docs/onnx.md)', async () => {
    const rs = await context();
    const x = { shape: [1, 1, 6], data: Float32Array.of(1, NaN, 3, NaN, 2, 0) };
    for (const simd of [true, false]) {
      useSimd(rs, simd);
      expectNoLeaks(rs, () => {
        const ys = [...rs.onnx.run('MaxPool', [x], { kernel_shape: [4], strides: [2], pads: [0, 1] }, { outputs: 2 }), ...rs.onnx.run('GlobalMaxPool', [x])];
        expect(ys.map((y) => Array.from(y.data))).toEqual([[NaN, NaN], [3, 3], [NaN]]);
        for (const y of ys) y.dispose();
      });
    }
    useSimd(rs, true);
  });

  test('an empty batch gives empty outputs', async () => {
    const rs = await context();
    const x = { shape: [0, 2, 9], data: new Float32Array(0) };
    expectNoLeaks(rs, () => {
      for (const [op, attrs, outputs] of [['MaxPool', { kernel_shape: [2] }, 2], ['AveragePool', { kernel_shape: [2] }, 1], ['GlobalMaxPool', {}, 1]] as const) {
        const ys = rs.onnx.run(op, [x], attrs, { outputs });
        expect(ys.map((y) => y.shape)).toEqual(Array(outputs).fill(op === 'GlobalMaxPool' ? [0, 2, 1] : [0, 2, 8]));
        for (const y of ys) y.dispose();
      }
    });
  });

  test('argument rules', async () => {
    const rs = await context();
    const x = { shape: [1, 1, 4, 5], data: new Float32Array(20) };
    const node = (op: string, attrs: object, input: object = x, opset?: number, outputs?: number) => () =>
      rs.onnx.run(op, [input as never], attrs as never, { ...(opset ? { opset } : {}), ...(outputs ? { outputs } : {}) });
    const k = { kernel_shape: [2, 2] };
    expectError(rs, node('MaxPool', {}), 'INVALID_ARGUMENT', /^onnx\.run: MaxPool: attribute kernel_shape must be a list of 2 positive integers/);
    expectError(rs, node('AveragePool', { kernel_shape: [2] }), 'INVALID_ARGUMENT', /^onnx\.run: AveragePool: attribute kernel_shape must be 2 positive integers/);
    expectError(rs, node('LpPool', { kernel_shape: [2, 0] }), 'INVALID_ARGUMENT', /attribute kernel_shape must be 2 positive integers/);
    expectError(rs, node('MaxPool', { ...k, strides: [1] }), 'INVALID_ARGUMENT', /attribute strides must be 2 positive integers/);
    expectError(rs, node('MaxPool', { ...k, dilations: [1, 0] }), 'INVALID_ARGUMENT', /attribute dilations must be 2 positive integers/);
    expectError(rs, node('MaxPool', { ...k, pads: [1, 1] }), 'INVALID_ARGUMENT', /attribute pads must be 4 integers \(begin and end of each of the 2 spatial axes\), got \[1, 1\]/);
    expectError(rs, node('MaxPool', { ...k, pads: [0, -1, 0, 0] }), 'INVALID_ARGUMENT', /attribute pads must be non-negative and less than kernel_shape/);
    expectError(rs, node('AveragePool', { ...k, pads: [0, 0, 2, 0] }), 'INVALID_ARGUMENT', /attribute pads must be non-negative and less than kernel_shape on each axis \(pads\[2\] = 2\)/);
    expectError(rs, node('MaxPool', { ...k, pads: [1, 0, 0, 0], auto_pad: 'SAME_UPPER' }), 'INVALID_ARGUMENT', /attribute pads must be absent with auto_pad 'SAME_UPPER'/);
    expectError(rs, node('MaxPool', { ...k, auto_pad: 'SAME' }), 'INVALID_ARGUMENT', /attribute auto_pad must be one of 'NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID', got 'SAME'/);
    expectError(rs, node('MaxPool', { ...k, storage_order: 2 }), 'INVALID_ARGUMENT', /attribute storage_order must be 0 \(row major\) or 1 \(column major\), got 2/);
    expectError(rs, node('MaxPool', { ...k, ceil_mode: 2 }), 'INVALID_ARGUMENT', /attribute ceil_mode must be 0 or 1/);
    expectError(rs, node('AveragePool', { ...k, count_include_pad: -1 }), 'INVALID_ARGUMENT', /attribute count_include_pad must be 0 or 1/);
    expectError(rs, node('LpPool', { ...k, p: 0 }), 'INVALID_ARGUMENT', /attribute p must be a non-zero finite number, got 0/);
    expectError(rs, node('LpPool', { ...k, p: 1.5 }), 'INVALID_ARGUMENT', /attribute p must be an integer, got 1\.5/);
    expectError(rs, node('MaxPool', { kernel_shape: [5, 2] }), 'INVALID_ARGUMENT', /kernel_shape \[5, 2\] .* is larger than spatial axis 0 of X\.shape: the output would be empty/);
    expectError(rs, node('MaxPool', { kernel_shape: [2] }, { shape: [1, 4], data: new Float32Array(4) }), 'INVALID_ARGUMENT', /X\.shape must be \[N, C, D1, \.\.\.\] with 1 to 3 non-empty spatial axes, got \[1, 4\]/);
    const x4 = { shape: [1, 1, 2, 2, 2, 2], data: new Float32Array(16) };
    expectError(rs, node('MaxPool', { kernel_shape: [1, 1, 1, 1] }, x4), 'INVALID_ARGUMENT', /X\.shape must be .* with 1 to 3 non-empty spatial axes/);
    const x7 = { shape: [1, 1, 1, 1, 1, 1, 1, 1, 1], data: new Float32Array(1) };
    expectError(rs, node('AveragePool', { kernel_shape: [1, 1, 1, 1, 1, 1, 1] }, x7), 'INVALID_ARGUMENT', /X\.shape must be .* with 1 to 6 non-empty spatial axes/);
    expectError(rs, node('GlobalMaxPool', {}, { shape: [2, 3], data: new Float32Array(6) }), 'INVALID_ARGUMENT', /X\.shape must be \[N, C, D1, \.\.\.\] with at least 1 non-empty spatial axes/);
    // Attributes a version does not declare: dilations before AveragePool-19, LpPool-18, MaxPool-10; ceil_mode before 10; storage_order before MaxPool-8.
    expectError(rs, node('AveragePool', { ...k, dilations: [1, 1] }, x, 18), 'INVALID_ARGUMENT', /^onnx\.run: AveragePool: unknown attribute 'dilations' in version 11/);
    expectError(rs, node('LpPool', { ...k, dilations: [1, 1] }, x, 17), 'INVALID_ARGUMENT', /unknown attribute 'dilations' in version 11/);
    expectError(rs, node('MaxPool', { ...k, dilations: [1, 1] }, x, 9), 'INVALID_ARGUMENT', /unknown attribute 'dilations' in version 8/);
    expectError(rs, node('AveragePool', { ...k, ceil_mode: 1 }, x, 9), 'INVALID_ARGUMENT', /unknown attribute 'ceil_mode' in version 7/);
    expectError(rs, node('MaxPool', { ...k, storage_order: 1 }, x, 7), 'INVALID_ARGUMENT', /unknown attribute 'storage_order' in version 1/);
    expectError(rs, node('AveragePool', { ...k, count_include_pad: 1 }, x, 6), 'INVALID_ARGUMENT', /unknown attribute 'count_include_pad' in version 1/);
    // Outputs: MaxPool-8 on has Indices; the others one output.
    expectError(rs, node('MaxPool', k, x, 7, 2), 'INVALID_ARGUMENT', /^onnx\.run: MaxPool: outputs must be 1 \(version 1 has one output\), got 2/);
    expectError(rs, node('MaxPool', k, x, 22, 3), 'INVALID_ARGUMENT', /outputs must be an integer from 1 to 2 \(Y, Indices\), got 3/);
    expectError(rs, node('AveragePool', k, x, 22, 2), 'INVALID_ARGUMENT', /outputs must be 1/);
  });
});

/** Whether an explicitly padded ceil_mode node has a last window reaching past the end padding on some axis. */
function clippedByCeil(c: OnnxCase): boolean {
  const a = c.attributes as { kernel_shape: number[]; strides?: number[]; dilations?: number[]; pads?: number[]; ceil_mode?: number; auto_pad?: string };
  const spatial = c.inputs[0]!.shape.slice(2);
  const r = spatial.length;
  return a.ceil_mode === 1 && (a.auto_pad ?? 'NOTSET') === 'NOTSET' && spatial.some((n, i) => {
    const [k, s, d, b, e] = [a.kernel_shape[i], a.strides?.[i] ?? 1, a.dilations?.[i] ?? 1, a.pads?.[i] ?? 0, a.pads?.[i + r] ?? 0];
    let out = Math.ceil((n + b + e - (k - 1) * d - 1) / s) + 1;
    if ((out - 1) * s >= n + b) out--;
    return (out - 1) * s - b + (k - 1) * d >= n + e;
  });
}

/** Where onnxruntime 1.30 departs from the specification, each seen in its outputs and checked against the documentation. */
function ortDeviates(c: OnnxCase): string | undefined {
  const a = c.attributes as { auto_pad?: string; dilations?: number[]; ceil_mode?: number };
  if ((c.op === 'AveragePool' && c.opset < 7) || (c.op === 'LpPool' && c.opset < 2)) return `onnxruntime has no ${c.op}-1 kernel`;
  if (c.inputs[0]!.shape.length > 5) return "onnxruntime's pools take at most 3 spatial axes";
  if (a.auto_pad?.startsWith('SAME') && a.dilations?.some((d) => d > 1)) {
    return "onnxruntime sizes SAME padding with the undilated kernel (the specification's pad_shape dilates it), so its outputs are fewer and shifted";
  }
  if (c.op === 'LpPool' && clippedByCeil(c)) return 'onnxruntime takes the root of a ceil-clipped window\'s sum, not of its power-average times the kernel volume';
  if (c.op === 'MaxPool' && c.note?.includes('stride above the kernel')) return "onnxruntime's MaxPool refuses SAME padding that comes out negative (its AveragePool pads 0, as here)";
  if (c.op === 'GlobalMaxPool' && c.note?.includes('NaN')) return "onnxruntime's max skips NaN";
  return undefined;
}

describeWithOrt('cross-check: onnxruntime-node pools', (ort) => {
  testAgainstOrt('onnxPool', cases, context, ort, ortDeviates);
});
