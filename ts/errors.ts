/**
 * `CONTEXT_BROKEN`: a call trapped inside the wasm module (a bug, never bad
 * input); the context refuses every later call, and `init()` makes a new one.
 */
export type ResampleErrorCode = 'INVALID_ARGUMENT' | 'SHAPE_MISMATCH' | 'DISPOSED' | 'OUT_OF_MEMORY' | 'CONTEXT_BROKEN';

/** Every invalid argument, disposed tensor or failed allocation surfaces as this. */
export class ResampleError extends Error {
  readonly code: ResampleErrorCode;

  constructor(code: ResampleErrorCode, message: string) {
    super(message);
    this.name = 'ResampleError';
    this.code = code;
  }
}

/** Short, unambiguous rendering of a user value for error messages. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  return Object.prototype.toString.call(value);
}

export function invalid(option: string, value: unknown, expected: string): ResampleError {
  return new ResampleError('INVALID_ARGUMENT', `${option} must be ${expected}, got ${show(value)}`);
}
