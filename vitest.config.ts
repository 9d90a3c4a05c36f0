import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { configDefaults, defineConfig } from 'vitest/config';
import { CHROMIUM, ISOLATED } from './scripts/chromium.mjs';

// Tests import the built package by name, so every runtime tests what users get.
const alias = { 'resample-wasm': fileURLToPath(new URL('./dist/index.js', import.meta.url)) };

// Correctness suites, never timed: a shared 2-core machine can be slow.
const testTimeout = 60_000;

// Twin mode (test/twin.ts): the op test files on a context with 2 or 3
// threads, or of the family modules, every op call checked bit for bit
// against one thread or the whole module. Files about
// the context itself (memory, workers, pools, the CLI, threads) stay out.
const notTwinned = ['api', 'cli', 'createPool', 'families', 'memory', 'oom', 'poolFailures', 'runtime', 'seam', 'threads', 'workers'].map((f) => `test/${f}.test.ts`);
const twin = (name: string, env: Record<string, string>) => ({
  resolve: { alias },
  test: {
    name,
    include: ['test/*.test.ts'],
    exclude: [...configDefaults.exclude, ...notTwinned],
    environment: 'node',
    testTimeout,
    env,
  },
});

export default defineConfig({
  test: {
    projects: [
      // --expose-gc for test/node/, whose tests need Node and a forced collection.
      { resolve: { alias }, test: { name: 'node', include: ['test/**/*.test.ts'], environment: 'node', testTimeout, execArgv: ['--expose-gc'] } },
      twin('node-threads-2', { RESAMPLE_TEST_THREADS: '2' }),
      twin('node-threads-3', { RESAMPLE_TEST_THREADS: '3' }),
      // The same with the family modules (init({ families })) against the whole module.
      twin('node-families', { RESAMPLE_TEST_FAMILIES: '1' }),
      {
        resolve: { alias },
        // Cross-origin isolated, as a page that wants init({ threads }) must be (README, "Threads").
        server: { headers: ISOLATED },
        test: {
          name: 'chromium',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/node/**'],
          testTimeout,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: CHROMIUM,
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
