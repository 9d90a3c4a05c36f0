// Strict options, generated from the library's own registry of declared
// keys: every public function rejects an unknown key (naming it and the
// closest valid one) before any other check, accepts each declared key, and
// every error a public function throws names that function first.
import { describe, expect, test } from 'vitest';
import { createPool, init, Resample, ResampleError, type FamilyModules, type MoreFamilyModules, type Pool, type Tensor } from 'resample-wasm';
import { OPTION_KEYS, context, expectError, expectNoLeaks } from './util.ts';

const cube = (rank: number, side: number) => [1, 1, ...Array<number>(rank).fill(side)];
const ones = (shape: number[]) => ({ shape, data: Array<number>(shape.reduce((a, b) => a * b, 1)).fill(1) });
const image = () => ({ data: new Uint8ClampedArray(4 * 4 * 4).fill(255), width: 4, height: 4 });

/** How a test calls one public function: valid arguments, `base` options and the options under test merged over them. */
interface Invocation {
  base?: object;
  call(rs: Resample, options: object, pool: Pool): unknown;
}

type Method = (...args: unknown[]) => unknown;
const method = (rs: Resample, name: string) => (rs as unknown as Record<string, Method>)[name].bind(rs);

/** The three ranks of an op, each called as `rs[stem + rank + 'd'](...args(rank), options)`. */
function ranks(stem: string, args: (rank: number) => unknown[], base?: object): Record<string, Record<string, Invocation>> {
  return Object.fromEntries(
    [1, 2, 3].map((rank) => [`${stem}${rank}d`, { option: { base, call: (rs: Resample, o: object) => method(rs, `${stem}${rank}d`)(...args(rank), o) } }]),
  );
}

const UNPOOL_INDICES = [[0, 2], [0, 2, 8, 10], [0]];

/** Every public function that takes options, by name and kind of option (as the registry has them). */
const familyFile = (name: string) => new URL(`../dist/families/${name}.wasm`, import.meta.url);

