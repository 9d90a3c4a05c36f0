// Twin mode (RESAMPLE_TEST_THREADS=n, the vitest projects node-threads-2 and
// node-threads-3): the op test files run on a context with n threads, and
// every op call there is run again on a hidden one-thread context. Likewise
// RESAMPLE_TEST_FAMILIES=1 (node-families): a context of every family module
// (init({ families })) against one of the whole module. The two
// results must agree bit for bit (every tensor and typed array in them), and
// a call that fails must fail on both with the same code; otherwise the call
// throws a TwinMismatch naming the op and the first differing byte. The
// test sees the threaded context's result, so its own checks (fixtures,
// references) run on the threaded output too.
import { init, Tensor, type FamilyModules, type Resample } from 'resample-wasm';

/** An environment variable, in Node or Deno. */
function env(name: string): string | undefined {
  const g = globalThis as { process?: { env?: Record<string, string | undefined> }; Deno?: { env: { get(k: string): string | undefined } } };
  return g.process?.env?.[name] ?? g.Deno?.env.get(name);
}

/** The thread count twin mode asks for, or undefined outside it. */
export function twinThreads(): number | undefined {
  const v = env('RESAMPLE_TEST_THREADS');
  return v ? Number(v) : undefined;
}

/** Whether twin mode checks the family modules (RESAMPLE_TEST_FAMILIES). */
export function twinFamilies(): boolean {
  return !!env('RESAMPLE_TEST_FAMILIES');
}

/** Sets the least work a call of `rs` splits across threads (the context's internal `splitFrom`; 0: every call). */
export function splitFrom(rs: Resample, work: number): void {
  (rs as unknown as { splitFrom(work: number): void }).splitFrom(work);
}

/** Methods that make or inspect tensors or threads of the context itself, not ops: the threaded context alone runs them. */
const OWN = new Set(['tensor', 'empty', 'zeros', 'stats', 'splitFrom', 'killHelper', 'loadFamilies', 'constructor']);

/** A context with `threads` threads whose every op is checked against a one-thread context. */
export async function twinContext(threads: number): Promise<Resample> {
  const [t, s] = await Promise.all([init({ threads }), init()]);
  if (t.threads !== threads) throw new Error(`twin: init({ threads: ${threads} }) gave ${t.threads} thread(s): ${t.threadsReason}`);
  // Every call splits, however small (by default small work stays on the calling thread).
  splitFrom(t, 0);
  return wrap(t, s, '', { heap: heapOf(t), single: s, singleHeap: heapOf(s), label: `${threads} threads`, reference: '1 thread' }) as Resample;
}

/** A context of every family module (dist/families/, Node only) whose every op is checked against the whole module's. */
export async function twinFamilyContext(): Promise<Resample> {
  const { readdirSync } = await import('node:fs');
  const dir = new URL('../dist/families/', import.meta.url);
  const modules = Object.fromEntries(readdirSync(dir).map((file) => [file.replace(/\.wasm$/, ''), new URL(file, dir)]));
  const [t, s] = await Promise.all([init({ families: modules as FamilyModules }), init()]);
  return wrap(t, s, '', { heap: heapOf(t), single: s, singleHeap: heapOf(s), label: 'the family modules', reference: 'the whole module' }) as Resample;
}

interface Twin {
  /** The threaded context's heap: its tensors are copied into the one-thread context. */
  heap: unknown;
  single: Resample;
  singleHeap: unknown;
  /** What the tested context runs on ('2 threads'), and the reference ('1 thread'), for messages. */
  label: string;
  reference: string;
}

/** The (internal) heap a context's tensors point to. */
function heapOf(rs: Resample): unknown {
  const probe = rs.empty([1]);
  probe.dispose();
  return (probe as unknown as { heap: unknown }).heap;
}

const heapOfTensor = (x: Tensor) => (x as unknown as { heap: unknown }).heap;

/** `t` (an object of the threaded context: the context, or a namespace such as rs.tf.image) with its ops twinned with `s`'s. */
function wrap(t: object, s: object, path: string, twin: Twin): object {
  const made = new Map<PropertyKey, unknown>();
  return new Proxy(t, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof key === 'symbol') return typeof value === 'function' ? value.bind(target) : value;
      // Numbers and strings (rs.threads) are read live; functions and namespaces are made once.
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
      if (!made.has(key)) made.set(key, member(target, s, key, value, path, twin));
      return made.get(key);
    },
  });
}

function member(t: object, s: object, key: string, value: unknown, path: string, twin: Twin): unknown {
  const other = (s as Record<string, unknown>)[key];
  const name = path ? `${path}.${key}` : key;
  if (typeof value === 'function') {
    const f = value as (...a: unknown[]) => unknown;
    if (path === '' && OWN.has(key)) return f.bind(t);
    // useSimd: both take the same path.
    if (path === '' && key === 'useSimd') return (...a: unknown[]) => ((other as typeof f).apply(s, a), f.apply(t, a));
    return (...a: unknown[]) => twinCall(name, twin, a, (args) => f.apply(t, args), (args) => (other as typeof f).apply(s, args));
  }
  return ArrayBuffer.isView(value) ? value : wrap(value as object, other as object, name, twin);
}

