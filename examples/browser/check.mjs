// Headless check of the example page: serve the checkout, open the page in
// Chromium, pick a PNG of the test chart, wait for the worker's result,
// compare it with rs.resizeImage in Node, wait for the row of fit modes (a
// build without `fit` shows each as rejected: reported, not a failure), save
// a screenshot in examples/out/.
//   node examples/browser/check.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as png from 'fast-png';
import { chromium } from 'playwright-core';
import { init } from '../../dist/index.js';
import { CHROMIUM, serve } from '../../scripts/chromium.mjs';
import { chart } from '../images.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, 'examples/out');
mkdirSync(out, { recursive: true });
const server = await serve(root);
const url = `${server.url}/examples/browser/index.html`;

const img = chart(640, 480);
const file = join(out, 'browser-input.png');
writeFileSync(file, png.encode({ ...img, data: new Uint8Array(img.data.buffer), channels: 4, depth: 8 }));
// The chart's lower half is translucent; compare only where the canvas keeps pixels exact (opaque rows).
const browser = await chromium.launch(CHROMIUM);
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(url);
  await page.setInputFiles('#file', file);
  await page.waitForFunction(() => window.lastResult, null, { timeout: 30000 });
  const result = await page.evaluate(() => window.lastResult);
  if (result.error) throw new Error(result.error);
  const rs = await init();
  const want = rs.resizeImage(img, { width: 320 });
  const opaqueBytes = ((want.height >> 1) - 8) * want.width * 4; // clear of the translucent half by the filter support
  const got = Uint8ClampedArray.from(result.data);
  const diff = got.subarray(0, opaqueBytes).findIndex((v, i) => v !== want.data[i]);
  console.log(`page result ${result.width}x${result.height} in ${result.ms.toFixed(1)} ms; opaque half ${diff < 0 ? 'identical to' : `differs at byte ${diff} from`} rs.resizeImage in Node`);
  failed = result.width !== 320 || result.height !== 240 || diff >= 0;
  await page.waitForFunction(() => window.fitResults, null, { timeout: 30000 });
  const fits = await page.evaluate(() => window.fitResults);
  console.log(`fit into 160x120: ${Object.entries(fits).map(([fit, r]) => `${fit} ${r.error ?? `${r.width}x${r.height}`}`).join(', ')}`);
  // Every mode either ran or was rejected as an unknown option; 'fill', when it runs, fills the box.
  const broken = Object.values(fits).some((r) => r.error && r.error !== 'unsupported') || (fits.fill.width !== undefined && `${fits.fill.width}x${fits.fill.height}` !== '160x120');
  failed ||= broken;
  await page.screenshot({ path: join(out, 'browser-example.png'), fullPage: true });
  console.log(`screenshot: ${join(out, 'browser-example.png')}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
