// Kernels whose scratch does not fit report OUT_OF_MEMORY instead of
// trapping (`RuntimeError: unreachable`), write nothing, and leave the
// context usable. Node only: these grow linear memory to its 4 GiB limit,
// more than a browser tab (or a second runtime in CI) should be asked for.
import { describe, expect, test } from 'vitest';
import { init, ResampleError, type Resample, type Tensor } from 'resample-wasm';
import { context, expectError, inNode, nanOut } from './util.ts';

const heavy = inNode ? test : test.skip;

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

describe('linear memory up to 4 GiB', () => {
  heavy('fills to the 4 GiB limit, works near the top, and works again once the tensors are disposed', async () => {
    const rs = await init();
    const held = fill(rs, 256 << 20);
    expect(rs.stats().memoryBytes).toBeGreaterThanOrEqual(3.75 * 2 ** 30);
    const sizes = held.map((t) => t.size);
    held.pop()!.dispose();
    const y = rs.interpolate({ shape: [1, 1, 2], data: [1, 3] }, { size: 3, mode: 'linear', alignCorners: true });
    expect(Array.from(y.data)).toEqual([1, 2, 3]);
    y.dispose();
    for (const t of held) t.dispose();
    expect(rs.stats().liveTensors).toBe(0);
    const again = fill(rs, 256 << 20);
    expect(again.map((t) => t.size)).toEqual(sizes);
    for (const t of again) t.dispose();
  });
});

describe('out of memory is reported, not a trap', () => {
  // Tables that cannot fit whatever the memory holds: adaptive windows for
  // 4e8 outputs (12 bytes each), a linear table for 4e8 outputs (16 bytes each).
  const repros: [string, (rs: Resample) => Tensor][] = [
    ['adaptiveAvgPool1d', (rs) => rs.adaptiveAvgPool1d({ shape: [1, 1, 3], data: [1, 2, 3] }, 4e8)],
    ['interpolate', (rs) => rs.interpolate({ shape: [1, 1, 2], data: [1, 2] }, { size: 4e8, mode: 'linear' })],
  ];
  for (const [name, run] of repros) {
    heavy(`${name} with tables larger than memory: 3,000 times OUT_OF_MEMORY, then a healthy context`, async () => {
      const rs = await init();
      for (let i = 0; i < 3000; i++) expectError(rs, () => run(rs).dispose(), 'OUT_OF_MEMORY', name);
      const y = rs.maxPool1d({ shape: [1, 1, 4], data: [1, 5, 2, 3] }, { kernelSize: 2 });
      expect(Array.from(y.data)).toEqual([5, 3]);
      y.dispose();
    });
  }

  // The sizes users reported: whether they fit depends on what memory already
  // holds (4 GiB is just enough for some), but they never trap.
  heavy('the users\' repro: interpolate linear to 2e8 fits or is refused', async () => {
    const rs = await init();
    succeedsOrOutOfMemory(() => {
      const y = rs.interpolate({ shape: [1, 1, 2], data: [1, 3] }, { size: 2e8, mode: 'linear', alignCorners: true });
      expect([y.data[0], y.data[2e8 - 1]]).toEqual([1, 3]);
      y.dispose();
    });
    expect(rs.stats().liveTensors).toBe(0);
  });

  heavy('the users\' repro: maxPool1d over 1.8e8 elements with kernel 1 fits or is refused', async () => {
    const rs = await init();
    // 1.8e8 windows of one element next to input and output.
    const x = rs.empty([1, 1, 1.8e8]);
    x.data[1.8e8 - 1] = 7;
    // Each call that fits pools 720 MB: a few repeats, not thousands.
    for (let i = 0; i < 3; i++) {
      succeedsOrOutOfMemory(() => {
        const y = rs.maxPool1d(x, { kernelSize: 1 });
        expect(y.data[1.8e8 - 1]).toBe(7);
        y.dispose();
      });
    }
    x.dispose();
    expect(rs.stats().liveTensors).toBe(0);
  });

  heavy('lpPool\'s powers of the input (a scratch copy, as PyTorch\'s input.pow) under memory pressure', async () => {
    const rs = await context();
    const x = rs.tensor([1, 2, 64, 64], Float32Array.from({ length: 2 * 64 * 64 }, (_, i) => Math.sin(i)));
    const options = { normType: 3, kernelSize: 4, ceilMode: true };
    const want = rs.lpPool2d(x, options);
    const out = nanOut(rs, want.shape);
    const held = fill(rs, 16 << 10);
    expectError(rs, () => rs.lpPool2d(x, { ...options, out }), 'OUT_OF_MEMORY', 'lpPool2d');
    expect(out.data.every(Number.isNaN), 'lpPool2d wrote nothing').toBe(true);
    for (const t of held) t.dispose();
    rs.lpPool2d(x, { ...options, out });
    expect(out.data).toEqual(want.data);
    for (const t of [x, want, out]) t.dispose();
  });

  heavy('kernel scratch (conv bands, Winograd transforms, upsampled rows, channels-first copies, pad index maps, gridSample taps) under memory pressure', async () => {
    const rs = await context();
    const seq = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k));
    const x = rs.tensor([1, 32, 64, 64], seq(32 * 64 * 64, 0.37));
    const w = rs.tensor([32, 32, 3, 3], seq(32 * 32 * 9, 0.61));
    const xt = rs.tensor([1, 64, 16, 16], seq(64 * 16 * 16, 0.29));
    const wt = rs.tensor([64, 64, 4, 4], seq(64 * 64 * 16, 0.53));
    const xu = rs.tensor([1, 32, 32, 32], seq(32 * 32 * 32, 0.41));
    const xl = rs.tensor([1, 64, 64, 32], seq(32 * 64 * 64, 0.37));
    const xp = rs.tensor([1, 200000], seq(200000, 0.23));
    const grid = rs.tensor([1, 64, 64, 2], seq(64 * 64 * 2, 0.23));
    // Each op's scratch is well above the 64 KiB left free below.
    const ops: [string, (out?: Tensor) => Tensor, number[]][] = [
      ['conv2d', (out) => rs.conv2d(x, w, { padding: 1, out }), [1, 32, 64, 64]],
      ['convTranspose2d', (out) => rs.convTranspose2d(xt, wt, { stride: 2, padding: 1, out }), [1, 64, 32, 32]],
      ['upsampleConv2d', (out) => rs.upsampleConv2d(xu, w, { scaleFactor: 2, mode: 'bilinear', padding: 1, out }), [1, 32, 64, 64]],
      ['conv2d', (out) => rs.conv2d(x, w, { padding: 1, paddingMode: 'reflect', out }), [1, 32, 64, 64]],
      ['conv2d', (out) => rs.conv2d(xl, w, { padding: 1, channelsLast: true, out }), [1, 64, 64, 32]],
      ['pad', (out) => rs.pad(xp, [1, 1], { mode: 'reflect', out }), [1, 200002]],
      ['gridSample', (out) => rs.gridSample(xu, grid, { out }), [1, 32, 64, 64]],
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
    for (const t of [x, w, xt, wt, xu, xl, xp, grid, ...want, ...outs]) t.dispose();
  });
});
