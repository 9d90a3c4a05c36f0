// A script for Node or Bun: the result is printed as one JSON line.
import * as resample from 'resample-wasm';
import { check } from './check.js';

check(resample).then((result) => console.log(JSON.stringify(result)));
