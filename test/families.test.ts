// init({ families }): only some kernel families, each a module of its own
// on one shared memory. Every op against the whole module, bit for bit, is
// the node-families twin project (test/twin.ts); this file is the option,
// the entries' loaders, and what a context without a family does.
import { describe, expect, test } from 'vitest';
import { init, type FamilyModules, type Resample, type ResampleError } from 'resample-wasm';
import { init as initSlim } from '../dist/slim.js';
import { expectError, random, randomArray } from './util.ts';

const file = (name: string) => new URL(`../dist/families/${name}.wasm`, import.meta.url);
const image = (width: number, height: number) => {
  const r = random(7);
  return { width, height, data: Uint8ClampedArray.from({ length: width * height * 4 }, () => r() * 256) };
};

/** `make()` rejects with a ResampleError `code` (either entry's class) whose message matches `message`. */
async function rejects(make: () => Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const e = await make().then(() => undefined, (error: unknown) => error);
  expect((e as Error)?.name, 'init rejected').toBe('ResampleError');
  expect((e as ResampleError).code).toBe(code);
  expect((e as ResampleError).message).toMatch(message);
}

/** interpolate and resizeImage on `rs` and on the whole module's context agree byte for byte. */
async function expectSameAsWhole(rs: Resample): Promise<void> {
  const whole = await init();
  const x = { shape: [1, 3, 17, 33], data: randomArray(3 * 17 * 33, 1) };
  const options = { size: [40, 7], mode: 'bicubic', antialias: true } as const;
  const [a, b] = [rs.interpolate(x, options), whole.interpolate(x, options)];
  expect(new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength)).toEqual(new Uint8Array(b.data.buffer, b.data.byteOffset, b.data.byteLength));
  a.dispose();
  b.dispose();
  const img = image(97, 31);
  expect(rs.resizeImage(img, { width: 40, height: 200, filter: 'lanczos3' }).data).toEqual(whole.resizeImage(img, { width: 40, height: 200, filter: 'lanczos3' }).data);
}

