// A page under a strict Content-Security-Policy. `factory` is the recipe for
// policies without `worker-src blob:`: a module worker from the package's
// worker script, which the bundler emits beside the page's chunks.
import * as resample from 'resample-wasm';
import { check, report } from './check.js';

const worker = () => new Worker(new URL('resample-wasm/worker', import.meta.url), { type: 'module' });
check(resample, { pooled: undefined, factory: { worker } }).then(report);
