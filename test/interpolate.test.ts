// rs.interpolate against the seed notes' tables, PyTorch fixtures, the
// scalar oracle, and every argument rule.
import { describe, expect, test } from 'vitest';
import type { InterpolateOptions, Resample } from 'resample-wasm';
import plain from './fixtures/interpolate.json' with { type: 'json' };
import filters from './fixtures/interpolate-filters.json' with { type: 'json' };
import { context, decode, expectClose, expectError, expectNoLeaks, nanOut, ODD_SIZES, randomArray, type Encoded } from './util.ts';

const X = { shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }; // seed 002's input

function run(rs: Resample, options: InterpolateOptions, x = X): number[] {
  return expectNoLeaks(rs, () => {
    const y = rs.interpolate(x, options);
    const values = Array.from(y.data);
    y.dispose();
    return values;
  });
}

describe('seed 002: nn.Upsample tables on [[1,2],[3,4]]', () => {
  test('nearest x2 and size (3,5)', async () => {
    const rs = await context();
    expect(run(rs, { scaleFactor: 2, mode: 'nearest' })).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    expect(run(rs, { size: [3, 5], mode: 'nearest' })).toEqual([1, 1, 1, 2, 2, 1, 1, 1, 2, 2, 3, 3, 3, 4, 4]);
  });

  test('bilinear x2, alignCorners false and true', async () => {
    const rs = await context();
    expectClose(run(rs, { scaleFactor: 2, mode: 'bilinear', alignCorners: false }), [
      1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4,
    ], 1e-4);
    expectClose(run(rs, { scaleFactor: 2, mode: 'bilinear', alignCorners: true }), [
      1, 1.3333, 1.6667, 2, 1.6667, 2, 2.3333, 2.6667, 2.3333, 2.6667, 3, 3.3333, 3, 3.3333, 3.6667, 4,
    ], 1e-4);
  });

  test('bilinear size (3,5) with alignCorners (also UpsamplingBilinear2d)', async () => {
    const rs = await context();
    expectClose(run(rs, { size: [3, 5], mode: 'bilinear', alignCorners: true }), [
      1, 1.25, 1.5, 1.75, 2, 2, 2.25, 2.5, 2.75, 3, 3, 3.25, 3.5, 3.75, 4,
    ], 1e-4);
  });
});

interface Case {
  options: InterpolateOptions;
  input: Encoded;
  expected: Encoded;
}

// lanczos cases come from Pillow (not a torch mode), see the generator.
describe('PyTorch fixtures (F.interpolate, torch ' + plain.torch + ')', () => {
  const cases = [...plain.cases, ...filters.cases] as unknown as Case[];
  const kind = (o: InterpolateOptions) => `${o.mode}${o.antialias ? ' antialias' : ''}`;
  const kinds = [...new Set(cases.map((c) => kind(c.options)))];
  for (const k of kinds) {
    test(`${k}: ${cases.filter((c) => kind(c.options) === k).length} cases`, async () => {
      const rs = await context();
      for (const c of cases.filter((x) => kind(x.options) === k)) {
        const expected = decode(c.expected);
        const out = nanOut(rs, c.expected.shape);
        expectNoLeaks(rs, () => rs.interpolate({ shape: c.input.shape, data: decode(c.input) }, { ...c.options, out }));
        const what = `${JSON.stringify(c.options)} on ${JSON.stringify(c.input.shape)}`;
        // Nearest modes copy values: they must be exact.
        const exact = c.options.mode?.startsWith('nearest');
        expectClose(out.data, expected, exact ? 0 : 1e-5, exact ? 0 : 1e-5, what);
        out.dispose();
      }
    });
  }
});

describe('scalar oracle vs SIMD path', () => {
  const modes: InterpolateOptions[] = [
    { mode: 'nearest' },
    { mode: 'nearest-exact' },
    { mode: 'bilinear' },
    { mode: 'bilinear', alignCorners: true },
  ];
  for (const base of modes) {
    test(`${JSON.stringify(base)} agrees bit for bit over odd sizes`, async () => {
      const rs = await context();
      for (const w of ODD_SIZES) {
        for (const [oh, ow] of [[3, 2 * w + 1], [5, w], [2, Math.max(1, w >> 1)]]) {
          for (const channelsLast of [false, true]) {
            const shape = channelsLast ? [1, 3, w, 3] : [1, 3, 3, w];
            const x = rs.tensor(shape, randomArray(9 * w, w));
            const options = { ...base, size: [oh, ow], channelsLast };
            rs.useSimd(false);
            const a = rs.interpolate(x, options);
            rs.useSimd(true);
            const b = rs.interpolate(x, options);
            expect(Array.from(new Uint32Array(b.data.buffer, b.data.byteOffset, b.size)), JSON.stringify(options)).toEqual(
              Array.from(new Uint32Array(a.data.buffer, a.data.byteOffset, a.size)),
            );
            expect(a.data.some(Number.isNaN)).toBe(false);
            for (const t of [x, a, b]) t.dispose();
          }
        }
      }
    });
  }
});

