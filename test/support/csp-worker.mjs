// What a strict-CSP site hosts as its worker script: import the package, serve.
import { serveWorker } from '../../dist/index.js';

serveWorker();
