// docs/API.md is the contract, so it must name what the built package has:
// the `rs.<method>` calls it documents (above "Planned") are exactly the
// methods of Resample in dist/index.d.ts, and the names it imports from
// 'resample-wasm' exactly the package's value exports. A method or export
// added on one side only fails here. Node only (it reads files): skipped, and
// counted, in browsers and Deno.
import { describe, expect, test } from 'vitest';
import { inNode } from './util.ts';

const nodeTest = inNode ? test : test.skip;

async function read(path: string): Promise<string> {
  // Imported inside the test so this file loads in browsers too.
  const fs = await import('node:fs/promises');
  return fs.readFile(new URL(path, import.meta.url), 'utf8');
}

/** The contract as it stands: docs/API.md without its "Planned" section. */
async function contract(): Promise<string> {
  const doc = await read('../docs/API.md');
  const planned = doc.search(/^## Planned/m);
  return planned < 0 ? doc : doc.slice(0, planned);
}

const sorted = (names: Iterable<string>) => [...new Set(names)].sort();
const missing = (from: string[], to: string[]) => from.filter((n) => !to.includes(n));

/** Public member names of `declare class <name>` in a rollup-plugin-dts bundle (one member per 4-space-indented line). */
function classMembers(dts: string, name: string): string[] {
  const start = dts.indexOf(`declare class ${name} `);
  expect(start, `declare class ${name} in dist/index.d.ts`).toBeGreaterThanOrEqual(0);
  const body = dts.slice(start, dts.indexOf('\n}', start));
  return sorted([...body.matchAll(/^ {4}(?:readonly |get )?([A-Za-z_$][\w$]*)\??[<(:]/gm)].map((m) => m[1]).filter((n) => n !== 'constructor'));
}

/** Names in `export { ... }` / `import { ... }` lists, without `type` ones; `a as b` gives the name it is known by outside. */
function valueNames(lists: Iterable<string>, outside: 'left' | 'right'): string[] {
  const names: string[] = [];
  for (const list of lists) {
    for (const item of list.split(',').map((s) => s.trim())) {
      if (!item || item.startsWith('type ')) continue;
      const parts = item.split(/\s+as\s+/);
      names.push(outside === 'right' ? parts[parts.length - 1] : parts[0]);
    }
  }
  return sorted(names);
}

describe('docs/API.md names what dist/index.d.ts declares', () => {
  nodeTest('rs.<method> in the document = the methods of Resample', async () => {
    const declared = classMembers(await read('../dist/index.d.ts'), 'Resample');
    const documented = sorted([...(await contract()).matchAll(/\brs\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
    expect(missing(declared, documented), 'methods of Resample that docs/API.md does not document').toEqual([]);
    expect(missing(documented, declared), 'rs.<method> in docs/API.md that Resample does not have').toEqual([]);
  });

  nodeTest("names imported from 'resample-wasm' in the document = the package's value exports", async () => {
    const dts = await read('../dist/index.d.ts');
    const exported = valueNames([...dts.matchAll(/^export \{([^}]*)\}/gm)].map((m) => m[1]), 'right');
    const imported = valueNames([...(await contract()).matchAll(/import \{([^}]*)\} from 'resample-wasm'/g)].map((m) => m[1]), 'left');
    expect(exported.length, 'value exports found in dist/index.d.ts').toBeGreaterThan(0);
    expect(missing(exported, imported), "value exports that docs/API.md never imports from 'resample-wasm'").toEqual([]);
    expect(missing(imported, exported), "names docs/API.md imports from 'resample-wasm' that the package does not export").toEqual([]);
  });
});
