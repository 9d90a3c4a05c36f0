// The TS↔Rust seam under failure: a trapping call breaks only its own
// context, a module that is not this version's is refused, memory can fill
// to 4 GiB and recover, and kernels whose scratch does not fit report
// OUT_OF_MEMORY (thousands of times over) instead of trapping.
import { describe, expect, test } from 'vitest';
import { init, ResampleError, type Resample } from 'resample-wasm';
import { trappingModule } from './support/trapping-module.ts';
import { context } from './util.ts';

function codeOf(body: () => unknown): string | undefined {
  try {
    body();
  } catch (e) {
    expect(e).toBeInstanceOf(ResampleError);
    return (e as ResampleError).code;
  }
  return undefined;
}

describe('a call that traps inside the module', () => {
  test('breaks its context: that call and every later one throw CONTEXT_BROKEN saying how to recover', async () => {
    const rs = await init({ wasm: trappingModule() });
    const x = rs.tensor([1, 1, 2, 2], [1, 2, 3, 4]);
    let error: unknown;
    try {
      rs.interpolate(x, { scaleFactor: 2 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ResampleError);
    expect((error as ResampleError).code).toBe('CONTEXT_BROKEN');
    expect((error as ResampleError).message).toMatch(/^interpolate: .*trapped.*init\(\)/);
    expect(codeOf(() => rs.maxPool2d(x, { kernelSize: 2 }))).toBe('CONTEXT_BROKEN');
    expect(codeOf(() => rs.tensor([2], [1, 2]))).toBe('CONTEXT_BROKEN');
    expect(() => x.dispose()).not.toThrow();
  });

  test('leaves other contexts working', async () => {
    const broken = await init({ wasm: trappingModule() });
    expect(codeOf(() => broken.pixelShuffle({ shape: [1, 4, 1, 1], data: [1, 2, 3, 4] }, 2))).toBe('CONTEXT_BROKEN');
    const rs = await context();
    const y = rs.pixelShuffle({ shape: [1, 4, 1, 1], data: [1, 2, 3, 4] }, 2);
    expect(Array.from(y.data)).toEqual([1, 2, 3, 4]);
    y.dispose();
  });
});

test('a module lacking this version\'s exports is refused at init', async () => {
  const empty = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  await expect(init({ wasm: empty })).rejects.toThrow(/init: wasm is not this version's module: it lacks the exports .*interpolate/);
});

const MiB = 2 ** 20;

/** Fills memory with 256 MiB tensors until the next one does not fit; returns them. */
function fill(rs: Resample) {
  const held = [];
  for (;;) {
    try {
      held.push(rs.empty([64 * MiB]));
    } catch (e) {
      expect((e as ResampleError).code).toBe('OUT_OF_MEMORY');
      return held;
    }
  }
}

describe('linear memory up to 4 GiB', () => {
  test('fills to the 4 GiB limit, then works again once the tensors are disposed', async () => {
    const rs = await init();
    const held = fill(rs);
    expect(held.length).toBeGreaterThanOrEqual(15);
    expect(rs.stats().memoryBytes).toBeGreaterThan(3.75 * 1024 * MiB);
    // Near the top of memory: every op must still see its blocks as valid.
    const x = held.pop()!;
    x.dispose();
    const y = rs.interpolate({ shape: [1, 1, 2], data: [1, 3] }, { size: 3, mode: 'linear', alignCorners: true });
    expect(Array.from(y.data)).toEqual([1, 2, 3]);
    y.dispose();
    for (const t of held) t.dispose();
    expect(rs.stats().liveTensors).toBe(0);
    const again = fill(rs);
    expect(again.length).toBeGreaterThanOrEqual(held.length);
    for (const t of again) t.dispose();
  });
});

describe('kernels whose scratch does not fit report OUT_OF_MEMORY, never trap', () => {
  const cases: [string, (rs: Resample) => unknown][] = [
    ['adaptiveAvgPool1d to 4e8', (rs) => rs.adaptiveAvgPool1d({ shape: [1, 1, 4], data: [1, 2, 3, 4] }, 4e8)],
    ['interpolate linear to 2e8', (rs) => rs.interpolate({ shape: [1, 1, 4], data: [1, 2, 3, 4] }, { size: 2e8, mode: 'linear' })],
  ];
  for (const [name, run] of cases) {
    test(`${name}: 3,000 times, and the context stays healthy`, async () => {
      const rs = await init();
      const before = rs.stats();
      for (let i = 0; i < 3000; i++) expect(codeOf(() => run(rs))).toBe('OUT_OF_MEMORY');
      expect(rs.stats().liveTensors).toBe(before.liveTensors);
      const y = rs.maxPool1d({ shape: [1, 1, 4], data: [1, 5, 2, 3] }, { kernelSize: 2 });
      expect(Array.from(y.data)).toEqual([5, 3]);
      y.dispose();
    });
  }

  test('maxPool1d over 1.8e8 elements with kernel 1: 3,000 times', async () => {
    const rs = await init();
    const x = rs.empty([1, 1, 1.8e8]);
    for (let i = 0; i < 3000; i++) expect(codeOf(() => rs.maxPool1d(x, { kernelSize: 1 }))).toBe('OUT_OF_MEMORY');
    x.dispose();
    expect(rs.stats().liveTensors).toBe(0);
  });
});
