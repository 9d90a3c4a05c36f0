// rs.onnx.run's Conv, ConvTranspose and Col2Im: cases from onnx's reference
// implementation, the same nodes in onnxruntime-node, the scalar oracle on
// odd sizes, and every argument rule.
import { describe, expect, test } from 'vitest';
import type { Resample } from 'resample-wasm';
import fixture from './fixtures/onnxConv.json' with { type: 'json' };
import { testAgainstOrt, testFixture, type OnnxCase, type OnnxFixture } from './onnxCases.ts';
import { describeWithOrt } from './ort.ts';
import { context, expectClose, expectError, ODD_SIZES, randomArray, onBothPaths } from './util.ts';

const cases = fixture as unknown as OnnxFixture;

describe('Conv, ConvTranspose, Col2Im: onnx reference cases', () => {
  testFixture('onnxConv', cases, context);
});

/** Where onnxruntime differs from the standard's reference (docs/onnx.md gives each reason). */
function deviates(c: OnnxCase): string | undefined {
  const a = c.attributes as { auto_pad?: string; dilations?: number[]; strides?: number[]; output_padding?: number[]; output_shape?: number[] };
  if (c.op === 'Col2Im' && a.dilations?.length === 3 && a.dilations.slice(1).some((d) => d !== 1)) {
    return "onnxruntime's 3-D Col2Im sums differently from the reference when the H or W dilation exceeds 1";
  }
  if (a.auto_pad !== 'SAME_UPPER' && a.auto_pad !== 'SAME_LOWER') return undefined;
  if (c.op === 'Conv' && a.dilations?.some((d) => d !== 1)) return "onnxruntime's Conv rejects dilations with SAME_UPPER/SAME_LOWER";
  const [x, w] = [c.inputs[0]!.shape.slice(2), c.inputs[1]!.shape.slice(2)];
  const negative = x.some((n, i) => {
    const [s, d] = [a.strides?.[i] ?? 1, a.dilations?.[i] ?? 1];
    return s * (n - 1) + (a.output_padding?.[i] ?? 0) + d * (w[i] - 1) + 1 - (a.output_shape?.[i] ?? n * s) < 0;
  });
  if (c.op === 'ConvTranspose' && negative) return 'onnxruntime clamps a negative total padding of ConvTranspose SAME_* to 0 (a larger output)';
  return undefined;
}

describeWithOrt('Conv, ConvTranspose, Col2Im: onnxruntime-node', (ort) => {
  testAgainstOrt('onnxConv', cases, context, ort, deviates);

});

const t = (shape: number[], seed: number) => ({ shape, data: randomArray(shape.reduce((p, d) => p * d, 1), seed) });

describe('scalar oracle = vector path', () => {
  test('Conv and ConvTranspose with asymmetric pads on odd widths, 1-D to 3-D', async () => {
    const rs = await context();
    const nodes: [string, number[], number[], Record<string, number | string | number[]>][] = [];
    for (const w of ODD_SIZES) {
      nodes.push(['Conv', [1, 3, w], [5, 3, 3], { pads: [2, 0], strides: [2] }]);
      nodes.push(['Conv', [1, 2, 3, w], [6, 1, 2, 3], { group: 2, auto_pad: 'SAME_LOWER', dilations: [1, 2] }]);
      nodes.push(['ConvTranspose', [1, 3, 2, w], [3, 5, 3, 4], { strides: [2, 3], pads: [0, 2, 1, 0], output_padding: [1, 0] }]);
      nodes.push(['ConvTranspose', [1, 4, 2, 2, w], [4, 2, 2, 2, 3], { group: 2, auto_pad: 'SAME_UPPER', strides: [1, 2, 3] }]);
    }
    nodes.forEach(([op, xs, ws, attrs], i) => {
      const inputs = [t(xs, i), t(ws, 100 + i), null];
      const c = { op, opset: 22, attributes: attrs } as unknown as OnnxCase;
      const go = () => rs.onnx.run(c.op, inputs, c.attributes).map((y) => {
        const out = { shape: [...y.shape], data: Array.from(y.data as Float32Array) };
        y.dispose();
        return out;
      });
      const { vector, scalar } = onBothPaths(rs, go);
      expect(vector[0].shape).toEqual(scalar[0].shape);
      expectClose(vector[0].data, scalar[0].data, 0, 0, `${op} ${JSON.stringify(attrs)} on ${JSON.stringify(xs)}`);
    });
  });

  test('Col2Im on odd widths, 2-D and 3-D', async () => {
    const rs = await context();
    const nodes: [number[], number[], Record<string, number[]>][] = [];
    for (const w of ODD_SIZES) {
      nodes.push([[5, w + 1], [3, 3], { pads: [0, 1, 0, 2], dilations: [1, 2] }]);
      nodes.push([[3, 4, w + 2], [2, 2, 3], { pads: [1, 0, 0, 0, 1, 2], dilations: [1, 1, 2], strides: [2, 1, 1] }]);
    }
    nodes.forEach(([image, block, attrs], k) => {
      const rank = image.length;
      const pads = attrs.pads;
      const blocks = image.map((n, i) => Math.floor((n + pads[i] + pads[i + rank] - (attrs.dilations[i] ?? 1) * (block[i] - 1) - 1) / (attrs.strides?.[i] ?? 1)) + 1);
      const x = t([2, 2 * block.reduce((p, d) => p * d, 1), blocks.reduce((p, d) => p * d, 1)], k);
      const go = () => {
        const [y] = rs.onnx.run('Col2Im', [x, { shape: [rank], data: image }, { shape: [rank], data: block }], attrs);
        const out = Array.from(y.data);
        y.dispose();
        return out;
      };
      const { vector, scalar } = onBothPaths(rs, go);
      expect(vector.some((v) => Number.isNaN(v))).toBe(false);
      expectClose(vector, scalar, 0, 0, `Col2Im image ${JSON.stringify(image)}`);
    });
  });
});

