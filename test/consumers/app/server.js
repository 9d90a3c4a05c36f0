// A server that resizes on request, bundled for Node. The default pool's
// workers run the package's worker, not this bundle: were it re-run in a
// worker, it would listen on the same port again (EADDRINUSE) and log twice.
import { createServer } from 'node:http';
import * as resample from 'resample-wasm';
import { check } from './check.js';

const port = Number(process.env.PORT);
createServer(async (_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(await check(resample)));
}).listen(port, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${port}`));
