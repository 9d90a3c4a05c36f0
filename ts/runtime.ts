// Loading the wasm module: one code path for every runtime (Node, Deno,
// browsers, workers). By default the module's bytes travel inlined in the
// bundle, so no runtime needs fetch, file access or a bundler plugin.
import { EXPORTS, type Exports } from './abi.js';
import { ResampleError, show } from './errors.js';
import { wasmBase64 } from './generated/wasm.js';

export type WasmSource = BufferSource | WebAssembly.Module | URL | Response;

let inlined: Promise<WebAssembly.Module> | undefined;

function decodeInlined(): Uint8Array<ArrayBuffer> {
  const text = atob(wasmBase64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export async function compile(source: WasmSource | undefined): Promise<WebAssembly.Module> {
  if (source === undefined) return (inlined ??= WebAssembly.compile(decodeInlined()));
  if (source instanceof WebAssembly.Module) return source;
  if (typeof Response === 'function' && source instanceof Response) {
    if (!source.ok) throw new ResampleError('INVALID_ARGUMENT', `wasm Response failed: ${source.status} ${source.statusText}`);
    return WebAssembly.compile(await source.arrayBuffer());
  }
  if (source instanceof URL) return compile(await fetchUrl(source));
  if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer) return WebAssembly.compile(source);
  throw new ResampleError('INVALID_ARGUMENT', `wasm must be bytes, a WebAssembly.Module, a URL or a Response, got ${show(source)}`);
}

/** fetch, except for file: URLs in Node, whose fetch cannot read files. */
async function fetchUrl(url: URL): Promise<Response | Uint8Array<ArrayBuffer>> {
  const g = globalThis as { process?: { versions?: { node?: string } }; Deno?: unknown };
  const isNode = !!g.process?.versions?.node && g.Deno === undefined;
  if (url.protocol !== 'file:' || !isNode) return fetch(url);
  // A computed specifier keeps browser bundlers from trying to resolve node:fs.
  const fsModule = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ fsModule)) as { readFile(u: URL): Promise<Uint8Array<ArrayBuffer>> };
  return fs.readFile(url);
}

/** A fresh instance with its own linear memory: contexts never share state. */
export async function instantiate(source?: WasmSource): Promise<Exports> {
  const module = await compile(source);
  const instance = await WebAssembly.instantiate(module, {});
  // A module from elsewhere (init({ wasm })) must be the one this code was generated for.
  const missing = EXPORTS.filter((name) => !(name in instance.exports));
  if (missing.length > 0) {
    throw new ResampleError('INVALID_ARGUMENT', `init: wasm is not this version's module: it lacks the exports ${missing.join(', ')}`);
  }
  return instance.exports as unknown as Exports;
}
