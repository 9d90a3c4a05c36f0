// rs.maxUnpool*d against PyTorch fixtures, unpooling next to upsampling by
// copying, the pool/unpool property, and every argument rule.
import { describe, expect, test } from 'vitest';
import type { MaxUnpoolOptions } from 'resample-wasm';
import fixtures from './fixtures/maxUnpool.json' with { type: 'json' };
import lastFixtures from './fixtures/maxUnpool-channelsLast.json' with { type: 'json' };
import { context, decode, expectError, expectNoLeaks, nanOut, randomArray, type Encoded } from './util.ts';

interface Case {
  op: 'maxUnpool1d' | 'maxUnpool2d' | 'maxUnpool3d';
  options: MaxUnpoolOptions;
  input: Encoded;
  indices: Encoded;
  expected?: Encoded;
  error?: string;
}

describe('PyTorch fixtures (torch ' + fixtures.torch + ')', () => {
  const cases = fixtures.cases as unknown as Case[];
  for (const op of ['maxUnpool1d', 'maxUnpool2d', 'maxUnpool3d'] as const) {
    const mine = cases.filter((c) => c.op === op);
    test(`${op}: ${mine.length} cases`, async () => {
      const rs = await context();
      for (const c of mine) {
        const what = `${op} ${JSON.stringify(c.options)} on ${JSON.stringify(c.input.shape)}`;
        const x = { shape: c.input.shape, data: decode(c.input) };
        const indices = { shape: c.indices.shape, data: decode(c.indices) };
        if (c.error) {
          // PyTorch rejects an index beyond the requested output: so do we, naming indices.
          expectError(rs, () => rs[op](x, indices, c.options), 'INVALID_ARGUMENT', 'indices');
          continue;
        }
        const out = nanOut(rs, c.expected!.shape);
        expectNoLeaks(rs, () => rs[op](x, indices, { ...c.options, out }));
        expect(Array.from(out.data), what).toEqual(Array.from(decode(c.expected!)));
        out.dispose();
      }
    });
  }
});

describe('channelsLast: PyTorch fixtures (torch.channels_last / channels_last_3d; torch ' + lastFixtures.torch + ')', () => {
  const cases = lastFixtures.cases as unknown as Case[];
  test(`${cases.length} cases in physical [N, *spatial, C] order, indices flat per (n, c) plane`, async () => {
    const rs = await context();
    for (const c of cases) {
      const out = nanOut(rs, c.expected!.shape);
      const x = { shape: c.input.shape, data: decode(c.input) };
      expectNoLeaks(rs, () => rs[c.op](x, { shape: c.indices.shape, data: decode(c.indices) }, { ...c.options, out }));
      expect(Array.from(out.data), `${c.op} ${JSON.stringify(c.options)} on ${JSON.stringify(c.input.shape)}`).toEqual(Array.from(decode(c.expected!)));
      out.dispose();
    }
  });

  test('maxUnpool(maxPool(x)) channels-last puts every maximum back at its physical position, zeros elsewhere (batched and unbatched)', async () => {
    const rs = await context();
    for (const [rank, shape] of [[1, [2, 9, 3]], [2, [2, 6, 5, 3]], [3, [4, 6, 5, 2]]] as const) {
      const pool = [rs.maxPool1d, rs.maxPool2d, rs.maxPool3d][rank - 1].bind(rs);
      const unpool = [rs.maxUnpool1d, rs.maxUnpool2d, rs.maxUnpool3d][rank - 1].bind(rs);
      const x = rs.tensor(shape, randomArray(shape.reduce((a, b) => a * b, 1), rank));
      const last = pool(x, { kernelSize: 2, returnIndices: true, channelsLast: true });
      const spatial = shape.length === rank + 2 ? shape.slice(1, -1) : shape.slice(0, -1);
      const y = unpool(last.values, last.indices, { kernelSize: 2, channelsLast: true, outputSize: spatial });
      expect(y.shape).toEqual(shape);
      const kept = y.data.filter((v, i) => v !== 0 && v === x.data[i]).length;
      expect(kept).toBe(last.values.size);
      expect(y.data.filter((v) => v !== 0).length).toBe(last.values.size);
      for (const t of [x, last.values, last.indices, y]) t.dispose();
    }
  });
});

