// rs.interpolate on uint8 tensors: byte for byte PyTorch's uint8 kernels
// (fixtures from torch 2.15, inputs recomputed from a hash), the scalar oracle
// against the SIMD path on every tail, and the uint8 argument rules.
import { describe, expect, test } from 'vitest';
import type { InterpolateOptions, Resample } from 'resample-wasm';
import fixtures from './fixtures/interpolateUint8.json' with { type: 'json' };
import { base64Bytes, context, expectError, expectNoLeaks, firstDiff, ODD_SIZES, sha256, onBothPaths } from './util.ts';

interface Case {
  options: InterpolateOptions;
  input: { shape: number[]; seed: number };
  expected?: { shape: number[]; data?: string; sha256?: string };
  error?: string;
}

/** The generator's input: byte i is the top byte of (i ^ seed) * 0x9E3779B1 mod 2^32. */
function pixels(n: number, seed: number): Uint8Array {
  const a = new Uint8Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.imul((i ^ seed) >>> 0, 0x9e3779b1) >>> 24;
  return a;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

describe('PyTorch fixtures (F.interpolate on uint8, torch ' + fixtures.torch + ')', () => {
  const cases = (fixtures.cases as unknown as Case[]).filter((c) => c.expected);
  const kind = (c: Case) => `${c.options.mode}${c.options.antialias ? ' antialias' : ''}${c.expected?.sha256 ? ' (image shapes)' : ''}`;
  for (const k of [...new Set(cases.map(kind))]) {
    test(`${k}: ${cases.filter((c) => kind(c) === k).length} cases, bytes exact`, async () => {
      const rs = await context();
      for (const c of cases.filter((x) => kind(x) === k)) {
        const x = rs.tensor(c.input.shape, pixels(size(c.input.shape), c.input.seed), { dtype: 'uint8' });
        // (Prefilled: a byte the kernel leaves unwritten shows up as a mismatch.)
        const out = rs.tensor(c.expected!.shape, new Uint8Array(size(c.expected!.shape)).fill(0xa5), { dtype: 'uint8' });
        expect(expectNoLeaks(rs, () => rs.interpolate(x, { ...c.options, out }))).toBe(out);
        const what = `${JSON.stringify(c.options)} on ${JSON.stringify(c.input.shape)}`;
        if (c.expected!.sha256) {
          expect(await sha256(out.data), what).toBe(c.expected!.sha256);
        } else {
          const want = base64Bytes(c.expected!.data!);
          expect(firstDiff(out.data, want), what).toBe('equal');
        }
        x.dispose();
        out.dispose();
      }
    });
  }

  test('modes PyTorch has no uint8 kernel for are INVALID_ARGUMENT naming mode', async () => {
    const rs = await context();
    const rejected = (fixtures.cases as unknown as Case[]).filter((c) => c.error);
    expect(rejected.map((c) => c.options.mode).sort()).toEqual(['area', 'area', 'area', 'linear', 'trilinear']);
    for (const c of rejected) {
      const x = { shape: c.input.shape, data: pixels(size(c.input.shape), c.input.seed) };
      expectError(rs, () => rs.interpolate(x, c.options), 'INVALID_ARGUMENT', /mode .*uint8/);
    }
    const image = { shape: [1, 3, 4, 4], data: new Uint8Array(48) };
    expectError(rs, () => rs.interpolate(image, { mode: 'lanczos', size: 2 }), 'INVALID_ARGUMENT', 'mode');
  });
});

describe('scalar oracle vs SIMD path', () => {
  function both(rs: Resample, shape: number[], options: InterpolateOptions): [Uint8Array, Uint8Array] {
    const x = { shape, data: pixels(size(shape), size(shape) * 31 + shape.length) };
    const { scalar, vector } = onBothPaths(rs, () =>
      expectNoLeaks(rs, () => {
        const y = rs.interpolate(x, options);
        const d = y.data.slice();
        y.dispose();
        return d;
      }),
    );
    return [scalar, vector];
  }

  test('bilinear and bicubic, antialias on and off, every width and channel count, both layouts', async () => {
    const rs = await context();
    for (const mode of ['bilinear', 'bicubic'] as const) {
      for (const antialias of [false, true]) {
        for (const w of ODD_SIZES) {
          for (let c = 1; c <= 5; c++) {
            for (const channelsLast of [false, true]) {
              // Down, up and unchanged widths; heights changing too.
              for (const [h, oh, ow] of [[5, 3, Math.max(1, w >> 1)], [3, 7, 2 * w + 1], [4, 4, w + 3]]) {
                const shape = channelsLast ? [1, h!, w, c] : [1, c, h!, w];
                const options = { mode, antialias, channelsLast, size: [oh!, ow!] };
                const [a, b] = both(rs, shape, options);
                expect(firstDiff(a, b), JSON.stringify({ shape, ...options })).toBe('equal');
              }
            }
          }
        }
      }
    }
  });
});

describe('uint8 in, uint8 out', () => {
  test('a uint8 tensor, a Uint8Array or a Uint8ClampedArray gives a uint8 tensor', async () => {
    const rs = await context();
    const data = Uint8Array.from([0, 255, 10, 20]);
    const t = rs.tensor([1, 1, 2, 2], data, { dtype: 'uint8' });
    for (const x of [t, { shape: [1, 1, 2, 2], data }, { shape: [1, 1, 2, 2], data: Uint8ClampedArray.from(data) }]) {
      const y = rs.interpolate(x, { scaleFactor: 2, mode: 'nearest' });
      expect(y.dtype).toBe('uint8');
      expect(Array.from(y.data)).toEqual([0, 0, 255, 255, 0, 0, 255, 255, 10, 10, 20, 20, 10, 10, 20, 20]);
      y.dispose();
    }
    // Plain arrays stay float32.
    const f = rs.interpolate({ shape: [1, 1, 2], data: [1, 2] }, { size: 3 });
    expect(f.dtype).toBe('float32');
    f.dispose();
    t.dispose();
  });

  test('out must have the input dtype', async () => {
    const rs = await context();
    const u8 = { shape: [1, 1, 2, 2], data: new Uint8Array(4) };
    const f32 = rs.empty([1, 1, 4, 4]);
    const bytesOut = rs.empty([1, 1, 4, 4], { dtype: 'uint8' });
    expectError(rs, () => rs.interpolate(u8, { scaleFactor: 2, out: f32 }), 'INVALID_ARGUMENT', 'out.dtype');
    expectError(rs, () => rs.interpolate({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, { scaleFactor: 2, out: bytesOut }), 'INVALID_ARGUMENT', 'out.dtype');
    f32.dispose();
    bytesOut.dispose();
  });

  test('bilinear and bicubic stay 4-D only, as PyTorch', async () => {
    const rs = await context();
    expectError(rs, () => rs.interpolate({ shape: [1, 1, 4], data: new Uint8Array(4) }, { mode: 'bilinear', size: 2 }), 'INVALID_ARGUMENT', 'mode');
  });
});
