// Runs every suite: lint (rustfmt, clippy, tsc, eslint), Rust (native, scalar +
// vector-twin paths), then the same TS test files in Node (and again on 2 and
// 3 threads, each op checked against 1 thread, and on the family modules,
// each op checked against the whole module), headless Chromium and Deno,
// and last the consumer matrix (the packed package built and run by
// bundlers and runtimes). Prints passed, failed and skipped per suite and
// ends with one "total: N passed, N failed, N skipped" line over all of them.
// A suite that exits non-zero or passes nothing fails the run. Suite names as
// arguments run only those (`node scripts/test-all.mjs lint`).
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { existsSync } from 'node:fs';

// rustup's cargo runs the native tests; it may not be on a bare CI PATH.
process.env.PATH = `${homedir()}/.cargo/bin:${process.env.PATH}`;

// Each check counts as one passed or failed test of the lint suite.
const lintChecks = [
  { name: 'rustfmt', cmd: 'cargo', args: ['fmt', '--all', '--check'] },
  { name: 'clippy', cmd: 'cargo', args: ['clippy', '--quiet', '--workspace', '--all-targets', '--', '-D', 'warnings'] },
  { name: 'tsc ts/', cmd: 'node_modules/.bin/tsc', args: ['-p', 'tsconfig.json', '--noEmit'] },
  { name: 'tsc test/', cmd: 'node_modules/.bin/tsc', args: ['-p', 'test/tsconfig.json'] },
  { name: 'eslint', cmd: 'node_modules/.bin/eslint', args: ['ts', 'test'] },
  // dist/*.d.ts compiled by consumer projects (TypeScript 5.0, 5.4, 5.9; DOM, Node, ES2022 alone), and their docs.
  { name: 'types', cmd: 'node', args: ['scripts/check-types.mjs'] },
  // The shipped module may not grow unnoticed (the target, 160 kB, is not met: README, "Size").
  { name: 'wasm size', cmd: 'node', args: ['scripts/wasm-size.mjs', '--budget', '386000', '--family-budget', '160000'] },
];

const suites = [
  { name: 'lint', run: lint },
  command('rust', 'cargo', ['test', '--workspace', '--quiet'], cargoCounts),
  command('node', 'npx', ['vitest', 'run', '--project', 'node'], vitestCounts),
  // Twin mode (test/twin.ts): the op test files on 2 and 3 threads, every op call checked bit for bit against 1 thread.
  command('node-threads-2', 'npx', ['vitest', 'run', '--project', 'node-threads-2'], vitestCounts),
  command('node-threads-3', 'npx', ['vitest', 'run', '--project', 'node-threads-3'], vitestCounts),
  // The same files on the family modules (init({ families })), every op call checked bit for bit against the whole module.
  command('node-families', 'npx', ['vitest', 'run', '--project', 'node-families'], vitestCounts),
  { ...command('chromium', 'npx', ['vitest', 'run', '--project', 'chromium'], vitestCounts), needs: chromium },
  // The example page, driven in headless Chromium: resizes in a worker, checked against Node, screenshot saved.
  { ...command('browser example', 'node', ['examples/browser/check.mjs'], exitCount), needs: chromium },
  command('deno', 'node_modules/.bin/deno', ['test', '--allow-read', '--allow-env', '--config', 'test/deno/deno.json', ...testFiles()], denoCounts),
  // One test per consumer; those that need Chromium are skipped without it.
  command('consumers', 'node', ['scripts/consumers.mjs'], consumerCounts),
];

function testFiles() {
  return spawnSync('sh', ['-c', 'ls test/*.test.ts'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
}

function chromium() {
  return existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') ? undefined : 'no Chromium (scripts/setup.sh --browser installs it)';
}

const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** Runs a command, echoes its output, and returns the output and exit status (1 when it could not start or was killed). */
function exec(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }, maxBuffer: 1 << 28 });
  const out = strip((r.stdout ?? '') + (r.stderr ?? '') + (r.error ? `${r.error.message}\n` : ''));
  process.stdout.write(out);
  return { out, status: r.status ?? 1 };
}

/** A suite that is one command, whose output `count` reads. */
function command(name, cmd, args, count) {
  return {
    name,
    run() {
      console.log(`\n== ${name}: ${cmd} ${args.join(' ')}`);
      const r = exec(cmd, args);
      return { ...count(r.out, r.status), status: r.status };
    },
  };
}

function lint() {
  console.log(`\n== lint: ${lintChecks.map((c) => c.name).join(', ')}`);
  let passed = 0;
  for (const c of lintChecks) {
    console.log(`-- ${c.name}: ${c.cmd} ${c.args.join(' ')}`);
    const ok = exec(c.cmd, c.args).status === 0;
    console.log(`-- ${c.name}: ${ok ? 'ok' : 'FAILED'}`);
    if (ok) passed++;
  }
  const failed = lintChecks.length - passed;
  return { passed, failed, skipped: 0, status: failed ? 1 : 0 };
}

function exitCount(_out, status) {
  return { passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, skipped: 0 };
}

const number = (out, re) => +(out.match(re)?.[1] ?? 0);
function cargoCounts(out) {
  const c = { passed: 0, failed: 0, skipped: 0 };
  for (const m of out.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored/g)) {
    c.passed += +m[1];
    c.failed += +m[2];
    c.skipped += +m[3];
  }
  return c;
}
function vitestCounts(out) {
  const line = out.split('\n').find((l) => /^\s*Tests\s/.test(l)) ?? '';
  return { passed: number(line, /(\d+) passed/), failed: number(line, /(\d+) failed/), skipped: number(line, /(\d+) skipped/) + number(line, /(\d+) todo/) };
}
function consumerCounts(out) {
  const line = out.split('\n').find((l) => /^consumers: \d+ passed/.test(l)) ?? '';
  return { passed: number(line, /(\d+) passed/), failed: number(line, /(\d+) failed/), skipped: number(line, /(\d+) skipped/) };
}
function denoCounts(out) {
  const line = out.split('\n').find((l) => /^(ok|FAILED) \| \d+ passed/.test(l)) ?? '';
  return { passed: number(line, /(\d+) passed/), failed: number(line, /(\d+) failed/), skipped: number(line, /(\d+) ignored/) };
}

const only = process.argv.slice(2);
const total = { passed: 0, failed: 0, skipped: 0 };
let broken = 0;
for (const s of suites.filter((s) => only.length === 0 || only.includes(s.name))) {
  const missing = s.needs?.();
  if (missing) {
    console.log(`\n== ${s.name}: not run: ${missing}`);
    broken++;
    continue;
  }
  const c = s.run();
  console.log(`== ${s.name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped (exit ${c.status})`);
  total.passed += c.passed;
  total.failed += c.failed;
  total.skipped += c.skipped;
  if (c.status !== 0 || c.passed === 0) broken++;
}
console.log(`\ntotal: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(broken || total.failed ? 1 : 0);
