// `node scripts/wasm-size.mjs [--budget BYTES] [--family-budget BYTES]`:
// where the bytes of dist/resample.wasm go, per kernel family, and the size
// of each family's own module (dist/families/); with budgets, exits 1 when
// the module, or any family module, is larger. The shipped module has no
// names, so the build's module is optimised again with its names kept
// (`wasm-opt -O3 -g`: the same optimisation, so the same code) and each
// function body's size is charged to the family its (mangled) Rust path or
// export name starts with.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const FAMILIES = ['cv', 'interpolate', 'onnx', 'pil', 'pool', 'max_unpool', 'pixel_shuffle', 'conv', 'resize_image', 'unfold', 'pad', 'grid_sample', 'affine_grid', 'filters', 'mem', 'abi', 'tf'];

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

/** Function body sizes (by function index; the module imports nothing) and the name section's names. */
function parse(bytes) {
  const sizes = [];
  const names = new Map();
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const [length, body] = leb(bytes, at + 1);
    const end = body + length;
    if (id === 10) {
      let [count, p] = leb(bytes, body);
      for (; count > 0; count--) {
        const [size, next] = leb(bytes, p);
        sizes.push(size + (next - p));
        p = next + size;
      }
    } else if (id === 0) {
      const [nameLength, p] = leb(bytes, body);
      if (new TextDecoder().decode(bytes.subarray(p, p + nameLength)) === 'name') readNames(bytes, p + nameLength, end, names);
    }
    at = end;
  }
  return { sizes, names };
}

function readNames(bytes, at, end, names) {
  while (at < end) {
    const sub = bytes[at];
    const [length, body] = leb(bytes, at + 1);
    if (sub === 1) {
      let [count, p] = leb(bytes, body);
      for (; count > 0; count--) {
        const [index, q] = leb(bytes, p);
        const [n, r] = leb(bytes, q);
        names.set(index, new TextDecoder().decode(bytes.subarray(r, r + n)));
        p = r + n;
      }
    }
    at = body + length;
  }
}

/** `resample[…]::conv::run` or the export `conv` → conv (`onnx_resize` → onnx, `pil_resize` → pil); anything else is the runtime. */
function family(name = '') {
  const head = name.match(/resample\[[0-9a-f]+\]::(\w+)/)?.[1] ?? name.replace(/^onnx_\w+$/, 'onnx').replace(/^cv_\w+$/, 'cv').replace(/^pil_\w+$/, 'pil');
  return FAMILIES.includes(head) ? head : 'runtime (allocator, libm, std)';
}

const shipped = 'dist/resample.wasm';
const named = join(mkdtempSync(join(tmpdir(), 'wasm-size-')), 'named.wasm');
const features = ['--enable-simd', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals'];
execFileSync('node_modules/.bin/wasm-opt', ['-O3', '-g', ...features, 'pkg/resample_bg.wasm', '-o', named]);
const { sizes, names } = parse(readFileSync(named));
const totals = new Map();
sizes.forEach((size, i) => totals.set(family(names.get(i)), (totals.get(family(names.get(i))) ?? 0) + size));
const code = sizes.reduce((a, b) => a + b, 0);
const bytes = readFileSync(shipped);
console.log(`${shipped}: ${bytes.length} bytes, ${gzipSync(bytes, { level: 9 }).length} gzipped; function bodies ${code} bytes\n`);
console.log('| family | code bytes | share |\n|---|---:|---:|');
for (const [name, size] of [...totals].sort((a, b) => b[1] - a[1])) console.log(`| ${name} | ${size} | ${((100 * size) / code).toFixed(0)}% |`);
console.log(`\n(the rest of the ${statSync(shipped).size} bytes: data segments, tables, types and exports)`);

const modules = readdirSync('dist/families').map((file) => ({ file, bytes: readFileSync(join('dist/families', file)) }));
console.log('\n| family module | bytes | gzipped |\n|---|---:|---:|');
for (const { file, bytes: b } of modules.sort((a, b) => b.bytes.length - a.bytes.length)) {
  console.log(`| ${file} | ${b.length} | ${gzipSync(b, { level: 9 }).length} |`);
}

/** Exits 1 when `what` is over the budget that `flag` gives (if given). */
function within(flag, what, size) {
  const at = process.argv.indexOf(flag);
  if (at > 0 && size > Number(process.argv[at + 1])) {
    console.error(`wasm-size: ${what} is ${size} bytes, over the budget of ${process.argv[at + 1]}`);
    process.exitCode = 1;
  }
}
within('--budget', shipped, bytes.length);
for (const { file, bytes: b } of modules) within('--family-budget', `dist/families/${file}`, b.length);
