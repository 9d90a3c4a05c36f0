// Kernels whose scratch does not fit report OUT_OF_MEMORY instead of
// trapping (`RuntimeError: unreachable`), write nothing, and leave the
// context usable. Node only: these grow linear memory to its 4 GiB limit,
// more than a browser tab (or a second runtime in CI) should be asked for.
import { describe, expect, test } from 'vitest';
import { ResampleError, type Resample, type Tensor } from 'resample-wasm';
import { context, expectError, nanOut } from './util.ts';

const isNode = typeof process !== 'undefined' && !!process.versions?.node && !('Deno' in globalThis);
const heavy = isNode ? test : test.skip;

/** Whatever `body` throws, as long as it is OUT_OF_MEMORY: a trap is a RuntimeError. */
function succeedsOrOutOfMemory(body: () => void): boolean {
  try {
    body();
    return true;
  } catch (e) {
    expect(e).toBeInstanceOf(ResampleError);
    expect((e as ResampleError).code).toBe('OUT_OF_MEMORY');
    return false;
  }
}

/** Tensors taking all free memory but less than `slack` bytes, largest first. */
function fill(rs: Resample, slack: number): Tensor[] {
  const held: Tensor[] = [];
  for (let floats = 2 ** 28; floats * 4 >= slack; floats /= 2) {
    while (succeedsOrOutOfMemory(() => held.push(rs.empty([floats])))) {
      // keep taking blocks of this size
    }
  }
  return held;
}

describe('out of memory is reported, not a trap', () => {
  heavy('the users\' repros: pooling and interpolation tables too large for memory', async () => {
    const rs = await context();
    // Adaptive windows for 4e8 outputs (12 bytes each) exceed 4 GiB.
    expectError(rs, () => rs.adaptiveAvgPool1d({ shape: [1, 1, 3], data: [1, 2, 3] }, 4e8).dispose(), 'OUT_OF_MEMORY', 'adaptiveAvgPool1d');
    // A linear table for 2e8 outputs (16 bytes each) next to its 800 MB output.
    expectError(rs, () => rs.interpolate({ shape: [1, 1, 2], data: [1, 2] }, { size: 2e8, mode: 'linear' }).dispose(), 'OUT_OF_MEMORY', 'interpolate');
    // 1.8e8 windows of one element next to input and output: fits or is refused, never traps.
    const x = rs.empty([1, 1, 1.8e8]);
    x.data[1.8e8 - 1] = 7;
    succeedsOrOutOfMemory(() => {
      const y = rs.maxPool1d(x, { kernelSize: 1 });
      expect(y.data[1.8e8 - 1]).toBe(7);
      y.dispose();
    });
    x.dispose();
    expect(rs.stats().liveTensors).toBe(0);
  });

  heavy('conv scratch (bands, Winograd transforms, upsampled rows) under memory pressure', async () => {
    const rs = await context();
    const seq = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k));
    const x = rs.tensor([1, 32, 64, 64], seq(32 * 64 * 64, 0.37));
    const w = rs.tensor([32, 32, 3, 3], seq(32 * 32 * 9, 0.61));
    const xt = rs.tensor([1, 64, 16, 16], seq(64 * 16 * 16, 0.29));
    const wt = rs.tensor([64, 64, 4, 4], seq(64 * 64 * 16, 0.53));
    const xu = rs.tensor([1, 32, 32, 32], seq(32 * 32 * 32, 0.41));
    // Each op's scratch is well above the 64 KiB left free below.
    const ops: [string, (out?: Tensor) => Tensor, number[]][] = [
      ['conv2d', (out) => rs.conv2d(x, w, { padding: 1, out }), [1, 32, 64, 64]],
      ['convTranspose2d', (out) => rs.convTranspose2d(xt, wt, { stride: 2, padding: 1, out }), [1, 64, 32, 32]],
      ['upsampleConv2d', (out) => rs.upsampleConv2d(xu, w, { scaleFactor: 2, mode: 'bilinear', padding: 1, out }), [1, 32, 64, 64]],
    ];
    const want = ops.map(([, op]) => op());
    const outs = ops.map(([, , shape]) => nanOut(rs, shape));
    const held = fill(rs, 64 << 10);
    ops.forEach(([name, op], i) => {
      expectError(rs, () => op(outs[i]), 'OUT_OF_MEMORY', name);
      expect(outs[i].data.every(Number.isNaN), `${name} wrote nothing`).toBe(true);
    });
    for (const t of held) t.dispose();
    ops.forEach(([, op], i) => {
      op(outs[i]);
      expect(outs[i].data).toEqual(want[i].data);
    });
    for (const t of [x, w, xt, wt, xu, ...want, ...outs]) t.dispose();
  });
});
