// A page's script with the slim entry: the bundler emits resample.wasm, and
// each family module, as assets; `families` loads only resizeImage's.
import * as resample from 'resample-wasm/slim';
import { check, report } from './check.js';

const families = check({ init: () => resample.init({ families: ['resizeImage'] }) }, {});
Promise.all([check(resample), families]).then(([result, { direct }]) => report({ ...result, families: direct }));
