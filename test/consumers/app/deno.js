// A Deno script: the result is printed as one JSON line.
import * as resample from 'npm:resample-wasm';
import { check } from './check.js';

console.log(JSON.stringify(await check(resample)));
