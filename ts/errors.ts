/**
 * - `INVALID_ARGUMENT`, `SHAPE_MISMATCH`: the call's arguments; nothing was written.
 * - `DISPOSED`: a tensor (or pool) used after `dispose()` (or `close()`).
 * - `OUT_OF_MEMORY`: wasm32's 4 GiB memory cannot hold the tensor or a kernel's scratch.
 * - `CONTEXT_BROKEN`: a call trapped inside the wasm module (a bug, never bad
 *   input); the context refuses every later call, and `init()` makes a new one.
 * - `COMPILE_BLOCKED`: the host refuses to compile WebAssembly (a page's
 *   Content-Security-Policy without 'wasm-unsafe-eval', or an edge runtime
 *   that takes only precompiled modules); the message says what to do.
 * - `NOT_LOADED`: an op whose kernel family the context did not load
 *   (`init({ families })`); the message names the family.
 * - `WORKER_FAILED`: a pool's worker could not start, crashed, exited or
 *   ended; the job was rejected and the worker is replaced for the next one.
 *   A web worker that ends without an error event (`close()`) is noticed
 *   through Web Locks; where a page has none (insecure contexts), its job
 *   stays pending until aborted (`JobOptions.signal`).
 */
export type ResampleErrorCode =
  | 'INVALID_ARGUMENT'
  | 'SHAPE_MISMATCH'
  | 'DISPOSED'
  | 'OUT_OF_MEMORY'
  | 'CONTEXT_BROKEN'
  | 'COMPILE_BLOCKED'
  | 'NOT_LOADED'
  | 'WORKER_FAILED';

/**
 * Every invalid argument, disposed tensor or failed allocation surfaces as
 * this. Its message starts with the name of the public function that threw
 * it (`interpolate: mode must be ...`) and quotes values shortened to about
 * 200 characters.
 */
export class ResampleError extends Error {
  /** What went wrong, for code to branch on (see ResampleErrorCode). */
  readonly code: ResampleErrorCode;

  /** The package makes these; `name` is 'ResampleError'. */
  constructor(code: ResampleErrorCode, message: string) {
    super(message);
    this.name = 'ResampleError';
    this.code = code;
  }
}

// A message quoting a user's value must stay readable: a 4K image passed as
// a plain array once made a 166 MB message.
const MAX_SHOWN = 200;
const MAX_ITEMS = 8;
const MAX_STRING = 100;

/** Short, unambiguous rendering of a user value for error messages (at most ~200 characters). */
export function show(value: unknown): string {
  const s = render(value, MAX_SHOWN);
  return s.length <= MAX_SHOWN ? s : `${s.slice(0, MAX_SHOWN - 1)}…`;
}

/** `value` rendered in about `room` characters: long strings are cut, long arrays show their first items and a count. */
function render(value: unknown, room: number): string {
  if (typeof value === 'string') {
    const keep = Math.min(room, MAX_STRING);
    return value.length <= keep ? `'${value}'` : `'${value.slice(0, Math.max(keep - 20, 8))}…' (${value.length} chars)`;
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (Array.isArray(value)) {
    const items: string[] = [];
    let used = 2;
    for (const v of value) {
      if (items.length === MAX_ITEMS || used > room) break;
      items.push(render(v, room - used));
      used += items[items.length - 1].length + 2;
    }
    if (items.length === value.length) return `[${items.join(', ')}]`;
    return `[${[...items, `… (${value.length} items)`].join(', ')}]`;
  }
  if (ArrayBuffer.isView(value)) {
    const length = (value as unknown as { length?: number }).length ?? value.byteLength;
    return `${value.constructor.name}(${length})`;
  }
  return Object.prototype.toString.call(value);
}

export function invalid(option: string, value: unknown, expected: string): ResampleError {
  return new ResampleError('INVALID_ARGUMENT', `${option} must be ${expected}, got ${show(value)}`);
}

/** `e`, if a ResampleError, with its message (and stack) starting `fn: `; other values unchanged. */
export function attribute(e: unknown, fn: string): unknown {
  if (!(e instanceof ResampleError) || e.message.startsWith(`${fn}: `)) return e;
  const message = `${fn}: ${e.message}`;
  if (typeof e.stack === 'string') e.stack = e.stack.replace(e.message, () => message);
  e.message = message;
  return e;
}

/**
 * Runs the body of public function `fn` so that every ResampleError it
 * throws, or its promise rejects with, names `fn` first.
 */
export function named<T>(fn: string, body: () => T): T {
  try {
    const result = body();
    if (result instanceof Promise) {
      return result.catch((e: unknown) => {
        throw attribute(e, fn);
      }) as T;
    }
    return result;
  } catch (e) {
    throw attribute(e, fn);
  }
}
