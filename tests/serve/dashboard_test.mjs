#!/usr/bin/env node
// End-to-end test of the petrel serve dashboard in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core; tests/serve/dashboard_setup.sh installs both).
//
//   node tests/serve/dashboard_test.mjs BASE_URL [--expect-route NAME]... [--expect-error-request-id ID]...
//        [--traffic PATH [--traffic-route NAME] [--traffic-count N]] [--outage PATH] [--screenshot FILE]
//   node tests/serve/dashboard_test.mjs --self-check [--screenshot FILE]
//
// BASE_URL is the server's root, e.g. http://127.0.0.1:8080. The page under test is
// BASE_URL/_petrel/dashboard/. Each expected route must already have served a request.
// --traffic PATH: the test sends --traffic-count (default 5) GETs to BASE_URL+PATH and expects the
//   request count of --traffic-route (default: the first --expect-route) to grow by that much.
// --outage PATH: (mock only) POST BASE_URL+PATH makes the stats endpoint fail for 3 s; the page must
//   show "disconnected" and then "live" again.
// --self-check: starts tests/serve/mock_stats_server.mjs on a free port and runs every check on it.
// Prints "PASS name" / "FAIL name: why" per check and "N passed, N failed"; exits 1 on any failure.
//
// playwright-core is found through NODE_PATH / node_modules, or else in
// ${PETREL_NPM_CACHE:-$HOME/.cache/petrel-npm}/dashboard/node_modules. PETREL_CHROMIUM overrides
// the browser path.

import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.PETREL_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const MOCK_ERROR_ID = '5f3a9c0d12e4b7a8'; // fixed in mock_stats_server.mjs
const WATCHDOG_S = 150;

let passed = 0, failed = 0;
function pass(name, detail) { passed++; console.log(`PASS ${name}${detail ? ` (${detail})` : ''}`); }
function fail(name, why) { failed++; console.log(`FAIL ${name}: ${why}`); }
function check(name, ok, why, detail) { if (ok) pass(name, detail); else fail(name, why); return ok; }
function summary() { console.log(`${passed} passed, ${failed} failed`); }

function usage(msg) {
  if (msg) console.error(`dashboard_test: ${msg}`);
  console.error('usage: node tests/serve/dashboard_test.mjs BASE_URL [--expect-route NAME]... ' +
                '[--expect-error-request-id ID]... [--traffic PATH] [--traffic-route NAME] ' +
                '[--traffic-count N] [--outage PATH] [--screenshot FILE] | --self-check');
  process.exit(2);
}

function parseArgs(argv) {
  const o = { base: null, routes: [], errorIds: [], traffic: null, trafficRoute: null,
              trafficCount: 5, outage: null, screenshot: null, selfCheck: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
    if (a === '--expect-route') o.routes.push(val());
    else if (a === '--expect-error-request-id') o.errorIds.push(val());
    else if (a === '--traffic') o.traffic = val();
    else if (a === '--traffic-route') o.trafficRoute = val();
    else if (a === '--traffic-count') o.trafficCount = Math.max(1, parseInt(val(), 10) || 5);
    else if (a === '--outage') o.outage = val();
    else if (a === '--screenshot') o.screenshot = val();
    else if (a === '--self-check') o.selfCheck = true;
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else if (!o.base) o.base = a;
    else usage(`unexpected argument ${a}`);
  }
  if (!o.base && !o.selfCheck) usage('BASE_URL is required');
  if (o.traffic && !o.traffic.startsWith('/')) o.traffic = '/' + o.traffic;
  if (o.outage && !o.outage.startsWith('/')) o.outage = '/' + o.outage;
  return o;
}

function loadPlaywright() {
  const require = createRequire(import.meta.url);
  const cache = process.env.PETREL_NPM_CACHE || path.join(os.homedir(), '.cache', 'petrel-npm');
  const candidates = ['playwright-core', path.join(cache, 'dashboard', 'node_modules', 'playwright-core')];
  for (const c of candidates) {
    try { return require(c); } catch (e) { if (e.code !== 'MODULE_NOT_FOUND') throw e; }
  }
  return null;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls fn() until it returns a truthy value or the time runs out; returns the last value.
async function waitFor(fn, timeoutMs, stepMs = 200) {
  const end = Date.now() + timeoutMs;
  let v;
  for (;;) {
    try { v = await fn(); } catch (e) { v = undefined; }
    if (v && v.ok !== false) return v;
    if (Date.now() >= end) return v;
    await sleep(stepMs);
  }
}

async function startMock() {
  const child = spawn(process.execPath, [path.join(here, 'mock_stats_server.mjs'), '0', '--max-seconds', '300'],
                      { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    const t = setTimeout(() => reject(new Error('mock server did not start in 10 s')), 10000);
    child.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(t); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(t); reject(new Error(`mock server exited (${code})`)); });
  });
  child.stdout.resume();
  return { child, url };
}

