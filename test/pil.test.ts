// rs.pil.resize: byte for byte PIL.Image.resize (fixtures from pillow 13,
// inputs recomputed from their seeds), the scalar oracle against the SIMD
// path on every tail, and Pillow's argument rules.
import { describe, expect, test } from 'vitest';
import type { PilResizeOptions, Resample } from 'resample-wasm';
import fixtures from './fixtures/pil.json' with { type: 'json' };
import { base64Bytes, context, expectClose, expectError, expectNoLeaks, firstDiff, ODD_SIZES, sha256, onBothPaths } from './util.ts';

interface Case {
  input: { kind: 'photo' | 'noise'; shape: number[]; seed: number; mode: string };
  size: [number, number];
  options: PilResizeOptions;
  expected?: { shape: number[]; data?: string; sha256?: string };
  error?: string;
}

const hash = (i: number, seed: number) => Math.imul((i ^ seed) >>> 0, 0x9e3779b1) >>> 24;

/** scripts/fixtures/pil.py's `pixels`, uint8 [h, w, c] row-major. */
function pixels(kind: string, h: number, w: number, c: number, seed: number): Uint8Array {
  const a = new Uint8Array(h * w * c);
  const r = Math.floor(Math.min(h, w) / 3);
  for (let i = 0; i < a.length; i++) {
    if (kind === 'noise') {
      a[i] = hash(i, seed);
      continue;
    }
    const [y, x, ch] = [Math.floor(i / (w * c)), Math.floor(i / c) % w, i % c];
    const inside = (2 * x - w) ** 2 + (2 * y - h) ** 2 < (2 * r) ** 2;
    let v = (inside ? 230 - ch * 50 : (x * 5 + y * 3 + ch * 60 + seed) % 256) + (hash(i, seed) >> 4) - 8;
    if ((c === 2 || c === 4) && ch === c - 1) v = Math.floor((x * 255) / Math.max(w - 1, 1));
    a[i] = Math.min(255, Math.max(0, v));
  }
  return a;
}

function input(c: Case): { shape: number[]; data: Uint8Array | Float32Array } {
  const [h, w, ch = 1] = c.input.shape;
  const bytes = pixels(c.input.kind, h, w, ch, c.input.seed);
  if (c.input.mode === 'F') return { shape: c.input.shape, data: Float32Array.from(bytes, (b) => b / 64 - 2) };
  return { shape: c.input.shape, data: bytes };
}

describe(`Pillow fixtures (PIL.Image.resize, pillow ${fixtures.pillow})`, () => {
  const cases = (fixtures.cases as unknown as Case[]).filter((c) => c.expected);
  const group = (c: Case) => `${c.options.resample ?? 'default'} ${c.input.mode}${c.options.box ? ' box' : ''}${c.options.reducingGap ? ' reducingGap' : ''}`;
  for (const g of [...new Set(cases.map(group))]) {
    test(`${g}: ${cases.filter((c) => group(c) === g).length} cases, ${g.includes(' F') ? 'within 1e-5' : 'bytes exact'}`, async () => {
      const rs = await context();
      for (const c of cases.filter((x) => group(x) === g)) {
        const what = `${c.input.kind} ${JSON.stringify(c.input.shape)} → ${JSON.stringify(c.size)} ${JSON.stringify(c.options)}`;
        const { shape, dtype, data } = expectNoLeaks(rs, () => {
          const y = rs.pil.resize(input(c), c.size, c.options);
          const result = { shape: y.shape, dtype: y.dtype, data: y.data.slice() };
          y.dispose();
          return result;
        });
        expect(shape, what).toEqual(c.expected!.shape);
        expect(dtype).toBe(c.input.mode === 'F' ? 'float32' : 'uint8');
        if (c.input.mode === 'F') {
          // (max |input| is 2: mode F inputs lie in [-2, 2).)
          expectClose(data as Float32Array, new Float32Array(base64Bytes(c.expected!.data!).buffer), 2e-5, 1e-5, what);
        } else if (c.expected!.sha256) {
          expect(await sha256(data as Uint8Array), what).toBe(c.expected!.sha256);
        } else {
          expect(firstDiff(data as Uint8Array, base64Bytes(c.expected!.data!)), what).toBe('equal');
        }
      }
    });
  }

  test("Pillow's argument errors are INVALID_ARGUMENT naming the option", async () => {
    const rs = await context();
    const rejected = (fixtures.cases as unknown as Case[]).filter((c) => c.error);
    expect(rejected.length).toBe(4);
    for (const c of rejected) {
      const option = c.options.box ? 'box' : 'reducingGap';
      expectError(rs, () => rs.pil.resize(input(c), c.size, c.options), 'INVALID_ARGUMENT', option);
    }
  });
});

