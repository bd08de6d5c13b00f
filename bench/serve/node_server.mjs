// The Node.js row of the `petrel serve` benchmark (bench/serve/run.py): an
// HTTP server that runs a WAGI handler (CGI over WASI) in a fresh WebAssembly
// instance for every request, the same model as `petrel serve`.
//
//   node node_server.mjs [--host H] [--port P] [--workers N] HANDLER.wasm
//
// The module is compiled once (WebAssembly.Module); each request gets a new
// WebAssembly.Instance with its own memory and a minimal WASI preview1 shim
// written here: args and environ from the CGI variables, fd_read from the
// request body, fd_write capturing stdout (stderr goes to our stderr),
// proc_exit by exception, clocks and random, and ENOSYS for everything else.
// (node:wasi is not used: it crashes after a thousand or two instances.)
// stdout is parsed as a CGI response: header lines, a blank line, the body;
// "status: 404 Not Found" sets the status, "location:" alone gives a 302.
// --workers N > 1 forks N processes with node:cluster sharing the socket.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { runWorkers } from './workers.mjs';

function parseArgs(argv) {
  const opts = { host: '127.0.0.1', port: 8080, workers: 1, module: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--host') opts.host = next();
    else if (a === '--port') opts.port = Number(next());
    else if (a === '--workers') opts.workers = Math.max(1, Number(next()) | 0);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else opts.module = a;
  }
  if (!opts.module) throw new Error('usage: node node_server.mjs [--host H] [--port P] [--workers N] HANDLER.wasm');
  return opts;
}

// WASI errno values (preview1).
const ESUCCESS = 0;
const EBADF = 8;
const EINVAL = 28;
const ENOSYS = 52;

class ProcExit extends Error {
  constructor(code) {
    super(`proc_exit(${code})`);
    this.code = code;
  }
}

const encoder = new TextEncoder();

// A list of strings as WASI wants them: NUL-terminated UTF-8, packed.
function packStrings(list) {
  const parts = list.map((s) => encoder.encode(s + '\0'));
  let size = 0;
  for (const p of parts) size += p.length;
  return { parts, size };
}

// The WASI preview1 imports for one request. `ctx.memory` is set once the
// instance exists (the module exports its memory).
function makeWasi(ctx) {
  const view = () => new DataView(ctx.memory.buffer);
  const bytes = () => new Uint8Array(ctx.memory.buffer);

  const putStrings = (packed, ptrsPtr, bufPtr) => {
    const dv = view();
    const mem = bytes();
    let ptr = bufPtr;
    packed.parts.forEach((p, i) => {
      dv.setUint32(ptrsPtr + 4 * i, ptr, true);
      mem.set(p, ptr);
      ptr += p.length;
    });
    return ESUCCESS;
  };
  const putSizes = (packed, countPtr, sizePtr) => {
    const dv = view();
    dv.setUint32(countPtr, packed.parts.length, true);
    dv.setUint32(sizePtr, packed.size, true);
    return ESUCCESS;
  };

  const impl = {
    args_sizes_get: (countPtr, sizePtr) => putSizes(ctx.args, countPtr, sizePtr),
    args_get: (ptrsPtr, bufPtr) => putStrings(ctx.args, ptrsPtr, bufPtr),
    environ_sizes_get: (countPtr, sizePtr) => putSizes(ctx.env, countPtr, sizePtr),
    environ_get: (ptrsPtr, bufPtr) => putStrings(ctx.env, ptrsPtr, bufPtr),

    fd_write: (fd, iovs, iovsLen, nwrittenPtr) => {
      if (fd !== 1 && fd !== 2) return EBADF;
      const dv = view();
      const mem = bytes();
      let total = 0;
      for (let i = 0; i < iovsLen; i++) {
        const base = dv.getUint32(iovs + 8 * i, true);
        const len = dv.getUint32(iovs + 8 * i + 4, true);
        if (len === 0) continue;
        const chunk = Buffer.from(mem.slice(base, base + len));
        if (fd === 1) ctx.stdout.push(chunk);
        else process.stderr.write(chunk);
        total += len;
      }
      dv.setUint32(nwrittenPtr, total, true);
      return ESUCCESS;
    },
    fd_read: (fd, iovs, iovsLen, nreadPtr) => {
      if (fd !== 0) return EBADF;
      const dv = view();
      const mem = bytes();
      let total = 0;
      for (let i = 0; i < iovsLen && ctx.stdinPos < ctx.stdin.length; i++) {
        const base = dv.getUint32(iovs + 8 * i, true);
        const len = dv.getUint32(iovs + 8 * i + 4, true);
        const n = Math.min(len, ctx.stdin.length - ctx.stdinPos);
        mem.set(ctx.stdin.subarray(ctx.stdinPos, ctx.stdinPos + n), base);
        ctx.stdinPos += n;
        total += n;
      }
      dv.setUint32(nreadPtr, total, true);
      return ESUCCESS;
    },
    fd_fdstat_get: (fd, statPtr) => {
      if (fd > 2) return EBADF;
      const dv = view();
      dv.setUint8(statPtr, 2); // filetype: character device
      dv.setUint16(statPtr + 2, 0, true); // fs_flags
      // rights: fd_read (bit 1) for stdin, fd_write (bit 6) for stdout/stderr
      dv.setBigUint64(statPtr + 8, fd === 0 ? 2n : 64n, true);
      dv.setBigUint64(statPtr + 16, 0n, true);
      return ESUCCESS;
    },
    fd_close: (fd) => (fd <= 2 ? ESUCCESS : EBADF),
    fd_seek: (fd) => (fd <= 2 ? 70 /* ESPIPE */ : EBADF),
    fd_prestat_get: () => EBADF, // no preopened directories
    fd_prestat_dir_name: () => EBADF,
    proc_exit: (code) => {
      throw new ProcExit(code);
    },
    clock_res_get: (id, resPtr) => {
      if (id > 3) return EINVAL;
      view().setBigUint64(resPtr, 1000n, true);
      return ESUCCESS;
    },
    clock_time_get: (id, _precision, timePtr) => {
      let ns;
      if (id === 0) ns = BigInt(Date.now()) * 1000000n; // realtime
      else if (id <= 3) ns = process.hrtime.bigint(); // monotonic, process/thread cputime
      else return EINVAL;
      view().setBigUint64(timePtr, ns, true);
      return ESUCCESS;
    },
    random_get: (bufPtr, len) => {
      crypto.randomFillSync(new Uint8Array(ctx.memory.buffer, bufPtr, len));
      return ESUCCESS;
    },
    sched_yield: () => ESUCCESS,
  };
  return impl;
}

