// The picked file goes to a worker of the pool as it is (the pool decodes a
// Blob itself), and is drawn before and after. A second row fits the image
// into a fixed box with each `fit` mode. `window.lastResult` and
// `window.fitResults` let a headless check read the outcome.
import { createPool, loadImage } from '../../dist/index.js';

const pool = createPool({ size: 2 });
const $ = (id) => document.getElementById(id);
const FITS = ['fill', 'cover', 'contain', 'inside', 'outside'];
const BOX = { width: 160, height: 120 };
let file;
let pixels;

async function load(picked) {
  file = picked;
  pixels = await loadImage(file); // only to draw "before": the pool decodes the file on its own
  draw($('before'), new ImageData(pixels.data, pixels.width, pixels.height));
  $('before-caption').textContent = `before: ${pixels.width}×${pixels.height}`;
  await Promise.all([resize(), fits()]);
}

function draw(canvas, imageData) {
  canvas.width = imageData.width;
  canvas.height = imageData.height;
  canvas.getContext('2d').putImageData(imageData, 0, 0);
}

/** The picked image in the chosen sample format: the file itself for 8 bits, converted pixels otherwise. */
function source() {
  const format = $('format').value;
  if (format === 'uint8') return file;
  const data = format === 'uint16' ? Uint16Array.from(pixels.data, (v) => v * 257) : Float32Array.from(pixels.data, (v) => v / 255);
  return { data, width: pixels.width, height: pixels.height };
}

async function resize() {
  if (!file) return;
  const options = { width: Number($('width').value), filter: $('filter').value, linearLight: $('linear').checked };
  $('status').textContent = 'resizing in a worker…';
  const t0 = performance.now();
  try {
    const out = await pool.resizeImage(source(), options);
    const ms = performance.now() - t0;
    draw($('after'), out.toImageData());
    const kind = out.data.constructor.name;
    $('after-caption').textContent = `after: ${out.width}×${out.height}, ${options.filter}${options.linearLight ? ', linear light' : ''}, ${kind}`;
    $('status').textContent = `done in ${ms.toFixed(1)} ms (decoding and worker round trip)`;
    window.lastResult = { width: out.width, height: out.height, data: Array.from(out.data), ms, kind };
  } catch (e) {
    $('status').textContent = `${e.name}: ${e.message}`;
    window.lastResult = { error: `${e.name}: ${e.message}` };
  }
}

/** Each fit mode into BOX; a build without `fit` rejects the option, and the page says so instead. */
async function fits() {
  if (!file) return;
  const row = $('fits');
  const original = document.createElement('figure');
  const thumb = document.createElement('canvas');
  draw(thumb, new ImageData(pixels.data, pixels.width, pixels.height));
  thumb.style.width = `${BOX.width}px`; // the browser scales the original for comparison
  original.append(thumb, Object.assign(document.createElement('figcaption'), { textContent: `original ${pixels.width}×${pixels.height}` }));
  row.replaceChildren(original);
  const results = {};
  for (const fit of FITS) {
    const figure = document.createElement('figure');
    const box = document.createElement('div');
    const caption = document.createElement('figcaption');
    box.className = 'box';
    figure.append(box, caption);
    row.append(figure);
    try {
      const out = await pool.resizeImage(file, { ...BOX, fit, filter: $('filter').value });
      const canvas = document.createElement('canvas');
      draw(canvas, out.toImageData());
      box.append(canvas);
      caption.textContent = `${fit}: ${out.width}×${out.height}`;
      results[fit] = { width: out.width, height: out.height };
    } catch (e) {
      const missing = e.code === 'INVALID_ARGUMENT' && /\bfit\b/.test(e.message);
      caption.textContent = missing ? `${fit}: not in this build` : `${fit}: ${e.message}`;
      results[fit] = { error: missing ? 'unsupported' : e.message };
    }
  }
  const unsupported = Object.values(results).filter((r) => r.error === 'unsupported').length;
  $('fit-status').textContent = unsupported ? `This build of resample-wasm has no fit option yet (${unsupported} of ${FITS.length} modes rejected).` : '';
  window.fitResults = results;
}

$('file').addEventListener('change', (e) => e.target.files[0] && load(e.target.files[0]));
for (const id of ['width', 'filter', 'linear', 'format']) $(id).addEventListener('change', resize);
$('filter').addEventListener('change', fits);
