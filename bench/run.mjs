// `npm run bench [family...]`: installs the libraries to compare against
// (bench/package.json, kept apart so the library's own install stays light),
// then runs every bench/<family>.bench.mjs, or the ones named, in this process.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, 'node_modules'))) execSync('npm install --no-audit --no-fund', { cwd: here, stdio: 'inherit' });
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.includes(f.replace('.bench.mjs', '')));
console.log(`node ${process.version}, ${process.platform}/${process.arch}, ${new Date().toISOString()}`);
for (const f of files) await import(join(here, f));
