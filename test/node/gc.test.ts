// Node only, run with --expose-gc (the vitest "node" project passes it): a
// tensor dropped without dispose() is a leak, never a free, so a view kept
// from its `data` stays valid and never aliases a later tensor.
import { describe, expect, test, vi } from 'vitest';
import { init, type Resample } from 'resample-wasm';

const gc = (globalThis as { gc?: () => void }).gc;

/** Collects garbage until `done`, letting FinalizationRegistry callbacks run between collections. */
async function collectUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !done(); i++) {
    gc!();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** An op result whose Tensor is dropped at once: only its `data` view is kept. */
function keptView(rs: Resample): Float32Array {
  return rs.interpolate({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, { scaleFactor: 2 }).data;
}

const EXPECTED = [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4];

describe('tensors dropped without dispose()', () => {
  test('stay allocated: a kept view keeps its values and is counted as leaked', async () => {
    expect(gc, 'run node with --expose-gc').toBeTypeOf('function');
    const rs = await init();
    const view = keptView(rs);
    await collectUntil(() => rs.stats().leakedTensors > 0);
    expect(rs.stats()).toMatchObject({ liveTensors: 1, liveBytes: 64, leakedTensors: 1, leakedBytes: 64 });
    // Same-sized tensors would reuse a freed block: fill them with NaN.
    const others = Array.from({ length: 8 }, () => rs.empty([1, 1, 4, 4]));
    for (const t of others) t.data.fill(NaN);
    expect(view.buffer, 'memory did not grow, so the view is still attached').toBe(others[0].data.buffer);
    expect(Array.from(view)).toEqual(EXPECTED);
    for (const t of others) t.dispose();
  });

  test('init({ warnLeaks: true }) warns once per leaked tensor, with its shape and where it was allocated', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const rs = await init({ warnLeaks: true });
      keptView(rs);
      keptView(rs);
      await collectUntil(() => rs.stats().leakedTensors >= 2);
      expect(rs.stats().leakedTensors).toBe(2);
      expect(warn).toHaveBeenCalledTimes(2);
      const message = String(warn.mock.calls[0][0]);
      expect(message).toContain('[1, 1, 4, 4]');
      expect(message).toContain('without dispose()');
      expect(message).toContain('keptView');
    } finally {
      warn.mockRestore();
    }
  });

  test('without warnLeaks nothing is printed', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const rs = await init();
      keptView(rs);
      await collectUntil(() => rs.stats().leakedTensors > 0);
      expect(rs.stats().leakedTensors).toBe(1);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