describe('scalar oracle vs SIMD path', () => {
  function both(rs: Resample, shape: number[], size: [number, number], options: PilResizeOptions): [Uint8Array, Uint8Array] {
    const [h, w, c = 1] = shape;
    const x = { shape, data: pixels('noise', h, w, c, h * 31 + w) };
    const { scalar, vector } = onBothPaths(rs, () =>
      expectNoLeaks(rs, () => {
        const y = rs.pil.resize(x, size, options);
        const d = (y.data as Uint8Array).slice();
        y.dispose();
        return d;
      }),
    );
    return [scalar, vector];
  }

  test('every filter, width and channel count, both pass orders', async () => {
    const rs = await context();
    for (const resample of ['BILINEAR', 'LANCZOS', 'BOX'] as const) {
      for (const w of ODD_SIZES) {
        for (let c = 1; c <= 4; c++) {
          // Down, up and unchanged widths; heights shrinking (vertical pass first) or growing.
          for (const [h, oh, ow] of [[9, 3, Math.max(1, w >> 1)], [3, 7, 2 * w + 1], [20, 5, w + 3]]) {
            const shape = c === 1 ? [h!, w] : [h!, w, c];
            for (const passOrder of ['pillow13', 'pillow12'] as const) {
              const options = { resample, passOrder };
              const [a, b] = both(rs, shape, [ow!, oh!], options);
              expect(firstDiff(a, b), JSON.stringify({ shape, ...options })).toBe('equal');
            }
          }
        }
      }
    }
  });
});

describe('arguments', () => {
  const rgb = { shape: [4, 6, 3], data: new Uint8Array(72) };

  test('img must be a mode Pillow has: L, LA, RGB, RGBA (uint8) or F (float32 [H, W])', async () => {
    const rs = await context();
    expectError(rs, () => rs.pil.resize({ shape: [4, 6, 5], data: new Uint8Array(120) }, [3, 2]), 'INVALID_ARGUMENT', 'img');
    expectError(rs, () => rs.pil.resize({ shape: [4, 6, 3], data: new Float32Array(72) }, [3, 2]), 'INVALID_ARGUMENT', 'img');
    expectError(rs, () => rs.pil.resize({ shape: [2, 4, 6, 3], data: new Uint8Array(144) }, [3, 2]), 'INVALID_ARGUMENT', 'img');
    expectError(rs, () => rs.pil.resize({ shape: [0, 6], data: new Uint8Array(0) }, [3, 2]), 'INVALID_ARGUMENT', 'img.shape');
  });

  test('size, resample, box, reducingGap and passOrder are checked', async () => {
    const rs = await context();
    for (const size of [[0, 2], [3, 1.5], [3], 'big']) {
      expectError(rs, () => rs.pil.resize(rgb, size as [number, number]), 'INVALID_ARGUMENT', 'size');
    }
    expectError(rs, () => rs.pil.resize(rgb, [3, 2], { resample: 'CUBIC' as 'BICUBIC' }), 'INVALID_ARGUMENT', 'resample');
    expectError(rs, () => rs.pil.resize(rgb, [3, 2], { box: [0, 0, 6] as unknown as [number, number, number, number] }), 'INVALID_ARGUMENT', 'box');
    expectError(rs, () => rs.pil.resize(rgb, [3, 2], { box: [0, 0, 6, NaN] }), 'INVALID_ARGUMENT', 'box');
    expectError(rs, () => rs.pil.resize(rgb, [3, 2], { box: [0, 0, 6, 5] }), 'INVALID_ARGUMENT', "box can't exceed");
    expectError(rs, () => rs.pil.resize(rgb, [3, 2], { reducingGap: 0.99 }), 'INVALID_ARGUMENT', 'reducingGap');
    expectError(rs, () => rs.pil.resize(rgb, [3, 2], { reducingGap: '2' as unknown as number }), 'INVALID_ARGUMENT', 'reducingGap');
    expectError(rs, () => rs.pil.resize(rgb, [3, 2], { passOrder: 'pillow11' as 'pillow12' }), 'INVALID_ARGUMENT', 'passOrder');
    expectError(rs, () => rs.pil.resize(rgb, [3, 2], { filter: 'BOX' } as PilResizeOptions), 'INVALID_ARGUMENT', 'filter');
  });

  test('a tensor input stays as it is; the output is new, of the input dtype and rank', async () => {
    const rs = await context();
    const t = rs.tensor([4, 6], new Uint8Array(24).fill(7), { dtype: 'uint8' });
    const y = rs.pil.resize(t, [3, 2], { resample: 'BOX' });
    expect([y.dtype, y.shape, Array.from(y.data)]).toEqual(['uint8', [2, 3], [7, 7, 7, 7, 7, 7]]);
    expect(Array.from(t.data).every((v) => v === 7)).toBe(true);
    y.dispose();
    t.dispose();
  });

  test('Pillow 12 and 13 pass orders give different bytes where 13 runs the vertical pass first', async () => {
    const rs = await context();
    const x = { shape: [60, 20, 3], data: pixels('noise', 60, 20, 3, 5) };
    const [a, b] = (['pillow13', 'pillow12'] as const).map((passOrder) => {
      const y = rs.pil.resize(x, [15, 7], { resample: 'LANCZOS', passOrder });
      const d = (y.data as Uint8Array).slice();
      y.dispose();
      return d;
    });
    expect(firstDiff(a!, b!)).not.toBe('equal');
  });
});
