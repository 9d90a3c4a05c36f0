// rs.interpolate against the nn.Upsample examples of PyTorch's documentation,
// PyTorch fixtures, the scalar oracle, and every argument rule.
import { describe, expect, test } from 'vitest';
import type { InterpolateOptions, Resample, Tensor, TensorInput } from 'resample-wasm';
import plain from './fixtures/interpolate.json' with { type: 'json' };
import filters from './fixtures/interpolate-filters.json' with { type: 'json' };
import nonfinite from './fixtures/interpolate-nonfinite.json' with { type: 'json' };
import { resizeModel } from './onnx.mjs';
import { context, decode, expectClose, expectError, expectNoLeaks, nanOut, random, randomArray, type Encoded, useSimd } from './util.ts';
import { describeWithOrt } from './ort.ts';

const X = { shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }; // the input of the nn.Upsample examples

function run(rs: Resample, options: InterpolateOptions, x = X): number[] {
  return expectNoLeaks(rs, () => {
    const y = rs.interpolate(x, options);
    const values = Array.from(y.data);
    y.dispose();
    return values;
  });
}

describe('nn.Upsample tables on [[1,2],[3,4]] (PyTorch docs)', () => {
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
  const cases = [...plain.cases, ...filters.cases, ...nonfinite.cases] as unknown as Case[];
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
  /** Bit patterns of `options` applied with the scalar oracle and with the vector path. */
  function bothPaths(rs: Resample, x: TensorInput, options: InterpolateOptions): [number[], number[]] {
    const bits = (t: Tensor) => Array.from(new Uint32Array(t.data.buffer, t.data.byteOffset, t.size));
    useSimd(rs, false);
    const a = rs.interpolate(x, options);
    useSimd(rs, true);
    const b = rs.interpolate(x, options);
    const result: [number[], number[]] = [bits(a), bits(b)];
    expect(a.data.some(Number.isNaN)).toBe(false);
    a.dispose();
    b.dispose();
    return result;
  }

  const modes: InterpolateOptions[] = [
    { mode: 'nearest' },
    { mode: 'nearest-exact' },
    { mode: 'bilinear' },
    { mode: 'bilinear', alignCorners: true },
    { mode: 'bicubic' },
    { mode: 'bicubic', alignCorners: true },
    { mode: 'area' },
    { mode: 'bilinear', antialias: true },
    { mode: 'bicubic', antialias: true, alignCorners: true },
    { mode: 'lanczos' },
  ];
  // Every tail length 1..17 of the contiguous axis, and a longer one.
  const widths = [...Array.from({ length: 17 }, (_, i) => i + 1), 33];
  for (const base of modes) {
    test(`${JSON.stringify(base)} agrees bit for bit over widths 1..17 and 33`, async () => {
      const rs = await context();
      for (const w of widths) {
        for (const [oh, ow] of [[3, 2 * w + 1], [5, w], [2, Math.max(1, w >> 1)]]) {
          for (const channelsLast of [false, true]) {
            const shape = channelsLast ? [1, 3, w, 3] : [1, 3, 3, w];
            const x = rs.tensor(shape, randomArray(9 * w, w));
            const options = { ...base, size: [oh, ow], channelsLast };
            const [a, b] = bothPaths(rs, x, options);
            expect(b, JSON.stringify(options)).toEqual(a);
            x.dispose();
          }
        }
      }
    });
  }

  test('1-D and 3-D modes agree bit for bit over lengths 1..17', async () => {
    const rs = await context();
    const modes: [number, InterpolateOptions][] = [
      [1, { mode: 'linear' }], [1, { mode: 'area' }], [1, { mode: 'nearest-exact' }],
      [3, { mode: 'trilinear' }], [3, { mode: 'trilinear', alignCorners: true }], [3, { mode: 'area' }], [3, { mode: 'nearest' }],
    ];
    for (const [rank, base] of modes) {
      for (let w = 1; w <= 17; w++) {
        for (const out of [2 * w + 1, Math.max(1, w >> 1), 5]) {
          for (const channelsLast of rank === 3 ? [false, true] : [false]) {
            const spatial = rank === 1 ? [w] : [3, 2, w];
            const shape = channelsLast ? [1, ...spatial, 2] : [1, 2, ...spatial];
            const x = { shape, data: randomArray(2 * spatial.reduce((p, q) => p * q), w) };
            const options = { ...base, size: rank === 1 ? [out] : [4, 3, out], channelsLast };
            const [a, b] = bothPaths(rs, x, options);
            expect(b, JSON.stringify(options)).toEqual(a);
          }
        }
      }
    }
  });
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

  test('area: adaptive average pooling windows, also when upsampling', async () => {
    const rs = await context();
    // 2x2 -> 3x3 averages overlapping windows (pytorch-semantics.md, subtlety 6).
    expectClose(run(rs, { size: [3, 3], mode: 'area' }), [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4], 1e-6);
    // Divisible downscale = the mean of each block (1-D and 3-D too).
    const x = Array.from({ length: 12 }, (_, i) => (i * 7) % 5);
    const mean = (a: number[]) => a.reduce((p, q) => p + q) / a.length;
    expectClose(run(rs, { size: 4, mode: 'area' }, { shape: [1, 1, 12], data: x }), [0, 1, 2, 3].map((i) => mean(x.slice(3 * i, 3 * i + 3))), 1e-6);
    const cube = { shape: [1, 1, 2, 2, 2], data: [1, 2, 3, 4, 5, 6, 7, 8] };
    expectClose(run(rs, { size: 1, mode: 'area' }, cube), [4.5], 1e-6);
  });

  test('every filter keeps a constant constant (weights sum to 1, borders renormalised)', async () => {
    const rs = await context();
    const x = { shape: [1, 2, 7, 9], data: Array(126).fill(0.75) };
    const filters: InterpolateOptions[] = [
      { mode: 'bicubic' }, { mode: 'bicubic', alignCorners: true }, { mode: 'area' },
      { mode: 'bilinear', antialias: true }, { mode: 'bicubic', antialias: true }, { mode: 'lanczos' },
    ];
    for (const f of filters) {
      for (const size of [[2, 3], [11, 19], [1, 1], [7, 4]]) {
        const y = run(rs, { ...f, size }, x);
        expectClose(y, Array(y.length).fill(0.75), 1e-6, 0, JSON.stringify({ ...f, size }));
      }
    }
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
      [{ scaleFactor: 2, mode: 'nearest-exact', antialias: true }, 'INVALID_ARGUMENT', 'antialias'],
      [{ scaleFactor: 2, mode: 'area', antialias: true }, 'INVALID_ARGUMENT', 'antialias'],
      [{ scaleFactor: 2, mode: 'area', alignCorners: false }, 'INVALID_ARGUMENT', 'alignCorners'],
      [{ scaleFactor: 2, mode: 'lanczos', alignCorners: true }, 'INVALID_ARGUMENT', 'alignCorners'],
      [{ scaleFactor: 2, mode: 'lanczos', antialias: false }, 'INVALID_ARGUMENT', 'antialias'],
      [{ scaleFactor: 2, mode: 'bicubic', antialias: 'yes' as unknown as boolean }, 'INVALID_ARGUMENT', 'antialias'],
      [{ scaleFactor: 2, channelsLast: 'yes' as unknown as boolean }, 'INVALID_ARGUMENT', 'channelsLast'],
    ];
    for (const [options, code, option] of bad) expectError(rs, () => rs.interpolate(X, options), code, option);
    // Modes bound to a rank: bicubic and lanczos take 4-D input only; linear and trilinear refuse antialias.
    const x1 = { shape: [1, 1, 4], data: [1, 2, 3, 4] };
    const x3 = { shape: [1, 1, 2, 2, 2], data: [1, 2, 3, 4, 5, 6, 7, 8] };
    for (const x of [x1, x3]) {
      for (const mode of ['bicubic', 'lanczos'] as const) expectError(rs, () => rs.interpolate(x, { scaleFactor: 2, mode }), 'INVALID_ARGUMENT', 'mode');
    }
    expectError(rs, () => rs.interpolate(x1, { scaleFactor: 2, mode: 'linear', antialias: true }), 'INVALID_ARGUMENT', 'antialias');
    // Too large: the output itself (17 GB), or the kernel's scratch (2000 x 600000 floats
    // between the W pass and the D pass, the unchanged H axis between them), refused before
    // anything is written.
    expectError(rs, () => rs.interpolate(X, { size: [65536, 65536] }), 'OUT_OF_MEMORY', 'interpolate');
    const tall = { shape: [1, 1, 2000, 1, 1], data: new Float32Array(2000) };
    const out = nanOut(rs, [1, 1, 1, 1, 600000]);
    expectError(rs, () => rs.interpolate(tall, { size: [1, 1, 600000], mode: 'trilinear', out }), 'OUT_OF_MEMORY', 'interpolate');
    expect(out.data.every(Number.isNaN)).toBe(true);
    out.dispose();
    expectError(rs, () => rs.interpolate(x3, { scaleFactor: 2, mode: 'trilinear', antialias: true }), 'INVALID_ARGUMENT', 'antialias');
    expectError(rs, () => rs.interpolate({ shape: [2, 2], data: [1, 2, 3, 4] }, { size: 3 }), 'INVALID_ARGUMENT', 'x.shape');
    expectError(rs, () => rs.interpolate({ shape: [1, 1, 0, 2], data: [] }, { size: 3 }), 'INVALID_ARGUMENT', 'x.shape');
    expectError(rs, () => rs.interpolate({ shape: [1, 1, 2, 2], data: [1, 2] }, { size: 3 }), 'SHAPE_MISMATCH', 'x.data');
    expectError(rs, () => rs.interpolate(null as never, { size: 3 }), 'INVALID_ARGUMENT', 'x');
  });
});