describe('init({ families })', () => {
  test('resample-wasm/slim loads the families named from families/ beside it', async () => {
    // The same class as resample-wasm's, bundled into the other entry.
    const rs = (await initSlim({ families: ['interpolate', 'resizeImage', 'interpolate'] })) as unknown as Resample;
    await expectSameAsWhole(rs);
    expect(rs.stats().liveTensors).toBe(0);
  });

  test('the modules given, from either entry', async () => {
    const rs = await init({ families: { core: file('core'), interpolate: file('interpolate'), resizeImage: file('resizeImage'), pool: undefined } });
    await expectSameAsWhole(rs);
  });

  test('memory grown by one module is the memory of all', async () => {
    const rs = await init({ families: { core: file('core'), interpolate: file('interpolate') } });
    const before = rs.stats().memoryBytes;
    const x = rs.tensor([1, 1, 1024, 1024], randomArray(1024 * 1024, 3));
    // 64 MiB of output: the family module's kernel writes past the memory core started with.
    const y = rs.interpolate(x, { scaleFactor: 4, mode: 'nearest' });
    expect(rs.stats().memoryBytes).toBeGreaterThan(before + 64 * 2 ** 20);
    expect(y.data[4 * 4096 * 5 + 4 * 7]).toBe(x.data[1024 * 5 + 7]);
    x.dispose();
    y.dispose();
    expect(rs.stats().liveTensors).toBe(0);
  });

  test('an op whose family is not loaded is NOT_LOADED naming the family, and leaks nothing', async () => {
    const rs = await init({ families: { core: file('core'), onnx: file('onnx') } });
    const x = rs.tensor([1, 1, 4, 4], randomArray(16, 5));
    expectError(rs, () => rs.maxPool2d(x, { kernelSize: 2 }), 'NOT_LOADED', /^maxPool2d: this context did not load the family 'pool': add it to init\(\{ families \}\)/);
    expectError(rs, () => rs.onnx.run('MaxPool', [x], { kernel_shape: [2, 2] }), 'NOT_LOADED', /family 'pool'/);
    // ONNX Resize is the onnx family's own kernel.
    const [y] = rs.onnx.run('Resize', [x, null, { shape: [4], data: [1, 1, 2, 2] }], { mode: 'linear' });
    expect(y.shape).toEqual([1, 1, 8, 8]);
    y.dispose();
    x.dispose();
    expect(rs.stats().liveTensors).toBe(0);
  });

  test('loadFamilies adds families to a context in use; its tensors and allocator carry on', async () => {
    const rs = await init({ families: { core: file('core'), resizeImage: file('resizeImage') } });
    const img = image(97, 31);
    const before = rs.resizeImage(img, { width: 40, height: 200 });
    const x = rs.tensor([1, 3, 17, 33], randomArray(3 * 17 * 33, 1));
    const kept = Array.from(x.data);
    expectError(rs, () => rs.interpolate(x, { scaleFactor: 2 }), 'NOT_LOADED', /family 'interpolate'/);
    await rs.loadFamilies({ interpolate: file('interpolate'), resizeImage: file('absent') }); // resizeImage is loaded already: not read
    expect(Array.from(x.data)).toEqual(kept);
    const whole = await init();
    const [a, b] = [rs.interpolate(x, { size: [40, 7], mode: 'bicubic' }), whole.interpolate(x, { size: [40, 7], mode: 'bicubic' })];
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(rs.resizeImage(img, { width: 40, height: 200 }).data).toEqual(before.data);
    for (const t of [a, b, x]) t.dispose();
    expect(rs.stats().liveTensors).toBe(0);
    // Names, from the slim entry; a context of the whole module has every family already.
    const slim = (await initSlim({ families: [] })) as unknown as Resample;
    await slim.loadFamilies(['pool']);
    const y = slim.maxPool2d({ shape: [1, 1, 4, 4], data: randomArray(16, 2) }, { kernelSize: 2 });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    y.dispose();
    await whole.loadFamilies(['pool']);
  });

  test('bad families are INVALID_ARGUMENT naming what to change', async () => {
    await rejects(() => init({ families: 'interpolate' as never }), 'INVALID_ARGUMENT', /^init: families must be a list of family names, or an object of modules/);
    await rejects(() => initSlim({ families: ['interpolate', 'interp' as never] }), 'INVALID_ARGUMENT', /^init: families\[1\] must be a family: 'interpolate', 'pool', .*got 'interp'/);
    await rejects(() => init({ families: { interpolate: file('interpolate') } as never }), 'INVALID_ARGUMENT', /^init: families.core must be the core module/);
    await rejects(() => init({ families: { core: file('core'), pol: file('pool') } as FamilyModules }), 'INVALID_ARGUMENT', /^init: unknown family module 'pol' \(did you mean 'pool'\?\)/);
    await rejects(() => init({ families: ['interpolate'] }), 'INVALID_ARGUMENT', /^init: families by name load families\/<name>\.wasm beside 'resample-wasm\/slim'/);
    await rejects(() => init({ families: { core: file('core') }, wasm: file('core') }), 'INVALID_ARGUMENT', /^init: wasm and families both say where the module comes from/);
    await rejects(() => init({ families: { core: file('core') }, threads: 2 }), 'INVALID_ARGUMENT', /^init: families are one-thread modules/);
    // Modules swapped: a family module needs core's memory, core lacks the kernels.
    await rejects(() => init({ families: { core: file('pool') } }), 'INVALID_ARGUMENT', /^init: families.core is not this version's module/);
    await rejects(() => init({ families: { core: file('core'), pool: file('core') } }), 'INVALID_ARGUMENT', /^init: families.pool is not this version's module: it lacks the exports pool/);
    await rejects(() => init({ families: { core: file('core'), pool: new URL('../dist/families/absent.wasm', import.meta.url) } }), 'INVALID_ARGUMENT', /^init: /);
    const rs = await init({ families: { core: file('core') } });
    await rejects(() => rs.loadFamilies(['pool']), 'INVALID_ARGUMENT', /^loadFamilies: families by name load families\/<name>\.wasm beside 'resample-wasm\/slim'/);
    await rejects(() => rs.loadFamilies({ core: file('core') } as never), 'INVALID_ARGUMENT', /^loadFamilies: unknown family module 'core'/);
    await rejects(() => rs.loadFamilies({ pol: file('pool') } as never), 'INVALID_ARGUMENT', /^loadFamilies: unknown family module 'pol' \(did you mean 'pool'\?\)/);
    await rejects(() => rs.loadFamilies({ pool: file('interpolate') }), 'INVALID_ARGUMENT', /^loadFamilies: families.pool is not this version's module: it lacks the exports pool/);
  });
});