describe('options', () => {
  test('recomputeScaleFactor uses in/out instead of 1/scale', async () => {
    const rs = await context();
    const x = { shape: [1, 1, 8], data: [0, 1, 2, 3, 4, 5, 6, 7] };
    // 8 * 2.1 -> 16 outputs; the coordinate ratio is 1/2.1 unless recomputed (then 0.5).
    const kept = run(rs, { scaleFactor: 2.1, mode: 'linear' }, x);
    const recomputed = run(rs, { scaleFactor: 2.1, mode: 'linear', recomputeScaleFactor: true }, x);
    const sized = run(rs, { size: 16, mode: 'linear' }, x);
    expect(recomputed).toEqual(sized);
    expect(kept).not.toEqual(sized);
    expectClose([kept[3]], [Math.fround(Math.fround(3.5 * Math.fround(1 / 2.1)) - 0.5)], 1e-6);
  });

  test('nearest decimation (take every k-th pixel) is nearest with scaleFactor 1/k', async () => {
    const rs = await context();
    const x = { shape: [1, 1, 12], data: Array.from({ length: 12 }, (_, i) => i) };
    expect(run(rs, { scaleFactor: 1 / 3, mode: 'nearest' }, x)).toEqual([0, 3, 6, 9]);
    expect(run(rs, { scaleFactor: 1 / 4, mode: 'nearest' }, x)).toEqual([0, 4, 8]);
  });

  test('out receives the result; a wrong out is rejected before anything is written', async () => {
    const rs = await context();
    const out = nanOut(rs, [1, 1, 4, 4]);
    const y = rs.interpolate(X, { scaleFactor: 2, out });
    expect(y).toBe(out);
    expect(out.data.some(Number.isNaN)).toBe(false);
    const wrong = nanOut(rs, [1, 1, 4, 5]);
    expectError(rs, () => rs.interpolate(X, { scaleFactor: 2, out: wrong }), 'SHAPE_MISMATCH', 'out');
    expect(wrong.data.every(Number.isNaN)).toBe(true);
    const ints = rs.zeros([1, 1, 4, 4], { dtype: 'int32' });
    expectError(rs, () => rs.interpolate(X, { scaleFactor: 2, out: ints as never }), 'INVALID_ARGUMENT', 'out.dtype');
    const x = rs.tensor([1, 1, 2, 2], [1, 2, 3, 4]);
    expectError(rs, () => rs.interpolate(x, { size: [2, 2], out: x }), 'INVALID_ARGUMENT', 'out');
    for (const t of [out, wrong, ints, x]) t.dispose();
  });

  test('every invalid combination names its option', async () => {
    const rs = await context();
    const bad: [InterpolateOptions, string, string][] = [
      [{ size: [4, 4], scaleFactor: 2 }, 'INVALID_ARGUMENT', 'size'],
      [{}, 'INVALID_ARGUMENT', 'size'],
      [{ size: [4, 0] }, 'INVALID_ARGUMENT', 'size'],
      [{ size: [4] }, 'INVALID_ARGUMENT', 'size'],
      [{ size: [2.5, 4] }, 'INVALID_ARGUMENT', 'size'],
      [{ scaleFactor: NaN }, 'INVALID_ARGUMENT', 'scaleFactor'],
      [{ scaleFactor: Infinity }, 'INVALID_ARGUMENT', 'scaleFactor'],
      [{ scaleFactor: -2 }, 'INVALID_ARGUMENT', 'scaleFactor'],
      [{ scaleFactor: 0.1 }, 'INVALID_ARGUMENT', 'scaleFactor'],
      [{ scaleFactor: [2, 2, 2] }, 'INVALID_ARGUMENT', 'scaleFactor'],
      [{ size: [4, 4], recomputeScaleFactor: true }, 'INVALID_ARGUMENT', 'recomputeScaleFactor'],
      [{ scaleFactor: 2, mode: 'linear' }, 'INVALID_ARGUMENT', 'mode'],
      [{ scaleFactor: 2, mode: 'trilinear' }, 'INVALID_ARGUMENT', 'mode'],
      [{ scaleFactor: 2, mode: 'cubic' as 'bicubic' }, 'INVALID_ARGUMENT', 'mode'],
      [{ scaleFactor: 2, mode: 'nearest', alignCorners: false }, 'INVALID_ARGUMENT', 'alignCorners'],
      [{ scaleFactor: 2, mode: 'nearest-exact', alignCorners: true }, 'INVALID_ARGUMENT', 'alignCorners'],
      [{ scaleFactor: 2, mode: 'nearest', antialias: true }, 'INVALID_ARGUMENT', 'antialias'],
      [{ scaleFactor: 2, alignCorners: 1 as unknown as boolean, mode: 'bilinear' }, 'INVALID_ARGUMENT', 'alignCorners'],
      [{ scaleFactor: 2, channelsLast: 'yes' as unknown as boolean }, 'INVALID_ARGUMENT', 'channelsLast'],
    ];
    for (const [options, code, option] of bad) expectError(rs, () => rs.interpolate(X, options), code, option);
    expectError(rs, () => rs.interpolate({ shape: [2, 2], data: [1, 2, 3, 4] }, { size: 3 }), 'INVALID_ARGUMENT', 'x.shape');
    expectError(rs, () => rs.interpolate({ shape: [1, 1, 0, 2], data: [] }, { size: 3 }), 'INVALID_ARGUMENT', 'x.shape');
    expectError(rs, () => rs.interpolate({ shape: [1, 1, 2, 2], data: [1, 2] }, { size: 3 }), 'SHAPE_MISMATCH', 'x.data');
    expectError(rs, () => rs.interpolate(null as never, { size: 3 }), 'INVALID_ARGUMENT', 'x');
  });
});
