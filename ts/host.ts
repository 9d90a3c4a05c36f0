// Types in the public declarations that depend on what the consumer's
// TypeScript and lib declare.
//
// URL, Response, AbortSignal and WebAssembly.Module are no part of lib
// ES2022: lib DOM declares them, and @types/node, Deno and edge runtimes
// declare some. Naming them outright would break every consumer whose types
// lack one (`Cannot find name`, with skipLibCheck off), so the d.ts takes
// each from the consumer's own globals: the host's type where it is
// declared, `never` where it is not (such a project has no value of that
// type to pass anyway). Symbol.dispose likewise exists only from TypeScript
// 5.2 with lib esnext.disposable, or with @types/node. And from TypeScript
// 5.7 typed arrays name their buffer: a plain `Uint8ClampedArray` may be
// over a SharedArrayBuffer, which DOM APIs such as `new ImageData(data, w, h)`
// refuse, while `Uint8ClampedArray<ArrayBuffer>` is an error before 5.7.

/** The instance type of the global class `Name` as the consumer's types declare it; never where they do not. */
export type HostClass<Name extends string> = typeof globalThis extends { readonly [K in Name]: { prototype: infer T } } ? T : never;

/** `WebAssembly.Module` where the consumer's types declare it (lib DOM or webworker, Deno); never where they do not. */
export type HostWasmModule = typeof globalThis extends { readonly WebAssembly: { Module: { prototype: infer M } } } ? M : never;

/**
 * `{ [Symbol.dispose](): void }` where the consumer's types declare
 * `Symbol.dispose`, so `using` accepts a tensor; nothing where they do not.
 */
// `{}` is the empty object type an interface can extend; `object` is not.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type Disposer = SymbolConstructor extends { readonly dispose: infer K extends symbol } ? { readonly [P in K]: () => void } : {};

/**
 * `A` over an ArrayBuffer, as `slice()` returns it: `Float32Array<ArrayBuffer>`
 * from TypeScript 5.7, plain `Float32Array` before. What the package returns
 * (views of wasm memory, copies) is never over a SharedArrayBuffer.
 */
export type OverArrayBuffer<A extends { slice(): unknown }> = ReturnType<A['slice']>;
