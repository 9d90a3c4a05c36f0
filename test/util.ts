// Helpers shared by every test file; they run unchanged in Node, Deno and Chromium.
import { expect } from 'vitest';
import * as pkg from 'resample-wasm';
import { init, ResampleError, type Resample, type Tensor } from 'resample-wasm';
import { random as seededRandom } from '../examples/images.mjs';
import { twinContext, twinFamilies, twinFamilyContext, twinThreads } from './twin.ts';

const g = globalThis as { process?: { versions?: { node?: string } }; Deno?: unknown };
/** Node itself, not Deno's Node compatibility: what tests that need onnxruntime-node or node:fs check. */
export const inNode = !!g.process?.versions?.node && g.Deno === undefined;

let shared: Promise<Resample> | undefined;
/**
 * One context per test file's runtime (several tests, one module instance).
 * In twin mode (test/twin.ts) a context on n threads, or of the family
 * modules, whose every op is checked bit for bit against one thread, or
 * the whole module.
 */
export function context(): Promise<Resample> {
  const threads = twinThreads();
  return (shared ??= threads ? twinContext(threads) : twinFamilies() ? twinFamilyContext() : init());
}

export interface Encoded {
  shape: number[];
  dtype: 'float32' | 'int32';
  data: string;
}

/** The bytes a fixture stores as base64. */
export function base64Bytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
}

/** Fixture tensors are base64 little-endian float32/int32 (bit-exact). */
export function decode(e: Encoded): Float32Array | Int32Array {
  const bytes = base64Bytes(e.data);
  return e.dtype === 'int32' ? new Int32Array(bytes.buffer) : new Float32Array(bytes.buffer);
}

/** Hex SHA-256 of `data`, for golden hashes of byte outputs. */
export async function sha256(data: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data.slice()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The first differing byte of two outputs, for messages. */
export function firstDiff(a: Uint8Array, b: Uint8Array): string {
  const i = a.findIndex((v, k) => v !== b[k]);
  return i < 0 && a.length === b.length ? 'equal' : `byte ${i} of ${a.length}/${b.length}: ${a[i]} vs ${b[i]}`;
}

/** |a - b| <= atol + rtol·|b| everywhere, NaN only where expected is NaN. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, atol = 1e-5, rtol = 1e-5, what = ''): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  let worst = -1;
  let worstErr = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const b = expected[i];
    const err = Number.isNaN(b) ? (Number.isNaN(a) ? 0 : Infinity) : a === b ? 0 : Math.abs(a - b) - rtol * Math.abs(b);
    if (!(err <= atol) && (worst < 0 || err > worstErr || Number.isNaN(err))) {
      worst = i;
      worstErr = err;
    }
  }
  if (worst >= 0) {
    expect.fail(`${what} element ${worst}: got ${actual[worst]}, expected ${expected[worst]} (atol ${atol}, rtol ${rtol})`);
  }
}

/** An output tensor prefilled with NaN, so elements a kernel forgets to write show up. */
export function nanOut(rs: Resample, shape: readonly number[]): Tensor<'float32'> {
  const t = rs.empty(shape);
  t.data.fill(NaN);
  return t;
}

/** Runs `body`, which disposes what it made, and checks that no tensor or byte was left behind. */
export function expectNoLeaks<T>(rs: Resample, body: () => T): T {
  const before = rs.stats();
  const result = body();
  const after = rs.stats();
  expect(after.liveTensors, 'live tensors after the op').toBe(before.liveTensors);
  expect(after.liveBytes, 'live bytes after the op').toBe(before.liveBytes);
  return result;
}

/** `body` throws a ResampleError with `code` whose message names `option`; nothing leaks. */
export function expectError(rs: Resample, body: () => unknown, code: string, option: string | RegExp): void {
  const before = rs.stats();
  let caught: unknown;
  try {
    body();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'an error was thrown').toBeInstanceOf(ResampleError);
  const err = caught as ResampleError;
  expect(err.code).toBe(code);
  if (typeof option === 'string') expect(err.message).toContain(option);
  else expect(err.message).toMatch(option);
  const after = rs.stats();
  expect(after.liveTensors, 'live tensors after the failed op').toBe(before.liveTensors);
}

/** Deterministic values for property tests: the examples' seeded generator (mulberry32). */
export const random: (seed: number) => () => number = seededRandom;

export function randomArray(n: number, seed: number): Float32Array {
  const r = random(seed);
  return Float32Array.from({ length: n }, () => r() * 4 - 2);
}

/** Odd sizes that put every SIMD tail (mod 4, mod 8, mod 16) through its paces. */
export const ODD_SIZES = [1, 2, 3, 5, 7, 9, 17, 33] as const;

/** Hooks the package exports for its tests but leaves out of its public types. */
interface Hooks {
  OPTION_KEYS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** Every public function's declared option keys: function → kind of option → keys. */
export const OPTION_KEYS = (pkg as unknown as Hooks).OPTION_KEYS;

/** Runs kernels on their vector path (true, the default) or on the scalar path, the crate's oracle. */
export function useSimd(rs: Resample, enabled: boolean): void {
  (rs as unknown as { useSimd(enabled: boolean): void }).useSimd(enabled);
}

/** `body` on the kernels' vector path, then on their scalar path (the crate's oracle); the vector path stays on after. */
export function onBothPaths<T>(rs: Resample, body: () => T): { vector: T; scalar: T } {
  const vector = body();
  useSimd(rs, false);
  try {
    return { vector, scalar: body() };
  } finally {
    useSimd(rs, true);
  }
}
