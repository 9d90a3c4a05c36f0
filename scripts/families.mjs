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
// for the allocator's state, the stack and every static. Each module still
// writes its data segments when instantiated, so a context instantiates all
// of its modules before it allocates anything.
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

/** One module keeping `roots`; with `importMemory`, its memory turned into an import of `env.memory`. */
async function cut(name, roots, importMemory) {
  const graph = exports.map(({ name: e }) => ({ name: e, export: e, ...(roots.includes(e) ? { root: true } : {}) }));
  const graphFile = join(scratch, `${name}.json`);
  const file = `${OUT}/${name}.wasm`;
  writeFileSync(graphFile, JSON.stringify(graph));
  await run('node_modules/.bin/wasm-metadce', ['-f', graphFile, SOURCE, '-o', file]);
  await run('node_modules/.bin/wasm-opt', ['-O3', file, '-o', file]);
  if (importMemory) writeFileSync(file, memoryImported(readFileSync(file)));
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

/**
 * The module with its one memory imported as `env.memory`, same limits: the
 * memory section goes, an import section takes its place in the section
 * order (before the functions; the module imports nothing else, so no index
 * moves), and the export of `memory` now re-exports the import.
 */
function memoryImported(bytes) {
  const sections = [];
  let memory;
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const [length, body] = leb(bytes, at + 1);
    const end = body + length;
    if (id === 2) throw new Error('families: a family module must import nothing but its memory');
    if (id === 5) {
      const [count, limits] = leb(bytes, body);
      if (count !== 1) throw new Error(`families: expected one memory, found ${count}`);
      memory = section(2, [1, ...utf8('env'), ...utf8('memory'), 0x02, ...bytes.subarray(limits, end)]);
    } else {
      sections.push({ id, bytes: bytes.subarray(at, end) });
    }
    at = end;
  }
  if (!memory) throw new Error('families: the module has no memory');
  const before = sections.findIndex(({ id }) => id >= 3);
  sections.splice(before < 0 ? sections.length : before, 0, { id: 2, bytes: memory });
  return Uint8Array.from([...bytes.subarray(0, 8), ...sections.flatMap((s) => [...s.bytes])]);
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), 'families-'));
const families = JSON.parse(readFileSync(process.argv[2], 'utf8'));
await Promise.all([
  cut('core', CORE, false),
  ...Object.entries(families).map(([name, exports]) => cut(name, ['memory', ...exports], true)),
]);
rmSync(scratch, { recursive: true });
