// `node scripts/families.mjs FAMILIES.json`: pkg/families/<name>.wasm, one
// module per kernel family (crate/src/abi.rs, `families()`), cut from the
// wasm-bindgen output the whole module is optimised from: wasm-metadce keeps
// one family's exports and everything they reach, then the same
// `wasm-opt -O3` as the whole module. `core.wasm` keeps only the memory and
// the allocator (`alloc`, `free`); every family module imports that memory
// instead of defining its own, so a context's modules share one heap
// (ts/families.ts, instantiateFamilies).
//
// Sharing works because all of them come from one link: the same addresses
// for the allocator's state, the stack and every static. Core alone keeps
// the data segments (the statics' first values, the same bytes in every
// cut, which this script checks): a family module instantiated into a
// memory already in use must not write them again over live state.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SOURCE = 'pkg/resample_bg.wasm';
const OUT = 'pkg/families';
const CORE = ['memory', 'alloc', 'free'];
const exports = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(SOURCE)));

/** One module keeping `roots`, as the optimiser leaves it. */
async function cut(name, roots) {
  const graph = exports.map(({ name: e }) => ({ name: e, export: e, ...(roots.includes(e) ? { root: true } : {}) }));
  const graphFile = join(scratch, `${name}.json`);
  const file = join(scratch, `${name}.wasm`);
  writeFileSync(graphFile, JSON.stringify(graph));
  await run('node_modules/.bin/wasm-metadce', ['-f', graphFile, SOURCE, '-o', file]);
  await run('node_modules/.bin/wasm-opt', ['-O3', file, '-o', file]);
  return readFileSync(file);
}

function leb(bytes, at) {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, at];
  }
}

function uleb(n) {
  const out = [];
  do {
    const b = n % 128;
    n = Math.floor(n / 128);
    out.push(n > 0 ? b | 0x80 : b);
  } while (n > 0);
  return out;
}

const section = (id, body) => [id, ...uleb(body.length), ...body];
const utf8 = (s) => [...uleb(s.length), ...new TextEncoder().encode(s)];

/** The module's sections: id and bytes (header included). */
function sections(bytes) {
  const out = [];
  for (let at = 8; at < bytes.length; ) {
    const [length, body] = leb(bytes, at + 1);
    out.push({ id: bytes[at], bytes: bytes.subarray(at, body + length), body: bytes.subarray(body, body + length) });
    at = body + length;
  }
  return out;
}

const DATA = 11;
const DATA_COUNT = 12;
const dataOf = (module) => sections(module).find(({ id }) => id === DATA)?.bytes ?? new Uint8Array();

/**
 * A family module as shipped: its one memory imported as `env.memory`, same
 * limits (the memory section goes, an import section takes its place in
 * the section order: before the functions, and as the module imports
 * nothing else, no index moves; the export of `memory` now re-exports the
 * import), and no data segments, once checked equal to core's.
 */
function family(name, bytes, coreData) {
  if (Buffer.compare(dataOf(bytes), coreData) !== 0) throw new Error(`families: ${name}'s data segments differ from core's`);
  const kept = [];
  let memory;
  for (const s of sections(bytes)) {
    if (s.id === 2) throw new Error(`families: ${name} must import nothing but its memory`);
    if (s.id === 5) {
      const [count, limits] = leb(s.body, 0);
      if (count !== 1) throw new Error(`families: expected one memory in ${name}, found ${count}`);
      memory = section(2, [1, ...utf8('env'), ...utf8('memory'), 0x02, ...s.body.subarray(limits)]);
    } else if (s.id !== DATA && s.id !== DATA_COUNT) {
      kept.push(s);
    }
  }
  if (!memory) throw new Error(`families: ${name} has no memory`);
  const before = kept.findIndex(({ id }) => id >= 3);
  kept.splice(before < 0 ? kept.length : before, 0, { id: 2, bytes: memory });
  return Uint8Array.from([...bytes.subarray(0, 8), ...kept.flatMap((s) => [...s.bytes])]);
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), 'families-'));
const families = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const [core, ...cuts] = await Promise.all([cut('core', CORE), ...Object.entries(families).map(([name, kept]) => cut(name, ['memory', ...kept]))]);
writeFileSync(`${OUT}/core.wasm`, core);
Object.keys(families).forEach((name, i) => writeFileSync(`${OUT}/${name}.wasm`, family(name, cuts[i], dataOf(core))));
rmSync(scratch, { recursive: true });