describe('unpooling (nn.MaxUnpool2d, PyTorch docs) vs upsampling by copying (nn.Upsample nearest)', () => {
  test('2x2 max pool of a 4x4 map, then back to 4x4 both ways', async () => {
    const rs = await context();
    const x = rs.tensor([1, 1, 4, 4], [1, 2, 6, 3, 3, 5, 2, 1, 1, 2, 2, 1, 7, 3, 4, 8]);
    const { values, indices } = rs.maxPool2d(x, { kernelSize: 2, returnIndices: true });
    expect(Array.from(values.data)).toEqual([5, 6, 7, 8]);
    expect(Array.from(indices.data)).toEqual([5, 2, 12, 15]);
    // Unpooling puts each maximum back where it was and zeros elsewhere...
    const unpooled = rs.maxUnpool2d(values, indices, { kernelSize: 2 });
    expect(Array.from(unpooled.data)).toEqual([0, 0, 6, 0, 0, 5, 0, 0, 0, 0, 0, 0, 7, 0, 0, 8]);
    // ...upsampling copies each value over its whole 2x2 block.
    const upsampled = rs.interpolate(values, { scaleFactor: 2, mode: 'nearest' });
    expect(Array.from(upsampled.data)).toEqual([5, 5, 6, 6, 5, 5, 6, 6, 7, 7, 8, 8, 7, 7, 8, 8]);
    // They agree exactly at the remembered positions.
    for (const i of indices.data) expect(unpooled.data[i]).toBe(upsampled.data[i]);
    for (const t of [x, values, indices, unpooled, upsampled]) t.dispose();
  });
});

describe('properties', () => {
  test('maxUnpool(maxPool(x)) keeps every max at its index and zeros elsewhere, on every rank', async () => {
    const rs = await context();
    const shapes = [[2, 3, 10], [2, 3, 6, 8], [1, 2, 4, 6, 4]];
    const before = rs.stats().liveTensors;
    for (const [rank, shape] of shapes.entries()) {
      const size = shape.reduce((a, b) => a * b, 1);
      // Distinct values away from zero, so "zero elsewhere" cannot hide a max.
      const x = rs.tensor(shape, randomArray(size, 40 + rank).map((v) => v + (v >= 0 ? 3 : -3)));
      const pool = [rs.maxPool1d, rs.maxPool2d, rs.maxPool3d][rank].bind(rs);
      const unpool = [rs.maxUnpool1d, rs.maxUnpool2d, rs.maxUnpool3d][rank].bind(rs);
      const { values, indices } = pool(x, { kernelSize: 2, returnIndices: true });
      const y = unpool(values, indices, { kernelSize: 2 });
      expect(y.shape).toEqual(shape);
      const plane = shape.slice(2).reduce((a, b) => a * b, 1);
      const kept = new Set<number>();
      for (let i = 0; i < indices.size; i++) kept.add(Math.floor(i / (indices.size / (shape[0] * shape[1]))) * plane + indices.data[i]);
      for (let i = 0; i < size; i++) expect(y.data[i], `element ${i}`).toBe(kept.has(i) ? x.data[i] : 0);
      for (const t of [x, values, indices, y]) t.dispose();
    }
    expect(rs.stats().liveTensors).toBe(before);
  });
});

