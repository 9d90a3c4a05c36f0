// rs.pixelShuffle / rs.pixelUnshuffle against PyTorch fixtures, the round
// trip, the scalar oracle, and every argument rule.
import { describe, expect, test } from 'vitest';
import type { Resample } from 'resample-wasm';
import fixtures from './fixtures/pixelShuffle.json' with { type: 'json' };
import lastFixtures from './fixtures/pixelShuffle-channelsLast.json' with { type: 'json' };
import { poolModel } from './onnx.mjs';
import { context, decode, expectError, expectNoLeaks, nanOut, ODD_SIZES, randomArray, type Encoded, useSimd } from './util.ts';
import { describeWithOrt } from './ort.ts';

interface Case {
  op: 'pixelShuffle' | 'pixelUnshuffle';
  factor: number;
  input: Encoded;
  expected: Encoded;
}

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('PyTorch fixtures (torch ' + fixtures.torch + ')', () => {
  test(`${fixtures.cases.length} cases, bit-exact`, async () => {
    const rs = await context();
    for (const c of fixtures.cases as unknown as Case[]) {
      const out = nanOut(rs, c.expected.shape);
      expectNoLeaks(rs, () => rs[c.op]({ shape: c.input.shape, data: decode(c.input) }, c.factor, { out }));
      expect(bits(out.data), `${c.op} r=${c.factor} on ${JSON.stringify(c.input.shape)}`).toEqual(bits(decode(c.expected) as Float32Array));
      out.dispose();
    }
  });
});

describe('channelsLast: PyTorch fixtures in torch.channels_last memory format (torch ' + lastFixtures.torch + ')', () => {
  test(`${lastFixtures.cases.length} cases, physical [..., H, W, C] order, bit-exact`, async () => {
    const rs = await context();
    for (const c of lastFixtures.cases as unknown as Case[]) {
      const out = nanOut(rs, c.expected.shape);
      expectNoLeaks(rs, () => rs[c.op]({ shape: c.input.shape, data: decode(c.input) }, c.factor, { channelsLast: true, out }));
      expect(bits(out.data), `${c.op} r=${c.factor} on ${JSON.stringify(c.input.shape)}`).toEqual(bits(decode(c.expected) as Float32Array));
      out.dispose();
    }
  });

  test('= the channels-first op with channels moved last, any leading axes, both paths', async () => {
    const rs = await context();
    /** [...lead, C, H, W] data in [...lead, H, W, C] order. */
    const toLast = (t: { shape: readonly number[]; data: Float32Array }) => {
      const [c, h, w] = t.shape.slice(-3);
      const out = new Float32Array(t.data.length);
      for (let i = 0; i < t.data.length; i++) {
        const [b, ch, p] = [Math.floor(i / (c * h * w)), Math.floor(i / (h * w)) % c, i % (h * w)];
        out[(b * h * w + p) * c + ch] = t.data[i];
      }
      return { shape: [...t.shape.slice(0, -3), h, w, c], data: out };
    };
    for (const w of ODD_SIZES) {
      for (const [r, lead] of [[2, [2]], [3, []], [2, [2, 1]]] as const) {
        const shape = [...lead, r * r * 2, 3, w];
        const x = { shape, data: randomArray(shape.reduce((a, b) => a * b, 1), w + r) };
        for (const op of ['pixelShuffle', 'pixelUnshuffle'] as const) {
          const input = op === 'pixelShuffle' ? x : { shape: [...lead, 2, 3 * r, w * r], data: x.data };
          const first = rs[op](input, r);
          const want = toLast({ shape: first.shape, data: first.data });
          for (const simd of [true, false]) {
            useSimd(rs, simd);
            const y = rs[op](toLast(input), r, { channelsLast: true });
            expect(y.shape).toEqual(want.shape);
            expect(bits(y.data), `${op} r=${r} ${JSON.stringify(input.shape)} simd=${simd}`).toEqual(bits(want.data));
            y.dispose();
          }
          useSimd(rs, true);
          first.dispose();
        }
      }
    }
  });
});

describe('ESPCN sub-pixel layout', () => {
  test('channel c·r² + i·r + j lands at (h·r + i, w·r + j): DepthToSpace CRD', async () => {
    const rs = await context();
    // 4 channels of 1x2: channel k holds 10k + w.
    const x = { shape: [1, 4, 1, 2], data: [0, 1, 10, 11, 20, 21, 30, 31] };
    const y = rs.pixelShuffle(x, 2);
    expect(y.shape).toEqual([1, 1, 2, 4]);
    expect(Array.from(y.data)).toEqual([0, 10, 1, 11, 20, 30, 21, 31]);
    y.dispose();
  });
});

describe('properties', () => {
  test('pixelUnshuffle(pixelShuffle(x)) == x and back, bit for bit (NaN, -0 and infinities too)', async () => {
    const rs = await context();
    for (const r of [1, 2, 3, 4]) {
      for (const w of [1, 5, 9]) {
        const shape = [2, 2 * r * r, 3, w];
        const data = randomArray(shape.reduce((a, b) => a * b, 1), r * 10 + w);
        data[0] = NaN;
        data[1] = -0;
        data[2] = -Infinity;
        const x = rs.tensor(shape, data);
        const y = rs.pixelShuffle(x, r);
        const back = rs.pixelUnshuffle(y, r);
        expect(bits(back.data)).toEqual(bits(x.data));
        const again = rs.pixelShuffle(back, r);
        expect(bits(again.data)).toEqual(bits(y.data));
        for (const t of [x, y, back, again]) t.dispose();
      }
    }
  });
});

