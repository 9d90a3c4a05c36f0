// Instructions per rs.resizeImage call, counted by valgrind (Debian:
// `apt-get install valgrind`), for tuning kernels on a VM whose clock
// drifts more than the change being measured. Node runs with TurboFan only
// and no background threads, so the count is repeatable; a child process
// resizes once and five times, and the difference over four is printed.
//   node bench/instructions.mjs [a.wasm b.wasm ...]   (default: dist/resample.wasm)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CASES = [
  // [label, in w, in h, out w, out h, filter, alpha]: quarter-size W2 and W1, so each run takes seconds.
  ['960×540 → 1920×1080 bilinear, alpha off', 960, 540, 1920, 1080, 'bilinear', 'off'],
  ['960×540 → 1920×1080 bilinear, translucent', 960, 540, 1920, 1080, 'bilinear', 'translucent'],
  ['1920×1080 → 960×540 lanczos3, alpha off', 1920, 1080, 960, 540, 'lanczos3', 'off'],
  ['1920×1080 → 960×540 lanczos3, translucent', 1920, 1080, 960, 540, 'lanczos3', 'translucent'],
];

if (process.argv[2] === '--child') {
  const [wasm, w, h, ow, oh, filter, alpha, n] = process.argv.slice(3);
  const { init } = await import('../dist/index.js');
  const rs = await init({ wasm: readFileSync(wasm) });
  const data = new Uint8Array(+w * +h * 4);
  for (let i = 0, s = 1; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = alpha !== 'translucent' && i % 4 === 3 ? 255 : s >>> 24;
  }
  const t = rs.tensor([+h, +w, 4], data, { dtype: 'uint8' });
  for (let i = 0; i < +n; i++) rs.resizeImage(t, { width: +ow, height: +oh, filter, premultiplyAlpha: alpha !== 'off' });
} else {
  const self = fileURLToPath(import.meta.url);
  const count = (args, n) => {
    const flags = ['--no-liftoff', '--single-threaded', '--no-wasm-lazy-compilation'];
    const vg = ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', '--smc-check=all-non-file'];
    const run = spawnSync('valgrind', [...vg, process.execPath, ...flags, self, '--child', ...args, String(n)], { encoding: 'utf8' });
    const refs = /I\s+refs:\s+([\d,]+)/.exec(run.stderr)?.[1];
    if (run.status !== 0 || !refs) throw new Error(`valgrind failed: ${run.error?.message ?? run.stderr.slice(-500)}`);
    return Number(refs.replaceAll(',', ''));
  };
  const wasms = process.argv.slice(2).length ? process.argv.slice(2) : [fileURLToPath(new URL('../dist/resample.wasm', import.meta.url))];
  console.log(`| case | ${wasms.join(' | ')} |\n|---|${wasms.map(() => '---:|').join('')}`);
  for (const [label, ...args] of CASES) {
    const m = wasms.map((wasm) => ((count([wasm, ...args], 5) - count([wasm, ...args], 1)) / 4 / 1e6).toFixed(0) + 'M');
    console.log(`| ${label} | ${m.join(' | ')} |`);
  }
}
