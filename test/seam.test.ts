// The TS↔Rust seam under failure: a trapping call breaks only its own
// context, and a module that is not this version's is refused. (Memory
// that runs out is test/oom.test.ts.)
import { describe, expect, test } from 'vitest';
import { init, ResampleError } from 'resample-wasm';
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
  const refused = await init({ wasm: empty }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(refused).toBeInstanceOf(ResampleError);
  expect((refused as ResampleError).message).toMatch(/^init: wasm is not this version's module: it lacks the exports .*interpolate/);
});