const INVOCATIONS: Record<string, Record<string, Invocation>> = {
  interpolate: { option: { base: { scaleFactor: 2 }, call: (rs, o) => rs.interpolate(ones(cube(2, 4)), o) } },
  ...ranks('maxPool', (r) => [ones(cube(r, 4))], { kernelSize: 2 }),
  ...ranks('avgPool', (r) => [ones(cube(r, 4))], { kernelSize: 2 }),
  ...ranks('adaptiveAvgPool', (r) => [ones(cube(r, 4)), 2]),
  ...ranks('adaptiveMaxPool', (r) => [ones(cube(r, 4)), 2]),
  ...ranks('lpPool', (r) => [ones(cube(r, 4))], { normType: 2, kernelSize: 2 }),
  ...Object.fromEntries([2, 3].map((r) => [`fractionalMaxPool${r}d`, {
    option: {
      base: { kernelSize: 2, outputSize: 2, samples: { shape: [1, 1, r], data: Array(r).fill(0.5) } },
      call: (rs: Resample, o: object) => method(rs, `fractionalMaxPool${r}d`)(ones(cube(r, 4)), o),
    },
  }])),
  ...ranks('maxUnpool', (r) => [ones(cube(r, r === 3 ? 1 : 2)), { shape: cube(r, r === 3 ? 1 : 2), data: Int32Array.from(UNPOOL_INDICES[r - 1]) }], { kernelSize: 2 }),
  ...ranks('conv', (r) => [ones(cube(r, 4)), ones(cube(r, 2))]),
  ...ranks('convTranspose', (r) => [ones(cube(r, 4)), ones(cube(r, 2))]),
  pixelShuffle: { option: { call: (rs, o) => rs.pixelShuffle(ones([1, 4, 2, 2]), 2, o) } },
  pixelUnshuffle: { option: { call: (rs, o) => rs.pixelUnshuffle(ones([1, 1, 4, 4]), 2, o) } },
  gridSample: { option: { call: (rs, o) => rs.gridSample(ones(cube(2, 3)), ones([1, 2, 2, 2]), o) } },
  affineGrid: { option: { call: (rs, o) => rs.affineGrid(ones([1, 2, 3]), [1, 1, 2, 2], o) } },
  unfold: { option: { base: { kernelSize: 2 }, call: (rs, o) => rs.unfold(ones(cube(2, 4)), o as never) } },
  fold: { option: { base: { kernelSize: 2, outputSize: 3 }, call: (rs, o) => rs.fold(ones([1, 4, 4]), o as never) } },
  pad: { option: { call: (rs, o) => rs.pad(ones([1, 2, 3]), [1, 1], o) } },
  'onnx.run': { option: { call: (rs, o) => rs.onnx.run('DepthToSpace', [ones([1, 4, 1, 1])], { blocksize: 2 }, o) } },
  'pil.resize': { option: { call: (rs, o) => rs.pil.resize({ shape: [4, 4, 3], data: new Uint8Array(48) }, [2, 2], o) } },
  'tf.image.resize': { option: { call: (rs, o) => rs.tf.image.resize(ones([1, 4, 4, 1]), [2, 2], o) } },
  'cv.resize': { option: { call: (rs, o) => rs.cv.resize(ones([4, 4, 3]), [2, 2], o) } },
  upsampleConv2d: { option: { base: { scaleFactor: 2 }, call: (rs, o) => rs.upsampleConv2d(ones(cube(2, 4)), ones(cube(2, 3)), o) } },
  convTransposeOverlap: { option: { call: (rs, o) => rs.convTransposeOverlap(2, 1, o) } },
  resizeImage: { option: { base: { width: 2 }, call: (rs, o) => rs.resizeImage(image(), o as never) } },
  loadFamilies: { 'family module': { call: (rs, o) => rs.loadFamilies(o as MoreFamilyModules) } },
  tensor: { option: { call: (rs, o) => rs.tensor([2], [1, 2], o) } },
  empty: { option: { call: (rs, o) => rs.empty([2], o) } },
  zeros: { option: { call: (rs, o) => rs.zeros([2], o) } },
  init: {
    option: { call: (_, o) => init(o) },
    'family module': { base: { core: familyFile('core') }, call: (_, o) => init({ families: o as FamilyModules }) },
  },
  createPool: {
    option: { call: (_, o) => createPool(o).close() },
    'family module': { base: { core: familyFile('core'), resizeImage: familyFile('resizeImage') }, call: (_, o) => createPool({ families: o as FamilyModules }).close() },
  },
  'pool.resizeImage': {
    option: { base: { width: 2 }, call: (_, o, pool) => pool.resizeImage(image(), o as never) },
    'job option': { call: (_, o, pool) => pool.resizeImage(image(), { width: 2 }, o) },
  },
};

/** Frees whatever a call made (tensors, index pairs); the rest (images, contexts) is garbage-collected. */
function release(result: unknown): void {
  const made = Array.isArray(result) ? result : result && typeof result === 'object' && 'values' in result ? Object.values(result) : [result];
  for (const t of made) {
    if (t && typeof t === 'object' && 'dispose' in t) (t as Tensor).dispose();
  }
}

/** The ResampleError `body` throws or rejects with. */
async function failure(body: () => unknown, what = ''): Promise<ResampleError> {
  try {
    await body();
  } catch (e) {
    expect(e, `${what}: a ResampleError`).toBeInstanceOf(ResampleError);
    return e as ResampleError;
  }
  return expect.fail(`${what}: expected an error`);
}

async function withPool<T>(body: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = createPool({ size: 1 });
  try {
    return await body(pool);
  } finally {
    pool.close();
  }
}

const each = () => Object.entries(INVOCATIONS).flatMap(([fn, kinds]) => Object.entries(kinds).map(([kind, how]) => ({ fn, kind, how })));

