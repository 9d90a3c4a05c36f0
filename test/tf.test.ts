// rs.tf.image.resize against TF2's tf.image.resize (tensorflow-cpu fixtures:
// every method, up and down, uint8 and float32), the scalar oracle, and the
// argument rules.
import { describe, expect, test } from 'vitest';
import type { Resample, Tensor, TfResizeMethod, TfResizeOptions } from 'resample-wasm';
import fixtures from './fixtures/tf.json' with { type: 'json' };
import { base64Bytes, context, expectClose, expectError, expectNoLeaks, useSimd } from './util.ts';

interface Stored {
  shape: number[];
  dtype: 'float32' | 'uint8';
  data: string;
}

function decoded(e: Stored): Float32Array | Uint8Array {
  const b = base64Bytes(e.data);
  return e.dtype === 'uint8' ? b : new Float32Array(b.buffer);
}

const inputs = fixtures.inputs as Record<string, Stored>;

interface Case {
  input: string;
  size: number[];
  method: TfResizeMethod;
  antialias: boolean;
  preserveAspectRatio?: boolean;
  expected: Stored;
}

const cases = fixtures.cases as Case[];

function resize(rs: Resample, c: Case, antialias = c.antialias): { shape: number[]; dtype: string; data: number[] } {
  return expectNoLeaks(rs, () => {
    const x = inputs[c.input];
    const y: Tensor = rs.tf.image.resize({ shape: x.shape, data: decoded(x) }, c.size, { method: c.method, antialias, preserveAspectRatio: c.preserveAspectRatio });
    const out = { shape: [...y.shape], dtype: y.dtype, data: Array.from(y.data) };
    y.dispose();
    return out;
  });
}

function label(c: Case): string {
  return `${c.input} -> ${c.size.join('x')} ${c.method}${c.antialias ? ' antialias' : ''}${c.preserveAspectRatio ? ' keep aspect' : ''}`;
}

/** TF's tolerance: 1e-4 × max(1, max |input|). */
function tolerance(c: Case): number {
  return 1e-4 * Math.max(1, ...Array.from(decoded(inputs[c.input]), Math.abs));
}

describe('tf.image.resize fixtures (tensorflow-cpu 2.21)', () => {
  for (const simd of [true, false]) {
    test(`every case, ${simd ? 'vector' : 'scalar'} path`, async () => {
      const rs = await context();
      useSimd(rs, simd);
      try {
        for (const c of cases) {
          const y = resize(rs, c);
          const want = decoded(c.expected);
          expect(y.shape, label(c)).toEqual(c.expected.shape);
          expect(y.dtype, label(c)).toBe(c.expected.dtype);
          if (c.expected.dtype === 'uint8' || c.method === 'nearest') expect(y.data, label(c)).toEqual(Array.from(want));
          else expectClose(y.data, want, tolerance(c), 0, label(c));
        }
      } finally {
        useSimd(rs, true);
      }
    });
  }

  test('antialias changes nothing for nearest and area, as in TF', async () => {
    const rs = await context();
    for (const c of cases.filter((c) => c.method === 'nearest' || c.method === 'area')) {
      expect(resize(rs, c, true).data, label(c)).toEqual(resize(rs, c, false).data);
    }
  });
});

describe('tf.image.resize shapes and dtypes', () => {
  test('[H, W, C] in, [h, w, C] out; uint8 nearest stays uint8, the rest float32', async () => {
    const rs = await context();
    const x = { shape: [3, 4, 2], data: new Uint8Array(24).map((_, i) => i * 10) };
    for (const method of ['nearest', 'bilinear', 'area'] as const) {
      const y = rs.tf.image.resize(x, [5, 2], { method });
      expect(y.shape).toEqual([5, 2, 2]);
      expect(y.dtype).toBe(method === 'nearest' ? 'uint8' : 'float32');
      y.dispose();
    }
  });

  test('an empty batch gives an empty result', async () => {
    const rs = await context();
    const y = rs.tf.image.resize({ shape: [0, 3, 3, 1], data: new Float32Array(0) }, [2, 2]);
    expect(y.shape).toEqual([0, 2, 2, 1]);
    y.dispose();
  });

  test('a constant image stays constant under every method', async () => {
    const rs = await context();
    const methods: TfResizeMethod[] = ['bilinear', 'nearest', 'bicubic', 'area', 'lanczos3', 'lanczos5', 'gaussian', 'mitchellcubic'];
    for (const method of methods) {
      for (const antialias of [false, true]) {
        const y = rs.tf.image.resize({ shape: [1, 9, 17, 3], data: new Float32Array(9 * 17 * 3).fill(5) }, [5, 33], { method, antialias });
        expectClose(y.data, new Float32Array(5 * 33 * 3).fill(5), 1e-4, 0, method);
        y.dispose();
      }
    }
  });
});

describe('tf.image.resize argument rules', () => {
  const X = { shape: [1, 4, 4, 1], data: new Float32Array(16) };
  const bad: [string, (rs: Resample) => unknown, string][] = [
    ['rank 2 images', (rs) => rs.tf.image.resize({ shape: [4, 4], data: new Float32Array(16) }, [2, 2]), 'images.shape'],
    ['rank 5 images', (rs) => rs.tf.image.resize({ shape: [1, 1, 4, 4, 1], data: new Float32Array(16) }, [2, 2]), 'images.shape'],
    ['zero height', (rs) => rs.tf.image.resize({ shape: [1, 0, 4, 1], data: new Float32Array(0) }, [2, 2]), 'images.shape'],
    ['zero channels', (rs) => rs.tf.image.resize({ shape: [4, 4, 0], data: new Float32Array(0) }, [2, 2]), 'images.shape'],
    ['size of one number', (rs) => rs.tf.image.resize(X, [2]), 'size'],
    ['size of zero', (rs) => rs.tf.image.resize(X, [0, 2]), 'size'],
    ['fractional size', (rs) => rs.tf.image.resize(X, [2.5, 2]), 'size'],
    ['unknown method', (rs) => rs.tf.image.resize(X, [2, 2], { method: 'cubic' as TfResizeMethod }), 'method'],
    ['non-boolean antialias', (rs) => rs.tf.image.resize(X, [2, 2], { antialias: 1 as unknown as boolean }), 'antialias'],
    ['non-boolean preserveAspectRatio', (rs) => rs.tf.image.resize(X, [2, 2], { preserveAspectRatio: 'yes' as unknown as boolean }), 'preserveAspectRatio'],
    ['unknown option', (rs) => rs.tf.image.resize(X, [2, 2], { antiAlias: true } as TfResizeOptions), 'antiAlias'],
    ['kept aspect collapsing to 0', (rs) => rs.tf.image.resize({ shape: [1000, 1, 1], data: new Float32Array(1000) }, [1, 1000], { preserveAspectRatio: true }), 'preserveAspectRatio'],
  ];
  for (const [what, body, option] of bad) {
    test(what, async () => {
      const rs = await context();
      expectError(rs, () => body(rs), 'INVALID_ARGUMENT', option);
      expect(() => body(rs)).toThrow(/^tf\.image\.resize/);
    });
  }

  test('int32 tensors', async () => {
    const rs = await context();
    const x = rs.tensor([1, 2, 2, 1], [1, 2, 3, 4], { dtype: 'int32' });
    expectError(rs, () => rs.tf.image.resize(x, [2, 2]), 'INVALID_ARGUMENT', 'images.dtype');
    x.dispose();
  });
});
