// The consumer matrix (`node scripts/consumers.mjs [name...]`, the last suite
// of `npm test`): the package as `npm pack` ships it, installed into a fresh
// project per consumer, built by that consumer's bundler and run where users
// deploy it (Chromium, Node, Deno, Bun, workerd). Every consumer resizes the
// seeded image of test/consumers/app/check.js with rs.resizeImage and a
// default pool; the SHA-256 of the bytes must equal this process's own
// resize with dist/ in plain Node. A build fails on any warning, and on any
// build-machine path in what it emits. The tools (test/consumers/tools,
// pinned by its lock file) are installed once into a cache keyed on that
// lock; the projects are made anew on every run.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from '../test/consumers/app/check.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = join(root, 'test/consumers');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Not under a node_modules folder: Deno runs modules there as npm package
// code, which may not import npm: or blob: URLs.
const cacheRoot = process.env.RESAMPLE_CONSUMERS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'resample-consumers');
const toolFiles = ['package.json', 'package-lock.json'];
const key = createHash('sha256')
  .update(toolFiles.map((f) => readFileSync(join(fixtures, 'tools', f), 'utf8')).join('\0'))
  .digest('hex')
  .slice(0, 12);
const tools = join(cacheRoot, `tools-${key}`);
// Projects sit below the tools, so their configs find the tools the way a hoisted install would.
const runDir = join(tools, 'run');
const PATH = [join(tools, 'node_modules/.bin'), join(root, 'node_modules/.bin'), process.env.PATH].join(':');

const SAME = 'same as Node';
const ALL_SAME = { direct: SAME, pooled: SAME };
const blocked = { code: 'COMPILE_BLOCKED', message: /'wasm-unsafe-eval'/ };
const page = (expect = ALL_SAME, headers = {}) => ({ page: '/', expect, headers });
const csp = (policy) => ({ 'content-security-policy': policy });
/** The page loading `script`, written to the project's folder `at` (default: the build's output). */
const html = (script, { type = 'module', at } = {}) => ({ script, type, at });

/**
 * One entry per consumer; every project gets test/consumers/app as src/.
 * `fixture`: a folder of test/consumers copied over the project; `html`: an
 * index.html for the page; `build`: commands whose output must hold no
 * warning; `out`: what they emit, searched for build-machine paths; `run` (a
 * script printing one JSON line) or `serve` (a server on `{port}`, `{port1}`
 * ...: `ports` of them, a check's `port` picks one) or neither (this script
 * serves `out`, one origin per check, with the check's headers); `checks`:
 * what to load and the outcome each step of check.js must have there.
 */
