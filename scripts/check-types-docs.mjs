// The checks of scripts/check-types.mjs that read dist/*.d.ts as text: what
// the declarations must not name, and what they must document.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ENTRIES = ['dist/index.d.ts', 'dist/slim.d.ts'];

// Internals that stripInternal (tsconfig.json) or the module boundary must
// keep out of the public declarations.
const INTERNAL = [
  'Heap', 'Seam', 'ptr', 'heap', 'byteLength', 'useSimd', 'OPTION_KEYS', 'Exports', 'assertLive', 'allocate', 'copyOf',
  'declareOptions', 'KeySet', 'ImagePlan', 'WorkerSettings', 'Endpoint', 'disposeSymbol',
];

/** No internal name appears in dist/*.d.ts (as a whole word, comments included). */
export function checkInternals(root) {
  const found = [];
  for (const entry of ENTRIES) {
    const text = readFileSync(join(root, entry), 'utf8');
    for (const name of INTERNAL) {
      const line = text.split('\n').findIndex((l) => new RegExp(`\\b${name}\\b`).test(l));
      if (line >= 0) found.push(`${entry}:${line + 1}: ${name}`);
    }
  }
  return { name: 'no internal names in dist/*.d.ts', ok: found.length === 0, detail: found.join('\n') };
}

const docOf = (node, file) => ts.getJSDocCommentsAndTags(node).map((d) => d.getText(file)).join('\n');

/** Names of members a class or interface declares, each once (the first overload carries the doc). */
function members(node) {
  const seen = new Set();
  return node.members.filter((m) => {
    if (m.kind === ts.SyntaxKind.Constructor) return true;
    const name = m.name?.getText();
    if (!name || name.startsWith('#') || seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

/**
 * What dist/index.d.ts leaves undocumented: exported declarations, members
 * of classes and interfaces, and options (interfaces named *Options) whose
 * doc gives no default and does not say "required".
 */
function undocumented(file) {
  const exported = new Set(file.statements.filter(ts.isExportDeclaration).flatMap((e) => e.exportClause?.elements.map((x) => x.name.text) ?? []));
  const missing = [];
  const where = (node) => `${relative(process.cwd(), file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
  for (const s of file.statements) {
    const names = ts.isVariableStatement(s) ? s.declarationList.declarations.map((d) => d.name.getText(file)) : [s.name?.getText(file)];
    const isExported = names.some((n) => exported.has(n));
    if (isExported && !docOf(s, file)) missing.push(`${where(s)}: ${names.join(', ')} has no doc`);
    if (!(ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s))) continue;
    const options = ts.isInterfaceDeclaration(s) && s.name.text.endsWith('Options');
    for (const m of members(s)) {
      const what = `${s.name.text}.${m.name?.getText(file) ?? 'constructor'}`;
      const doc = docOf(m, file);
      if (!doc) missing.push(`${where(m)}: ${what} has no doc`);
      else if (options && !/\b(default|required)\b/i.test(doc)) missing.push(`${where(m)}: ${what} gives no default`);
    }
  }
  return missing;
}

/** Every public function, method, member and option of dist/index.d.ts is documented, options with their defaults. */
export function checkDocs(root) {
  const path = join(root, ENTRIES[0]);
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const missing = undocumented(file);
  return { name: 'docs of dist/index.d.ts', ok: missing.length === 0, detail: missing.join('\n') };
}