// The import object for the module: our shim for what it implements, ENOSYS
// for every other wasi_snapshot_preview1 function the module imports.
function importsFor(module, ctx) {
  const wasi = makeWasi(ctx);
  const ns = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.module !== 'wasi_snapshot_preview1' || imp.kind !== 'function') continue;
    ns[imp.name] = wasi[imp.name] ?? (() => ENOSYS);
  }
  return { wasi_snapshot_preview1: ns };
}

// The CGI/WAGI environment of one request.
function cgiEnv(req, body, opts, moduleName) {
  const url = new URL(req.url, 'http://placeholder');
  let pathInfo = url.pathname;
  try {
    pathInfo = decodeURIComponent(url.pathname);
  } catch {
    // malformed percent-encoding: pass the raw path
  }
  const env = {
    REQUEST_METHOD: req.method,
    PATH_INFO: pathInfo,
    X_RAW_PATH_INFO: url.pathname,
    QUERY_STRING: url.search.slice(1),
    SERVER_NAME: opts.host,
    SERVER_PORT: String(opts.port),
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    SERVER_SOFTWARE: 'petrel-bench-node',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SCRIPT_NAME: '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '',
    X_MATCHED_ROUTE: '/...',
    X_FULL_URL: `http://${req.headers.host ?? opts.host}${req.url}`,
    CONTENT_LENGTH: String(body.length),
  };
  if (req.headers['content-type']) env.CONTENT_TYPE = req.headers['content-type'];
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === 'content-type' || name === 'content-length') continue;
    env['HTTP_' + name.toUpperCase().replace(/-/g, '_')] = Array.isArray(value) ? value.join(', ') : value;
  }
  const args = [moduleName];
  if (url.search.length > 1) args.push(...url.search.slice(1).split('&'));
  return {
    env: packStrings(Object.entries(env).map(([k, v]) => `${k}=${v}`)),
    args: packStrings(args),
  };
}

// stdout of the guest -> [status, headers, body], or null if malformed.
function parseCgi(out) {
  let sep = -1;
  let sepLen = 0;
  for (let i = 0; i < out.length; i++) {
    if (out[i] !== 0x0a) continue;
    if (out[i + 1] === 0x0a) { sep = i; sepLen = 2; break; }
    if (out[i + 1] === 0x0d && out[i + 2] === 0x0a) { sep = i; sepLen = 3; break; }
  }
  if (sep < 0) return null;
  const headers = {};
  let status = 200;
  let location = false;
  let explicitStatus = false;
  for (let line of out.subarray(0, sep).toString('latin1').split('\n')) {
    line = line.replace(/\r$/, '');
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'status') {
      status = parseInt(value, 10);
      explicitStatus = true;
      if (!(status >= 100 && status <= 999)) return null;
    } else {
      if (name === 'location') location = true;
      headers[name] = value;
    }
  }
  if (location && !explicitStatus) status = 302;
  return [status, headers, out.subarray(sep + sepLen)];
}

function serve(opts) {
  const file = path.resolve(opts.module);
  const moduleName = path.basename(file);
  const module = new WebAssembly.Module(fs.readFileSync(file)); // compiled once

  const handle = (req, res, body) => {
    const { env, args } = cgiEnv(req, body, opts, moduleName);
    const ctx = { memory: null, env, args, stdin: body, stdinPos: 0, stdout: [] };
    let exitCode = 0;
    try {
      const instance = new WebAssembly.Instance(module, importsFor(module, ctx)); // fresh per request
      ctx.memory = instance.exports.memory;
      instance.exports._start();
    } catch (e) {
      if (e instanceof ProcExit) exitCode = e.code;
      else {
        process.stderr.write(`handler error: ${e && e.stack ? e.stack : e}\n`);
        exitCode = -1;
      }
    }
    const parsed = exitCode === 0 ? parseCgi(Buffer.concat(ctx.stdout)) : null;
    if (!parsed) {
      res.writeHead(500, { 'content-type': 'text/plain', 'content-length': 15 });
      res.end('internal error\n');
      return;
    }
    const [status, headers, out] = parsed;
    headers['content-length'] = out.length;
    res.writeHead(status, headers);
    res.end(out);
  };

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => handle(req, res, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
  });
  server.keepAliveTimeout = 60000;
  server.listen(opts.port, opts.host);
}

const opts = parseArgs(process.argv.slice(2));
runWorkers(opts.workers, () => serve(opts));