const consumers = [
  {
    name: 'vite',
    html: html('/src/browser.js', { at: '.' }),
    build: [['vite', 'build']],
    out: 'dist',
    serve: ['vite', 'preview', '--host', '127.0.0.1', '--port', '{port}', '--strictPort'],
    checks: [page()],
  },
  { name: 'webpack', fixture: 'webpack', html: html('main.js', { type: 'classic' }), build: [['webpack']], out: 'dist', checks: [page()] },
  {
    name: 'webpack slim',
    fixture: 'webpack-slim',
    html: html('main.js', { type: 'classic' }),
    build: [['webpack']],
    out: 'dist',
    checks: [page({ ...ALL_SAME, families: SAME, familiesPooled: SAME })],
  },
  ...['esm', 'iife'].map((format) => ({
    name: `esbuild ${format}`,
    html: html('main.js', { type: format === 'esm' ? 'module' : 'classic' }),
    build: [['esbuild', 'src/browser.js', '--bundle', `--format=${format}`, '--outfile=dist/main.js']],
    out: 'dist',
    checks: [page()],
  })),
  ...[
    ['esm', 'dist/server.mjs'],
    ['cjs', 'dist/server.cjs'],
  ].map(([format, file]) => ({
    name: `esbuild node ${format} server`,
    build: [['esbuild', 'src/server.js', '--bundle', '--platform=node', `--format=${format}`, `--outfile=${file}`]],
    out: 'dist',
    serve: ['node', file],
    listensOnce: true,
    checks: [{ fetch: '/', expect: ALL_SAME }],
  })),
  { name: 'rollup', fixture: 'rollup', html: html('main.js'), build: [['rollup', '-c']], out: 'dist', checks: [page()] },
  { name: 'node', run: ['node', 'src/node.js'], checks: [{ expect: ALL_SAME }] },
  { name: 'deno', run: ['deno', 'run', '--node-modules-dir=manual', 'src/deno.js'], checks: [{ expect: ALL_SAME }] },
  { name: 'bun', run: ['bun', 'run', 'src/node.js'], checks: [{ expect: ALL_SAME }] },
  {
    name: 'vite csp',
    html: html('/src/csp.js', { at: '.' }),
    build: [['vite', 'build']],
    out: 'dist',
    checks: [
      page({ direct: SAME, pooled: SAME, factory: SAME }, csp("script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:")),
      page({ direct: blocked, pooled: blocked, factory: blocked }, csp("script-src 'self'; worker-src 'self' blob:")),
      page(
        { direct: SAME, pooled: { code: 'WORKER_FAILED', message: /createPool\(\{ worker: / }, factory: SAME },
        csp("script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'"),
      ),
    ],
  },
  {
    name: 'workerd',
    fixture: 'workerd',
    build: [['esbuild', 'src/cloudflare.js', '--bundle', '--format=esm', '--external:resample-wasm/*.wasm', '--outfile=dist/worker.js']],
    out: 'dist',
    serve: ['workerd', 'serve', 'workerd.capnp', '--socket-addr', 'current=127.0.0.1:{port}', '--socket-addr', 'old=127.0.0.1:{port1}'],
    ports: 2,
    checks: [0, 1].map((port) => ({
      fetch: '/',
      port,
      expect: { direct: SAME, families: SAME, bytes: { code: 'COMPILE_BLOCKED', message: /resample-wasm\/resample\.wasm/ } },
    })),
  },
];

// What bundlers print when they warn: webpack "WARNING in", esbuild "▲ [WARNING]", rollup and vite "(!)".
const WARNING = /warn|\(!\)|critical dependency|deprecat/i;
const TIMEOUT_MS = 120_000;
const children = new Set();
process.on('exit', () => children.forEach(stop));

/** Runs a command to its end; its output, and a failure when it exits non-zero or times out. */
function exec(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: TIMEOUT_MS, env: { ...process.env, PATH, NO_COLOR: '1', FORCE_COLOR: '0' } });
  const out = (r.stdout ?? '') + (r.stderr ?? '');
  if (r.status !== 0) throw new Failure(`${cmd} ${args.join(' ')}: ${r.error?.message ?? `exit ${r.status ?? r.signal}`}`, out);
  return { stdout: r.stdout, stderr: r.stderr, out };
}

class Failure extends Error {
  constructor(message, detail = '') {
    super(message);
    this.detail = detail;
  }
}

/** The tools, installed once per lock file; earlier versions' installs are removed. */
function ensureTools() {
  const done = join(tools, '.installed');
  if (existsSync(done)) return;
  mkdirSync(cacheRoot, { recursive: true });
  for (const d of readdirSync(cacheRoot)) if (d.startsWith('tools-')) rmSync(join(cacheRoot, d), { recursive: true, force: true });
  mkdirSync(tools, { recursive: true });
  for (const f of toolFiles) cpSync(join(fixtures, 'tools', f), join(tools, f));
  // No install scripts: each tool's binary arrives as an optional platform
  // package. `install`, not `ci`: it follows the lock too, and accepts an
  // optional dependency the registry does not serve (vite's Windows-only
  // napi-windows-process-start-time), where `ci` calls the lock out of sync.
  console.log(`installing the consumer tools into ${tools}`);
  exec('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], tools);
  // Except bun's: its bin is a stub until this links the platform package's binary.
  exec('node', ['install.js'], join(tools, 'node_modules/bun'));
  writeFileSync(done, '');
}

/** `npm pack` of the built package; returns the tarball's path. */
function pack() {
  const { stdout } = exec('npm', ['pack', '--json', '--pack-destination', runDir], root);
  return join(runDir, JSON.parse(stdout)[0].filename);
}

/** A fresh project for `c`: its sources, its config, and the tarball installed by npm. */
function makeProject(c, tarball) {
  const dir = join(runDir, c.name.replace(/\W+/g, '-'));
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(fixtures, 'app'), join(dir, 'src'), { recursive: true });
  if (c.fixture) cpSync(join(fixtures, c.fixture), dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }, null, 2));
  if (c.html) {
    const at = join(dir, c.html.at ?? c.out);
    mkdirSync(at, { recursive: true });
    const type = c.html.type === 'module' ? ' type="module"' : '';
    writeFileSync(join(at, 'index.html'), `<!doctype html>\n<title>resample-wasm consumer</title>\n<script${type} src="${c.html.script}"></script>\n`);
  }
  exec('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], dir);
  return dir;
}

