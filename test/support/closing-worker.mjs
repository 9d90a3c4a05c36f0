// A worker that serves the pool but ends on its first job, before answering,
// without an error event: self.close() in browsers and Deno (which report
// nothing), exit code 3 in Node (which reports only the exit). Its listener
// comes first and stops the job from reaching serveWorker's.
import { serveWorker } from '../../dist/index.js';

const web = typeof globalThis.close === 'function';
if (web) {
  globalThis.addEventListener('message', (e) => {
    e.stopImmediatePropagation();
    globalThis.close();
  });
} else {
  (await import('node:worker_threads')).parentPort.on('message', () => process.exit(3));
}
serveWorker();