describe('scalar oracle vs SIMD path', () => {
  test('both directions agree bit for bit over odd widths', async () => {
    const rs = await context();
    const run = (f: () => { data: Float32Array; dispose(): void }, simd: boolean) => {
      useSimd(rs, simd);
      const t = f();
      const b = bits(t.data);
      t.dispose();
      return b;
    };
    for (const w of ODD_SIZES) {
      for (const r of [2, 3]) {
        const small = rs.tensor([1, r * r * 2, 3, w], randomArray(r * r * 6 * w, w));
        const big = rs.tensor([1, 2, 3 * r, w * r], randomArray(r * r * 6 * w, w + 1));
        for (const f of [() => rs.pixelShuffle(small, r), () => rs.pixelUnshuffle(big, r)]) {
          expect(run(f, true)).toEqual(run(f, false));
        }
        small.dispose();
        big.dispose();
      }
    }
    useSimd(rs, true);
  });
});

describe('arguments', () => {
  test('every invalid argument names its option; nothing leaks', async () => {
    const rs: Resample = await context();
    const X = { shape: [1, 4, 2, 2], data: Array.from({ length: 16 }, (_, i) => i) };
    const wrongOut = rs.empty([1, 1, 4, 5]);
    const bad: [() => unknown, string, string][] = [
      [() => rs.pixelShuffle(X, 0), 'INVALID_ARGUMENT', 'upscaleFactor'],
      [() => rs.pixelShuffle(X, 1.5), 'INVALID_ARGUMENT', 'upscaleFactor'],
      [() => rs.pixelShuffle(X, '2' as never), 'INVALID_ARGUMENT', 'upscaleFactor'],
      [() => rs.pixelShuffle(X, 3), 'INVALID_ARGUMENT', 'upscaleFactor'],
      [() => rs.pixelUnshuffle(X, 0), 'INVALID_ARGUMENT', 'downscaleFactor'],
      [() => rs.pixelUnshuffle({ shape: [1, 1, 3, 4], data: new Array(12).fill(0) }, 2), 'INVALID_ARGUMENT', 'downscaleFactor'],
      [() => rs.pixelUnshuffle({ shape: [1, 1, 4, 3], data: new Array(12).fill(0) }, 2), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.pixelShuffle({ shape: [4, 4], data: X.data }, 2), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.pixelShuffle(X, 2, { out: wrongOut }), 'SHAPE_MISMATCH', 'out'],
      [() => rs.pixelShuffle(X, 2, { channelsLast: 1 as never }), 'INVALID_ARGUMENT', 'channelsLast'],
      // Channels-last [1, 2, 2, 4]: C = 4 is last; H = W = 2.
      [() => rs.pixelShuffle({ shape: [1, 2, 4, 2], data: X.data }, 2, { channelsLast: true }), 'INVALID_ARGUMENT', 'C = 2'],
      [() => rs.pixelUnshuffle({ shape: [1, 2, 3, 2], data: X.data.slice(0, 12) }, 2, { channelsLast: true }), 'INVALID_ARGUMENT', 'W = 3'],
      [() => rs.pixelShuffle({ shape: [4, 4], data: X.data }, 2, { channelsLast: true }), 'INVALID_ARGUMENT', 'H, W, C'],
    ];
    for (const [body, code, option] of bad) expectError(rs, body, code, option);
    wrongOut.dispose();
  });

  test('empty batches pass through, as in PyTorch', async () => {
    const rs = await context();
    const y = rs.pixelShuffle({ shape: [0, 4, 2, 2], data: [] }, 2);
    expect(y.shape).toEqual([0, 1, 4, 4]);
    y.dispose();
  });
});

describeWithOrt('cross-check: onnxruntime-node DepthToSpace (CRD) on random shapes', (ort) => {
  test('pixelShuffle = DepthToSpace CRD, bit for bit, 30 cases', async () => {
    const rs = await context();
    for (let k = 0; k < 30; k++) {
      const r = 1 + (k % 4);
      const shape = [1 + (k % 2), r * r * (1 + (k % 3)), 1 + ((k * 5) % 7), 1 + ((k * 3) % 11)];
      const data = randomArray(shape.reduce((a, b) => a * b, 1), 900 + k);
      const session = await ort.InferenceSession.create(poolModel('DepthToSpace', shape, { blocksize: r, mode: 'CRD' }));
      const y = (await session.run({ x: new ort.Tensor('float32', data, shape) })).y;
      const out = rs.pixelShuffle({ shape, data }, r);
      expect(out.shape, `r=${r} on ${JSON.stringify(shape)}`).toEqual(y.dims);
      expect(bits(out.data)).toEqual(bits(y.data as Float32Array));
      out.dispose();
    }
  });
});