/** Builds, refusing warnings and build-machine paths. */
function build(c, dir) {
  for (const [cmd, ...args] of c.build ?? []) {
    const { out } = exec(cmd, args, dir);
    const line = out.split('\n').find((l) => WARNING.test(l));
    if (line) throw new Failure(`${cmd} warned: ${line.trim()}`, out);
  }
  if (!c.out) return;
  const leaks = [dir, '/work/', '/tmp/', 'file:///', `${homedir()}/`];
  for (const file of files(join(dir, c.out))) {
    const text = readFileSync(file, 'latin1');
    const leak = leaks.find((s) => text.includes(s));
    if (leak) throw new Failure(`${file.slice(dir.length + 1)} contains the build-machine path ${leak}`);
  }
}

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

/** Serves `dir` on 127.0.0.1 with `headers` on every response; resolves to the server. */
async function serveStatic(dir, headers) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/\/$/, '/index.html');
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...headers });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** A port free on 127.0.0.1 now. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a server in its own process group, so `stop` ends it and anything it spawned. */
function start(cmd, args, cwd, env) {
  const child = spawn(cmd, args, { cwd, detached: true, env: { ...process.env, PATH, NO_COLOR: '1', ...env } });
  child.output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (child.output.stdout += d));
  child.stderr.on('data', (d) => (child.output.stderr += d));
  child.exited = new Promise((resolve) => child.on('exit', resolve));
  children.add(child);
  return child;
}

function stop(child) {
  children.delete(child);
  if (child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** Resolves once something accepts connections on `port`; fails if `child` exits first or time runs out. */
async function listening(port, child) {
  const until = Date.now() + 30_000;
  for (;;) {
    const up = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      }).on('error', () => resolve(false));
    });
    if (up) return;
    if (child.exitCode !== null || Date.now() > until) {
      throw new Failure(child.exitCode !== null ? `the server exited (${child.exitCode})` : 'the server did not listen within 30 s', child.output.stdout + child.output.stderr);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let browser;
async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return (browser ??= await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] }));
}

/** Opens `url` in a fresh browser context and returns what the page reported. */
async function loadPage(url) {
  const context = await (await launchBrowser()).newContext();
  const log = [];
  try {
    const p = await context.newPage();
    p.on('console', (m) => log.push(`console.${m.type()}: ${m.text()}`));
    p.on('pageerror', (e) => log.push(`page error: ${e.message}`));
    await p.goto(url);
    await p.waitForFunction(() => globalThis.consumerResult, null, { timeout: 30_000 }).catch((e) => {
      throw new Failure(`${url}: no result: ${e.message.split('\n')[0]}`, log.join('\n'));
    });
    if (log.some((l) => l.startsWith('page error'))) throw new Failure(`${url}: uncaught error`, log.join('\n'));
    return await p.evaluate(() => globalThis.consumerResult);
  } finally {
    await context.close();
  }
}

async function fetchJson(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Failure(`${url}: ${response.status}, not JSON`, text);
  }
}