// ---- in-page probes (run in the browser) -------------------------------------

function probeRoute(name) {
  const row = [...document.querySelectorAll('#routes tr[data-route]')]
    .find((tr) => tr.getAttribute('data-route') === name);
  if (!row) return { found: false };
  const cell = (c) => row.querySelector(`[data-col="${c}"]`);
  const req = cell('requests');
  const v = req ? Number(req.getAttribute('data-value') || String(req.textContent).replace(/[^0-9.]/g, '')) : NaN;
  return { found: true, nameText: cell('name') ? cell('name').textContent.trim() : row.textContent,
           requests: v, text: row.textContent.replace(/\s+/g, ' ').trim() };
}

function probeError(id) {
  const item = [...document.querySelectorAll('#errors [data-request-id]')]
    .find((n) => n.getAttribute('data-request-id') === id);
  if (!item) return { found: false, ids: [...document.querySelectorAll('#errors [data-request-id]')].map((n) => n.getAttribute('data-request-id')).slice(0, 5) };
  const pre = item.querySelector('pre');
  return { found: true, backtrace: pre ? pre.textContent : '', text: item.textContent,
           message: (item.querySelector('.msg') || {}).textContent || '' };
}

function probeChart() {
  const c = document.getElementById('rate-chart');
  if (!c) return { exists: false };
  if (c instanceof HTMLCanvasElement) {
    if (!c.width || !c.height) return { exists: true, kind: 'canvas', painted: 0, colors: 0 };
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    const colors = new Set();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0) {
        painted++;
        if (colors.size < 64) colors.add((data[i] >> 4) << 8 | (data[i + 1] >> 4) << 4 | (data[i + 2] >> 4));
      }
    }
    return { exists: true, kind: 'canvas', painted, colors: colors.size, points: Number(c.getAttribute('data-points') || 0),
             size: `${c.width}x${c.height}` };
  }
  const shapes = c.querySelectorAll('path, rect, line, polyline, circle').length;
  return { exists: true, kind: c.tagName.toLowerCase(), painted: shapes, colors: shapes,
           points: Number(c.getAttribute('data-points') || shapes) };
}

