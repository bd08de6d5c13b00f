#!/usr/bin/env python3
"""The `petrel serve` HTTP benchmark: a hello handler with a fresh instance per
request on petrel, side by side with Node.js doing the same, Node.js in plain
JS, nginx's static response (the HTTP ceiling) and nginx + fcgiwrap running
the same handler as a native CGI program. Loopback, wrk, bounded runs.

    python3 bench/serve/run.py [--seconds S] [--warmup S] [--only NAME[,NAME]]
                               [--petrel PATH] [--workers N] [--threads T]
                               [--connections C] [--fcgi-children N]
                               [--path /hello] [--json FILE] [--no-install]

Rows (--only takes these names): petrel, node-wasm, node-plain, nginx-static,
nginx-cgi. Each server is started in turn on 127.0.0.1 at a free port, its
response checked (200, text/plain, "Hello, world!\\n"), warmed up with a short
wrk run, measured with `wrk -tT -cC -dSs --latency URL`, and stopped. A server
that fails to start or answers wrongly is reported as a failed row and the
others still run. For petrel, /metrics is read before and after the measured
run: a summary or histogram with "instantiat" in its name gives the mean
instantiation time per request in the measured window (sum/count deltas).

Builds bench/out/serve/hello.wasm (clang --target=wasm32-wasi -O2) and
bench/out/serve/hello-cgi (cc -O2) from bench/serve/hello.c, prints one table
and writes bench/out/serve/results.json. As root, installs the Debian packages
it lacks with apt-get (wrk; nginx; fcgiwrap and spawn-fcgi, which satisfies
fcgiwrap's "systemd | spawn-fcgi" without pulling systemd; nodejs; clang, lld,
wasi-libc, libclang-rt-14-dev-wasm32 if the wasm build fails).

Python 3 standard library only. See bench/serve/README.md.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import pwd
import grp
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SERVE_DIR = os.path.dirname(os.path.abspath(__file__))
BENCH_DIR = os.path.dirname(SERVE_DIR)
ROOT = os.path.dirname(BENCH_DIR)
OUT_DIR = os.path.join(BENCH_DIR, "out", "serve")
HELLO_C = os.path.join(SERVE_DIR, "hello.c")
NODE_SERVER = os.path.join(SERVE_DIR, "node_server.mjs")
NODE_PLAIN = os.path.join(SERVE_DIR, "node_plain.mjs")

EXPECTED_BODY = b"Hello, world!\n"

ROWS = [
    ("petrel", "petrel serve: fresh instance per request (WAGI)"),
    ("node-wasm", "Node.js: fresh WebAssembly.Instance per request, JS WASI shim"),
    ("node-plain", "Node.js: the response in plain JS"),
    ("nginx-static", "nginx: static `return 200` (the HTTP ceiling)"),
    ("nginx-cgi", "nginx + fcgiwrap: native CGI, fork+exec per request"),
]
ROW_NAMES = [name for name, _ in ROWS]

# Targets of the issue, checked at the end when the rows they need ran.
TARGET_RPS = 32000.0
TARGET_INSTANTIATE_US = 5.0


class RowFailed(Exception):
    pass


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Packages


def is_root():
    return os.geteuid() == 0


_apt_updated = False
NO_INSTALL = False  # --no-install


def apt_install(packages):
    """Installs Debian packages with apt-get (root only), quietly. Returns an
    error string or None. Service start-up during the install is denied with a
    temporary policy-rc.d when the machine has none (nginx would otherwise
    grab port 80 where an init system runs)."""
    global _apt_updated
    if not packages:
        return None
    if NO_INSTALL:
        return f"missing {' '.join(packages)} (--no-install)"
    if not is_root():
        return f"missing {' '.join(packages)} (not root: install them with apt-get)"
    if not shutil.which("apt-get"):
        return f"missing {' '.join(packages)} and no apt-get"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    policy = "/usr/sbin/policy-rc.d"
    made_policy = False
    try:
        if not os.path.exists(policy):
            with open(policy, "w") as f:
                f.write("#!/bin/sh\nexit 101\n")
            os.chmod(policy, 0o755)
            made_policy = True
        if not _apt_updated:
            log("apt-get update")
            subprocess.run(["apt-get", "update", "-qq"], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, check=False)
            _apt_updated = True
        log(f"apt-get install {' '.join(packages)}")
        r = subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            return f"apt-get install {' '.join(packages)} failed: {tail(r.stdout)}"
        return None
    finally:
        if made_policy:
            os.unlink(policy)


def ensure_tools(rows):
    """Installs what the selected rows need. Returns {tool: error} for the
    tools still missing."""
    want = {"wrk": "wrk"}  # command -> package
    if "node-wasm" in rows or "node-plain" in rows:
        want["node"] = "nodejs"
    if "nginx-static" in rows or "nginx-cgi" in rows:
        want["nginx"] = "nginx"
    if "nginx-cgi" in rows:
        want["fcgiwrap"] = "fcgiwrap"
        want["cc"] = "gcc"
    missing = {cmd: pkg for cmd, pkg in want.items() if not find_tool(cmd)}
    packages = sorted(set(missing.values()))
    if "fcgiwrap" in missing:
        packages.append("spawn-fcgi")  # fcgiwrap depends on "systemd | spawn-fcgi"
    err = apt_install(packages)
    return {cmd: err or f"{cmd} not found after installing {pkg}"
            for cmd, pkg in missing.items() if not find_tool(cmd)}


def find_tool(cmd):
    found = shutil.which(cmd)
    if found:
        return found
    for d in ("/usr/sbin", "/sbin"):  # nginx and fcgiwrap live in sbin
        p = os.path.join(d, cmd)
        if os.access(p, os.X_OK):
            return p
    return None


# --------------------------------------------------------------------------
# Build


def tail(text, lines=6):
    text = (text or "").strip()
    return " | ".join(text.splitlines()[-lines:]) if text else "(no output)"


def newer(target, *sources):
    return os.path.exists(target) and all(os.path.getmtime(target) >= os.path.getmtime(s) for s in sources)


def build_wasm():
    out = os.path.join(OUT_DIR, "hello.wasm")
    if newer(out, HELLO_C):
        return out
    cmd = ["clang", "--target=wasm32-wasi", "-O2", HELLO_C, "-o", out]

    def attempt():
        if not shutil.which("clang"):
            return "clang not found"
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return None if r.returncode == 0 else f"{' '.join(cmd)}: {tail(r.stdout)}"

    err = attempt()
    if err:
        inst = apt_install(["clang", "lld", "wasi-libc", "libclang-rt-14-dev-wasm32"])
        err = attempt() if not inst else f"{err}; {inst}"
    if err:
        raise RowFailed(f"cannot build hello.wasm: {err}")
    return out


def build_cgi():
    out = os.path.join(OUT_DIR, "hello-cgi")
    if newer(out, HELLO_C):
        return out
    cmd = [find_tool("cc") or "cc", "-O2", HELLO_C, "-o", out]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        raise RowFailed(f"cannot build hello-cgi: {tail(r.stdout)}")
    return out


# --------------------------------------------------------------------------
# Servers


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proc:
    """A process started in its own session, stopped with its whole group."""

    def __init__(self, name, cmd, logdir, cwd=None, env=None):
        self.name = name
        self.cmd = cmd
        self.logpath = os.path.join(logdir, f"{name}.log")
        self.logfile = open(self.logpath, "w")
        try:
            self.p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self.logfile,
                                      stderr=subprocess.STDOUT, cwd=cwd, env=env, start_new_session=True)
        except OSError as e:
            self.logfile.close()
            raise RowFailed(f"cannot start {cmd[0]}: {e}")

    def exited(self):
        return self.p.poll()

    def log_tail(self):
        self.logfile.flush()
        try:
            with open(self.logpath, errors="replace") as f:
                return tail(f.read())
        except OSError:
            return "(no log)"

    def stop(self):
        if self.p.poll() is None:
            for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
                try:
                    os.killpg(self.p.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.p.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        # Children left in the group (nginx workers, fcgiwrap's forks).
        try:
            os.killpg(self.p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.logfile.close()


def http_get(port, path, timeout=2.0):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def wait_ready(procs, port, path, timeout):
    """Polls until the server answers, then checks the hello response."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        for p in procs:
            code = p.exited()
            if code is not None:
                raise RowFailed(f"{p.name} exited with status {code}: {p.log_tail()}")
        try:
            status, headers, body = http_get(port, path)
        except (ConnectionError, socket.timeout, OSError, http.client.HTTPException) as e:
            last = str(e) or type(e).__name__
            time.sleep(0.05)
            continue
        ctype = headers.get("content-type", "")
        if status != 200 or body != EXPECTED_BODY or not ctype.startswith("text/plain"):
            raise RowFailed(f"wrong response to GET {path}: status {status}, content-type {ctype!r}, "
                            f"body {body[:120]!r}")
        return
    raise RowFailed(f"no answer on port {port} within {timeout:.0f} s ({last}): "
                    + "; ".join(p.log_tail() for p in procs))