/** What `c` reports for each of its checks, in order. */
async function results(c, dir) {
  if (c.run) {
    const [cmd, ...args] = c.run;
    const { stdout, stderr } = exec(cmd, args, dir);
    if (stderr.trim()) throw new Failure(`${cmd} wrote to stderr`, stderr);
    return [JSON.parse(stdout.trim().split('\n').at(-1))];
  }
  if (!c.serve) {
    const out = [];
    for (const check of c.checks) {
      const server = await serveStatic(join(dir, c.out), check.headers);
      try {
        out.push(await loadPage(`http://127.0.0.1:${server.address().port}${check.page}`));
      } finally {
        server.closeAllConnections();
        server.close();
      }
    }
    return out;
  }
  const ports = await Promise.all(Array.from({ length: c.ports ?? 1 }, freePort));
  const [cmd, ...args] = c.serve.map((a) => a.replace(/\{port(\d?)\}/g, (_, i) => ports[+(i || 0)]));
  const child = start(cmd, args, dir, { PORT: String(ports[0]) });
  try {
    for (const port of ports) await listening(port, child);
    const out = [];
    for (const check of c.checks) {
      const url = `http://127.0.0.1:${ports[check.port ?? 0]}${check.page ?? check.fetch}`;
      out.push(check.page ? await loadPage(url) : await fetchJson(url));
    }
    if (c.listensOnce) {
      const { stdout, stderr } = child.output;
      const times = stdout.match(/listening on/g)?.length ?? 0;
      if (times !== 1 || stderr.trim()) throw new Failure(`the server started ${times} times${stderr.trim() ? ' and wrote to stderr' : ''}`, stdout + stderr);
    }
    return out;
  } finally {
    stop(child);
    await Promise.race([child.exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  }
}

/** Each step's outcome against its expectation; a list of mismatches. */
function compare(got, expect, reference) {
  const problems = [];
  const keys = new Set([...Object.keys(got), ...Object.keys(expect)]);
  for (const k of keys) {
    const g = got[k];
    const e = expect[k];
    if (e === undefined) problems.push(`${k}: not expected (${JSON.stringify(g)})`);
    else if (g === undefined) problems.push(`${k}: missing`);
    else if (e === SAME) {
      if (g.error) problems.push(`${k}: ${g.error.name} ${g.error.code ?? ''}: ${g.error.message}`);
      else if (g.sha256 !== reference.sha256 || g.width !== reference.width || g.height !== reference.height) {
        problems.push(`${k}: ${g.width}x${g.height} sha256 ${g.sha256}, Node gave ${reference.width}x${reference.height} ${reference.sha256}`);
      }
    } else if (g.error?.code !== e.code || !e.message.test(g.error.message)) {
      problems.push(`${k}: wanted ${e.code} matching ${e.message}, got ${JSON.stringify(g)}`);
    }
  }
  return problems;
}

/** The resize every consumer must reproduce, by this process with the package's dist/. */
async function referenceResult() {
  const r = await check(await import(join(root, 'dist/index.js')));
  if (r.direct.error || r.pooled.error || r.direct.sha256 !== r.pooled.sha256) throw new Error(`the reference in Node is not consistent: ${JSON.stringify(r)}`);
  return r.direct;
}

/** Prints a failure and what the tool said. */
function report(e) {
  if (e.detail) console.log(e.detail.trim().replace(/^/gm, '     | '));
  else if (!(e instanceof Failure)) console.log(e.stack);
}

/** Builds and runs `c`; throws a Failure saying what went wrong. */
async function consume(c, tarball, reference) {
  const dir = makeProject(c, tarball);
  build(c, dir);
  const got = await results(c, dir);
  const problems = c.checks.flatMap((k, i) => compare(got[i], k.expect, reference).map((p) => (c.checks.length > 1 ? `check ${i + 1}: ${p}` : p)));
  if (problems.length) throw new Failure(problems.join('; '));
}

const only = process.argv.slice(2);
const selected = consumers.filter((c) => only.length === 0 || only.includes(c.name));
if (selected.length === 0) throw new Error(`no consumer named ${only.join(', ')}; there are: ${consumers.map((c) => c.name).join(', ')}`);
// So that the exit handler ends the servers on Ctrl-C too.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const t0 = performance.now();
const seconds = (t) => `${((performance.now() - t) / 1000).toFixed(1)} s`;
let tarball, reference;
try {
  ensureTools();
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  tarball = pack();
  reference = await referenceResult();
} catch (e) {
  console.log(`consumers: cannot start: ${e.message}`);
  report(e);
  process.exit(1);
}
console.log(`tools ${tools}, ${tarball.slice(runDir.length + 1)}; Node's resize ${reference.width}x${reference.height} sha256 ${reference.sha256.slice(0, 16)}… (${seconds(t0)})`);
const count = { passed: 0, failed: 0, skipped: 0 };
for (const c of selected) {
  const t = performance.now();
  const label = c.name.padEnd(26);
  if (c.checks.some((k) => k.page) && !existsSync(CHROMIUM)) {
    console.log(`skip ${label} no Chromium at ${CHROMIUM}`);
    count.skipped++;
    continue;
  }
  try {
    await consume(c, tarball, reference);
    console.log(`ok   ${label} ${seconds(t)}`);
    count.passed++;
  } catch (e) {
    console.log(`FAIL ${label} ${seconds(t)}: ${e.message}`);
    report(e);
    count.failed++;
  }
}
await browser?.close();
console.log(`matrix time ${seconds(t0)}`);
console.log(`consumers: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`);
process.exit(count.failed ? 1 : 0);
