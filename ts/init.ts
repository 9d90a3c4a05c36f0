// `init`: the options, and how an entry makes a context from them: the
// whole module, the family modules named, or the threaded build.
import { ResampleError, named } from './errors.js';
import { optionalBool } from './args.js';
import { declareOptions } from './options.js';
import { Resample } from './context.js';
import { assertOneSource, compileFamilies, instantiateFamilies, type Family, type FamilyLoader, type FamilyModules } from './families.js';
import { compile, instantiate, type DefaultWasm, type WasmSource } from './runtime.js';
import { instantiateShared, startHelpers, threadCount, threadsUnavailable } from './threads.js';
import { Heap } from './tensor.js';

/** Options of `init`. */
export interface InitOptions {
  /**
   * Where the module comes from: its bytes, a compiled `WebAssembly.Module`
   * (hosts that compile no bytes, such as Cloudflare Workers, import
   * `resample-wasm/resample.wasm` as one), a `URL` (fetched; `file:` read
   * from disk under Node) or a `Response`. Default: from `resample-wasm`,
   * the bytes inlined in the package; from `resample-wasm/slim`, the
   * `resample.wasm` file beside it.
   */
  wasm?: WasmSource | undefined;
  /**
   * console.warn once for every tensor garbage-collected without dispose(),
   * with its shape and the stack that allocated it. Default false: the
   * stack is captured at every allocation, which costs time.
   */
  warnLeaks?: boolean | undefined;
  /**
   * Threads each call may use: the calling thread plus `threads - 1`
   * helper workers sharing the context's memory (`'auto'`: one per core,
   * at most 16). Default 1: no workers. Where shared memory or workers are
   * unavailable (a page that is not cross-origin isolated, say) the context
   * runs on one thread and `rs.threadsReason` says why.
   */
  threads?: number | 'auto' | undefined;
  /**
   * Where the threaded build comes from (as `wasm`). Default: the
   * `resample-threads.wasm` file beside the entry.
   */
  threadsWasm?: WasmSource | undefined;
  /**
   * Load only some kernel families, each a module of its own, instead of
   * the whole module: a list of names (from `resample-wasm/slim`, the files
   * `families/<family>.wasm` beside it), or the modules themselves,
   * `{ core, <family>: source, ... }`, each as `wasm` takes it. A family is
   * the ops of one `ts/ops` file: `interpolate`, `pool` (every pool),
   * `conv` (conv, convTranspose, upsampleConv2d), `resizeImage`, `unfold`
   * (unfold, fold), `pad`, `pixelShuffle`, `maxUnpool`, `gridSample`,
   * `affineGrid`, `onnx` (ONNX Resize), `pil`, `tf`, `cv`. An op whose
   * family is not loaded throws ResampleError NOT_LOADED. One thread only,
   * and not with `wasm`. Default: the whole module.
   */
  families?: readonly Family[] | FamilyModules | undefined;
}

const initOptions = declareOptions<InitOptions>(['init'], { wasm: true, warnLeaks: true, threads: true, threadsWasm: true, families: true });

/**
 * `init` for an entry whose module, when the caller gives none, comes from
 * `defaultWasm` (and `defaultThreadsWasm`; family modules from `families`).
 */
export function initFrom(defaultWasm: DefaultWasm, defaultThreadsWasm: DefaultWasm, families?: FamilyLoader): (options?: InitOptions) => Promise<Resample> {
  return (options) =>
    named('init', async () => {
      const o = initOptions('init', options);
      const warnLeaks = optionalBool('warnLeaks', o.warnLeaks) ?? false;
      const count = threadCount(o.threads);
      if (o.families !== undefined) {
        assertOneSource(o);
        if (count > 1 || o.threads === 'auto') throw new ResampleError('INVALID_ARGUMENT', 'families are one-thread modules: drop threads, or families for the whole threaded build');
        return new Resample(new Heap(await instantiateFamilies(await compileFamilies('init', o.families, families)), warnLeaks), { count: () => 1, reason: undefined }, families);
      }
      let reason = count > 1 ? threadsUnavailable() : undefined;
      if (count > 1 && reason === undefined) {
        try {
          const module = await compile(o.threadsWasm, defaultThreadsWasm);
          const shared = await instantiateShared(module);
          const helpers = await startHelpers(module, shared.memory, count - 1);
          return new Resample(new Heap(shared.wasm, warnLeaks), { count: shared.count, reason, helpers }, families);
        } catch (e) {
          reason = String((e as Error)?.message ?? e);
        }
      }
      const module = await compile(o.wasm, defaultWasm);
      return new Resample(new Heap(await instantiate(module), warnLeaks), { count: () => 1, reason }, families);
    });
}