// ---- main --------------------------------------------------------------------

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const watchdog = setTimeout(() => {
    fail('watchdog', `test did not finish in ${WATCHDOG_S} s`);
    summary();
    process.exit(1);
  }, WATCHDOG_S * 1000);
  watchdog.unref();

  let mock = null;
  const cleanups = [];
  const cleanup = async () => { for (const c of cleanups.reverse()) { try { await c(); } catch {} } };

  try {
    if (o.selfCheck) {
      try { mock = await startMock(); } catch (e) { fail('mock server', e.message); return; }
      cleanups.push(() => mock.child.kill('SIGTERM'));
      o.base = mock.url;
      if (!o.routes.length) o.routes = ['hello', 'api', 'crash'];
      if (!o.errorIds.length) o.errorIds = [MOCK_ERROR_ID];
      o.traffic = o.traffic || '/hello';
      o.trafficRoute = o.trafficRoute || 'hello';
      o.outage = o.outage || '/_mock/outage';
      console.log(`# self-check against the mock at ${mock.url}`);
    }
    const base = o.base.replace(/\/+$/, '');
    const dashUrl = `${base}/_petrel/dashboard/`;
    const trafficRoute = o.trafficRoute || o.routes[0];

    const pw = loadPlaywright();
    if (!pw) {
      fail('playwright-core', 'not found via NODE_PATH or the npm cache; run tests/serve/dashboard_setup.sh');
      return;
    }
    if (!fs.existsSync(CHROMIUM)) {
      fail('chromium', `${CHROMIUM} is missing; run tests/serve/dashboard_setup.sh`);
      return;
    }

    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'petrel-dashboard-'));
    cleanups.push(() => fs.rmSync(userDataDir, { recursive: true, force: true }));
    let context;
    try {
      context = await pw.chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS,
        viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1, timeout: 30000,
      });
    } catch (e) {
      fail('launch chromium', String(e.message || e).split('\n')[0]);
      return;
    }
    cleanups.push(() => context.close());
    const page = context.pages()[0] || await context.newPage();

    // Everything the page reports that looks like a problem, with a timestamp.
    const problems = [];
    const assets = new Map();
    page.on('console', (m) => { if (m.type() === 'error') problems.push({ at: Date.now(), what: `console error: ${m.text()}`, url: (m.location() || {}).url || '' }); });
    page.on('pageerror', (e) => problems.push({ at: Date.now(), what: `page error: ${e.message}`, url: '' }));
    page.on('requestfailed', (r) => problems.push({ at: Date.now(), what: `request failed: ${r.url()} (${(r.failure() || {}).errorText || '?'})`, url: r.url() }));
    page.on('response', (r) => {
      assets.set(new URL(r.url()).pathname, r.status());
      if (r.status() >= 400) problems.push({ at: Date.now(), what: `HTTP ${r.status()} for ${r.url()}`, url: r.url() });
    });

    // 1. The page and its assets load.
    let resp = null;
    try { resp = await page.goto(dashUrl, { waitUntil: 'load', timeout: 15000 }); } catch (e) {
      fail('dashboard loads', `${dashUrl}: ${String(e.message || e).split('\n')[0]}`);
      return;
    }
    const js = assets.get('/_petrel/dashboard/dashboard.js'), css = assets.get('/_petrel/dashboard/dashboard.css');
    if (!check('dashboard loads', resp && resp.ok() && js === 200 && css === 200,
               `page ${resp ? resp.status() : 'no response'}, dashboard.js ${js ?? 'not requested'}, dashboard.css ${css ?? 'not requested'}`,
               dashUrl)) return;

    // 2. Connection state.
    const st = await waitFor(() => page.evaluate(() => {
      const s = document.getElementById('status');
      return s && s.textContent.trim() === 'live' ? { ok: true } : { ok: false, text: s ? s.textContent.trim() : '(no #status)' };
    }), 10000);
    check('status live', st && st.ok, `#status is "${st && st.text}" after 10 s`);

    // 3. Header.
    const hdr = await waitFor(() => page.evaluate(() => {
      const t = (id) => (document.getElementById(id) || {}).textContent?.trim() || '';
      const r = { version: t('version'), uptime: t('uptime'), workers: t('workers'), state: t('draining') };
      r.ok = [r.version, r.uptime, r.workers, r.state].every((x) => x && x !== '—');
      return r;
    }), 5000);
    check('header', hdr && hdr.ok, `version "${hdr?.version}", uptime "${hdr?.uptime}", workers "${hdr?.workers}", state "${hdr?.state}"`,
          hdr && `${hdr.version}, up ${hdr.uptime}, ${hdr.workers} workers, ${hdr.state}`);

    // 4. Routes.
    for (const name of o.routes) {
      const r = await waitFor(async () => {
        const v = await page.evaluate(probeRoute, name);
        v.ok = v.found && v.nameText === name && v.requests > 0;
        return v;
      }, 10000);
      if (!r || !r.found) fail(`route ${name}`, 'no tr[data-route] row for it in #routes');
      else check(`route ${name}`, r.ok, r.nameText !== name ? `name cell says "${r.nameText}"` : `request count is ${r.requests}`,
                 `${r.requests} requests`);
    }

    // 5. Live update after traffic.
    if (o.traffic) {
      const name = `live update ${trafficRoute}`;
      const before = await page.evaluate(probeRoute, trafficRoute);
      if (!before.found) fail(name, `no row for route ${trafficRoute}`);
      else {
        let sendErr = null;
        const statuses = [];
        for (let i = 0; i < o.trafficCount; i++) {
          try {
            const r = await fetch(base + o.traffic, { signal: AbortSignal.timeout(5000) });
            statuses.push(r.status);
            await r.arrayBuffer();
          } catch (e) { sendErr = e; break; }
        }
        if (sendErr) fail(name, `GET ${o.traffic}: ${sendErr.message}`);
        else {
          const want = before.requests + o.trafficCount;
          const after = await waitFor(async () => {
            const v = await page.evaluate(probeRoute, trafficRoute);
            v.ok = v.found && v.requests >= want;
            return v;
          }, 6000);
          check(name, after && after.ok,
                `requests ${before.requests} -> ${after ? after.requests : '?'} after ${o.trafficCount} GETs ${o.traffic} (statuses ${statuses.join(',')}), wanted >= ${want}`,
                `${before.requests} -> ${after.requests}`);
        }
      }
    }

    // 6. Chart and current rate (after the traffic, so the last 60 s are not empty).
    const ch = await waitFor(async () => {
      const v = await page.evaluate(probeChart);
      v.ok = v.exists && v.painted > 0 && v.points > 0;
      return v;
    }, 5000);
    if (!ch || !ch.exists) fail('rate chart drawn', 'no #rate-chart element');
    else check('rate chart drawn', ch.ok, `painted ${ch.painted} pixels/shapes, ${ch.points} data points`,
               `${ch.kind} ${ch.size || ''} ${ch.painted} painted px, ${ch.colors} colours, ${ch.points} points`.replace(/\s+/g, ' '));
    const rn = await page.evaluate(() => (document.getElementById('rate-now') || {}).textContent?.trim() ?? null);
    check('rate now', rn !== null && /^[0-9][0-9,]*(\.[0-9]+)?$/.test(rn), rn === null ? 'no #rate-now' : `#rate-now is "${rn}"`, `${rn} req/s`);

    // 7. Recent errors with backtraces.
    for (const id of o.errorIds) {
      const name = `error ${id}`;
      const e = await waitFor(async () => {
        const v = await page.evaluate(probeError, id);
        v.ok = v.found;
        return v;
      }, 10000);
      if (!e || !e.found) { fail(name, `no [data-request-id="${id}"] in #errors (first ids: ${(e?.ids || []).join(', ') || 'none'})`); continue; }
      const bt = (e.backtrace || '').trim();
      if (!check(`${name} backtrace`, bt.length > 0 && bt !== '(no backtrace)', `backtrace text is "${bt}"`,
                 `${bt.split('\n').length} lines`)) continue;
      // Expanding it shows the backtrace.
      const handle = await page.evaluateHandle((rid) => [...document.querySelectorAll('#errors [data-request-id]')]
        .find((n) => n.getAttribute('data-request-id') === rid), id);
      const item = handle.asElement();
      const summaryEl = item && await item.$('summary');
      const preEl = item && await item.$('pre');
      if (summaryEl && preEl && !(await preEl.isVisible())) await summaryEl.click();
      check(`${name} expands`, !!preEl && await preEl.isVisible(), 'backtrace <pre> not visible after clicking the summary');
    }

    // 8. Server strings are shown as text, not markup.
    const inj = await page.evaluate(() => ({
      elements: document.body.querySelectorAll('script, img, iframe, object, embed, link, style').length,
      flag: typeof window.__petrelXss !== 'undefined',
    }));
    let injDetail = '';
    if (o.selfCheck) {
      const e = await page.evaluate(probeError, MOCK_ERROR_ID);
      inj.literal = e.found && e.message.includes('<img src=x');
      injDetail = inj.literal ? 'markup in a message shown literally' : '';
    }
    check('server strings escaped', inj.elements === 0 && !inj.flag && inj.literal !== false,
          `${inj.elements} injected elements, xss flag ${inj.flag}, literal text shown ${inj.literal}`, injDetail);

    // 9. Disconnected state and recovery (mock only).
    let outage = null;
    if (o.outage) {
      const t0 = Date.now();
      let ok = false, why = '';
      try {
        const r = await fetch(`${base}${o.outage}?ms=3000`, { method: 'POST', signal: AbortSignal.timeout(5000) });
        if (!r.ok) why = `POST ${o.outage}: HTTP ${r.status}`;
      } catch (e) { why = `POST ${o.outage}: ${e.message}`; }
      if (!why) {
        const down = await waitFor(() => page.evaluate(() => {
          const s = document.getElementById('status');
          const b = document.getElementById('banner');
          return { ok: s.textContent.trim() === 'disconnected', text: s.textContent.trim(), banner: b && !b.hidden };
        }), 5000);
        if (!down || !down.ok) why = `#status stayed "${down?.text}" while the stats endpoint was down`;
        else if (!down.banner) why = 'no visible banner while disconnected';
        else {
          const up = await waitFor(() => page.evaluate(() => {
            const s = document.getElementById('status');
            return { ok: s.textContent.trim() === 'live', text: s.textContent.trim() };
          }), 10000);
          if (!up || !up.ok) why = `#status is "${up?.text}" after the stats endpoint came back`;
          else ok = true;
        }
      }
      outage = { from: t0, to: Date.now() + 500 };
      check('disconnected and recovered', ok, why, `${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }

    if (o.screenshot) {
      try {
        await page.waitForTimeout(1200); // one more poll, so the picture is of a live page
        await page.screenshot({ path: o.screenshot, fullPage: true });
        console.log(`# screenshot: ${o.screenshot}`);
      } catch (e) { fail('screenshot', e.message); }
    }

    // 10. Nothing went wrong on the page (a stats outage we caused is expected to fail requests).
    const statsPath = '/_petrel/api/stats';
    const real = problems.filter((p) => !(outage && p.at >= outage.from && p.at <= outage.to &&
      (p.url.includes(statsPath) || /Failed to load resource|ERR_EMPTY_RESPONSE|ERR_CONNECTION/.test(p.what))));
    check('no console errors or failed requests', real.length === 0,
          real.slice(0, 5).map((p) => p.what).join('; ') + (real.length > 5 ? `; and ${real.length - 5} more` : ''),
          outage ? `${problems.length - real.length} expected failures during the outage ignored` : '');
  } finally {
    await cleanup();
    clearTimeout(watchdog);
  }
}

main().catch((e) => { fail('test script', e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : String(e)); })
  .finally(() => { summary(); process.exitCode = failed > 0 || passed === 0 ? 1 : 0; });