describe('declared keys', () => {
  test('the registry and these tests cover the same functions, and every Resample method taking options', () => {
    const registered = Object.entries(OPTION_KEYS).map(([fn, kinds]) => `${fn}: ${Object.keys(kinds).sort().join(', ')}`);
    const tested = Object.entries(INVOCATIONS).map(([fn, kinds]) => `${fn}: ${Object.keys(kinds).sort().join(', ')}`);
    expect(tested.sort()).toEqual(registered.sort());
    const methods = Object.getOwnPropertyNames(Resample.prototype).filter((m) => !['constructor', 'stats', 'threads', 'useSimd', 'splitFrom', 'killHelper'].includes(m));
    expect(methods.filter((m) => !(m in OPTION_KEYS)), 'methods missing from the registry').toEqual([]);
  });

  test('an unknown key is INVALID_ARGUMENT naming the function and the key, and leaks nothing', async () => {
    const rs = await context();
    await withPool(async (pool) => {
      for (const { fn, kind, how } of each()) {
        const before = rs.stats();
        const e = await failure(() => how.call(rs, { ...how.base, notAnOption: 1 }, pool));
        expect(e.code, fn).toBe('INVALID_ARGUMENT');
        expect(e.message, fn).toMatch(new RegExp(`^${fn.replace('.', '\\.')}: unknown ${kind} 'notAnOption' \\(${kind}s are '`));
        expect(rs.stats(), `${fn}: stats after the failed call`).toEqual(before);
      }
    });
  });

  test('every declared key is accepted (left undefined, it means the default)', async () => {
    const rs = await context();
    await withPool(async (pool) => {
      for (const { fn, kind, how } of each()) {
        for (const key of OPTION_KEYS[fn][kind]) {
          const before = rs.stats();
          release(await how.call(rs, { [key]: undefined, ...how.base }, pool));
          expect(rs.stats().liveTensors, `${fn}: ${key}`).toBe(before.liveTensors);
        }
      }
    });
  });

  test('options that are not an object are rejected; undefined means defaults', async () => {
    const rs = await context();
    for (const bad of [null, 5, 'bilinear', [2]]) {
      expectError(rs, () => rs.interpolate(ones(cube(2, 2)), bad as never), 'INVALID_ARGUMENT', /^interpolate: options must be an object, got /);
      expectError(rs, () => rs.zeros([2], bad as never), 'INVALID_ARGUMENT', /^zeros: options must be an object/);
    }
    await withPool(async (pool) => {
      const e = await failure(() => pool.resizeImage(image(), { width: 2 }, null as never));
      expect(e.message).toMatch(/^pool\.resizeImage: job options must be an object, got null/);
    });
    expectNoLeaks(rs, () => rs.pixelShuffle(ones([1, 4, 1, 1]), 2, undefined).dispose());
  });
});

describe('misspellings', () => {
  test('suggest the key that was meant', async () => {
    const rs = await context();
    const x = ones(cube(2, 4));
    const cases: [() => unknown, RegExp][] = [
      [() => rs.interpolate(x, { scalefactor: 2 } as never), /^interpolate: unknown option 'scalefactor' \(did you mean 'scaleFactor'\?\)$/],
      [() => rs.resizeImage(image(), { width: 2, linear_light: true } as never), /^resizeImage: unknown option 'linear_light' \(did you mean 'linearLight'\?\)$/],
      [() => rs.maxPool2d(x, { kernel_size: 2 } as never), /^maxPool2d: unknown option 'kernel_size' \(did you mean 'kernelSize'\?\)$/],
      [() => rs.maxPool2d(x, { kernel: 2 } as never), /did you mean 'kernelSize'\?/],
      [() => rs.avgPool2d(x, { kernelSize: 2, countIncludePadding: false } as never), /did you mean 'countIncludePad'\?/],
      [() => rs.conv2d(x, ones(cube(2, 2)), { strides: 2 } as never), /^conv2d: unknown option 'strides' \(did you mean 'stride'\?\)$/],
      [() => rs.convTranspose2d(x, ones(cube(2, 2)), { output_padding: 1 } as never), /did you mean 'outputPadding'\?/],
      [() => rs.adaptiveMaxPool2d(x, 2, { retrunIndices: true } as never), /did you mean 'returnIndices'\?/],
      [() => rs.zeros([2], { dytpe: 'int32' } as never), /^zeros: unknown option 'dytpe' \(did you mean 'dtype'\?\)$/],
      [() => createPool({ workerURL: 'x' } as never), /^createPool: unknown option 'workerURL' \(did you mean 'workerUrl'\?\)$/],
    ];
    for (const [body, message] of cases) expectError(rs, body, 'INVALID_ARGUMENT', message);
    expect((await failure(() => init({ warnleaks: true } as never))).message).toMatch(/^init: unknown option 'warnleaks' \(did you mean 'warnLeaks'\?\)$/);
    await withPool(async (pool) => {
      const e = await failure(() => pool.resizeImage(image(), { width: 2 }, { sginal: undefined } as never));
      expect(e.message).toMatch(/^pool\.resizeImage: unknown job option 'sginal' \(did you mean 'signal'\?\)$/);
    });
  });

  test('the key check comes first, before the inputs are looked at', async () => {
    const rs = await context();
    const unknown = /unknown option 'scalefactor'/;
    expectError(rs, () => rs.interpolate(null as never, { scalefactor: 2 } as never), 'INVALID_ARGUMENT', unknown);
    expectError(rs, () => rs.interpolate({ shape: [1, 1, 2], data: 'ab' } as never, { scalefactor: 2 } as never), 'INVALID_ARGUMENT', unknown);
    expectError(rs, () => rs.resizeImage(null as never, { scalefactor: 2 } as never), 'INVALID_ARGUMENT', unknown);
    expectError(rs, () => rs.conv2d(null as never, null as never, { scalefactor: 2 } as never), 'INVALID_ARGUMENT', unknown);
  });
});

