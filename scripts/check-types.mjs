// Type-checks the built declarations (dist/*.d.ts) the way consumers see
// them, and prints one line per check:
//   - consumer projects: test/types/*.ts compiled by TypeScript 5.0, 5.4 and
//     the project's own (5.9), under tsconfigs for browsers (lib DOM, no
//     @types/node), Node (@types/node, no DOM), both, lib ES2022 alone;
//     bundler and node16/nodenext resolution through package.json "exports";
//     exactOptionalPropertyTypes; `using`; all strict with skipLibCheck off;
//   - no internal name in dist/*.d.ts;
//   - docs: every public function, method and option documented, each
//     option with its default (or "required").
// The projects live in node_modules/.cache/resample-types/, with the package
// linked as node_modules/resample-wasm (its package.json, and dist/); the
// TypeScript versions are installed there once. Run after the build (rollup).
// Exits 1 if any check fails.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDocs, checkInternals } from './check-types-docs.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, 'node_modules/.cache/resample-types');
const sources = join(root, 'test/types');

// 5.0: the oldest TypeScript the declarations support; 5.4: one with
// Symbol.dispose (5.2) but before typed arrays name their buffer (5.7);
// null: the project's own, the current release.
const VERSIONS = ['5.0', '5.4', null];

// skipDefaultLibCheck: TypeScript's own lib files are not ours to check, and
// checking lib.dom.d.ts would double the time; dist/ and @types/node are checked.
const base = { strict: true, skipLibCheck: false, skipDefaultLibCheck: true, noEmit: true, target: 'ES2022', verbatimModuleSyntax: true, noUnusedLocals: true };
const bundler = { module: 'ESNext', moduleResolution: 'Bundler' };
const dom = { lib: ['ES2022', 'DOM'], types: [] };
const node = { lib: ['ES2022'], types: ['node'] };

// `using` needs TypeScript 5.2 and Symbol.dispose in the consumer's types (lib
// esnext.disposable, or @types/node); elsewhere the other files must still compile.
const CONFIGS = [
  { name: 'browser exactOptional', options: { ...bundler, ...dom, exactOptionalPropertyTypes: true }, files: ['core', 'slim', 'web'] },
  { name: 'browser+disposable', since: '5.2', options: { ...bundler, ...dom, lib: [...dom.lib, 'esnext.disposable'] }, files: ['core', 'web', 'using'] },
  { name: 'node16', options: { module: 'Node16', moduleResolution: 'Node16', ...node }, files: ['core', 'slim', 'node'], using: '5.2' },
  { name: 'nodenext exactOptional', options: { module: 'NodeNext', moduleResolution: 'NodeNext', ...node, exactOptionalPropertyTypes: true }, files: ['core', 'node'], using: '5.2' },
  // Both, as in many app projects (a bundler's own config pulls in @types/node).
  { name: 'browser+node', options: { ...bundler, lib: dom.lib, types: node.types }, files: ['core', 'web', 'node'], using: '5.2' },
  { name: 'ES2022 only', options: { ...bundler, lib: ['ES2022'], types: [] }, files: ['core', 'slim', 'bare'] },
];

const atLeast = (version, min) => min === undefined || version.localeCompare(min, undefined, { numeric: true }) >= 0;

/** A tsc for `version` (installed into the cache the first time), or the project's own for null. */
async function typescript(version) {
  if (version === null) {
    const own = join(root, 'node_modules/typescript');
    return { tsc: join(own, 'bin/tsc'), version: versionOf(join(own, 'package.json')) };
  }
  const dir = join(cache, `ts-${version}`);
  const pkg = join(dir, 'node_modules/typescript/package.json');
  if (!existsSync(pkg)) {
    mkdirSync(dir, { recursive: true });
    const r = await run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--silent', `typescript@${version}`]);
    if (r.status !== 0) throw new Error(`cannot install typescript@${version}: ${r.out}`);
  }
  return { tsc: join(dir, 'node_modules/typescript/bin/tsc'), version: versionOf(pkg) };
}

const versionOf = (packageJson) => JSON.parse(readFileSync(packageJson, 'utf8')).version;

/** A consumer project: its tsconfig, its sources, and the package as node_modules/resample-wasm. */
function project(config, tsVersion) {
  const dir = join(cache, 'projects', `${config.name.replace(/\W+/g, '-')}-ts${tsVersion}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'node_modules/resample-wasm'), { recursive: true });
  const files = [...config.files, ...(config.using && atLeast(tsVersion, config.using) ? ['using'] : [])];
  for (const f of files) cpSync(join(sources, `${f}.ts`), join(dir, `${f}.ts`));
  const compilerOptions = { ...base, ...config.options };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: files.map((f) => `${f}.ts`) }, null, 2));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // What a published install holds of the package for the type checker: package.json and dist/.
  cpSync(join(root, 'package.json'), join(dir, 'node_modules/resample-wasm/package.json'));
  symlinkSync(join(root, 'dist'), join(dir, 'node_modules/resample-wasm/dist'), 'dir');
  if (compilerOptions.types.includes('node')) {
    mkdirSync(join(dir, 'node_modules/@types'));
    symlinkSync(join(root, 'node_modules/@types/node'), join(dir, 'node_modules/@types/node'), 'dir');
  }
  return dir;
}

/** Runs a command; resolves with its exit status and output. */
function run(cmd, args) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => done({ status: 1, out: out + e.message }));
    child.on('close', (status) => done({ status: status ?? 1, out }));
  });
}

/** Runs `tasks` (functions returning promises), `limit` at a time; their results in the order of `tasks`. */
async function pooled(tasks, limit) {
  const results = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < tasks.length; i = next++) results[i] = await tasks[i]();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

async function main() {
  const started = Date.now();
  if (!existsSync(join(root, 'dist/index.d.ts'))) {
    console.log('FAILED: no dist/index.d.ts (build first: npx rollup -c)');
    process.exit(1);
  }
  const compilers = await Promise.all(VERSIONS.map(typescript));
  const tasks = compilers.flatMap(({ tsc, version }) =>
    CONFIGS.filter((c) => atLeast(version, c.since)).map((config) => async () => {
      const dir = project(config, version);
      const r = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')]);
      return { name: `tsc ${version} ${config.name}`, ok: r.status === 0, detail: r.out.trim() };
    }),
  );
  const results = await pooled(tasks, Math.max(1, availableParallelism()));
  results.push(checkInternals(root), checkDocs(root));
  for (const r of results) console.log(`${r.ok ? 'ok    ' : 'FAILED'} ${r.name}${r.ok || !r.detail ? '' : `\n${r.detail.replace(/^/gm, '    ')}`}`);
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  process.exit(failed ? 1 : 0);
}

await main();
