#!/usr/bin/env node
// A stand-in for `petrel serve` that only knows what the dashboard needs: it serves
// src/serve/dashboard/* at /_petrel/dashboard/ and a fake, changing stats JSON at
// /_petrel/api/stats in the shape of notes/serve-contract.md.
//
//   node tests/serve/mock_stats_server.mjs [PORT] [--host ADDR]
//
// PORT 0 (the default) picks a free port. The first line on stdout is
//   mock stats server listening on http://ADDR:PORT
//
// Routes (counted like the real server would):
//   GET|POST /hello     route "hello" (exact), 200; nothing else sends to it
//   *        /api/...   route "api" (prefix), gets a little synthetic background traffic
//   GET      /crash     route "crash" (exact), 500 "internal error (request id ID)",
//                       and a new recent error (kind "trap") with that id
//   POST     /_mock/outage?ms=N  for N ms (default 3000) the stats endpoint drops the connection
// One trap error with the fixed request id 5f3a9c0d12e4b7a8 is there from the start.
// Stops by itself after --max-seconds (default 900) so a forgotten one doesn't linger.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const FIXED_ERROR_ID = '5f3a9c0d12e4b7a8';

const here = path.dirname(fileURLToPath(import.meta.url));
const assetDir = path.resolve(here, '../../src/serve/dashboard');
const ASSETS = {
  'index.html': 'text/html; charset=utf-8',
  'dashboard.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
};

const args = process.argv.slice(2);
let port = 0, host = '127.0.0.1', maxSeconds = 900;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--host') host = args[++i];
  else if (args[i] === '--max-seconds') maxSeconds = Number(args[++i]);
  else if (/^\d+$/.test(args[i])) port = Number(args[i]);
  else { console.error(`mock_stats_server: unknown argument ${args[i]}`); process.exit(2); }
}

const started = Date.now();
const routes = [
  { name: 'hello', match: 'exact', path: '/hello', methods: ['GET', 'POST'], module: 'hello.wasm',
    version: 1, base: 0.12 },
  { name: 'api', match: 'prefix', path: '/api/', methods: [], module: 'api.wasm',
    version: 3, base: 0.9 },
  { name: 'crash', match: 'exact', path: '/crash', methods: ['GET'], module: 'crash.wasm',
    version: 1, base: 0.3 },
].map((r) => ({ ...r, requests: 0, errors: 0, traps: 0, timeouts: 0, in_flight: 0,
                lat: [], instantiate_us: 3 + Math.random() * 3 }));
const byName = new Map(routes.map((r) => [r.name, r]));

const buckets = new Map(); // unix second -> {requests, errors, lat: []}
const recentErrors = [];   // newest first, at most 50
let totalRequests = 0, totalErrors = 0;
let outageUntil = 0;

function bucket(sec) {
  let b = buckets.get(sec);
  if (!b) { b = { requests: 0, errors: 0, lat: [] }; buckets.set(sec, b); }
  return b;
}

function pct(sorted, p) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function record(route, latencyMs, error) {
  route.requests++;
  totalRequests++;
  route.lat.push(latencyMs);
  if (route.lat.length > 1000) route.lat.shift();
  const b = bucket(Math.floor(Date.now() / 1000));
  b.requests++;
  b.lat.push(latencyMs);
  if (error) {
    route.errors++;
    totalErrors++;
    b.errors++;
    if (error.kind === 'trap') route.traps++;
    if (error.kind === 'timeout') route.timeouts++;
    recentErrors.unshift({ time: new Date().toISOString(), route: route.name, ...error });
    if (recentErrors.length > 50) recentErrors.length = 50;
  }
}

function latency(route) {
  return +(route.base * (0.6 + Math.random() * 0.8) + (Math.random() < 0.05 ? route.base * 4 : 0)).toFixed(3);
}

function trapBacktrace() {
  return [
    '  0: func 3 "crash" at offset 0x1a',
    '  1: func 7 "handle_request" at offset 0x2f4',
    '  2: func 12 "__main_void" at offset 0x88',
    '  3: func 1 "_start" at offset 0x11',
  ].join('\n');
}

// History so the page has something to show at once; the fixed error is the newest.
{
  const now = Math.floor(Date.now() / 1000);
  for (let s = now - 59; s < now; s++) {
    const b = bucket(s);
    const n = 2 + Math.floor(Math.random() * 4);
    for (let i = 0; i < n; i++) {
      const r = i === 0 ? byName.get('hello') : byName.get('api');
      const l = latency(r);
      r.requests++; totalRequests++; r.lat.push(l);
      b.requests++; b.lat.push(l);
    }
  }
  const crash = byName.get('crash');
  record(crash, 0.41, {
    request_id: FIXED_ERROR_ID, method: 'GET', path: '/crash', status: 500, kind: 'trap',
    // Markup in server strings must show up as text, never as elements.
    message: 'unreachable executed <img src=x onerror="window.__petrelXss=1">',
    backtrace: trapBacktrace(),
  });
}

