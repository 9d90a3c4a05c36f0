// Kernel families as modules of their own (crate/src/abi.rs, `families()`;
// scripts/families.mjs cuts them from the whole module). A context made with
// `init({ families })` instantiates `core` (the memory and the allocator)
// and each family named, on core's memory.
import { FAMILIES, type Exports } from './abi.js';
import { ResampleError, invalid, show } from './errors.js';
import { declareOptions, type KeySet } from './options.js';
import { compile, instantiate, type WasmSource } from './runtime.js';

/** A kernel family: the ops of one `ts/ops/<family>.ts`, also shipped as a module of its own. */
export type Family = keyof typeof FAMILIES;

/** Every module given: `core` (the memory and allocator each family uses) and the families wanted. */
export type FamilyModules = { readonly core: WasmSource } & { readonly [F in Family]?: WasmSource | undefined };

/** How an entry finds a module by name (`resample-wasm/slim`: `families/<name>.wasm` beside it). */
export type FamilyLoader = (name: Family | 'core') => Promise<WebAssembly.Module>;

/** Family modules to add to a context that has core: `{ <family>: source, ... }`. */
export type MoreFamilyModules = { readonly [F in Family]?: WasmSource | undefined };

const NAMES = Object.keys(FAMILIES) as Family[];
const keys = <T>(fns: string[], names: string[]) => declareOptions<T>(fns, Object.fromEntries(names.map((n) => [n, true])) as KeySet<T>, 'family module');
const withCore = keys<FamilyModules>(['init', 'createPool'], ['core', ...NAMES]);
const withoutCore = keys<MoreFamilyModules>(['loadFamilies'], NAMES);

/** Where each module comes from (undefined: the entry's loader). */
interface Sources {
  core: WasmSource | undefined;
  families: [Family, WasmSource | undefined][];
}

/**
 * `families` of public function `fn`, checked. `more`: families to add to a
 * context that has core already, so the modules form names no core.
 */
function sources(fn: string, families: unknown, more = false): Sources {
  if (Array.isArray(families)) {
    families.forEach((name: unknown, i) => {
      if (!NAMES.includes(name as Family)) throw invalid(`families[${i}]`, name, `a family: ${NAMES.map(show).join(', ')}`);
    });
    return { core: undefined, families: [...new Set(families as Family[])].map((name) => [name, undefined]) };
  }
  if (families === null || typeof families !== 'object') {
    throw invalid('families', families, `a list of family names, or an object of modules { ${more ? '' : 'core, '}<family>: ... }`);
  }
  const given: Record<string, WasmSource | undefined> = more ? withoutCore(fn, families as MoreFamilyModules) : withCore(fn, families as FamilyModules);
  if (!more && given.core === undefined) throw invalid('families.core', given.core, 'the core module (families/core.wasm): every family needs it');
  const named = Object.entries(given).filter(([name, source]) => name !== 'core' && source !== undefined) as [Family, WasmSource][];
  return { core: given.core, families: named };
}

/** Names need a loader: `resample-wasm` carries no family files. */
function assertLoadable(families: unknown, loader: FamilyLoader | undefined): void {
  if (Array.isArray(families) && loader === undefined) {
    throw new ResampleError(
      'INVALID_ARGUMENT',
      "families by name load families/<name>.wasm beside 'resample-wasm/slim': import from there, or pass each module (families: { core, interpolate, ... })",
    );
  }
}

/** One module compiled (or taken as given), from `source` or the entry's loader. */
const compileOne = (name: Family | 'core', source: WasmSource | undefined, loader: FamilyLoader | undefined) =>
  compile(source, () => loader!(name), `families.${name}`);

/** Each family of `families` compiled. */
async function compiled(families: Sources['families'], loader: FamilyLoader | undefined): Promise<Map<Family, WebAssembly.Module>> {
  const modules = await Promise.all(families.map(([name, source]) => compileOne(name, source, loader)));
  return new Map(families.map(([name], i) => [name, modules[i]]));
}

/** A context's modules, compiled: core and each family (Job.wasm sends these to a pool's workers). */
export interface FamilyModuleSet {
  core: WebAssembly.Module;
  families: ReadonlyMap<Family, WebAssembly.Module>;
}

/** `wasm` and `families` of public function options both say where the module comes from: one at most. */
export function assertOneSource(o: { wasm?: unknown; families?: unknown }): void {
  if (o.wasm !== undefined && o.families !== undefined) throw new ResampleError('INVALID_ARGUMENT', 'wasm and families both say where the module comes from: pass one');
}

/**
 * The modules public function `fn`'s `families` asks for, compiled (or
 * taken as given); names need the entry's `loader`. The value is checked at
 * once (it must name `need`, where given), before the promise.
 */
export function compileFamilies(fn: string, families: unknown, loader: FamilyLoader | undefined, need?: Family): Promise<FamilyModuleSet> {
  assertLoadable(families, loader);
  const wanted = sources(fn, families);
  if (need !== undefined && !wanted.families.some(([name]) => name === need)) throw invalid('families', families, `names or modules that include ${show(need)}`);
  return Promise.all([compileOne('core', wanted.core, loader), compiled(wanted.families, loader)]).then(([core, modules]) => ({ core, families: modules }));
}

/**
 * The context's exports: core's memory and allocator and each family's
 * kernels (the kernels of families not loaded are missing, and the seam
 * says so). An object of its own, so that `loadMoreFamilies` can add to it.
 */
export async function instantiateFamilies({ core, families }: FamilyModuleSet): Promise<Exports> {
  const base = await instantiate(core, {}, 'families.core', ['memory', 'alloc', 'free']);
  const exports = { memory: base.memory, alloc: base.alloc, free: base.free } as unknown as Exports;
  await addKernels(exports, families);
  return exports;
}

/** Each module of `modules` instantiated on `exports.memory`, its kernels added to `exports`. */
async function addKernels(exports: Exports, modules: ReadonlyMap<Family, WebAssembly.Module>): Promise<void> {
  const families = [...modules];
  const kernels = await Promise.all(families.map(([name, module]) => instantiate(module, { env: { memory: exports.memory } }, `families.${name}`, FAMILIES[name])));
  families.forEach(([name], i) => {
    for (const e of FAMILIES[name]) (exports as unknown as Record<string, unknown>)[e] = kernels[i][e];
  });
}

/**
 * `rs.loadFamilies`: the families of `families` that `exports` lacks,
 * loaded into it. Family modules write nothing to memory when instantiated
 * (scripts/families.mjs keeps the data segments in core), so a context
 * in use can take more. A context of the whole module lacks none.
 */
export async function loadMoreFamilies(exports: Exports, families: unknown, loader: FamilyLoader | undefined): Promise<void> {
  const lacking = sources('loadFamilies', families, true).families.filter(([name]) => FAMILIES[name].some((e) => !(e in exports)));
  if (lacking.length === 0) return;
  assertLoadable(families, loader);
  await addKernels(exports, await compiled(lacking, loader));
}

/** The family holding `exportName`, for the message when it is not loaded. */
export function familyOf(exportName: string): Family | undefined {
  return NAMES.find((name) => (FAMILIES[name] as readonly string[]).includes(exportName));
}