describe('error messages name the function first, once', () => {
  test('value, shape, disposed and memory errors from inside the ops', async () => {
    const rs = await context();
    const x = ones(cube(2, 4));
    const gone = rs.zeros([1, 1, 2, 2]);
    gone.dispose();
    const cases: [string, () => unknown][] = [
      ['interpolate', () => rs.interpolate(x, { mode: 'cubic' as never, scaleFactor: 2 })],
      ['interpolate', () => rs.interpolate(gone, { scaleFactor: 2 })],
      ['interpolate', () => rs.interpolate(x, { size: [65536, 65536] })],
      ['maxPool2d', () => rs.maxPool2d(x, { kernelSize: 9 })],
      ['adaptiveAvgPool1d', () => rs.adaptiveAvgPool1d(x, [2, 2])],
      ['maxUnpool2d', () => rs.maxUnpool2d(x, ones(cube(2, 3)) as never, { kernelSize: 2 })],
      ['conv2d', () => rs.conv2d(x, ones([1, 2, 2, 2]))],
      ['convTranspose1d', () => rs.convTranspose1d(ones(cube(1, 4)), ones(cube(1, 2)), { outputPadding: 5 })],
      ['upsampleConv2d', () => rs.upsampleConv2d(x, ones(cube(2, 3)), { mode: 'bicubic' as never, scaleFactor: 2 })],
      ['convTransposeOverlap', () => rs.convTransposeOverlap([2, 2, 2, 2], 1)],
      ['pixelShuffle', () => rs.pixelShuffle(x, 2)],
      ['gridSample', () => rs.gridSample(x, ones([1, 2, 2, 3]))],
      ['affineGrid', () => rs.affineGrid(ones([1, 2, 3]), [2, 1, 2, 2])],
      ['unfold', () => rs.unfold(x, { kernelSize: 5 })],
      ['fold', () => rs.fold(ones([1, 4, 4]), { kernelSize: 2, outputSize: 4 })],
      ['pad', () => rs.pad(x, [1, 1], { mode: 'edge' as never })],
      ['resizeImage', () => rs.resizeImage(image(), { width: 0 })],
      ['resizeImage', () => rs.resizeImage(gone as never, { width: 2 })],
      ['tensor', () => rs.tensor([3], [1, 2])],
      ['empty', () => rs.empty([-1])],
      ['zeros', () => rs.zeros([2 ** 31, 4])],
    ];
    for (const [fn, body] of cases) {
      const before = rs.stats().liveTensors;
      const e = await failure(body, fn);
      expect(e.message.startsWith(`${fn}: `), e.message).toBe(true);
      expect(e.message.startsWith(`${fn}: ${fn}`), e.message).toBe(false);
      expect(rs.stats().liveTensors, fn).toBe(before);
    }
    expect((await failure(() => init({ wasm: 'nope' as never }))).message).toMatch(/^init: wasm must be/);
    expect(() => createPool({ size: 0 })).toThrow(/^createPool: size must be/);
  });
});
