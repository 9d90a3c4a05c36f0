// Decode the picked file on the main thread (createImageBitmap), resize it in
// a worker from the pool, draw before and after. `window.lastResult` lets a
// headless check read the outcome.
import { createPool } from '../../dist/index.js';

const pool = createPool({ size: 2 });
const $ = (id) => document.getElementById(id);
let source;

async function load(file) {
  const bitmap = await createImageBitmap(file, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  const c = $('before');
  c.width = bitmap.width;
  c.height = bitmap.height;
  const ctx = c.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(bitmap, 0, 0);
  source = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  $('before-caption').textContent = `before: ${source.width}×${source.height}`;
  await resize();
}

async function resize() {
  if (!source) return;
  const options = { width: Number($('width').value), filter: $('filter').value, linearLight: $('linear').checked };
  $('status').textContent = 'resizing in a worker…';
  const t0 = performance.now();
  try {
    const out = await pool.resizeImage(source, options);
    const ms = performance.now() - t0;
    const c = $('after');
    c.width = out.width;
    c.height = out.height;
    c.getContext('2d').putImageData(new ImageData(out.data, out.width, out.height), 0, 0);
    $('after-caption').textContent = `after: ${out.width}×${out.height}, ${options.filter}${options.linearLight ? ', linear light' : ''}`;
    $('status').textContent = `done in ${ms.toFixed(1)} ms (worker round trip)`;
    window.lastResult = { width: out.width, height: out.height, data: Array.from(out.data), ms };
  } catch (e) {
    $('status').textContent = `${e.name}: ${e.message}`;
    window.lastResult = { error: `${e.name}: ${e.message}` };
  }
}

$('file').addEventListener('change', (e) => e.target.files[0] && load(e.target.files[0]));
for (const id of ['width', 'filter', 'linear']) $(id).addEventListener('change', resize);
