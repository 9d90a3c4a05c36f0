// The one place TypeScript calls a kernel. An op's arguments are written
// into an argument block in linear memory, laid out as crate/src/abi.rs
// defines it (ts/abi.ts is generated from there), the export runs, and a
// failed status comes back with the kernel's detail (the bad index, the
// bytes that did not fit). A trap inside the module breaks the context for
// good: its memory can no longer be trusted, so every later call says so.
import * as abi from './abi.js';
import { ResampleError, show } from './errors.js';
import { familyOf } from './families.js';

type Kind = 'u32' | 'f64';

/** A record's layout as ts/abi.ts states it: per field its offset, kind and count. */
export interface Layout {
  readonly export?: string;
  readonly bytes: number;
  readonly fields: Readonly<Record<string, readonly [offset: number, kind: Kind, count: number]>>;
}

type Fields<L extends Layout> = L['fields'];

/** What an op supplies: a number (or boolean) per scalar field, an array per array field; the context adds `path`. */
export type ArgsOf<L extends Layout> = {
  readonly [K in Exclude<keyof Fields<L>, 'path'>]: Fields<L>[K][2] extends 1 ? number | boolean : readonly number[];
};

/** A kernel's failed status and its detail (see abi.rs, ErrorDetail). */
export interface Failure {
  status: number;
  at: number;
  value: number;
}

export type Export = { [K in keyof abi.Exports]: abi.Exports[K] extends (args: number) => number ? K : never }[keyof abi.Exports];

export class Seam {
  readonly #wasm: abi.Exports;
  readonly #block: number;
  /** Which path the kernels take (abi.Path); tests switch to the scalar oracle. */
  path: number = abi.Path.Vector;
  #broken: string | undefined;

  constructor(wasm: abi.Exports) {
    this.#wasm = wasm;
    this.#block = wasm.alloc(abi.ARGS_BYTES) >>> 0;
    if (this.#block === 0) throw new ResampleError('OUT_OF_MEMORY', 'init: no memory for the argument block');
  }

  /** Throws CONTEXT_BROKEN once any call has trapped. */
  assertUsable(what: string): void {
    if (this.#broken !== undefined) throw this.#brokenError(what);
  }

  #brokenError(what: string): ResampleError {
    return new ResampleError(
      'CONTEXT_BROKEN',
      `${what}: this context is broken: a call trapped inside the wasm module (${this.#broken}), so its memory can no longer be trusted. Drop it and create a new one with init().`,
    );
  }

  get broken(): boolean {
    return this.#broken !== undefined;
  }

  /** Runs the export that takes `layout`; undefined when it succeeded. */
  call<L extends Layout & { export: Export }>(op: string, layout: L, args: ArgsOf<L>): Failure | undefined {
    this.assertUsable(op);
    const kernel = this.#wasm[layout.export] as abi.Exports[Export] | undefined;
    if (kernel === undefined) {
      const family = familyOf(layout.export);
      throw new ResampleError('NOT_LOADED', `this context did not load the family ${show(family)}: add it to init({ families })`);
    }
    write(new DataView(this.#wasm.memory.buffer), this.#block, layout, { ...args, path: this.path }, op);
    let status: number;
    try {
      status = kernel(this.#block);
    } catch (e) {
      this.#broken = `${op}: ${e instanceof Error ? e.message : String(e)}`;
      throw this.#brokenError(op);
    }
    if (status === abi.Status.Ok) return undefined;
    const view = new DataView(this.#wasm.memory.buffer);
    const { at, value } = abi.ErrorDetail.fields;
    return { status, at: view.getFloat64(this.#block + at[0], true), value: view.getFloat64(this.#block + value[0], true) };
  }
}

function write(view: DataView, base: number, layout: Layout, args: Record<string, unknown>, op: string): void {
  for (const [name, [offset, kind, count]] of Object.entries(layout.fields)) {
    const given = args[name] ?? 0;
    const values = count === 1 ? [given] : (given as readonly unknown[]);
    if (values.length !== count) throw new Error(`${op}: argument ${name} needs ${count} values, got ${values.length}`);
    values.forEach((v, i) => {
      const n = typeof v === 'boolean' ? +v : (v as number);
      const at = base + offset + i * (kind === 'u32' ? 4 : 8);
      if (kind === 'f64') return view.setFloat64(at, n, true);
      // A value the u32 field cannot hold is a validation gap, never something to truncate.
      if (!(Number.isInteger(n) && n >= 0 && n <= 0xffffffff)) {
        throw new ResampleError('INVALID_ARGUMENT', `${op}: ${name} = ${n} is outside what the kernel takes (0 to 2^32 - 1)`);
      }
      view.setUint32(at, n, true);
    });
  }
}