describe('arguments', () => {
  const X = { shape: [1, 1, 2, 2], data: [5, 6, 7, 8] };
  const I = { shape: [1, 1, 2, 2], data: [5, 2, 12, 15] };
  const [XL, IL] = [{ ...X, shape: [1, 2, 2, 1] }, { ...I, shape: [1, 2, 2, 1] }];

  test('outputSize: spatial or full shape, within PyTorch bounds; unbatched inputs', async () => {
    const rs = await context();
    const a = rs.maxUnpool2d(X, I, { kernelSize: 2, outputSize: [5, 5] });
    const b = rs.maxUnpool2d(X, I, { kernelSize: 2, outputSize: [1, 1, 5, 5] });
    expect(a.shape).toEqual([1, 1, 5, 5]);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    // Flat indices within a 5x5 plane land elsewhere than in a 4x4 one: as in PyTorch.
    expect(a.data[5]).toBe(5);
    const u = rs.maxUnpool2d({ shape: [1, 2, 2], data: X.data }, { shape: [1, 2, 2], data: I.data }, { kernelSize: 2 });
    expect(u.shape).toEqual([1, 4, 4]);
    // Channels-last with one channel: the same data; a whole outputSize is the physical shape.
    const l = rs.maxUnpool2d(XL, IL, { kernelSize: 2, channelsLast: true, outputSize: [1, 5, 5, 1] });
    expect(l.shape).toEqual([1, 5, 5, 1]);
    expect(Array.from(l.data)).toEqual(Array.from(a.data));
    const lu = rs.maxUnpool2d({ shape: [2, 2, 1], data: X.data }, { shape: [2, 2, 1], data: I.data }, { kernelSize: 2, channelsLast: true });
    expect(lu.shape).toEqual([4, 4, 1]);
    for (const t of [a, b, u, l, lu]) t.dispose();
  });

  test('an index outside the output plane is an error and nothing is written', async () => {
    const rs = await context();
    const out = nanOut(rs, [1, 1, 4, 4]);
    for (const bad of [16, -1, 2 ** 31 - 1]) {
      expectError(rs, () => rs.maxUnpool2d(X, { shape: I.shape, data: [5, 2, bad, 15] }, { kernelSize: 2, out }), 'INVALID_ARGUMENT', `indices[2] = ${bad}`);
    }
    expect(out.data.every(Number.isNaN)).toBe(true);
    // The second plane is checked against its own plane, not the whole tensor.
    const two = { shape: [1, 2, 1, 1], data: [1, 2] };
    expectError(rs, () => rs.maxUnpool2d(two, { shape: [1, 2, 1, 1], data: [0, 4] }, { kernelSize: 2 }), 'INVALID_ARGUMENT', 'indices[1] = 4');
    out.dispose();
  });

  test('every invalid argument names its option', async () => {
    const rs = await context();
    const floatIndices = rs.tensor([1, 1, 2, 2], I.data);
    const wrongOut = rs.empty([1, 1, 4, 5]);
    const bad: [() => unknown, string, string][] = [
      [() => rs.maxUnpool2d(X, I, {} as never), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.maxUnpool2d(X, I, { kernelSize: [2] }), 'INVALID_ARGUMENT', 'kernelSize'],
      [() => rs.maxUnpool2d(X, I, { kernelSize: 2, stride: 0 }), 'INVALID_ARGUMENT', 'stride'],
      [() => rs.maxUnpool2d(X, I, { kernelSize: 2, padding: -1 }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.maxUnpool2d(X, I, { kernelSize: 2, padding: 2 }), 'INVALID_ARGUMENT', 'padding'],
      [() => rs.maxUnpool2d(X, I, { kernelSize: 2, outputSize: [2, 4] }), 'INVALID_ARGUMENT', 'outputSize'],
      [() => rs.maxUnpool2d(X, I, { kernelSize: 2, outputSize: [4, 6] }), 'INVALID_ARGUMENT', 'outputSize'],
      [() => rs.maxUnpool2d(X, I, { kernelSize: 2, outputSize: [4, 4, 4] }), 'INVALID_ARGUMENT', 'outputSize'],
      [() => rs.maxUnpool2d(X, { shape: [1, 1, 4], data: [0, 1, 2, 3] }, { kernelSize: 2 }), 'SHAPE_MISMATCH', 'indices'],
      [() => rs.maxUnpool2d(X, floatIndices, { kernelSize: 2 }), 'INVALID_ARGUMENT', 'indices.dtype'],
      [() => rs.maxUnpool2d(X, null as never, { kernelSize: 2 }), 'INVALID_ARGUMENT', 'indices'],
      [() => rs.maxUnpool1d(X, I, { kernelSize: 2 }), 'INVALID_ARGUMENT', 'x.shape'],
      [() => rs.maxUnpool2d(X, I, { kernelSize: 2, out: wrongOut }), 'SHAPE_MISMATCH', 'out'],
      [() => rs.maxUnpool2d(X, I, { kernelSize: 2, channelsLast: 'yes' as never }), 'INVALID_ARGUMENT', 'channelsLast'],
      // A whole outputSize is the physical shape: [N, H, W, C] channels-last, so [1, 1, 4, 4] asks for H = 1.
      [() => rs.maxUnpool2d(XL, IL, { kernelSize: 2, channelsLast: true, outputSize: [1, 1, 4, 4] }), 'INVALID_ARGUMENT', 'outputSize'],
    ];
    for (const [body, code, option] of bad) expectError(rs, body, code, option);
    floatIndices.dispose();
    wrongOut.dispose();
  });
});
