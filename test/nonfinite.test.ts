// Padding contributes nothing, on every path: with an infinite or NaN weight
// next to the padding, the vector path (GEMM panels, Winograd tiles) must give
// what the scalar path and the mathematics give — the padded taps are absent,
// not 0·∞ = NaN. The reference is a float64 convolution that skips them.
import { describe, expect, test } from 'vitest';
import type { Resample } from 'resample-wasm';
import { context, random, randomArray, useSimd } from './util.ts';

interface Geometry {
  rank: number;
  transposed: boolean;
  x: number[];
  w: number[];
  stride: number;
  padding: number;
  dilation: number;
  groups: number;
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Flat index → per-axis coordinates of `shape`. */
function coords(i: number, shape: number[]): number[] {
  const out = Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    out[a] = i % shape[a];
    i = Math.floor(i / shape[a]);
  }
  return out;
}

/** Direct float64 convolution (or its transpose) that only visits taps inside the input. */
function reference(g: Geometry, x: Float32Array, w: Float32Array, outSpatial: number[]): Float64Array {
  const [n, cin] = g.x;
  const inSpatial = g.x.slice(2);
  const k = g.w.slice(2);
  const cout = g.transposed ? g.w[1] * g.groups : g.w[0];
  const [cinG, coutG] = [cin / g.groups, cout / g.groups];
  const y = new Float64Array(n * cout * size(outSpatial));
  for (let b = 0; b < n; b++) {
    for (let co = 0; co < cout; co++) {
      const grp = Math.floor(co / coutG);
      for (let o = 0; o < size(outSpatial); o++) {
        const oc = coords(o, outSpatial);
        let acc = 0;
        for (let ci = grp * cinG; ci < (grp + 1) * cinG; ci++) {
          for (let t = 0; t < size(k); t++) {
            const kc = coords(t, k);
            let at = 0;
            let inside = true;
            for (let a = 0; a < g.rank && inside; a++) {
              const p = g.transposed ? (oc[a] + g.padding - kc[a] * g.dilation) / g.stride : oc[a] * g.stride - g.padding + kc[a] * g.dilation;
              inside = Number.isInteger(p) && p >= 0 && p < inSpatial[a];
              at = at * inSpatial[a] + p;
            }
            if (!inside) continue;
            const wi = g.transposed ? (ci * coutG + (co % coutG)) * size(k) + t : (co * cinG + (ci - grp * cinG)) * size(k) + t;
            acc += w[wi] * x[(b * cin + ci) * size(inSpatial) + at];
          }
        }
        y[(b * cout + co) * size(outSpatial) + o] = acc;
      }
    }
  }
  return y;
}

function run(rs: Resample, g: Geometry, x: Float32Array, w: Float32Array) {
  const options = { stride: g.stride, padding: g.padding, dilation: g.dilation, groups: g.groups };
  const xs = { shape: g.x, data: x };
  const ws = { shape: g.w, data: w };
  const y = g.transposed
    ? [rs.convTranspose1d, rs.convTranspose2d, rs.convTranspose3d][g.rank - 1].call(rs, xs, ws, options)
    : [rs.conv1d, rs.conv2d, rs.conv3d][g.rank - 1].call(rs, xs, ws, options);
  const out = { data: y.toArray(), spatial: y.shape.slice(2) };
  y.dispose();
  return out;
}

/** Same non-finite pattern (NaN and signed infinities) and close finite values. */
function expectAgree(actual: Float32Array, expected: ArrayLike<number>, what: string): void {
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i], expected[i]];
    if (!Number.isFinite(e) || !Number.isFinite(a)) {
      expect(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)), `${what}: element ${i} is ${a}, expected ${e}`).toBe(true);
    } else if (Math.abs(a - e) > 1e-4 * (1 + Math.abs(e))) {
      expect.fail(`${what}: element ${i} is ${a}, expected ${e}`);
    }
  }
}

const GEOMETRIES: Geometry[] = [
  { rank: 1, transposed: false, x: [1, 2, 9], w: [3, 2, 3], stride: 1, padding: 1, dilation: 1, groups: 1 },
  { rank: 1, transposed: true, x: [1, 2, 7], w: [2, 3, 4], stride: 2, padding: 1, dilation: 1, groups: 1 },
  { rank: 2, transposed: false, x: [1, 4, 7, 9], w: [8, 4, 3, 3], stride: 1, padding: 1, dilation: 1, groups: 1 },
  { rank: 2, transposed: false, x: [2, 4, 9, 6], w: [4, 2, 3, 2], stride: 2, padding: 1, dilation: 2, groups: 2 },
  // kernel = 2·stride with enough channels: the Winograd path.
  { rank: 2, transposed: true, x: [1, 8, 5, 6], w: [8, 8, 4, 4], stride: 2, padding: 1, dilation: 1, groups: 1 },
  { rank: 2, transposed: true, x: [1, 4, 3, 5], w: [4, 3, 3, 3], stride: 3, padding: 2, dilation: 1, groups: 1 },
  { rank: 3, transposed: false, x: [1, 2, 4, 5, 3], w: [3, 2, 2, 3, 3], stride: 1, padding: 1, dilation: 1, groups: 1 },
  { rank: 3, transposed: true, x: [1, 2, 3, 3, 2], w: [2, 2, 2, 2, 3], stride: 2, padding: 1, dilation: 1, groups: 1 },
];

describe('non-finite weights next to padding: vector path = scalar path = mathematics', () => {
  for (const g of GEOMETRIES) {
    const name = `${g.transposed ? 'convTranspose' : 'conv'}${g.rank}d x ${JSON.stringify(g.x)} w ${JSON.stringify(g.w)} s${g.stride} p${g.padding} d${g.dilation} g${g.groups}`;
    test(name, async () => {
      const rs = await context();
      const x = randomArray(size(g.x), 7);
      for (const special of [Infinity, -Infinity, NaN]) {
        const w = randomArray(size(g.w), 8);
        // The first and last tap of some filters: those meet the padding first.
        const r = random(9);
        const taps = size(g.w.slice(2));
        for (let f = 0; f < size(g.w.slice(0, 2)); f++) if (r() < 0.3) w[f * taps + (r() < 0.5 ? 0 : taps - 1)] = special;
        try {
          useSimd(rs, false);
          const scalar = run(rs, g, x, w);
          useSimd(rs, true);
          const vector = run(rs, g, x, w);
          const math = reference(g, x, w, vector.spatial);
          expectAgree(scalar.data, math, `scalar, weight ${special}`);
          expectAgree(vector.data, scalar.data, `vector vs scalar, weight ${special}`);
        } finally {
          useSimd(rs, true);
        }
      }
    });
  }
});
