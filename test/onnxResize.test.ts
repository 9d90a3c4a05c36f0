// rs.onnx.run('Resize' | 'Upsample'): onnx's reference implementation
// (fixtures), onnxruntime-node, the scalar oracle, the PyTorch modes that
// map onto Resize's attributes, and every argument rule.
import { describe, expect, test } from 'vitest';
import type { Resample, Tensor } from 'resample-wasm';
import fixture from './fixtures/onnxResize.json' with { type: 'json' };
import { testAgainstOrt, testBothPaths, testFixture, values, type OnnxCase, type OnnxFixture } from './onnxCases.ts';
import { describeWithOrt } from './ort.ts';
import { context, expectClose, expectError, expectNoLeaks, randomArray } from './util.ts';

const cases = fixture as unknown as OnnxFixture;
const scales = (v: number[]) => ({ shape: [v.length], data: Float32Array.from(v) });
const sizes = (v: number[]) => ({ shape: [v.length], data: v });
const tensor = (shape: number[], seed = 1) => ({ shape, data: randomArray(shape.reduce((a, b) => a * b, 1), seed) });

/** One Resize node's single output, copied out. */
function resize(rs: Resample, inputs: unknown[], attributes: Record<string, unknown>, opset?: number): { shape: number[]; data: number[] } {
  return expectNoLeaks(rs, () => {
    const [y] = rs.onnx.run('Resize', inputs as never, attributes as never, opset === undefined ? undefined : { opset });
    const out = { shape: [...y.shape], data: Array.from(y.data as Float32Array) };
    y.dispose();
    return out;
  });
}

describe(`onnx ${cases.onnx} reference implementation`, () => {
  testFixture('Resize and Upsample', cases, context);

  testBothPaths('Resize and Upsample', cases, context);

  test('negative axes count from the back', async () => {
    const rs = await context();
    const x = tensor([2, 3, 4, 5]);
    for (const mode of ['nearest', 'linear', 'cubic']) {
      const back = resize(rs, [x, null, scales([1.5, 0.6])], { mode, axes: [-3, -1] });
      expect(back).toEqual(resize(rs, [x, null, scales([1.5, 0.6])], { mode, axes: [1, 3] }));
    }
  });

  test('an empty output is an empty tensor', async () => {
    const rs = await context();
    const y = resize(rs, [tensor([1, 1, 3, 4]), null, scales([1, 1, 0.2, 2])], { mode: 'linear' });
    expect(y).toEqual({ shape: [1, 1, 0, 8], data: [] });
  });
});

/**
 * Why onnxruntime-node differs from the standard (onnx's reference) on a
 * case, if it does: what it does not implement, and where it computes in
 * float32 or from the integer output length what the reference computes in
 * float64 from scale × length.
 */
function deviates(c: OnnxCase): string | undefined {
  const a = c.attributes as Record<string, number | string | number[] | undefined>;
  const x = c.inputs[0]!.shape;
  const out = c.outputs[0].shape;
  const given = (e: OnnxCase['inputs'][number] | undefined) => e !== null && e !== undefined && e.shape[0] > 0;
  const legacy = c.op === 'Upsample' || c.opset === 10;
  const raw = c.opset === 7 ? (a.scales as number[]) : legacy ? Array.from(values(c.inputs[1]!)) : given(c.inputs[2]) ? Array.from(values(c.inputs[2]!)) : undefined;
  const axes = (a.axes as number[] | undefined) ?? x.map((_, k) => k);
  const kept = a.keep_aspect_ratio_policy === 'not_larger' ? Math.min : a.keep_aspect_ratio_policy === 'not_smaller' ? Math.max : undefined;
  const policy = kept?.(...axes.map((k) => out[k] / x[k]));
  const scale = x.map((d, k) => (!axes.includes(k) ? 1 : raw ? Math.fround(raw[axes.indexOf(k)]) : (policy ?? out[k] / d)));
  const resized = (k: number) => scale[k] !== 1 || out[k] !== x[k];
  const mode = a.mode ?? 'nearest';
  const ct = (a.coordinate_transformation_mode as string | undefined) ?? 'half_pixel';
  const ones = (ks: number[]) => ks.every((k) => scale[k] === 1);
  const r = x.length;
  if (mode === 'linear' && !(r === 2 || r === 3 || (r === 4 && (ones([0, 1]) || ones([0, 3]))) || (r === 5 && ones([0, 1])))) return 'linear only on the inner axes';
  if (mode === 'cubic' && !(r === 2 || (r === 4 && (ones([0, 1]) || (a.antialias === 1 && ones([0, 3])))))) return 'cubic only on the inner axes';
  if (a.exclude_outside === 1 && mode !== 'cubic' && a.antialias !== 1) return 'exclude_outside with cubic or antialias only';
  if (raw && x.some((d, k) => Math.floor(Math.fround(scale[k] * d)) !== out[k])) return 'output length in float32';
  const fractional = raw !== undefined && x.some((d, k) => resized(k) && !Number.isInteger(scale[k] * d));
  if (fractional && ['align_corners', 'tf_crop_and_resize', 'half_pixel_symmetric'].includes(ct)) return 'the integer output length for scale × length';
  if (ct === 'pytorch_half_pixel' && x.some((d, k) => resized(k) && out[k] === 1)) return 'pytorch_half_pixel to one output';
  if (mode === 'nearest' && (c.note?.includes('tie') || ct === 'tf_half_pixel_for_nn')) return 'nearest ties in float32';
  return undefined;
}

