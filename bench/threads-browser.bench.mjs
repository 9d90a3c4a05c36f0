// The threads bench in headless Chromium: serves the checkout cross-origin
// isolated (COOP/COEP, scripts/chromium.mjs), opens bench/threads.html (the
// same workloads and tables as threads.bench.mjs, ours on the page's main
// thread, the machine ceiling in module Workers) and prints what it logs.
//   node bench/run.mjs threads-browser   (THREADS=2 ROUNDS=15 by default)
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, ISOLATED, serve } from '../scripts/chromium.mjs';
import { machineLoad } from './lib.mjs';

const THREADS = Number(process.env.THREADS ?? 2);
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const server = await serve(fileURLToPath(new URL('../', import.meta.url)), ISOLATED);
const browser = await chromium.launch(CHROMIUM);
try {
  const page = await browser.newPage();
  page.on('console', (m) => console.log(m.text()));
  page.on('pageerror', (e) => console.error('page error:', e.message));
  console.log(`\n## Chromium ${browser.version()}, headless, cross-origin isolated page; ${machineLoad()} before`);
  await page.goto(`${server.url}/bench/threads.html?threads=${THREADS}&rounds=${ROUNDS}`);
  const { error } = await (await page.waitForFunction(() => window.benchDone, null, { timeout: 0, polling: 1000 })).jsonValue();
  if (error) throw new Error(`the page failed: ${error}`);
  console.log(`\n${machineLoad()} after`);
} finally {
  await browser.close();
  server.close();
}
