// Runs every suite: Rust (native, scalar + vector-twin paths), then the same
// TS test files in Node, headless Chromium and Deno. Ends with one
// "N passed, N failed" line over all of them.
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { existsSync } from 'node:fs';

// rustup's cargo runs the native tests; it may not be on a bare CI PATH.
process.env.PATH = `${homedir()}/.cargo/bin:${process.env.PATH}`;

const suites = [
  { name: 'rust', cmd: 'cargo', args: ['test', '--workspace', '--quiet'], count: cargoCounts },
  { name: 'node', cmd: 'npx', args: ['vitest', 'run', '--project', 'node'], count: vitestCounts },
  { name: 'chromium', cmd: 'npx', args: ['vitest', 'run', '--project', 'chromium'], count: vitestCounts, needs: chromium },
  // The example page, driven in headless Chromium: resizes in a worker, checked against Node, screenshot saved.
  { name: 'browser example', cmd: 'node', args: ['examples/browser/check.mjs'], count: exitCount, needs: chromium },
  {
    name: 'deno',
    cmd: 'node_modules/.bin/deno',
    args: ['test', '--allow-read', '--allow-env', '--config', 'test/deno/deno.json', ...testFiles()],
    count: denoCounts,
  },
];

function testFiles() {
  return spawnSync('sh', ['-c', 'ls test/*.test.ts'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
}

function chromium() {
  return existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') ? undefined : 'no Chromium (scripts/setup.sh --browser installs it)';
}

function exitCount(_out, status) {
  return status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');
function cargoCounts(out) {
  let passed = 0;
  let failed = 0;
  for (const m of out.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
    passed += +m[1];
    failed += +m[2];
  }
  return { passed, failed };
}
function vitestCounts(out) {
  const line = out.split('\n').find((l) => /^\s*Tests\s/.test(l)) ?? '';
  return { passed: +(line.match(/(\d+) passed/)?.[1] ?? 0), failed: +(line.match(/(\d+) failed/)?.[1] ?? 0) };
}
function denoCounts(out) {
  const m = out.match(/(\d+) passed \| (\d+) failed/);
  return { passed: +(m?.[1] ?? 0), failed: +(m?.[2] ?? 0) };
}

let passed = 0;
let failed = 0;
let broken = 0;
for (const s of suites) {
  const missing = s.needs?.();
  if (missing) {
    console.log(`\n== ${s.name}: not run: ${missing}`);
    broken++;
    continue;
  }
  console.log(`\n== ${s.name}: ${s.cmd} ${s.args.join(' ')}`);
  const r = spawnSync(s.cmd, s.args, { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }, maxBuffer: 1 << 28 });
  const out = strip((r.stdout ?? '') + (r.stderr ?? ''));
  process.stdout.write(out);
  const c = s.count(out, r.status);
  console.log(`== ${s.name}: ${c.passed} passed, ${c.failed} failed (exit ${r.status})`);
  passed += c.passed;
  failed += c.failed;
  if (r.status !== 0 || c.passed === 0) broken++;
}
console.log(`\ntotal: ${passed} passed, ${failed} failed`);
process.exit(broken || failed ? 1 : 0);