/**
 * PyTorch -> ONNX Resize-19, for the modes where ONNX computes PyTorch's numbers:
 * - linear modes: `half_pixel` (not `pytorch_half_pixel`, which maps a
 *   1-pixel output to 0 where PyTorch samples the centre) or `align_corners`.
 * - bicubic: `cubic`, a = -0.75, exclude_outside 0: ORT clamps the four taps
 *   to the border and leaves the source coordinate unclamped, as PyTorch does.
 * - antialias: `antialias` 1 with a = -0.5 for cubic and exclude_outside 1
 *   (PyTorch renormalises over in-range taps; 0 replicates the edge instead).
 *   align_corners has no ONNX equivalent (PyTorch keeps half-pixel centres).
 * - `sizes` is PyTorch's size / recomputeScaleFactor path (ratio in/out);
 *   `scales` its scale-factor path (ratio 1/scale, length floor(in·scale)).
 * Left out: nearest modes (ORT rounds ties differently), area (not a
 * Resize), lanczos (no ONNX filter), and scale factors that leave an axis's
 * length unchanged (PyTorch copies such an axis, ORT resamples it).
 */
describeWithOrt('cross-check: onnxruntime-node Resize on random shapes', (ort) => {
  test('linear, bilinear, trilinear, bicubic, antialias: 100 random cases', async () => {
    const rs = await context();
    const r = random(3);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
    for (let k = 0; k < 100; k++) {
      const kind = pick(['linear', 'bilinear', 'trilinear', 'bicubic', 'bilinear+aa', 'bicubic+aa'] as const);
      const mode = kind.split('+')[0] as InterpolateOptions['mode'];
      const antialias = kind.endsWith('+aa');
      const rank = { linear: 1, trilinear: 3 }[mode as string] ?? 2;
      const inSize = Array.from({ length: rank }, () => 1 + Math.floor(r() * (rank === 3 ? 6 : 13)));
      const [n, c] = [1 + Math.floor(r() * 2), 1 + Math.floor(r() * 3)];
      const alignCorners = !antialias && r() < 0.4;
      const channelsLast = rank > 1 && r() < 0.3;
      let options: InterpolateOptions;
      let target: { scales: number[] } | { sizes: number[] };
      if (r() < 0.5) {
        const size = inSize.map((d) => (antialias && r() < 0.7 ? Math.max(1, Math.floor(d / (1 + r() * 4))) : 1 + Math.floor(r() * 17)));
        options = { size };
        target = { sizes: [n, c, ...size] };
      } else {
        const scales = inSize.map(() => pick([0.5, 0.3333, 0.75, 1.5, 2, 2.1, 3]));
        const out = inSize.map((d, i) => Math.floor(d * scales[i]));
        // ORT sizes the output from float32(scale); both must agree, and no axis may stay unchanged.
        if (out.some((o, i) => o < 1 || o === inSize[i] || o !== Math.floor(inSize[i] * Math.fround(scales[i])))) continue;
        options = { scaleFactor: scales };
        target = { scales: [1, 1, ...scales] };
      }
      const cubic = mode === 'bicubic';
      const model = resizeModel([n, c, ...inSize], {
        mode: cubic ? 'cubic' : 'linear',
        coordinate_transformation_mode: alignCorners ? 'align_corners' : 'half_pixel',
        ...(cubic ? { cubic_coeff_a: antialias ? -0.5 : -0.75 } : {}),
        exclude_outside: antialias ? 1 : 0,
        antialias: antialias ? 1 : 0,
      }, target);
      const data = randomArray(n * c * inSize.reduce((a, b) => a * b), 100 + k);
      const session = await ort.InferenceSession.create(model);
      const y = (await session.run({ x: new ort.Tensor('float32', data, [n, c, ...inSize]) })).y;
      const expected = y.data as Float32Array;
      const outSize = y.dims.slice(2) as number[];
      const x = channelsLast ? toChannelsLast(data, [n, c, ...inSize]) : data;
      const shape = channelsLast ? [n, ...inSize, c] : [n, c, ...inSize];
      const full = { ...options, mode, antialias, alignCorners, channelsLast };
      const what = `${JSON.stringify(full)} on ${JSON.stringify(shape)}`;
      const out = nanOut(rs, channelsLast ? [n, ...outSize, c] : [n, c, ...outSize]);
      expectNoLeaks(rs, () => rs.interpolate({ shape, data: x }, { ...full, out }));
      const got = channelsLast ? toChannelsLast(expected, [n, c, ...outSize]) : expected;
      expectClose(out.data, got, 1e-5, 1e-5, what);
      out.dispose();
    }
  }, 60_000);
});

/** NC... -> N...C */
function toChannelsLast(data: ArrayLike<number>, shape: number[]): Float32Array {
  const [n, c] = shape;
  const plane = shape.slice(2).reduce((a, b) => a * b, 1);
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) for (let i = 0; i < plane; i++) out[(b * plane + i) * c + ch] = data[(b * c + ch) * plane + i];
  return out;
}
