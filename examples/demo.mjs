// npm run demo: writes the test chart, then resizes it with the CLI, as a
// user would (down with each filter, up, and in linear light).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as png from 'fast-png';
import { chart } from './images.mjs';

const out = fileURLToPath(new URL('./out/', import.meta.url));
const cli = fileURLToPath(new URL('../bin/resample.mjs', import.meta.url));
mkdirSync(out, { recursive: true });
const c = chart(1024, 768);
writeFileSync(`${out}chart.png`, png.encode({ width: c.width, height: c.height, data: new Uint8Array(c.data.buffer), channels: 4, depth: 8 }));
const run = (...args) => process.stdout.write(execFileSync(process.execPath, [cli, `${out}chart.png`, ...args], { encoding: 'utf8' }));
for (const f of ['nearest', 'bilinear', 'lanczos3']) run('-w', '300', '--filter', f, '-o', `${out}chart-300-${f}.png`);
run('-w', '300', '--linear-light', '-o', `${out}chart-300-lanczos3-linear.png`);
run('-w', '300', '--no-premultiply', '-o', `${out}chart-300-lanczos3-straight.png`);
run('-w', '2048', '--filter', 'mitchell', '-o', `${out}chart-2048-mitchell.jpg`);
console.log(`open ${out} to compare`);
