// A page's script with the slim entry: the bundler emits resample.wasm, and
// each family module, as assets; `families` loads only resizeImage's, on
// the calling thread and in a pool.
import * as resample from 'resample-wasm/slim';
import { check, report } from './check.js';

const only = { families: ['resizeImage'] };
const families = check({ init: () => resample.init(only), createPool: resample.createPool }, { pooled: only });
Promise.all([check(resample), families]).then(([result, { direct, pooled }]) => report({ ...result, families: direct, familiesPooled: pooled }));
