// petrel serve dashboard. Polls the stats JSON once a second and renders it.
// Every string that comes from the server goes into the page through textContent
// (or an attribute), never through innerHTML.
(function () {
  'use strict';

  var POLL_MS = 1000;
  var FETCH_TIMEOUT_MS = 3000;
  var WINDOW_S = 60;

  // Resolve the stats URL against this script's own URL
  // (/_petrel/dashboard/dashboard.js -> /_petrel/api/stats), so the page works
  // whether it was opened as /_petrel/dashboard/ or /_petrel/dashboard/index.html.
  var scriptUrl = (document.currentScript && document.currentScript.src) || window.location.href;
  var STATS_URL = new URL('../api/stats', scriptUrl).toString();

  var el = {};
  var state = {
    lastStats: null,
    lastOkAt: 0,          // Date.now() of the last successful poll
    prevTotal: null,      // {requests, uptime, at} of the previous poll, for req/s
    rateNow: null,
    connected: null,
    failures: 0,
    routeRows: new Map(), // route name -> <tr>
    errorItems: new Map() // request id -> <details>
  };

  // ---- small helpers -------------------------------------------------------

  function $(id) { return document.getElementById(id); }

  function make(tag, className, text) {
    var n = document.createElement(tag);
    if (className) n.className = className;
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }

  function num(v) {
    var n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n) ? n : null;
  }

  function str(v) {
    if (v === undefined || v === null) return '';
    return String(v);
  }

  function fmtInt(v) {
    var n = num(v);
    if (n === null) return '—';
    return Math.round(n).toLocaleString('en-US');
  }

  // Latency / duration: keep about three significant digits.
  function fmtDec(v) {
    var n = num(v);
    if (n === null) return '—';
    var a = Math.abs(n);
    if (a === 0) return '0';
    if (a < 0.01) return n.toFixed(3);
    if (a < 10) return n.toFixed(2);
    if (a < 100) return n.toFixed(1);
    return Math.round(n).toLocaleString('en-US');
  }

  function fmtRate(v) {
    var n = num(v);
    if (n === null) return '—';
    if (n < 10) return n.toFixed(1);
    return Math.round(n).toLocaleString('en-US');
  }

  function fmtUptime(v) {
    var s = num(v);
    if (s === null) return '—';
    s = Math.max(0, Math.floor(s));
    var d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24,
        m = Math.floor(s / 60) % 60, sec = s % 60;
    if (d > 0) return d + 'd ' + h + 'h ' + m + 'm';
    if (h > 0) return h + 'h ' + m + 'm ' + sec + 's';
    if (m > 0) return m + 'm ' + sec + 's';
    return sec + 's';
  }

  function pad(n, w) { n = String(n); while (n.length < w) n = '0' + n; return n; }

  function fmtTime(iso) {
    var t = Date.parse(str(iso));
    if (!Number.isFinite(t)) return str(iso) || '—';
    var d = new Date(t);
    var today = new Date();
    var hms = pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2) +
              '.' + pad(d.getMilliseconds(), 3);
    if (d.toDateString() === today.toDateString()) return hms;
    return d.getFullYear() + '-' + pad(d.getMonth() + 1, 2) + '-' + pad(d.getDate(), 2) + ' ' + hms;
  }

  function setText(node, text) {
    text = str(text);
    if (node.textContent !== text) node.textContent = text;
  }

  function setNumCell(td, value, text, badWhenPositive) {
    setText(td, text);
    var n = num(value);
    td.setAttribute('data-value', n === null ? '' : String(n));
    td.classList.toggle('zero', n === 0);
    td.classList.toggle('bad', !!badWhenPositive && n !== null && n > 0);
  }

  // ---- connection state ----------------------------------------------------

  function setConnected(ok, why) {
    if (ok) {
      state.failures = 0;
    } else {
      state.failures++;
    }
    if (state.connected === ok && ok) return;
    state.connected = ok;
    el.status.setAttribute('data-state', ok ? 'live' : 'disconnected');
    setText(el.status, ok ? 'live' : 'disconnected');
    document.body.classList.toggle('stale', !ok);
    if (ok) {
      el.banner.hidden = true;
      setText(el.banner, '');
    } else {
      el.banner.hidden = false;
      setText(el.banner, 'Lost contact with the server (' + why + '). Showing the last data received; retrying every second.');
    }
  }

  function updateAge() {
    if (!state.lastOkAt) { setText(el.updated, ''); return; }
    var age = Math.floor((Date.now() - state.lastOkAt) / 1000);
    setText(el.updated, state.connected ? '' : 'last update ' + age + ' s ago');
  }

  // ---- header + totals -----------------------------------------------------

  function renderHeader(s) {
    setText(el.version, s.version !== undefined ? 'v' + str(s.version).replace(/^v/, '') : '—');
    setText(el.uptime, fmtUptime(s.uptime_s));
    setText(el.workers, num(s.workers) === null ? '—' : fmtInt(s.workers));
    var draining = s.draining === true;
    setText(el.draining, draining ? 'draining' : 'serving');
    el.draining.className = 'badge ' + (draining ? 'draining' : 'serving');
    var t = s.totals || {};
    setText(el.totalRequests, fmtInt(t.requests));
    setText(el.totalErrors, fmtInt(t.errors));
    setText(el.totalInFlight, fmtInt(t.in_flight));
  }

  // Current req/s: the growth of totals.requests between two polls over the
  // server's own clock (uptime_s); before there are two polls, the newest
  // second of the rate series.
  function updateRateNow(s) {
    var t = s.totals || {};
    var req = num(t.requests), up = num(s.uptime_s), now = performance.now();
    var prev = state.prevTotal;
    var rate = null;
    if (prev && req !== null && prev.requests !== null && req >= prev.requests) {
      var dt = (up !== null && prev.uptime !== null && up > prev.uptime) ? up - prev.uptime
                                                                         : (now - prev.at) / 1000;
      if (dt > 0.05) rate = (req - prev.requests) / dt;
    }
    if (rate === null) {
      var series = Array.isArray(s.rate) ? s.rate : [];
      var last = series.length ? series[series.length - 1] : null;
      rate = last ? num(last.requests) : null;
    }
    state.prevTotal = { requests: req, uptime: up, at: now };
    if (rate !== null) state.rateNow = rate;
    setText(el.rateNow, state.rateNow === null ? '—' : fmtRate(state.rateNow));
    el.rateNow.setAttribute('data-value', state.rateNow === null ? '' : String(state.rateNow));
  }

  // ---- routes --------------------------------------------------------------

  var ROUTE_COLS = ['name', 'match', 'methods', 'module', 'requests', 'errors', 'traps',
                    'timeouts', 'in_flight', 'p50_ms', 'p99_ms', 'instantiate_us'];
  var NUM_COLS = { requests: 1, errors: 1, traps: 1, timeouts: 1, in_flight: 1,
                   p50_ms: 1, p99_ms: 1, instantiate_us: 1 };

  function makeRouteRow(name) {
    var tr = make('tr');
    tr.setAttribute('data-route', name);
    var cells = {};
    ROUTE_COLS.forEach(function (c) {
      var td = make('td', NUM_COLS[c] ? 'num' : c);
      td.setAttribute('data-col', c);
      tr.appendChild(td);
      cells[c] = td;
    });
    // match: "<kind> <path>" as two spans.
    cells.matchKind = cells.match.appendChild(make('span', 'match'));
    cells.matchPath = cells.match.appendChild(make('span', 'path'));
    cells.moduleName = cells.module.appendChild(make('span', 'module'));
    cells.moduleVer = cells.module.appendChild(make('span', 'modver'));
    tr._cells = cells;
    return tr;
  }

  function renderRoutes(s) {
    var routes = Array.isArray(s.routes) ? s.routes : [];
    var seen = new Set();
    var body = el.routesBody;
    var before = body.firstChild;
    routes.forEach(function (r) {
      if (!r || typeof r !== 'object') return;
      var name = str(r.name);
      if (seen.has(name)) return;
      seen.add(name);
      var tr = state.routeRows.get(name);
      if (!tr) { tr = makeRouteRow(name); state.routeRows.set(name, tr); }
      var c = tr._cells;
      setText(c.name, name);
      setText(c.matchKind, str(r.match) || 'exact');
      setText(c.matchPath, str(r.path));
      var methods = Array.isArray(r.methods) ? r.methods.map(str) : [];
      setText(c.methods, methods.length ? methods.join(', ') : 'any');
      setText(c.moduleName, str(r.module) || '—');
      setText(c.moduleVer, r.version === undefined || r.version === null ? '' : 'v' + str(r.version));
      setNumCell(c.requests, r.requests, fmtInt(r.requests));
      setNumCell(c.errors, r.errors, fmtInt(r.errors), true);
      setNumCell(c.traps, r.traps, fmtInt(r.traps), true);
      setNumCell(c.timeouts, r.timeouts, fmtInt(r.timeouts), true);
      setNumCell(c.in_flight, r.in_flight, fmtInt(r.in_flight));
      setNumCell(c.p50_ms, r.p50_ms, fmtDec(r.p50_ms));
      setNumCell(c.p99_ms, r.p99_ms, fmtDec(r.p99_ms));
      setNumCell(c.instantiate_us, r.instantiate_us, fmtDec(r.instantiate_us));
      // Keep the server's order, moving rows only when needed.
      if (tr !== before) body.insertBefore(tr, before);
      else before = before.nextSibling;
    });
    state.routeRows.forEach(function (tr, name) {
      if (!seen.has(name)) { tr.remove(); state.routeRows.delete(name); }
    });
    el.routesEmpty.hidden = seen.size > 0;
  }

  // ---- recent errors -------------------------------------------------------

  function makeErrorItem(e, id) {
    var d = make('details', 'err');
    d.setAttribute('data-request-id', id);
    d.setAttribute('data-kind', str(e.kind));
    var sum = make('summary');
    var time = make('span', 'time', fmtTime(e.time));
    time.title = str(e.time);
    sum.appendChild(time);
    sum.appendChild(make('span', 'code', str(e.status) || '—'));
    if (str(e.kind)) sum.appendChild(make('span', 'kind', e.kind));
    sum.appendChild(make('span', 'route', str(e.route) || '—'));
    sum.appendChild(make('span', 'req', (str(e.method) + ' ' + str(e.path)).trim()));
    var rid = make('span', 'rid', 'request ' + id);
    rid.title = 'request id';
    sum.appendChild(rid);
    sum.appendChild(make('span', 'msg', str(e.message) || '(no message)'));
    d.appendChild(sum);
    var bt = str(e.backtrace);
    var pre = make('pre', 'backtrace', bt.length ? bt : '(no backtrace)');
    pre.setAttribute('data-testid', 'backtrace');
    d.appendChild(pre);
    return d;
  }

  function renderErrors(s) {
    var errors = Array.isArray(s.recent_errors) ? s.recent_errors : [];
    var seen = new Set();
    var box = el.errors;
    var before = box.firstChild;
    errors.forEach(function (e, i) {
      if (!e || typeof e !== 'object') return;
      var id = str(e.request_id) || ('#' + i + ' ' + str(e.time));
      if (seen.has(id)) return;
      seen.add(id);
      var item = state.errorItems.get(id);
      if (!item) { item = makeErrorItem(e, id); state.errorItems.set(id, item); }
      // Existing items keep their open/closed state when they move.
      if (item !== before) box.insertBefore(item, before);
      else before = before.nextSibling;
    });
    state.errorItems.forEach(function (item, id) {
      if (!seen.has(id)) { item.remove(); state.errorItems.delete(id); }
    });
    el.errorsEmpty.hidden = seen.size > 0;
  }

  // ---- chart ---------------------------------------------------------------

  function niceCeil(v) {
    if (!(v > 0)) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var m = v / p;
    var n = m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10;
    return n * p;
  }

  function axisLabel(v) {
    if (v === 0) return '0';
    if (v >= 1000) return (v / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 }) + 'k';
    if (v >= 10) return String(Math.round(v));
    if (v >= 1) return String(Math.round(v * 10) / 10);
    return String(Number(v.toPrecision(2)));
  }

  function cssVar(name, fallback) {
    var v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return v || fallback;
  }

  function drawChart() {
    var canvas = el.chart;
    var s = state.lastStats;
    var series = s && Array.isArray(s.rate) ? s.rate.filter(function (p) {
      return p && num(p.t) !== null;
    }) : [];
    series.sort(function (a, b) { return a.t - b.t; });

    var dpr = window.devicePixelRatio || 1;
    var w = Math.max(200, canvas.clientWidth), h = Math.max(120, canvas.clientHeight);
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    var ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);

    var colors = {
      grid: cssVar('--grid', '#e9ebef'), muted: cssVar('--muted', '#6b7383'),
      req: cssVar('--req', '#6f96e6'), err: cssVar('--err', '#d94a4a'),
      p50: cssVar('--p50', '#1e9b78'), p99: cssVar('--p99', '#c9761c')
    };
    var padL = 44, padR = 48, padT = 22, padB = 22;
    var pw = w - padL - padR, ph = h - padT - padB;
    var end = series.length ? num(series[series.length - 1].t) : Math.floor(Date.now() / 1000);
    var start = end - WINDOW_S + 1;
    var inWin = series.filter(function (p) { return p.t >= start && p.t <= end; });

    var maxReq = 0, maxMs = 0;
    inWin.forEach(function (p) {
      maxReq = Math.max(maxReq, num(p.requests) || 0, num(p.errors) || 0);
      maxMs = Math.max(maxMs, num(p.p50_ms) || 0, num(p.p99_ms) || 0);
    });
    var yReqMax = niceCeil(maxReq), yMsMax = niceCeil(maxMs);
    var slot = pw / WINDOW_S;
    function x(t) { return padL + (t - start) * slot; }
    function yReq(v) { return padT + ph - (v / yReqMax) * ph; }
    function yMs(v) { return padT + ph - (v / yMsMax) * ph; }

    // Grid and axes.
    ctx.font = '11px ' + cssVar('--sans', 'sans-serif');
    ctx.lineWidth = 1;
    ctx.strokeStyle = colors.grid;
    ctx.fillStyle = colors.muted;
    var ticks = 5; // niceCeil gives 1, 2, 2.5, 5 or 10 times a power of ten: fifths stay round
    for (var i = 0; i <= ticks; i++) {
      var gy = Math.round(padT + ph - (i / ticks) * ph) + 0.5;
      ctx.beginPath(); ctx.moveTo(padL, gy); ctx.lineTo(padL + pw, gy); ctx.stroke();
      ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
      ctx.fillText(axisLabel(yReqMax * i / ticks), padL - 6, gy);
      ctx.textAlign = 'left';
      ctx.fillText(axisLabel(yMsMax * i / ticks), padL + pw + 6, gy);
    }
    ctx.textBaseline = 'top';
    [[-60, 'left'], [-45, 'center'], [-30, 'center'], [-15, 'center'], [0, 'right']].forEach(function (m) {
      var tx = padL + ((m[0] + WINDOW_S) / WINDOW_S) * pw;
      ctx.textAlign = m[1];
      ctx.fillText(m[0] === 0 ? 'now' : m[0] + ' s', tx, padT + ph + 6);
    });
    ctx.save();
    ctx.textBaseline = 'top'; ctx.textAlign = 'left';
    ctx.fillText('req/s', 2, 0);
    ctx.textAlign = 'right';
    ctx.fillText('ms', w - 2, 0);
    ctx.restore();

    // Bars: requests, with errors over them.
    var bw = Math.max(1, slot - Math.min(3, slot * 0.25));
    inWin.forEach(function (p) {
      var r = num(p.requests) || 0, e = num(p.errors) || 0;
      var bx = x(p.t) + (slot - bw) / 2;
      if (r > 0) { ctx.fillStyle = colors.req; ctx.globalAlpha = 0.55; ctx.fillRect(bx, yReq(r), bw, padT + ph - yReq(r)); }
      if (e > 0) { ctx.fillStyle = colors.err; ctx.globalAlpha = 0.9; ctx.fillRect(bx, yReq(e), bw, padT + ph - yReq(e)); }
    });
    ctx.globalAlpha = 1;

    // Lines: p50 and p99, broken across seconds with no requests.
    function line(key, color) {
      var segs = [], cur = null, prevT = null;
      inWin.forEach(function (p) {
        var v = num(p[key]);
        if (v === null || !((num(p.requests) || 0) > 0)) { cur = null; return; }
        if (!cur || p.t !== prevT + 1) { cur = []; segs.push(cur); }
        cur.push([x(p.t) + slot / 2, yMs(v)]);
        prevT = p.t;
      });
      ctx.strokeStyle = color; ctx.fillStyle = color;
      ctx.lineWidth = 2; ctx.lineJoin = 'round'; ctx.lineCap = 'round';
      segs.forEach(function (seg) {
        if (seg.length === 1) {
          ctx.beginPath(); ctx.arc(seg[0][0], seg[0][1], 2, 0, 2 * Math.PI); ctx.fill();
          return;
        }
        ctx.beginPath();
        seg.forEach(function (pt, k) { if (k === 0) ctx.moveTo(pt[0], pt[1]); else ctx.lineTo(pt[0], pt[1]); });
        ctx.stroke();
      });
    }
    line('p50_ms', colors.p50);
    line('p99_ms', colors.p99);

    if (!inWin.length) {
      ctx.fillStyle = colors.muted; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
      ctx.fillText(s ? 'no traffic in the last 60 s' : 'waiting for data…', padL + pw / 2, padT + ph / 2);
    }
    canvas.setAttribute('data-points', String(inWin.length));
  }

  // ---- polling -------------------------------------------------------------

  function render(s) {
    state.lastStats = s;
    renderHeader(s);
    updateRateNow(s);
    renderRoutes(s);
    renderErrors(s);
    drawChart();
  }

  function poll() {
    var ctl = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = setTimeout(function () { if (ctl) ctl.abort(); }, FETCH_TIMEOUT_MS);
    fetch(STATS_URL, { cache: 'no-store', signal: ctl ? ctl.signal : undefined,
                       headers: { 'Accept': 'application/json' } })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(function (s) {
        if (!s || typeof s !== 'object') throw new Error('bad stats JSON');
        state.lastOkAt = Date.now();
        setConnected(true);
        render(s);
      })
      .catch(function (err) {
        var why = err && err.name === 'AbortError' ? 'timed out' :
                  (err && err.message ? err.message : 'request failed');
        setConnected(false, why);
        state.prevTotal = null;
      })
      .then(function () {
        clearTimeout(timer);
        updateAge();
        setTimeout(poll, POLL_MS);
      });
  }

  function init() {
    el.status = $('status');
    el.updated = $('updated');
    el.banner = $('banner');
    el.version = $('version');
    el.uptime = $('uptime');
    el.workers = $('workers');
    el.draining = $('draining');
    el.rateNow = $('rate-now');
    el.totalRequests = $('total-requests');
    el.totalErrors = $('total-errors');
    el.totalInFlight = $('total-in-flight');
    el.chart = $('rate-chart');
    el.routesBody = $('routes-body');
    el.routesEmpty = $('routes-empty');
    el.errors = $('errors');
    el.errorsEmpty = $('errors-empty');
    var resizeTimer = null;
    window.addEventListener('resize', function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(drawChart, 100);
    });
    drawChart();
    poll();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
