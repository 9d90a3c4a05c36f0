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

const NAMES = Object.keys(FAMILIES) as Family[];
const moduleKeys = declareOptions<FamilyModules>(
  ['init', 'createPool'],
  Object.fromEntries(['core', ...NAMES].map((name) => [name, true])) as KeySet<FamilyModules>,
  'family module',
);

/** `families` of public function `fn`, checked: core first, then each family to load, and where from (undefined: the entry's loader). */
function sources(fn: string, families: unknown): Map<Family | 'core', WasmSource | undefined> {
  if (Array.isArray(families)) {
    families.forEach((name: unknown, i) => {
      if (!NAMES.includes(name as Family)) throw invalid(`families[${i}]`, name, `a family: ${NAMES.map(show).join(', ')}`);
    });
    return new Map([['core', undefined], ...(families as Family[]).map((name) => [name, undefined] as const)]);
  }
  if (families === null || typeof families !== 'object') {
    throw invalid('families', families, 'a list of family names, or an object of modules { core, <family>: ... }');
  }
  const given = moduleKeys(fn, families as FamilyModules);
  if (given.core === undefined) throw invalid('families.core', given.core, 'the core module (families/core.wasm): every family needs it');
  const named = Object.entries(given).filter(([name, source]) => name !== 'core' && source !== undefined) as [Family, WasmSource][];
  return new Map<Family | 'core', WasmSource | undefined>([['core', given.core], ...named]);
}

/** Compiled modules by name: `core` first, then each family (Job.wasm sends these to a pool's workers). */
export type FamilyModuleSet = ReadonlyMap<Family | 'core', WebAssembly.Module>;

/**
 * The modules public function `fn`'s `families` asks for, compiled (or
 * taken as given); names need the entry's `loader`. The value is checked at
 * once (it must name `need`, where given), before the promise.
 */
export function compileFamilies(fn: string, families: unknown, loader: FamilyLoader | undefined, need?: Family): Promise<FamilyModuleSet> {
  if (Array.isArray(families) && loader === undefined) {
    // resample-wasm carries no family files.
    throw new ResampleError(
      'INVALID_ARGUMENT',
      "families by name load families/<name>.wasm beside 'resample-wasm/slim': import from there, or pass each module (families: { core, interpolate, ... })",
    );
  }
  const wanted = [...sources(fn, families)];
  if (need !== undefined && !wanted.some(([name]) => name === need)) throw invalid('families', families, `names or modules that include ${show(need)}`);
  const modules = Promise.all(wanted.map(([name, source]) => compile(source, () => loader!(name), `families.${name}`)));
  return modules.then((m) => new Map(wanted.map(([name], i) => [name, m[i]])));
}

/**
 * The context's exports: core's memory and allocator and each family's
 * kernels (the kernels of families not loaded are missing, and the seam
 * says so). Every module is instantiated before anything is allocated: each
 * writes its data segments when instantiated (the same bytes at the same
 * addresses, as all are cut from one link).
 */
export async function instantiateFamilies(modules: FamilyModuleSet): Promise<Exports> {
  const [[, core], ...rest] = [...modules];
  const base = await instantiate(core, {}, 'families.core', ['memory', 'alloc', 'free']);
  const kernels = await Promise.all(
    rest.map(([name, module]) => instantiate(module, { env: { memory: base.memory } }, `families.${name}`, FAMILIES[name as Family])),
  );
  const exports: Record<string, unknown> = { memory: base.memory, alloc: base.alloc, free: base.free };
  rest.forEach(([name], i) => {
    for (const e of FAMILIES[name as Family]) exports[e] = kernels[i][e];
  });
  return exports as unknown as Exports;
}

/** The family holding `exportName`, for the message when it is not loaded. */
export function familyOf(exportName: string): Family | undefined {
  return NAMES.find((name) => (FAMILIES[name] as readonly string[]).includes(exportName));
}