describeWithOrt('onnxruntime-node', (ort) => {
  testAgainstOrt('Resize and Upsample', cases, context, ort, deviates);
});

describe('PyTorch modes onto Resize attributes (docs/onnx.md)', () => {
  const shapes: [number[], number[]][] = [
    [[2, 3, 5, 7], [9, 4]],
    [[1, 2, 8, 6], [16, 12]],
    [[1, 1, 9, 10], [4, 3]],
  ];
  const nchw = (x: number[], out: number[]) => [...x.slice(0, 2), ...out];
  const same = (rs: Resample, torch: Tensor, onnx: { data: number[] }, what: string) => {
    expectClose(onnx.data, Array.from(torch.data as Float32Array), 1e-5, 1e-4, what);
    torch.dispose();
  };

  test('interpolate sizes: nearest, bilinear, bicubic with and without align_corners, antialias', async () => {
    const rs = await context();
    for (const [shape, out] of shapes) {
      const x = tensor(shape, shape[2]);
      const size = sizes(nchw(shape, out));
      const onnx = (attrs: Record<string, unknown>) => resize(rs, [x, null, null, size], attrs);
      same(rs, rs.interpolate(x, { size: out, mode: 'nearest' }), onnx({ mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' }), 'nearest');
      same(rs, rs.interpolate(x, { size: out, mode: 'nearest-exact' }), onnx({ mode: 'nearest', nearest_mode: 'round_prefer_ceil' }), 'nearest-exact');
      for (const [mode, onnxMode] of [['bilinear', 'linear'], ['bicubic', 'cubic']] as const) {
        for (const ct of ['half_pixel', 'pytorch_half_pixel']) {
          same(rs, rs.interpolate(x, { size: out, mode }), onnx({ mode: onnxMode, coordinate_transformation_mode: ct, cubic_coeff_a: -0.75 }), `${mode} ${ct}`);
        }
        same(rs, rs.interpolate(x, { size: out, mode, alignCorners: true }), onnx({ mode: onnxMode, coordinate_transformation_mode: 'align_corners' }), `${mode} align_corners`);
        const aa = { mode: onnxMode, antialias: 1, exclude_outside: 1, cubic_coeff_a: -0.5 };
        same(rs, rs.interpolate(x, { size: out, mode, antialias: true }), onnx(aa), `${mode} antialias`);
      }
    }
  });

  test('interpolate scale factors: the same scale reaches both', async () => {
    const rs = await context();
    const x = tensor([1, 3, 6, 5], 7);
    for (const s of [2, 0.5, 1.5, 3]) {
      const onnx = (attrs: Record<string, unknown>) => resize(rs, [x, null, scales([1, 1, s, s])], attrs);
      same(rs, rs.interpolate(x, { scaleFactor: s, mode: 'nearest' }), onnx({ mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' }), `nearest x${s}`);
      same(rs, rs.interpolate(x, { scaleFactor: s, mode: 'bilinear' }), onnx({ mode: 'linear' }), `bilinear x${s}`);
      same(rs, rs.interpolate(x, { scaleFactor: s, mode: 'bicubic' }), onnx({ mode: 'cubic' }), `bicubic x${s}`);
    }
  });
});

describe('argument rules', () => {
  const x = tensor([1, 1, 3, 4]);
  const s4 = scales([1, 1, 2, 2]);
  const bad = (rs: Resample, inputs: unknown[], attrs: Record<string, unknown>, option: string | RegExp, opset?: number) =>
    expectError(rs, () => rs.onnx.run('Resize', inputs as never, attrs as never, opset === undefined ? undefined : { opset }), 'INVALID_ARGUMENT', option);

  test('modes and attribute values', async () => {
    const rs = await context();
    bad(rs, [x, null, s4], { mode: 'bilinear' }, /Resize: attribute mode must be one of 'nearest', 'linear', 'cubic'/);
    bad(rs, [x, null, s4], { coordinate_transformation_mode: 'corners' }, /attribute coordinate_transformation_mode must be/);
    bad(rs, [x, null, s4], { nearest_mode: 'round' }, /attribute nearest_mode must be/);
    bad(rs, [x, null, s4], { exclude_outside: 2 }, /attribute exclude_outside must be 0 or 1/);
    bad(rs, [x, null, s4], { antialias: 1 }, /attribute antialias must be 0 with mode 'nearest'/);
    bad(rs, [x, null, s4], { mode: 'linear', antialias: -1 }, /attribute antialias must be 0 or 1/);
    bad(rs, [x, null, s4], { cubic_coeff_a: 'a' }, /attribute cubic_coeff_a must be a number/);
    bad(rs, [x, null, null, sizes([1, 1, 2, 2])], { keep_aspect_ratio_policy: 'fit' }, /attribute keep_aspect_ratio_policy must be/);
    bad(rs, [x, null, s4], { axes: [2, 2] }, /attribute axes must be distinct axes of X, each from -4 to 3/);
    bad(rs, [x, null, scales([2])], { axes: [4] }, /attribute axes must be/);
  });

  test('what each version declares', async () => {
    const rs = await context();
    bad(rs, [x, null, s4], { coordinate_transformation_mode: 'half_pixel_symmetric' }, /attribute coordinate_transformation_mode must be/, 18);
    bad(rs, [x, null, s4], { coordinate_transformation_mode: 'tf_half_pixel_for_nn' }, /attribute coordinate_transformation_mode must be/, 13);
    bad(rs, [x, null, s4], { mode: 'linear', antialias: 1 }, /unknown attribute 'antialias' in version 13/, 17);
    bad(rs, [x, null, s4], { axes: [2, 3] }, /unknown attribute 'axes' in version 13/, 13);
    bad(rs, [x, s4], { coordinate_transformation_mode: 'asymmetric' }, /unknown attribute 'coordinate_transformation_mode' in version 10/, 10);
    bad(rs, [x, s4], { mode: 'cubic' }, /attribute mode must be one of 'nearest', 'linear'/, 10);
    bad(rs, [x, null, s4], {}, /input roi \(slot 1\) is required/, 11);
    expectError(rs, () => rs.onnx.run('Resize', [x, s4], {}, { opset: 9 }), 'INVALID_ARGUMENT', /Resize: no version in opset 9/);
    expectError(rs, () => rs.onnx.run('Upsample', [x], { scales: [1, 1, 0.5, 2] }, { opset: 7 }), 'INVALID_ARGUMENT', /Upsample: attribute scales must be 4 numbers of at least 1/);
    expectError(rs, () => rs.onnx.run('Upsample', [x, scales([1, 1, 2])], {}, { opset: 9 }), 'INVALID_ARGUMENT', /Upsample: input scales must be 4 numbers of at least 1/);
    expectError(rs, () => rs.onnx.run('Upsample', [x, s4], { scales: [1, 1, 2, 2] }, { opset: 9 }), 'INVALID_ARGUMENT', /unknown attribute 'scales' in version 9/);
  });

  test('scales, sizes and roi', async () => {
    const rs = await context();
    bad(rs, [x, null, s4, sizes([1, 1, 6, 8])], {}, /input sizes must be empty or left out when scales is given/);
    bad(rs, [x], {}, /input scales or input sizes is required/);
    bad(rs, [x, null, scales([])], {}, /input scales or input sizes is required/);
    bad(rs, [x, null, scales([2, 2])], {}, /input scales must be 4, the rank of X positive numbers/);
    bad(rs, [x, null, scales([2, 2])], { axes: [1, 2, 3] }, /input scales must be 3, the length of axes positive numbers/);
    bad(rs, [x, null, scales([1, 1, 0, 2])], {}, /input scales must be/);
    bad(rs, [x, null, scales([1, 1, -2, 2])], {}, /input scales must be/);
    bad(rs, [x, null, scales([1, 1, NaN, 2])], {}, /input scales must be/);
    bad(rs, [x, null, null, sizes([1, 1, 2])], {}, /input sizes must be 4, the rank of X non-negative integers/);
    bad(rs, [x, null, null, sizes([1, 1, -2, 2])], {}, /input sizes must be/);
    bad(rs, [x, null, null, { shape: [4], data: [1, 1, 2.5, 2] }], {}, /sizes must be integers/);
    bad(rs, [x, scales([0, 0, 1, 1]), s4], { coordinate_transformation_mode: 'tf_crop_and_resize' }, /input roi must be 8 finite numbers/);
    bad(rs, [x, null, s4], { coordinate_transformation_mode: 'tf_crop_and_resize' }, /input roi is required with coordinate_transformation_mode 'tf_crop_and_resize'/);
    bad(rs, [x, scales([0, 0, 0, 0, 1, 1, 1, Infinity]), s4], {}, /input roi must be/);
    bad(rs, [{ shape: [1, 0, 2], data: new Float32Array(0) }, null, null, sizes([1, 2, 2])], {}, /X.shape must be non-empty/);
    bad(rs, [{ shape: [], data: Float32Array.of(1) }, null, scales([])], {}, /input scales or input sizes/);
  });
});