// Synthetic background traffic on "api" only, so "hello" moves only when asked to.
const api = byName.get('api');
const background = setInterval(() => {
  const n = Math.floor(Math.random() * 3);
  for (let i = 0; i < n; i++) {
    if (Math.random() < 0.004) {
      record(api, 5000, {
        request_id: crypto.randomBytes(8).toString('hex'), method: 'POST', path: '/api/orders',
        status: 504, kind: 'timeout', message: 'deadline of 5s exceeded',
        backtrace: '  0: func 9 "poll_oneoff" at offset 0x140\n  1: func 4 "wait_for_work" at offset 0x9c',
      });
    } else {
      record(api, latency(api), null);
    }
  }
  api.in_flight = Math.random() < 0.3 ? 1 : 0;
}, 200);
background.unref();

function stats() {
  const nowSec = Math.floor(Date.now() / 1000);
  for (const s of buckets.keys()) if (s < nowSec - 120) buckets.delete(s);
  const rate = [];
  for (let s = nowSec - 59; s <= nowSec; s++) {
    const b = buckets.get(s) || { requests: 0, errors: 0, lat: [] };
    const sorted = [...b.lat].sort((a, c) => a - c);
    rate.push({ t: s, requests: b.requests, errors: b.errors,
                p50_ms: +pct(sorted, 0.5).toFixed(3), p99_ms: +pct(sorted, 0.99).toFixed(3) });
  }
  return {
    version: '0.9.0-mock',
    uptime_s: +((Date.now() - started) / 1000).toFixed(1),
    workers: 2,
    draining: false,
    totals: { requests: totalRequests, errors: totalErrors,
              in_flight: routes.reduce((a, r) => a + r.in_flight, 0) },
    routes: routes.map((r) => {
      const sorted = [...r.lat].sort((a, c) => a - c);
      return { name: r.name, match: r.match, path: r.path, methods: r.methods, module: r.module,
               version: r.version, requests: r.requests, errors: r.errors, traps: r.traps,
               timeouts: r.timeouts, in_flight: r.in_flight,
               p50_ms: +pct(sorted, 0.5).toFixed(3), p99_ms: +pct(sorted, 0.99).toFixed(3),
               instantiate_us: +r.instantiate_us.toFixed(1) };
    }),
    rate,
    recent_errors: recentErrors,
  };
}

function send(res, status, type, body, extra = {}) {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body),
                          'cache-control': 'no-store',
                          'x-request-id': crypto.randomBytes(8).toString('hex'), ...extra });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://mock');
  const p = url.pathname;
  req.resume();
  if (p === '/_petrel/dashboard') {
    return send(res, 301, 'text/plain', 'moved\n', { location: '/_petrel/dashboard/' });
  }
  if (p.startsWith('/_petrel/dashboard/')) {
    const file = p.slice('/_petrel/dashboard/'.length) || 'index.html';
    if (!Object.hasOwn(ASSETS, file)) return send(res, 404, 'text/plain', 'not found\n');
    return send(res, 200, ASSETS[file], fs.readFileSync(path.join(assetDir, file), 'utf8'));
  }
  if (p === '/_petrel/api/stats') {
    if (Date.now() < outageUntil) { req.socket.destroy(); return; }
    return send(res, 200, 'application/json', JSON.stringify(stats()));
  }
  if (p === '/_petrel/health') return send(res, 200, 'text/plain', 'ok');
  if (p === '/_mock/outage' && req.method === 'POST') {
    const ms = Number(url.searchParams.get('ms') || 3000);
    outageUntil = Date.now() + ms;
    return send(res, 200, 'text/plain', `stats down for ${ms} ms\n`);
  }
  if (p === '/hello') {
    const r = byName.get('hello');
    if (!r.methods.includes(req.method)) return send(res, 405, 'text/plain', 'method not allowed\n');
    record(r, latency(r), null);
    return send(res, 200, 'text/plain', 'hello from the mock\n');
  }
  if (p.startsWith('/api/')) {
    record(api, latency(api), null);
    return send(res, 200, 'application/json', '{"ok":true}');
  }
  if (p === '/crash') {
    const id = crypto.randomBytes(8).toString('hex');
    record(byName.get('crash'), latency(byName.get('crash')), {
      request_id: id, method: req.method, path: p, status: 500, kind: 'trap',
      message: 'unreachable executed', backtrace: trapBacktrace(),
    });
    return send(res, 500, 'text/plain', `internal error (request id ${id})\n`, { 'x-request-id': id });
  }
  return send(res, 404, 'text/plain', 'no route\n');
});

server.listen(port, host, () => {
  const a = server.address();
  const shown = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  process.stdout.write(`mock stats server listening on http://${shown}:${a.port}\n`);
});

const stop = () => { server.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setTimeout(stop, maxSeconds * 1000).unref();
