// Loaded as a module Worker (browsers, Deno) or a worker_threads Worker
// (Node): imports the built package and answers interpolate requests.
import { init } from '../../dist/index.js';

// Web and Deno workers have a global postMessage; Node's worker threads do not.
const web = typeof globalThis.postMessage === 'function';
const port = web ? globalThis : (await import('node:worker_threads')).parentPort;

// The handler is installed before anything is awaited: a module worker drops
// messages that arrive while no listener exists.
const context = init();
const onMessage = async (message) => {
  const { shape, data, options } = web ? message.data : message;
  try {
    const rs = await context;
    const y = rs.interpolate({ shape, data }, options);
    const values = y.toArray();
    y.dispose();
    port.postMessage({ shape: y.shape, values, live: rs.stats().liveTensors }, [values.buffer]);
  } catch (e) {
    port.postMessage({ error: e.name, code: e.code, message: e.message });
  }
};
if (web) globalThis.onmessage = onMessage;
else port.on('message', onMessage);
