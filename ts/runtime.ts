// Loading the wasm module: one code path for every runtime (Node, Deno,
// browsers, workers, edge hosts). Each entry of the package says where the
// module comes from when the caller does not: `resample-wasm` has its bytes
// inlined, `resample-wasm/slim` reads the `resample.wasm` file beside it.
import { EXPORTS, type Exports } from './abi.js';
import { ResampleError, show } from './errors.js';
import type { HostClass, HostWasmModule } from './host.js';

/**
 * Where the module comes from: its bytes, a compiled `WebAssembly.Module`, a
 * `URL` (fetched; `file:` read from disk under Node) or a fetch `Response`.
 */
export type WasmSource = ArrayBuffer | ArrayBufferView | HostWasmModule | HostClass<'URL'> | HostClass<'Response'>;

/** Where an entry finds the module when `init()` or `createPool()` is given none. */
export type DefaultWasm = () => Promise<WebAssembly.Module>;

/** `load`, run on the first call only; a failure is not kept, so a later call tries again. */
export function once(load: DefaultWasm): DefaultWasm {
  let module: Promise<WebAssembly.Module> | undefined;
  return () => (module ??= load().catch((e: unknown) => {
    module = undefined;
    throw e;
  }));
}

/**
 * The module inlined as base64 of its gzip, unpacked by the host's
 * DecompressionStream (every runtime the package supports has one: browsers
 * since 2023, Node 18, Deno, Bun, workerd) and compiled.
 */
export async function unpack(gzipBase64: string): Promise<WebAssembly.Module> {
  if (typeof DecompressionStream !== 'function') {
    throw new ResampleError('COMPILE_BLOCKED', "this host has no DecompressionStream to unpack the inlined module: import from 'resample-wasm/slim', which loads resample.wasm (or takes init({ wasm }))");
  }
  const gzip = Uint8Array.from(atob(gzipBase64), (c) => c.charCodeAt(0));
  const bytes = await new Response(new Blob([gzip]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  return WebAssembly.compile(bytes);
}

/**
 * Compiles `source`, or takes the entry's default module; every failure is
 * a ResampleError, naming `option` (where the source was given) when the
 * source itself is wrong.
 */
export async function compile(source: WasmSource | undefined, fallback: DefaultWasm, option = 'wasm'): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  try {
    if (source === undefined) return await fallback();
    return await compileFrom(source, option);
  } catch (e) {
    throw explain(e, option);
  }
}

async function compileFrom(source: WasmSource, option: string): Promise<WebAssembly.Module> {
  if (typeof Response === 'function' && source instanceof Response) {
    if (!source.ok) throw new ResampleError('INVALID_ARGUMENT', `${option} Response failed: ${source.status} ${source.statusText}`);
    return WebAssembly.compile(await source.arrayBuffer());
  }
  if (source instanceof URL) return compileAt(source, option);
  if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer) return WebAssembly.compile(source as BufferSource);
  throw new ResampleError('INVALID_ARGUMENT', `${option} must be bytes, a WebAssembly.Module, a URL or a Response, got ${show(source)}`);
}

/** The module at `url`, read (see `read`) and compiled; `option` names it in messages. */
export async function compileAt(url: URL, option = 'wasm'): Promise<WebAssembly.Module> {
  return WebAssembly.compile(await read(url, option));
}

interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?(id: string): unknown;
}

/** Node's process where this runs under Node (or a runtime that copies its API), else undefined. */
export function nodeProcess(): NodeProcess | undefined {
  const p = (globalThis as { process?: NodeProcess }).process;
  return p?.versions?.node && typeof p.getBuiltinModule === 'function' ? p : undefined;
}

/**
 * The bytes at `url`: fetched, except `file:` URLs under Node, whose fetch
 * cannot read files. `process.getBuiltinModule` reaches node:fs without an
 * import expression for bundlers to resolve or warn about.
 */
export async function read(url: URL, option = 'wasm'): Promise<ArrayBuffer> {
  const node = nodeProcess();
  if (url.protocol === 'file:' && node) {
    const fs = node.getBuiltinModule!('node:fs/promises') as { readFile(u: URL): Promise<Uint8Array> };
    const bytes = await fs.readFile(url);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  const response = await fetch(url);
  if (!response.ok) throw new ResampleError('INVALID_ARGUMENT', `${option} ${show(url.href)}: ${response.status} ${response.statusText}`);
  return response.arrayBuffer();
}

/**
 * A compile refused by the host says why in the host's words: a page's
 * Content-Security-Policy (Chromium names 'unsafe-eval', but the source to
 * allow is 'wasm-unsafe-eval'), or an edge runtime that compiles no bytes at
 * all and wants a precompiled module.
 */
function explain(e: unknown, option: string): unknown {
  if (e instanceof ResampleError) return e;
  const message = String((e as Error)?.message ?? e);
  if (/Content Security Policy|unsafe-eval|CSP/i.test(message)) {
    return new ResampleError(
      'COMPILE_BLOCKED',
      `the page's Content-Security-Policy forbids compiling WebAssembly: add 'wasm-unsafe-eval' to its script-src (${message})`,
    );
  }
  if (/disallowed by embedder|code generation|not allowed/i.test(message)) {
    const family = option.startsWith('families.') ? option.slice('families.'.length) : undefined;
    const fix = family === undefined
      ? "import 'resample-wasm/resample.wasm' as a WebAssembly.Module and pass it as init({ wasm })"
      : `import 'resample-wasm/families/${family}.wasm' as a WebAssembly.Module and pass it as init({ families: { ${family}: module, ... } })`;
    return new ResampleError('COMPILE_BLOCKED', `this runtime does not compile WebAssembly from bytes (${message}): ${fix} with 'resample-wasm/slim'`);
  }
  return new ResampleError('INVALID_ARGUMENT', `${option} could not be compiled: ${message}`);
}

/**
 * A fresh instance with its own linear memory (or the memory `imports`
 * hands it: a threaded build's shared one, a family module's core):
 * contexts never share state. `option` names where the module came from,
 * `expected` the exports it must have.
 */
export async function instantiate(module: WebAssembly.Module, imports: WebAssembly.Imports = {}, option = 'wasm', expected: readonly string[] = EXPORTS): Promise<Exports> {
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(module, imports);
  } catch (e) {
    // A module that wants other imports (a family module given as `wasm`, say).
    throw new ResampleError('INVALID_ARGUMENT', `${option} is not this version's module: ${String((e as Error)?.message ?? e)}`);
  }
  // A module from elsewhere (init({ wasm })) must be the one this code was generated for.
  const missing = expected.filter((name) => !(name in instance.exports));
  if (missing.length > 0) {
    throw new ResampleError('INVALID_ARGUMENT', `${option} is not this version's module: it lacks the exports ${missing.join(', ')}`);
  }
  return instance.exports as unknown as Exports;
}
