// bin/resample.mjs, spawned as users run it. Node only: the tests are
// skipped in browsers and Deno (no child processes there), and the child
// process module is imported inside the tests so this file loads everywhere.
import { describe, expect, test } from 'vitest';

const g = globalThis as { process?: { versions?: { node?: string } }; Deno?: unknown };
const inNode = !!g.process?.versions?.node && g.Deno === undefined;
const nodeTest = inNode ? test : test.skip;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

async function tools() {
  const [{ spawnSync }, fs, os, path, png, jpeg] = await Promise.all([
    import('node:child_process'),
    import('node:fs'),
    import('node:os'),
    import('node:path'),
    import('fast-png'),
    import('jpeg-js'),
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resample-cli-'));
  const cli = new URL('../bin/resample.mjs', import.meta.url).pathname;
  const run = (...args: string[]): Run => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir });
  const file = (name: string) => path.join(dir, name);
  return { fs, png, jpeg: jpeg.default ?? jpeg, run, file };
}

function gradient(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([(i % width) * 4, (i / width) * 3, 128, 255], i * 4);
  return data;
}

describe('resample CLI', () => {
  nodeTest('PNG -> PNG and JPEG, width only keeps the aspect ratio', async () => {
    const { fs, png, jpeg, run, file } = await tools();
    fs.writeFileSync(file('in.png'), png.encode({ width: 60, height: 40, data: gradient(60, 40), channels: 4, depth: 8 }));
    const r = run('in.png', '-w', '30', '-o', 'out.png', '--filter', 'bilinear', '--linear-light');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = png.decode(fs.readFileSync(file('out.png')));
    expect([out.width, out.height, out.channels]).toEqual([30, 20, 4]);
    // A horizontal ramp stays a ramp: red rises along every row.
    expect(out.data[4 * 10]).toBeLessThan(out.data[4 * 20]);
    expect(run('out.png', '-h', '10', '-o', 'out.jpg', '-q', '80').status).toBe(0);
    const j = jpeg.decode(fs.readFileSync(file('out.jpg')));
    expect([j.width, j.height]).toEqual([15, 10]);
    expect(run('out.jpg', '-w', '7', '-h', '3', '-o', 'again.jpeg').status).toBe(0);
  });

  nodeTest('clear errors: missing file, unsupported format, absurd size, unknown filter, usage', async () => {
    const { fs, png, run, file } = await tools();
    fs.writeFileSync(file('in.png'), png.encode({ width: 4, height: 4, data: gradient(4, 4), channels: 4, depth: 8 }));
    fs.writeFileSync(file('notes.txt'), 'not an image');
    const fails = (r: Run, message: string | RegExp) => {
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    };
    fails(run('missing.png', '-w', '2', '-o', 'o.png'), 'missing.png: no such file');
    fails(run('notes.txt', '-w', '2', '-o', 'o.png'), 'notes.txt: unsupported format');
    fails(run('in.png', '-w', '2', '-o', 'o.gif'), "cannot write '.gif'");
    fails(run('in.png', '-w', '0', '-o', 'o.png'), 'width must be a positive integer');
    fails(run('in.png', '-w', '100000', '-h', '100000', '-o', 'o.png'), /OUT_OF_MEMORY|more than wasm32 memory/);
    fails(run('in.png', '-w', '-3', '-o', 'o.png'), /width|-3/);
    fails(run('in.png', '-w', '2', '--filter', 'gauss', '-o', 'o.png'), "filter must be one of");
    fails(run('in.png', '-o', 'o.png'), 'width must be given');
    fails(run('-w', '2'), 'give exactly one input file');
    expect(fs.existsSync(file('o.png'))).toBe(false);
  });
});
