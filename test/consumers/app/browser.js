// A page's script, bundled by each bundler.
import * as resample from 'resample-wasm';
import { check, report } from './check.js';

check(resample).then(report);
