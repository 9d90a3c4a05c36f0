// The subset of vitest's API our tests use, on top of Deno.test, so the very
// same test files run under `deno test` (deno.json maps "vitest" here).
/// <reference lib="deno.ns" />

type Fn = () => unknown | Promise<unknown>;
interface Suite {
  name: string;
  parent?: Suite;
  /** describe.skip: every test inside is registered as ignored. */
  skip?: boolean;
  beforeAll: Fn[];
  afterEach: Fn[];
  beforeEach: Fn[];
  ran?: Promise<void>;
}

let current: Suite = { name: '', beforeAll: [], afterEach: [], beforeEach: [] };

function suite(name: string, body: () => void, skip: boolean): void {
  const parent = current;
  current = { name, parent, skip, beforeAll: [], afterEach: [], beforeEach: [] };
  try {
    body();
  } finally {
    current = parent;
  }
}
export const describe = (name: string, body: () => void) => suite(name, body, false);
describe.skip = (name: string, body: () => void) => suite(name, body, true);

function chain(s: Suite | undefined): Suite[] {
  const out: Suite[] = [];
  for (; s; s = s.parent) out.unshift(s);
  return out;
}

/** Skipped tests become ignored Deno tests, which `deno test` counts and lists. */
function register(name: string, body: Fn, skip: boolean): void {
  const suites = chain(current);
  const full = suites.map((s) => s.name).filter(Boolean).concat(name).join(' > ');
  const ignore = skip || suites.some((s) => s.skip);
  Deno.test({ name: full, ignore, sanitizeResources: false, sanitizeOps: false }, async () => {
    for (const s of suites) await (s.ran ??= (async () => { for (const f of s.beforeAll) await f(); })());
    for (const s of suites) for (const f of s.beforeEach) await f();
    try {
      await body();
    } finally {
      for (const s of suites.reverse()) for (const f of s.afterEach) await f();
    }
  });
}
// The timeout is vitest's; Deno.test has none.
export const test = (name: string, body: Fn, _timeout?: number) => register(name, body, false);
test.skip = (name: string, body: Fn, _timeout?: number) => register(name, body, true);
export const it = test;
export const beforeAll = (f: Fn) => void current.beforeAll.push(f);
export const beforeEach = (f: Fn) => void current.beforeEach.push(f);
export const afterEach = (f: Fn) => void current.afterEach.push(f);

class AssertionError extends Error {}

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (ArrayBuffer.isView(a) || Array.isArray(a)) {
    const x = a as unknown as ArrayLike<unknown>;
    const y = b as unknown as ArrayLike<unknown>;
    return x.length === y.length && Array.from(x).every((v, i) => same(v, y[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function show(v: unknown): string {
  try {
    return typeof v === 'string' ? JSON.stringify(v) : ArrayBuffer.isView(v) ? `[${Array.from(v as unknown as ArrayLike<number>).join(', ')}]` : String(JSON.stringify(v) ?? v);
  } catch {
    return String(v);
  }
}

function matchers(actual: unknown, message: string | undefined, negate: boolean) {
  const check = (ok: boolean, what: string) => {
    if (ok === negate) throw new AssertionError(`${message ? message + ': ' : ''}expected ${show(actual)} ${negate ? 'not ' : ''}${what}`);
  };
  const n = actual as number;
  return {
    toBe: (e: unknown) => check(Object.is(actual, e), `to be ${show(e)}`),
    toEqual: (e: unknown) => check(same(actual, e), `to equal ${show(e)}`),
    toStrictEqual: (e: unknown) => check(same(actual, e), `to equal ${show(e)}`),
    toBeGreaterThan: (e: number) => check(n > e, `> ${e}`),
    toBeGreaterThanOrEqual: (e: number) => check(n >= e, `>= ${e}`),
    toBeLessThan: (e: number) => check(n < e, `< ${e}`),
    toBeLessThanOrEqual: (e: number) => check(n <= e, `<= ${e}`),
    toBeCloseTo: (e: number, digits = 2) => check(Math.abs(n - e) < 10 ** -digits / 2, `close to ${e}`),
    toBeTruthy: () => check(!!actual, 'to be truthy'),
    toBeFalsy: () => check(!actual, 'to be falsy'),
    toBeNaN: () => check(Number.isNaN(actual), 'to be NaN'),
    toBeUndefined: () => check(actual === undefined, 'to be undefined'),
    toBeDefined: () => check(actual !== undefined, 'to be defined'),
    toBeInstanceOf: (c: new (...a: never[]) => unknown) => check(actual instanceof c, `to be an instance of ${c.name}`),
    toContain: (e: unknown) => check((actual as { includes(v: unknown): boolean }).includes(e), `to contain ${show(e)}`),
    toMatch: (e: RegExp | string) => check(typeof e === 'string' ? String(actual).includes(e) : e.test(String(actual)), `to match ${e}`),
    toHaveLength: (e: number) => check((actual as ArrayLike<unknown>).length === e, `to have length ${e}`),
    toThrow: (e?: RegExp | string | (new (...a: never[]) => unknown)) => {
      let thrown: unknown;
      let threw = false;
      try {
        (actual as () => unknown)();
      } catch (err) {
        threw = true;
        thrown = err;
      }
      const msg = String((thrown as Error)?.message ?? thrown);
      const ok = threw && (e === undefined || (typeof e === 'function' ? thrown instanceof e : typeof e === 'string' ? msg.includes(e) : e.test(msg)));
      check(ok, `to throw ${e ?? ''} (threw ${threw ? msg : 'nothing'})`);
    },
  };
}

export function expect(actual: unknown, message?: string) {
  return Object.assign(matchers(actual, message, false), { not: matchers(actual, message, true) });
}
expect.fail = (message: string): never => {
  throw new AssertionError(message);
};
