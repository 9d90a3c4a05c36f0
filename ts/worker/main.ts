// The pool's worker script: dist/worker.js (`resample-wasm/worker`), and the
// source text the pool starts its default workers from.
import { serveWorker } from './serve.js';

void serveWorker();
