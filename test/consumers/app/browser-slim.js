// A page's script with the slim entry: the bundler emits resample.wasm as an asset.
import * as resample from 'resample-wasm/slim';
import { check, report } from './check.js';

check(resample).then(report);
