// The plain-JS Node.js row of the `petrel serve` benchmark (bench/serve/run.py):
// the hello handler's response written directly in JavaScript, no WebAssembly,
// i.e. what Node's HTTP stack costs by itself.
//
//   node node_plain.mjs [--host H] [--port P] [--workers N]
//
// --workers N > 1 forks N processes with node:cluster sharing the socket.

import http from 'node:http';

import { runWorkers } from './workers.mjs';

const opts = { host: '127.0.0.1', port: 8080, workers: 1 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
  if (a === '--host') opts.host = argv[++i];
  else if (a === '--port') opts.port = Number(argv[++i]);
  else if (a === '--workers') opts.workers = Math.max(1, Number(argv[++i]) | 0);
  else throw new Error(`unknown option ${a}`);
}

const BODY = Buffer.from('Hello, world!\n');

runWorkers(opts.workers, () => {
  const server = http.createServer((req, res) => {
    // Read (and drop) the body like the WAGI server does, then answer.
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': BODY.length });
      res.end(BODY);
    });
  });
  server.keepAliveTimeout = 60000;
  server.listen(opts.port, opts.host);
});
