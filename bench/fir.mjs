// fast_image_resize 6.1 (crates.io) built for wasm32 like the crate
// (bench/fir/build.sh), behind the tiny C ABI in bench/fir/src/lib.rs.
// The module is cached in bench/fir/fir.wasm and rebuilt when the sources change.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('./fir/', import.meta.url));
const SOURCES = ['Cargo.toml', 'Cargo.lock', 'src/lib.rs', 'build.sh'];
const FILTERS = { box: 0, bilinear: 1, lanczos3: 2 };

function ensureBuilt() {
  const hash = createHash('sha256');
  for (const f of SOURCES) hash.update(readFileSync(dir + f));
  const key = hash.digest('hex');
  const keyFile = dir + 'fir.wasm.key';
  if (existsSync(dir + 'fir.wasm') && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) return;
  console.error('building fast_image_resize for wasm32 (bench/fir/build.sh)...');
  execFileSync('bash', [dir + 'build.sh'], { stdio: 'inherit' });
  writeFileSync(keyFile, key);
}

/** A fir instance: `resizer(img, ow, oh, filter, alpha)` returns a function that resizes and copies the result out. */
export async function loadFir() {
  ensureBuilt();
  const { instance } = await WebAssembly.instantiate(readFileSync(dir + 'fir.wasm'), {});
  const e = instance.exports;
  return {
    resizer({ data, width: iw, height: ih }, ow, oh, filter, alpha) {
      const src = e.fir_alloc(iw * ih * 4);
      const dst = e.fir_alloc(ow * oh * 4);
      new Uint8Array(e.memory.buffer, src, iw * ih * 4).set(data);
      const run = () => {
        if (e.fir_resize(src, iw, ih, dst, ow, oh, FILTERS[filter], alpha ? 1 : 0) !== 0) throw new Error('fir_resize failed');
        return new Uint8ClampedArray(e.memory.buffer.slice(dst, dst + ow * oh * 4));
      };
      run.free = () => (e.fir_free(src, iw * ih * 4), e.fir_free(dst, ow * oh * 4));
      return run;
    },
  };
}