def nginx_user_line():
    """As root, nginx's workers would switch to nobody: keep the current user."""
    if not is_root():
        return ""
    user = pwd.getpwuid(os.geteuid()).pw_name
    group = grp.getgrgid(os.getegid()).gr_name
    return f"user {user} {group};"


def nginx_conf(tmp, port, location):
    t = tmp
    return f"""# generated by bench/serve/run.py
daemon off;
master_process on;
worker_processes 2;
{nginx_user_line()}
pid {t}/nginx.pid;
error_log {t}/error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    access_log off;
    client_body_temp_path {t}/client_body;
    proxy_temp_path {t}/proxy;
    fastcgi_temp_path {t}/fastcgi;
    uwsgi_temp_path {t}/uwsgi;
    scgi_temp_path {t}/scgi;
    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        location / {{
{location}
        }}
    }}
}}
"""


def start_nginx(tmp, port, location):
    conf = os.path.join(tmp, "nginx.conf")
    with open(conf, "w") as f:
        f.write(nginx_conf(tmp, port, location))
    return Proc("nginx", [find_tool("nginx"), "-p", tmp, "-e", os.path.join(tmp, "error.log"), "-c", conf], tmp)


def start_row(name, args, tmp, port, artifacts):
    """Starts the servers of a row. Returns the list of Procs."""
    if name == "petrel":
        petrel = args.petrel
        if not (os.path.isfile(petrel) and os.access(petrel, os.X_OK)):
            raise RowFailed(f"no petrel binary at {petrel}")
        h = subprocess.run([petrel, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=30)
        if not re.search(r"^\s+serve\b", h.stdout, re.M):
            raise RowFailed(f"{petrel} has no `serve` subcommand (not in `petrel --help`)")
        return [Proc("petrel", [petrel, "serve", "--listen", f"127.0.0.1:{port}", "--workers", str(args.workers),
                                artifacts["wasm"]], tmp, cwd=tmp)]
    if name == "node-wasm":
        return [Proc("node", [find_tool("node"), NODE_SERVER, "--host", "127.0.0.1", "--port", str(port),
                              "--workers", str(args.node_workers), artifacts["wasm"]], tmp)]
    if name == "node-plain":
        return [Proc("node", [find_tool("node"), NODE_PLAIN, "--host", "127.0.0.1", "--port", str(port),
                              "--workers", str(args.node_workers)], tmp)]
    if name == "nginx-static":
        return [start_nginx(tmp, port, '            default_type text/plain;\n'
                                       '            return 200 "Hello, world!\\n";')]
    if name == "nginx-cgi":
        sock = os.path.join(tmp, "fcgiwrap.sock")
        cgi = artifacts["cgi"]
        fcgi = Proc("fcgiwrap", [find_tool("fcgiwrap"), "-c", str(args.fcgi_children), "-s", f"unix:{sock}"], tmp)
        deadline = time.monotonic() + 10
        while not os.path.exists(sock):
            if fcgi.exited() is not None or time.monotonic() > deadline:
                fcgi.stop()
                raise RowFailed(f"fcgiwrap did not create its socket: {fcgi.log_tail()}")
            time.sleep(0.02)
        params = {
            "SCRIPT_FILENAME": cgi, "SCRIPT_NAME": "$uri", "PATH_INFO": "$uri",
            "REQUEST_METHOD": "$request_method", "QUERY_STRING": "$query_string",
            "CONTENT_TYPE": "$content_type", "CONTENT_LENGTH": "$content_length",
            "REQUEST_URI": "$request_uri", "SERVER_PROTOCOL": "$server_protocol",
            "GATEWAY_INTERFACE": "CGI/1.1", "SERVER_SOFTWARE": "nginx/$nginx_version",
            "REMOTE_ADDR": "$remote_addr", "REMOTE_PORT": "$remote_port",
            "SERVER_ADDR": "$server_addr", "SERVER_PORT": "$server_port", "SERVER_NAME": "$server_name",
        }
        location = "".join(f"            fastcgi_param {k} {v};\n" for k, v in params.items())
        location += f"            fastcgi_pass unix:{sock};"
        try:
            return [fcgi, start_nginx(tmp, port, location)]
        except RowFailed:
            fcgi.stop()
            raise
    raise RowFailed(f"unknown row {name}")


# --------------------------------------------------------------------------
# wrk


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def to_ms(value, unit):
    return float(value) * UNITS[unit]


def parse_wrk(out):
    r = {}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not m:
        raise RowFailed(f"cannot parse wrk output: {tail(out)}")
    r["requests_per_s"] = float(m.group(1))
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s*{pct}%\s+([\d.]+)(us|ms|s|m|h)\s*$", out, re.M)
        r[f"p{pct}_ms"] = to_ms(*m.groups()) if m else None
    m = re.search(r"Latency\s+([\d.]+)(us|ms|s|m|h)\s+([\d.]+)(us|ms|s|m|h)\s+([\d.]+)(us|ms|s|m|h)", out)
    if m:
        g = m.groups()
        r["avg_ms"], r["stdev_ms"], r["max_ms"] = to_ms(g[0], g[1]), to_ms(g[2], g[3]), to_ms(g[4], g[5])
    m = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m|h)", out)
    if m:
        r["requests"] = int(m.group(1))
        r["duration_s"] = to_ms(m.group(2), m.group(3)) / 1e3
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    r["non_2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    r["socket_errors"] = dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups()))) if m else {}
    r["errors"] = r["non_2xx"] + sum(r["socket_errors"].values())
    return r


def run_wrk(args, url, seconds, latency):
    cmd = [find_tool("wrk"), f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s"]
    if latency:
        cmd.append("--latency")
    cmd.append(url)
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        raise RowFailed(f"wrk did not finish within {seconds + 60} s")
    if r.returncode != 0:
        raise RowFailed(f"wrk failed (status {r.returncode}): {tail(r.stdout)}")
    return r.stdout


# --------------------------------------------------------------------------
# petrel's metrics


METRIC_LINE = re.compile(r"^([A-Za-z_:][A-Za-z0-9_:]*)(\{[^}]*\})?\s+(\S+)")


def instantiate_metrics(text):
    """{family: (sum, count)} for the summary/histogram families whose name
    contains "instantiat", summed over their label sets."""
    fams = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = METRIC_LINE.match(line)
        if not m or "instantiat" not in m.group(1).lower():
            continue
        name = m.group(1)
        try:
            value = float(m.group(3))
        except ValueError:
            continue
        for suffix, idx in (("_sum", 0), ("_count", 1)):
            if name.endswith(suffix):
                fam = fams.setdefault(name[: -len(suffix)], [0.0, 0.0])
                fam[idx] += value
    return {k: tuple(v) for k, v in fams.items() if v[1] > 0}


def unit_to_us(family):
    f = family.lower()
    if f.endswith("_nanoseconds") or f.endswith("_ns"):
        return 1e-3
    if f.endswith("_microseconds") or f.endswith("_us"):
        return 1.0
    if f.endswith("_milliseconds") or f.endswith("_ms"):
        return 1e3
    return 1e6  # Prometheus base unit: seconds


def fetch_text(port, path):
    try:
        status, _, body = http_get(port, path, timeout=5)
    except (OSError, http.client.HTTPException) as e:
        return None, str(e)
    if status != 200:
        return None, f"status {status}"
    return body.decode("utf-8", "replace"), None


def petrel_instantiate(port, before):
    """Mean instantiation time per request in µs from /metrics (delta against
    `before`, the families read before the measured run), else from
    /_petrel/api/stats. Returns a dict for the JSON."""
    text, err = fetch_text(port, "/metrics")
    if text is not None:
        after = instantiate_metrics(text)
        if after:
            fam = sorted(after)[0]
            s1, c1 = after[fam]
            s0, c0 = (before or {}).get(fam, (0.0, 0.0))
            if c1 - c0 > 0:
                s, c, window = s1 - s0, c1 - c0, "measured run"
            else:
                s, c, window = s1, c1, "since start"
            return {"instantiate_us": s / c * unit_to_us(fam), "source": f"/metrics {fam} (sum/count, {window})",
                    "count": c}
        err = "no summary/histogram with 'instantiat' in its name"
    stats, err2 = fetch_text(port, "/_petrel/api/stats")
    if stats is not None:
        try:
            routes = json.loads(stats).get("routes", [])
            vals = [r["instantiate_us"] for r in routes if isinstance(r.get("instantiate_us"), (int, float))]
            if vals:
                return {"instantiate_us": sum(vals) / len(vals), "source": "/_petrel/api/stats routes[].instantiate_us",
                        "metrics_error": err}
        except (ValueError, AttributeError, TypeError):
            pass
    return {"instantiate_us": None, "source": None, "metrics_error": err, "stats_error": err2}


def metrics_before(port):
    text, _ = fetch_text(port, "/metrics")
    return instantiate_metrics(text) if text else {}


# --------------------------------------------------------------------------
# One row, the table


def run_row(name, args, artifacts, missing):
    row = {"name": name, "description": dict(ROWS)[name], "ok": False}
    needs = {"petrel": [], "node-wasm": ["node"], "node-plain": ["node"],
             "nginx-static": ["nginx"], "nginx-cgi": ["nginx", "fcgiwrap"]}[name] + ["wrk"]
    procs = []
    tmp = tempfile.mkdtemp(prefix=f"petrel-bench-serve-{name}-")
    try:
        for tool in needs:
            if tool in missing:
                raise RowFailed(missing[tool])
        for what in {"petrel": ["wasm"], "node-wasm": ["wasm"], "nginx-cgi": ["cgi"]}.get(name, []):
            if isinstance(artifacts[what], RowFailed):
                raise artifacts[what]
        row["loadavg_at_start"] = os.getloadavg()[0]
        port = free_port()
        url = f"http://127.0.0.1:{port}{args.path}"
        row["url"] = url
        log(f"[{name}] starting on port {port}")
        procs = start_row(name, args, tmp, port, artifacts)
        row["command"] = [" ".join(p.cmd) for p in procs]
        wait_ready(procs, port, args.path, args.start_timeout)
        if args.warmup > 0:
            log(f"[{name}] warm-up {args.warmup} s")
            run_wrk(args, url, args.warmup, latency=False)
        before = metrics_before(port) if name == "petrel" else None
        log(f"[{name}] wrk -t{args.threads} -c{args.connections} -d{args.seconds}s --latency")
        out = run_wrk(args, url, args.seconds, latency=True)
        row["wrk_output"] = out
        row.update(parse_wrk(out))
        if name == "petrel":
            row.update(petrel_instantiate(port, before))
        for p in procs:
            code = p.exited()
            if code is not None:
                raise RowFailed(f"{p.name} exited with status {code} during the run: {p.log_tail()}")
        row["ok"] = True
    except RowFailed as e:
        row["error"] = str(e)
        log(f"[{name}] FAILED: {e}")
    finally:
        for p in reversed(procs):
            p.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return row


def fmt_ms(v):
    if v is None:
        return "-"
    return f"{v * 1e3:.0f} us" if v < 1 else f"{v:.2f} ms"


def print_table(rows):
    petrel = next((r for r in rows if r["name"] == "petrel" and r["ok"]), None)
    head = ["server", "req/s", "p50", "p99", "errors", "vs petrel", "notes"]
    lines = []
    for r in rows:
        if not r["ok"]:
            lines.append([r["name"], "FAILED", "-", "-", "-", "-", r.get("error", "")[:200]])
            continue
        ratio = f"{r['requests_per_s'] / petrel['requests_per_s']:.2f}x" if petrel and petrel["requests_per_s"] else "-"
        r["ratio_vs_petrel"] = r["requests_per_s"] / petrel["requests_per_s"] if petrel and petrel["requests_per_s"] else None
        notes = r["description"]
        if r["name"] == "petrel":
            if r.get("instantiate_us") is not None:
                notes += f"; instantiation {r['instantiate_us']:.2f} us/request"
            else:
                notes += "; instantiation time: not exposed"
        lines.append([r["name"], f"{r['requests_per_s']:,.0f}", fmt_ms(r.get("p50_ms")), fmt_ms(r.get("p99_ms")),
                      str(r.get("errors", 0)), ratio, notes])
    widths = [max(len(head[i]), *(len(l[i]) for l in lines)) for i in range(len(head) - 1)]
    print()
    print("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths))) + "  " + head[-1])
    for l in lines:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(l, widths))) + "  " + l[-1])