/**
 * Runs `threaded(args)`, then `single` on a copy of `args` whose tensors of
 * the threaded context are copied into the one-thread one (taken before the
 * threaded call, so an `out` tensor's prefill reaches both), and compares.
 */
function twinCall(op: string, twin: Twin, args: unknown[], threaded: (a: unknown[]) => unknown, single: (a: unknown[]) => unknown): unknown {
  const copies = new Map<Tensor, Tensor>();
  try {
    const copied = copyArgs(args, twin, copies) as unknown[];
    let result: unknown;
    let failure: { error: unknown } | undefined;
    try {
      result = threaded(args);
    } catch (error) {
      failure = { error };
    }
    let other: unknown;
    try {
      other = single(copied);
    } catch (e) {
      if (!failure) throw mismatch(op, twin, `${twin.reference} threw ${code(e)} (${(e as Error)?.message}), ${twin.label} returned`);
      if (code(e) !== code(failure.error)) throw mismatch(op, twin, `${twin.label} threw ${code(failure.error)}, ${twin.reference} threw ${code(e)}`);
      throw failure.error;
    }
    try {
      if (failure) throw mismatch(op, twin, `${twin.label} threw ${code(failure.error)} (${(failure.error as Error)?.message}), ${twin.reference} returned`);
      const diff = compare(result, other, 'result');
      if (diff) throw mismatch(op, twin, diff);
      return result;
    } finally {
      disposeTensors(other, twin);
    }
  } finally {
    for (const c of copies.values()) c.dispose();
  }
}

function code(e: unknown): string {
  return String((e as { code?: string })?.code ?? (e as Error)?.name ?? e);
}

function mismatch(op: string, twin: Twin, what: string): Error {
  const e = new Error(`twin: ${op} on ${twin.label} differs from ${twin.reference}: ${what}`);
  e.name = 'TwinMismatch';
  return e;
}

/** `x` with every live tensor of the threaded context replaced by a copy in the one-thread context (the same copy for the same tensor). */
function copyArgs(x: unknown, twin: Twin, copies: Map<Tensor, Tensor>, depth = 0): unknown {
  if (x instanceof Tensor) {
    if (x.disposed || heapOfTensor(x) !== twin.heap) return x;
    if (!copies.has(x)) copies.set(x, twin.single.tensor(x.shape, x.data, { dtype: x.dtype }));
    return copies.get(x);
  }
  if (x === null || typeof x !== 'object' || ArrayBuffer.isView(x) || depth > 8) return x;
  // Objects are rebuilt only around a tensor, with their prototype and property attributes, so options keep their exact form.
  const descriptors = Object.getOwnPropertyDescriptors(x);
  let changed = false;
  for (const d of Object.values(descriptors)) {
    if (!('value' in d)) continue;
    const v = copyArgs(d.value, twin, copies, depth + 1);
    changed ||= v !== d.value;
    d.value = v;
  }
  if (!changed) return x;
  return Array.isArray(x) ? Object.defineProperties([], descriptors) : Object.create(Object.getPrototypeOf(x) as object, descriptors);
}

const bytes = (v: ArrayBufferView) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

/** Where `a` (threaded) and `b` (one thread) differ, or undefined: tensors and typed arrays byte for byte, the rest by value. */
function compare(a: unknown, b: unknown, where: string): string | undefined {
  if (a instanceof Tensor || b instanceof Tensor) {
    if (!(a instanceof Tensor && b instanceof Tensor)) return `${where}: a tensor on one side only`;
    if (a.dtype !== b.dtype || a.shape.join() !== b.shape.join()) return `${where}: ${a.dtype} [${a.shape}] vs ${b.dtype} [${b.shape}]`;
    return compare(a.data, b.data, `${where}.data`);
  }
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!(ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) || a.constructor.name !== b.constructor.name) return `${where}: ${a?.constructor.name} vs ${b?.constructor.name}`;
    const [x, y] = [bytes(a), bytes(b)];
    const i = x.findIndex((v, k) => v !== y[k]);
    if (i < 0 && x.length === y.length) return undefined;
    const at = i < 0 ? Math.min(x.length, y.length) : i;
    const size = (a as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
    const element = Math.floor(at / size);
    const show = (v: ArrayBufferView) => (v as unknown as ArrayLike<number>)[element];
    return `${where}: first differing byte ${at} of ${x.length}/${y.length} (element ${element}: ${show(a)} vs ${show(b)})`;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return typeof a === 'function' || Object.is(a, b) ? undefined : `${where}: ${String(a)} vs ${String(b)}`;
  }
  const keys = Object.keys(a);
  if (keys.join() !== Object.keys(b).join()) return `${where}: keys ${keys.join()} vs ${Object.keys(b).join()}`;
  for (const k of keys) {
    const diff = compare((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${where}.${k}`);
    if (diff) return diff;
  }
  return undefined;
}

/** Disposes the one-thread context's tensors in a result. */
function disposeTensors(x: unknown, twin: Twin): void {
  if (x instanceof Tensor) {
    if (heapOfTensor(x) === twin.singleHeap) x.dispose();
  } else if (x !== null && typeof x === 'object' && !ArrayBuffer.isView(x)) {
    for (const v of Object.values(x)) disposeTensors(v, twin);
  }
}