describe('argument rules', () => {
  const x = t([1, 4, 5, 5], 1);
  const w = t([6, 2, 3, 3], 2);
  const conv = (rs: Resample, attrs: Record<string, unknown>, inputs: unknown[] = [x, w]) => () => rs.onnx.run('Conv', inputs as never, attrs as never);
  const convT = (rs: Resample, attrs: Record<string, unknown>, inputs: unknown[] = [x, t([4, 3, 3, 3], 3)]) => () => rs.onnx.run('ConvTranspose', inputs as never, attrs as never);

  test('shapes of X, W and B', async () => {
    const rs = await context();
    for (const [op, weight, attrs, shape] of [['Conv', w, { group: 2 }, [0, 6, 3, 3]], ['ConvTranspose', t([4, 3, 3, 3], 3), {}, [0, 3, 7, 7]]] as const) {
      const [y] = rs.onnx.run(op, [{ shape: [0, 4, 5, 5], data: [] }, weight], attrs);
      expect(y.shape, `${op} on an empty batch`).toEqual(shape);
      y.dispose();
    }
    const [y] = rs.onnx.run('Col2Im', [{ shape: [0, 8, 16], data: [] }, { shape: [2], data: [5, 5] }, { shape: [2], data: [2, 2] }]);
    expect(y.shape).toEqual([0, 2, 5, 5]);
    y.dispose();
    expectError(rs, conv(rs, {}, [t([1, 0, 5, 5], 1), w]), 'INVALID_ARGUMENT', /X\.shape/);
    expectError(rs, conv(rs, { group: 2 }, [t([1, 4, 5], 1), w]), 'INVALID_ARGUMENT', /W\.shape/);
    expectError(rs, conv(rs, {}, [t([4, 5], 1), t([6, 4, 3], 2)]), 'INVALID_ARGUMENT', /X\.shape/);
    expectError(rs, conv(rs, {}, [t([1, 1, 2, 2, 2, 2], 1), t([1, 1, 1, 1, 1, 1], 2)]), 'INVALID_ARGUMENT', /X\.shape.*not supported/);
    expectError(rs, conv(rs, { group: 1 }), 'SHAPE_MISMATCH', /W\.shape/);
    expectError(rs, conv(rs, { group: 2 }, [x, w, t([5], 3)]), 'SHAPE_MISMATCH', /B has shape/);
    expectError(rs, convT(rs, {}, [x, t([3, 3, 3, 3], 3)]), 'SHAPE_MISMATCH', /W\.shape/);
    expectError(rs, convT(rs, {}, [x, t([4, 3, 3, 3], 3), t([4], 4)]), 'SHAPE_MISMATCH', /B has shape/);
  });

  test('group, kernel_shape, strides, dilations, pads, auto_pad', async () => {
    const rs = await context();
    expectError(rs, conv(rs, { group: 4 }), 'INVALID_ARGUMENT', /attribute group.*divisor/);
    expectError(rs, conv(rs, { group: 0 }), 'INVALID_ARGUMENT', /attribute group/);
    expectError(rs, convT(rs, { group: 3 }), 'INVALID_ARGUMENT', /attribute group.*divisor/);
    expectError(rs, conv(rs, { group: 2, kernel_shape: [3, 2] }), 'INVALID_ARGUMENT', /attribute kernel_shape/);
    expectError(rs, conv(rs, { group: 2, kernel_shape: [3] }), 'INVALID_ARGUMENT', /attribute kernel_shape/);
    expectError(rs, conv(rs, { group: 2, strides: [1] }), 'INVALID_ARGUMENT', /attribute strides/);
    expectError(rs, conv(rs, { group: 2, strides: [1, 0] }), 'INVALID_ARGUMENT', /attribute strides/);
    expectError(rs, conv(rs, { group: 2, dilations: [0, 1] }), 'INVALID_ARGUMENT', /attribute dilations/);
    expectError(rs, conv(rs, { group: 2, pads: [1, 1] }), 'INVALID_ARGUMENT', /attribute pads/);
    expectError(rs, conv(rs, { group: 2, pads: [1, 1, -1, 0] }), 'INVALID_ARGUMENT', /attribute pads/);
    expectError(rs, conv(rs, { group: 2, auto_pad: 'SAME' }), 'INVALID_ARGUMENT', /attribute auto_pad/);
    expectError(rs, conv(rs, { group: 2, auto_pad: 'VALID', pads: [0, 0, 0, 0] }), 'INVALID_ARGUMENT', /attribute pads.*auto_pad/);
    expectError(rs, convT(rs, { auto_pad: 'SAME_UPPER', pads: [0, 0, 0, 0] }), 'INVALID_ARGUMENT', /attribute pads.*auto_pad/);
    expectError(rs, conv(rs, { group: 2, dilations: [3, 1] }), 'INVALID_ARGUMENT', /W\.shape.*large enough/);
    expectError(rs, conv(rs, { group: 2, output_padding: [1, 1] }), 'INVALID_ARGUMENT', /unknown attribute 'output_padding'/);
  });

  test('output_padding, output_shape', async () => {
    const rs = await context();
    expectError(rs, convT(rs, { strides: [2, 2], output_padding: [2, 0] }), 'INVALID_ARGUMENT', /attribute output_padding.*below strides/);
    expectError(rs, convT(rs, { output_padding: [1, 0] }), 'INVALID_ARGUMENT', /attribute output_padding/);
    // Below the dilation but not the stride: the reference and onnxruntime both reject it (PyTorch does not).
    expectError(rs, convT(rs, { dilations: [2, 1], output_padding: [1, 0] }), 'INVALID_ARGUMENT', /attribute output_padding/);
    const [y] = rs.onnx.run('ConvTranspose', [x, t([4, 3, 3, 3], 3)], { strides: [2, 1], dilations: [2, 1], output_padding: [1, 0] });
    expect(y.shape).toEqual([1, 3, 14, 7]);
    y.dispose();
    expectError(rs, convT(rs, { output_shape: [7] }), 'INVALID_ARGUMENT', /attribute output_shape/);
    expectError(rs, convT(rs, { output_shape: [1, 3, 7, 7] }), 'INVALID_ARGUMENT', /attribute output_shape/);
    expectError(rs, convT(rs, { output_shape: [6, 7] }), 'INVALID_ARGUMENT', /attribute output_shape.*from 7 to 7/);
    expectError(rs, convT(rs, { strides: [2, 2], output_shape: [11, 13] }), 'INVALID_ARGUMENT', /attribute output_shape.*from 11 to 12 on axis 1/);
    expectError(rs, convT(rs, { output_shape: [0, 7], auto_pad: 'SAME_LOWER' }), 'INVALID_ARGUMENT', /attribute output_shape/);
    expectError(rs, convT(rs, { pads: [4, 0, 3, 0] }), 'INVALID_ARGUMENT', /attribute pads.*positive output length/);
  });

  test('Col2Im', async () => {
    const rs = await context();
    const cols = t([1, 2 * 4, 16], 5);
    const col2im = (input: unknown, image: number[], block: number[], attrs: Record<string, unknown> = {}) => () =>
      rs.onnx.run('Col2Im', [input as never, { shape: [image.length], data: image }, { shape: [block.length], data: block }], attrs as never);
    const [y] = col2im(cols, [5, 5], [2, 2])();
    expect(y.shape).toEqual([1, 2, 5, 5]);
    y.dispose();
    expectError(rs, col2im(cols, [5, 5, 5, 5], [2, 2, 2, 2]), 'INVALID_ARGUMENT', /image_shape.*not supported/);
    expectError(rs, col2im(cols, [5, 5, 5], [2, 2]), 'INVALID_ARGUMENT', /block_shape/);
    expectError(rs, col2im(cols, [5, 5], [2]), 'INVALID_ARGUMENT', /block_shape/);
    expectError(rs, col2im(cols, [5, 0], [2, 2]), 'INVALID_ARGUMENT', /image_shape/);
    expectError(rs, col2im(cols, [5, 6], [2, 2]), 'SHAPE_MISMATCH', /L = 16 blocks/);
    expectError(rs, col2im(cols, [5, 5], [3, 3]), 'SHAPE_MISMATCH', /not a multiple/);
    expectError(rs, col2im(cols, [5, 5], [2, 2], { pads: [1, 1, 1] }), 'INVALID_ARGUMENT', /attribute pads/);
    expectError(rs, col2im(cols, [5, 5], [2, 2], { strides: [2, 2] }), 'SHAPE_MISMATCH', /has 2 × 2/);
    expectError(rs, col2im(t([2, 16], 6), [5, 5], [2, 2]), 'INVALID_ARGUMENT', /input\.shape/);
  });
});