def check_targets(rows):
    by = {r["name"]: r for r in rows if r["ok"]}
    p = by.get("petrel")
    if not p:
        return {}
    t = {"requests_per_s": {"target": f">= {TARGET_RPS:.0f} req/s", "value": p["requests_per_s"],
                            "pass": p["requests_per_s"] >= TARGET_RPS}}
    ng = by.get("nginx-static")
    if ng and p.get("p99_ms") is not None and ng.get("p99_ms") is not None:
        t["p99_ms_vs_nginx_static"] = {"target": f"<= {ng['p99_ms']:.3f} ms (nginx-static p99)", "value": p["p99_ms"],
                                    "pass": p["p99_ms"] <= ng["p99_ms"]}
    if p.get("instantiate_us") is not None:
        t["instantiate_us"] = {"target": f"<= {TARGET_INSTANTIATE_US} us", "value": p["instantiate_us"],
                               "pass": p["instantiate_us"] <= TARGET_INSTANTIATE_US}
    if p.get("errors"):
        t["errors"] = {"target": "0", "value": p["errors"], "pass": False}
    print()
    for k, v in t.items():
        print(f"target {k}: {v['value']:.3f}, want {v['target']}: {'PASS' if v['pass'] else 'FAIL'}")
    return t


def tool_version(cmd):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=10)
        return r.stdout.strip().splitlines()[0] if r.stdout.strip() else None
    except (OSError, subprocess.TimeoutExpired):
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=10, help="measured wrk run per server (default 10)")
    ap.add_argument("--warmup", type=int, default=2, help="wrk warm-up per server, 0 for none (default 2)")
    ap.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    ap.add_argument("--connections", type=int, default=32, help="wrk connections (default 32)")
    ap.add_argument("--workers", type=int, default=2, help="petrel serve --workers (default 2)")
    ap.add_argument("--node-workers", type=int, default=None,
                    help="Node processes (node:cluster) per Node row (default: --workers)")
    ap.add_argument("--fcgi-children", type=int, default=None,
                    help="fcgiwrap -c, preforked FastCGI processes (default: --workers)")
    ap.add_argument("--only", default=None, help=f"comma-separated subset of {','.join(ROW_NAMES)}")
    ap.add_argument("--petrel", default=os.path.join(ROOT, "BUILD", "petrel"), help="petrel binary (default BUILD/petrel)")
    ap.add_argument("--path", default="/hello", help="request path (default /hello)")
    ap.add_argument("--start-timeout", type=float, default=15.0, help="seconds a server gets to answer")
    ap.add_argument("--json", default=os.path.join(OUT_DIR, "results.json"), help="JSON output file")
    ap.add_argument("--no-install", action="store_true", help="never run apt-get")
    args = ap.parse_args()
    if args.node_workers is None:
        args.node_workers = args.workers
    if args.fcgi_children is None:
        args.fcgi_children = args.workers
    if args.seconds < 1:
        ap.error("--seconds must be >= 1")
    if args.only:
        rows = [n.strip() for n in args.only.split(",") if n.strip()]
        bad = [n for n in rows if n not in ROW_NAMES]
        if bad:
            ap.error(f"unknown row(s) {', '.join(bad)}; rows: {', '.join(ROW_NAMES)}")
        rows = [n for n in ROW_NAMES if n in rows]
    else:
        rows = list(ROW_NAMES)
    args.petrel = os.path.abspath(args.petrel)

    os.makedirs(OUT_DIR, exist_ok=True)
    global NO_INSTALL
    NO_INSTALL = args.no_install
    missing = ensure_tools(rows)

    artifacts = {}
    for what, build, users in (("wasm", build_wasm, {"petrel", "node-wasm"}), ("cgi", build_cgi, {"nginx-cgi"})):
        if users & set(rows):
            try:
                artifacts[what] = build()
            except RowFailed as e:
                artifacts[what] = e
                log(str(e))

    results = []
    for name in rows:
        results.append(run_row(name, args, artifacts, missing))
        time.sleep(1)  # let the loopback and the CPUs settle between servers

    loads = ", ".join(f"{r['name']} {r['loadavg_at_start']:.2f}" for r in results if "loadavg_at_start" in r)
    print(f"\nwrk -t{args.threads} -c{args.connections} -d{args.seconds}s --latency on 127.0.0.1, "
          f"{os.cpu_count()} CPUs, {args.workers} server workers; 1-min load average at each start: {loads or '-'}")
    print_table(results)
    targets = check_targets(results)

    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True).stdout.strip() or None
    doc = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "commit": commit,
        "host": {"machine": platform.machine(), "cpus": os.cpu_count(), "kernel": platform.release()},
        "config": {"seconds": args.seconds, "warmup": args.warmup, "threads": args.threads,
                   "connections": args.connections, "workers": args.workers, "node_workers": args.node_workers,
                   "fcgi_children": args.fcgi_children, "path": args.path, "petrel": args.petrel},
        "tools": {"wrk": tool_version([find_tool("wrk") or "wrk", "-v"]),
                  "node": tool_version([find_tool("node") or "node", "--version"]),
                  "nginx": tool_version([find_tool("nginx") or "nginx", "-v"]),
                  "petrel": tool_version([args.petrel, "--version"]) if os.path.exists(args.petrel) else None},
        "rows": results,
        "targets": targets,
    }
    with open(args.json, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    print(f"\nJSON: {os.path.relpath(args.json, os.getcwd())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
