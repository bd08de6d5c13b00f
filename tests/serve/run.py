#!/usr/bin/env python3
"""End-to-end tests of `petrel serve`: the server is started here on
loopback (an ephemeral port), driven as clients do — well-behaved,
hostile and slow — and stopped at the end.

usage: run.py PETREL GUESTS [--dashboard]
  PETREL  the petrel binary
  GUESTS  the folder tests/serve/guests/build.sh filled (guests and examples)

Prints PASS/FAIL per check and ends with `N passed, N failed, N skipped`.
"""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

PETREL = os.path.abspath(sys.argv[1])
GUESTS = os.path.abspath(sys.argv[2])
DASHBOARD = "--dashboard" in sys.argv
HERE = os.path.dirname(os.path.abspath(__file__))

passed = failed = skipped = 0


def check(name, ok, why=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {why}")
    sys.stdout.flush()
    return ok


def skip(name, why):
    global skipped
    skipped += 1
    print(f"SKIP {name}: {why}")


TOKEN = "test-admin-token-0123456789abcdef"

CONFIG = """
[server]
workers = 2
max_body = "64KiB"
max_header = "4KiB"
header_timeout = "1s"
body_timeout = "1s"
idle_timeout = "3s"
drain_timeout = "10s"
admin_token_file = "token.txt"
access_log = "access.log"

[[route]]
name = "hello"
path = "/hello"
methods = ["GET"]
module = "hello.wasm"
env = {{ GREETING = "{greeting}" }}

[[route]]
name = "echo"
prefix = "/echo/"
module = "echo.wasm"

[[route]]
name = "env"
prefix = "/env"
module = "env.wasm"
env = {{ ROUTE_SETTING = "from-config" }}
dirs = [ {{ host = "static", guest = "/static" }} ]

[[route]]
name = "counter"
path = "/counter"
module = "counter.wasm"
writable_dirs = [ {{ host = "data", guest = "/data" }} ]
max_concurrency = 1

[[route]]
name = "crash"
path = "/crash"
module = "trap.wat"

[[route]]
name = "spin"
path = "/spin"
module = "spin.wat"
timeout = "300ms"

[[route]]
name = "fuel"
path = "/fuel"
module = "spin.wat"
fuel = 100000

[[route]]
name = "grow"
path = "/grow"
module = "grow.wasm"
max_memory = "8MiB"

[[route]]
name = "isolation"
path = "/isolation"
module = "isolation.wasm"

[[route]]
name = "stderr"
path = "/stderr"
module = "stderr.wasm"

[[route]]
name = "status"
path = "/status"
module = "status.wasm"

[[route]]
name = "slow"
path = "/slow"
module = "slow.wasm"
max_concurrency = 1
timeout = "5s"

[[route]]
name = "sleep"
path = "/sleep"
module = "slow.wasm"
timeout = "5s"

[[route]]
name = "thumbnail"
path = "/thumbnail"
methods = ["POST"]
module = "thumbnail.wasm"
max_memory = "64MiB"
"""


class Server:
    def __init__(self, workdir, config="test.toml", extra=()):
        self.workdir = workdir
        self.stderr_path = os.path.join(workdir, "server.stderr")
        self.err = open(self.stderr_path, "w")
        self.proc = subprocess.Popen([PETREL, "serve", "--listen", "127.0.0.1:0", *extra, config], cwd=workdir,
                                     stdout=subprocess.DEVNULL, stderr=self.err, start_new_session=True)
        self.port = self.admin_port = None
        deadline = time.time() + 20
        while time.time() < deadline and self.port is None:
            if self.proc.poll() is not None:
                break
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", self.log())
            if m:
                self.port = int(m.group(1))
                a = re.search(r"host endpoints on http://127\.0\.0\.1:(\d+)/", self.log())
                self.admin_port = int(a.group(1)) if a else None
            else:
                time.sleep(0.05)

    def log(self):
        with open(self.stderr_path) as f:
            return f.read()

    def events(self):
        out = []
        for line in self.log().splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
        return out

    def stop(self, sig=signal.SIGTERM, timeout=15):
        """Stops the server with `sig` (None: it was signalled already, only wait)."""
        if self.proc.poll() is None:
            if sig is not None:
                self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.err.close()
        # A sanitizer build reports races, leaks and undefined behaviour on
        # the server's stderr: any report fails the run.
        report = re.search(r"(WARNING: ThreadSanitizer|ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:).*",
                           self.log())
        check("no sanitizer report from the server", not report, report and report.group(0))
        return self.proc.returncode


def request(port, method, path, body=None, headers=None, timeout=10):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data
    finally:
        c.close()


def get(port, path, **kw):
    return request(port, "GET", path, **kw)


def raw_exchange(port, data, wait=2.0, total=3.0):
    """Sends bytes on one connection; returns everything read until the
    server closes or `total` seconds pass."""
    s = socket.create_connection(("127.0.0.1", port), timeout=wait)
    s.sendall(data)
    out = b""
    end = time.time() + total
    try:
        while time.time() < end:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    except socket.timeout:
        pass
    s.close()
    return out


def config_errors(work):
    """A config mistake names file:line and the server does not start."""
    cases = [
        ("syntax", "[[route]\nname = 1\n", r"bad\.toml:1:\d+:"),
        ("unknown key", '[[route]]\npath = "/a"\nmodule = "hello.wasm"\npathh = "/b"\n',
         r'bad\.toml:4:\d+: \[\[route\]\] unknown key "pathh"'),
        ("missing module file", '[[route]]\npath = "/a"\nmodule = "nope.wasm"\n', r'bad\.toml:1: route "/a": module ".*nope\.wasm" does not exist'),
        ("reserved path", '[[route]]\npath = "/_petrel/x"\nmodule = "hello.wasm"\n', r"bad\.toml:2:\d+: .*kept for the host"),
        ("bad size", '[[route]]\npath = "/a"\nmodule = "hello.wasm"\nmax_memory = "lots"\n', r'bad\.toml:4:\d+: .*"max_memory" must be a size'),
        ("duplicate route", '[[route]]\nname = "a"\npath = "/a"\nmodule = "hello.wasm"\n[[route]]\nname = "b"\npath = "/a"\nmodule = "hello.wasm"\n',
         r'bad\.toml:5:\d+: .*repeats the path "/a"'),
        ("invalid module", '[[route]]\npath = "/a"\nmodule = "junk.wasm"\n', r'bad\.toml:1: route "/a": module ".*junk\.wasm"'),
        ("no routes", '[server]\nworkers = 1\n', r"no routes"),
    ]
    with open(os.path.join(work, "junk.wasm"), "wb") as f:
        f.write(b"\0asm\1\0\0\0\x05\x01")
    for name, text, pattern in cases:
        path = os.path.join(work, "bad.toml")
        with open(path, "w") as f:
            f.write(text)
        p = subprocess.run([PETREL, "serve", "--check", path], capture_output=True, text=True, timeout=30)
        check(f"config error: {name}", p.returncode != 0 and re.search(pattern, p.stderr),
              f"exit {p.returncode}, stderr {p.stderr.strip()!r}")
    p = subprocess.run([PETREL, "serve", "--check", os.path.join(work, "test.toml")], capture_output=True, text=True,
                       timeout=60)
    check("config: the test config loads (--check)", p.returncode == 0 and "ok" in p.stdout, p.stderr)


def basics(port):
    st, h, body = get(port, "/hello?name=Ada")
    check("hello: 200 text from the guest", st == 200 and b"Ada" in body and h.get("content-type", "").startswith("text/plain"),
          f"{st} {body!r}")
    check("every response has x-request-id", re.fullmatch(r"[0-9a-f]{16}", h.get("x-request-id", "")), h)
    st, h, body = request(port, "POST", "/echo/some/where?x=1&y=%20z", body=b'{"k": "v"}',
                          headers={"Content-Type": "application/json"})
    j = json.loads(body) if st == 200 else {}
    check("echo: body, query and content type reach the guest",
          j.get("body") == '{"k": "v"}' and j.get("query", {}).get("y") == " z" and j.get("method") == "POST",
          f"{st} {body[:200]!r}")
    st, _, _ = get(port, "/nowhere")
    check("unknown path: 404", st == 404, st)
    st, h, _ = request(port, "POST", "/hello")
    check("wrong method: 405 with Allow", st == 405 and "GET" in h.get("allow", ""), f"{st} {h}")
    st, _, body = get(port, "/status")
    st2, h2, _ = get(port, "/status?redirect=1")
    check("CGI status: header sets the status", st == 404 and body.strip() == b"nothing here", f"{st} {body!r}")
    check("CGI location alone: 302 redirect", st2 == 302 and h2.get("location") == "/elsewhere", f"{st2} {h2}")
    st, h, _ = request(port, "HEAD", "/hello")
    check("HEAD: headers only", st == 200 and int(h.get("content-length", "0")) > 0, f"{st} {h}")


def wagi_environment(port):
    st, h, body = request(port, "POST", "/env/a%20b/c?x=1&y=two%21", body=b"12345",
                          headers={"Content-Type": "text/plain", "X-Custom-Thing": "yes", "Proxy": "http://evil"})
    if not check("WAGI env: the guest runs", st == 200, f"{st} {body[:200]!r}"):
        return
    j = json.loads(body)
    env, argv = j["env"], j["argv"]
    expect = {
        "REQUEST_METHOD": "POST", "QUERY_STRING": "x=1&y=two%21", "CONTENT_TYPE": "text/plain",
        "CONTENT_LENGTH": "5", "SCRIPT_NAME": "/env", "PATH_INFO": "/a b/c", "X_RAW_PATH_INFO": "/a%20b/c",
        "X_MATCHED_ROUTE": "/env", "GATEWAY_INTERFACE": "CGI/1.1", "SERVER_PROTOCOL": "HTTP/1.1",
        "SERVER_PORT": str(port), "SERVER_NAME": "127.0.0.1", "REMOTE_ADDR": "127.0.0.1",
        "HTTP_X_CUSTOM_THING": "yes", "ROUTE_SETTING": "from-config",
        "X_FULL_URL": f"http://127.0.0.1:{port}/env/a%20b/c?x=1&y=two%21",
        "X_REQUEST_ID": h.get("x-request-id"),
    }
    wrong = {k: (env.get(k), v) for k, v in expect.items() if env.get(k) != v}
    check("WAGI env: CGI and WAGI variables", not wrong, wrong)
    check("WAGI env: no HTTP_PROXY (httpoxy), no host environment", "HTTP_PROXY" not in env and "HOME" not in env
          and "PATH" not in env, sorted(env))
    check("WAGI argv: route path, then query parameters decoded", argv == ["/env", "x=1", "y=two!"], argv)


def isolation(port):
    results = [json.loads(get(port, "/isolation")[2]).get("result") for _ in range(5)]
    check("isolation: no guest state survives between requests (5 requests, all clean)",
          results == ["clean"] * 5, results)


def faults(port, server):
    st, h, body = get(port, "/crash")
    rid = h.get("x-request-id", "")
    check("trap: 500 naming the request id", st == 500 and rid and rid.encode() in body, f"{st} {body!r}")
    time.sleep(0.3)
    ev = [e for e in server.events() if e.get("request_id") == rid and e.get("kind") == "trap"]
    check("trap: the log line carries the request id and a backtrace naming the function",
          ev and "crash" in ev[0].get("backtrace", ""), ev)
    t0 = time.time()
    st, h, body = get(port, "/spin")
    took = time.time() - t0
    check("timeout: 504 through interruption, near the route's 300 ms", st == 504 and took < 2.0,
          f"{st} after {took:.2f}s")
    st, _, _ = get(port, "/fuel")
    check("fuel: a guest out of fuel gets 500", st == 500, st)
    st, h, body = get(port, "/grow")
    check("memory cap: 500 when the guest hits max_memory", st == 500, f"{st} {body[:100]!r}")
    st, _, body = get(port, "/grow?mib=2")
    check("memory cap: below the cap the same guest answers", st == 200, f"{st} {body!r}")
    st, h, _ = get(port, "/stderr")
    time.sleep(0.3)
    rid = h.get("x-request-id")
    ev = [e for e in server.events() if e.get("request_id") == rid and "stderr" in e]
    check("guest stderr: logged with its request id", st == 200 and ev and "hello from the guest" in ev[0]["stderr"], ev)
    st, _, body = get(port, "/hello")
    check("the host keeps serving after traps, timeouts and memory faults", st == 200, st)


def limits(port):
    st, _, _ = request(port, "POST", "/echo/x", body=b"x" * (65 * 1024))
    check("body over max_body: 413", st == 413, st)
    out = raw_exchange(port, b"POST /echo/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" +
                       b"".join(b"4000\r\n" + b"y" * 0x4000 + b"\r\n" for _ in range(6)) + b"0\r\n\r\n")
    check("chunked body over max_body: 413", out.startswith(b"HTTP/1.1 413"), out[:60])
    out = raw_exchange(port, b"GET /hello HTTP/1.1\r\nHost: a\r\nX-Big: " + b"z" * 8192 + b"\r\n\r\n")
    check("headers over max_header: 431", out.startswith(b"HTTP/1.1 431"), out[:60])
    out = raw_exchange(port, b"BLAH\r\n\r\n")
    check("malformed request line: 400", out.startswith(b"HTTP/1.1 400"), out[:60])
    out = raw_exchange(port, b"GET /hello HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n")
    check("absurd content-length: refused (400/413)", out[:12] in (b"HTTP/1.1 400", b"HTTP/1.1 413"), out[:60])


def keep_alive_and_pipelining(port):
    reqs = b"".join(f"GET /hello?name=p{i} HTTP/1.1\r\nHost: a\r\n\r\n".encode() for i in range(3))
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(reqs)
    data = b""
    end = time.time() + 5
    while data.count(b"HTTP/1.1 200") < 3 and time.time() < end:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.sendall(b"GET /hello?name=again HTTP/1.1\r\nHost: a\r\n\r\n")
    more = b""
    while b"again" not in more and time.time() < end:
        chunk = s.recv(65536)
        if not chunk:
            break
        more += chunk
    s.close()
    order = [int(m) for m in re.findall(rb"Petrel, p(\d)", data)]
    check("pipelining: three requests in one write, answered in order", order == [0, 1, 2], data[:300])
    check("keep-alive: the connection serves a request after them", b"again" in more, more[:100])


def slow_clients(port):
    """Slowloris and a body that never ends must not hold workers or delay others."""
    socks = []
    for i in range(40):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET /hello HTTP/1.1\r\nHost: a\r\n")  # headers never finished
        socks.append(s)
    for i in range(10):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"POST /echo/x HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\nonly a little")
        socks.append(s)
    t0 = time.time()
    ok = all(get(port, "/hello")[0] == 200 for _ in range(20))
    took = time.time() - t0
    check("slow clients: 50 stalled connections do not delay other requests", ok and took < 2.0, f"{took:.2f}s")
    time.sleep(2.0)  # header_timeout and body_timeout are 1 s
    closed = 0
    for s in socks:
        s.settimeout(0.5)
        try:
            closed += s.recv(100) == b""
        except ConnectionResetError:
            closed += 1
        except socket.timeout:
            pass
        s.close()
    check("slow clients: stalled connections are closed after the timeouts", closed == len(socks),
          f"{closed} of {len(socks)} closed")
    text = get(port, "/metrics")[2].decode()
    m = re.search(r'petrel_rejected_requests_total\{reason="client_timeout"\} (\d+)', text)
    check("slow clients: counted as client timeouts", m and int(m.group(1)) >= 50, m and m.group(0))


def concurrency_limit(port):
    results = []

    def slow():
        results.append(get(port, "/slow?ms=800")[0])

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.3)
    st, h, _ = get(port, "/slow?ms=10")
    t.join()
    check("max_concurrency: a request over the route's limit gets 503 with retry-after",
          st == 503 and h.get("retry-after") == "1" and results == [200], f"{st} {results}")


def counter(port, work):
    vals = [json.loads(request(port, "POST", "/counter")[2]).get("count") for _ in range(3)]
    check("counter: kept in the granted writable directory", vals[1] == vals[0] + 1 and vals[2] == vals[1] + 1
          and open(os.path.join(work, "data", "counter")).read().strip() == str(vals[2]), vals)


def read_only_dir(port, work):
    st, _, body = get(port, "/env")
    # env.c lists /static's entries if it can, proving the grant exists;
    # writing there is impossible (checked by the unit tests of WASI).
    check("read-only dir: granted to the guest", st == 200, st)


def thumbnail(port):
    w, h = 40, 20
    ppm = b"P6\n%d %d\n255\n" % (w, h) + bytes((x * 6) % 256 for y in range(h) for x in range(w) for _ in range(3))
    st, hd, body = request(port, "POST", "/thumbnail?w=10&format=ppm", body=ppm)
    check("thumbnail: a PPM scaled to 10x5", st == 200 and body.startswith(b"P6\n10 5\n255\n"), f"{st} {body[:40]!r}")
    st, hd, body = request(port, "POST", "/thumbnail?max=8", body=ppm)
    check("thumbnail: PNG out", st == 200 and body[:8] == b"\x89PNG\r\n\x1a\n", f"{st} {body[:16]!r}")


def metrics(port):
    text = get(port, "/metrics")[2].decode()
    for name, pattern in [
        ("requests by route and status", r'petrel_requests_total\{route="hello",status="200"\} [1-9]'),
        ("latency histogram", r'petrel_request_duration_seconds_bucket\{route="hello",le="\+Inf"\} [1-9]'),
        ("instantiation time", r'petrel_instantiation_seconds_count\{route="hello"\} [1-9]'),
        ("traps", r'petrel_traps_total\{route="crash"\} [1-9]'),
        ("timeouts", r'petrel_timeouts_total\{route="spin"\} [1-9]'),
        ("fuel used", r'petrel_fuel_consumed_total\{route="fuel"\} [1-9]'),
        ("memory limit hits", r'petrel_memory_limit_hits_total\{route="grow"\} [1-9]'),
        ("rejections", r'petrel_rejected_requests_total\{reason="body_too_large"\} [1-9]'),
    ]:
        check(f"/metrics: {name}", re.search(pattern, text), pattern)
    m = re.search(r'petrel_instantiation_seconds_sum\{route="hello"\} ([\d.e-]+)', text)
    n = re.search(r'petrel_instantiation_seconds_count\{route="hello"\} (\d+)', text)
    if m and n:
        print(f"# mean instantiation for hello: {float(m.group(1)) / int(n.group(1)) * 1e6:.1f} us")
    st, h, body = get(port, "/_petrel/api/stats")
    j = json.loads(body)
    names = {r["name"] for r in j["routes"]}
    check("stats JSON: routes, rate and recent errors", st == 200 and "hello" in names and len(j["rate"]) == 60
          and any(e["kind"] == "trap" and e["backtrace"] for e in j["recent_errors"]), str(j)[:300])
    check("health and readiness", get(port, "/_petrel/health")[0] == 200 and get(port, "/_petrel/ready")[0] == 200)
    time.sleep(0.4)  # access lines are flushed a few times a second
    log = open(os.path.join(GUESTS_WORK[0], "access.log")).read()
    lines = [json.loads(l) for l in log.splitlines() if l.strip()]
    check("access log: JSON lines with request id, route, status, duration",
          lines and all({"request_id", "route", "status", "duration_ms", "time"} <= set(l) for l in lines)
          and any(l["route"] == "hello" and l["status"] == 200 for l in lines), lines[:2])


def hot_deploy(port, work, server):
    """A new module version goes live without dropping a request."""
    errors = []
    stop = threading.Event()
    counts = [0]

    def load():
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while not stop.is_set():
            try:
                c.request("GET", "/hello?name=x")
                r = c.getresponse()
                r.read()
                counts[0] += 1
                if r.status != 200:
                    errors.append(r.status)
            except Exception as e:  # noqa: BLE001 - any failure is a dropped request
                errors.append(repr(e))
                c.close()
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.close()

    # Daemon threads: a failing check below must not leave them running.
    threads = [threading.Thread(target=load, daemon=True) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        hot_deploy_steps(port, work, server)
    finally:
        stop.set()
        for t in threads:
            t.join()
    bad = [e for e in errors if e not in (200, 404)]  # 404: the uploaded status guest
    check(f"hot deploy: no request dropped or failed during the deploys ({counts[0]} requests)",
          not bad and counts[0] > 50, bad[:5])


def hot_deploy_steps(port, work, server):
    time.sleep(0.5)
    # 1. Edit the config: the watcher reloads it.
    with open(os.path.join(work, "test.toml"), "w") as f:
        f.write(CONFIG.format(greeting="Howdy"))
    deadline = time.time() + 6
    changed = False
    while time.time() < deadline and not changed:
        changed = b"Howdy" in get(port, "/hello?name=z")[2]
        time.sleep(0.1)
    check("hot deploy: an edited config goes live (file watch)", changed)
    # 2. A config with a mistake: refused, the old one keeps serving.
    with open(os.path.join(work, "test.toml"), "a") as f:
        f.write('\n[[route]]\npath = "/broken"\nmodule = "missing.wasm"\n')
    time.sleep(2.0)
    check("hot deploy: a broken config is refused and the last good one keeps serving",
          b"Howdy" in get(port, "/hello")[2] and any("reload failed" in e.get("msg", "") for e in server.events()))
    with open(os.path.join(work, "test.toml"), "w") as f:
        f.write(CONFIG.format(greeting="Howdy"))
    # 3. The admin endpoint: token required; upload a new module for a route.
    st, _, _ = request(port, "POST", "/_petrel/admin/reload")
    st2, _, _ = request(port, "POST", "/_petrel/admin/reload", headers={"Authorization": "Bearer wrong-token-xxxxxxxx"})
    check("admin: refused without the token (401)", st == 401 and st2 == 401, f"{st} {st2}")
    st, _, body = request(port, "POST", "/_petrel/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"})
    check("admin: reload with the token", st == 200 and b"generation" in body, f"{st} {body!r}")
    status_wasm = open(os.path.join(work, "status.wasm"), "rb").read()
    st, _, body = request(port, "PUT", "/_petrel/admin/routes/hello/module", body=status_wasm,
                          headers={"Authorization": f"Bearer {TOKEN}"})
    st2, _, body2 = get(port, "/hello")
    check("admin: a module uploaded for a route serves the next request", st == 200 and st2 == 404
          and body2.strip() == b"nothing here", f"{st} {body!r} / {st2} {body2!r}")
    st, _, body = request(port, "PUT", "/_petrel/admin/routes/hello/module", body=b"\0asm garbage",
                          headers={"Authorization": f"Bearer {TOKEN}"})
    check("admin: an invalid upload is refused, the last version keeps serving",
          st == 400 and get(port, "/hello")[0] == 404, f"{st} {body!r}")
    hello_wasm = open(os.path.join(work, "hello.wasm"), "rb").read()
    request(port, "PUT", "/_petrel/admin/routes/hello/module", body=hello_wasm,
            headers={"Authorization": f"Bearer {TOKEN}"})


def dashboard(port, server):
    setup = os.path.join(HERE, "dashboard_setup.sh")
    p = subprocess.run(["bash", setup], capture_output=True, text=True)
    if p.returncode != 0:
        check("dashboard: setup (Chromium, playwright-core)", False, p.stderr[-500:])
        return
    node_modules = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
    get(port, "/hello")
    st, h, _ = get(port, "/crash")
    rid = h.get("x-request-id")
    env = dict(os.environ)
    if node_modules:
        env["NODE_PATH"] = node_modules
    p = subprocess.run(["node", os.path.join(HERE, "dashboard_test.mjs"), f"http://127.0.0.1:{port}",
                        "--expect-route", "hello", "--expect-route", "crash", "--traffic", "/hello",
                        "--traffic-route", "hello", "--expect-error-request-id", rid,
                        "--screenshot", os.path.join(GUESTS_WORK[0], "dashboard.png")],
                       capture_output=True, text=True, env=env, timeout=300)
    for line in p.stdout.splitlines():
        if line.startswith("PASS ") or line.startswith("FAIL "):
            check("dashboard: " + line[5:].split(":")[0], line.startswith("PASS"), line[5:])
    if p.returncode != 0 and "FAIL" not in p.stdout:
        check("dashboard test", False, (p.stdout + p.stderr)[-800:])


def admin_listener(server):
    """--admin-listen: probes and scrapes answer while every worker runs a guest."""
    port, admin = server.port, server.admin_port
    if not check("admin listener: started (--admin-listen)", admin, server.log()[-500:]):
        return
    results = []

    def sleeper():
        results.append(get(port, "/sleep?ms=1500")[0])

    threads = [threading.Thread(target=sleeper) for _ in range(2)]  # both workers busy
    for t in threads:
        t.start()
    time.sleep(0.3)
    t0 = time.time()
    st, _, body = get(admin, "/_petrel/health")
    st2, _, metrics_text = get(admin, "/metrics")
    took = time.time() - t0
    for t in threads:
        t.join()
    check("admin listener: health and metrics answer while every worker runs a guest",
          st == 200 and st2 == 200 and b"petrel_requests_total" in metrics_text and took < 0.5 and results == [200, 200],
          f"{st} {st2} after {took:.2f}s, guests {results}")
    st, _, _ = get(admin, "/hello")
    check("admin listener: serves only the host's endpoints", st == 404, st)


def graceful_shutdown(port, server):
    results = []

    def slow():
        try:
            results.append(get(port, "/slow?ms=1500")[0])
        except Exception as e:  # noqa: BLE001
            results.append(repr(e))

    idle = socket.create_connection(("127.0.0.1", port), timeout=5)  # an idle keep-alive connection
    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.5)
    t0 = time.time()
    server.proc.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    refused = False
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        refused = True
    idle.settimeout(2)
    try:
        idle_closed = idle.recv(10) == b""
    except OSError:
        idle_closed = True
    t.join()
    # Only wait: a second SIGTERM could land while the drained server exits.
    code = server.stop(sig=None, timeout=15)
    took = time.time() - t0
    check("SIGTERM: the request in flight finishes (200)", results == [200], results)
    check("SIGTERM: no new connections, idle ones closed", refused and idle_closed, f"{refused} {idle_closed}")
    check("SIGTERM: the server exits 0 once drained", code == 0 and took < 8, f"exit {code} after {took:.1f}s")


def single_handler(work):
    srv = Server(work, config="hello.wasm")
    try:
        if not check("petrel serve HANDLER.wasm: starts", srv.port, srv.log()[-500:]):
            return
        st, _, body = get(srv.port, "/any/path?name=one")
        check("petrel serve HANDLER.wasm: every path goes to the handler", st == 200 and b"one" in body, f"{st} {body!r}")
    finally:
        srv.stop()


GUESTS_WORK = []


def main():
    work = tempfile.mkdtemp(prefix="petrel-serve-test-")
    GUESTS_WORK.append(work)
    for f in os.listdir(GUESTS):
        p = os.path.join(GUESTS, f)
        if os.path.isfile(p):
            shutil.copy(p, work)
    os.makedirs(os.path.join(work, "data"), exist_ok=True)
    os.makedirs(os.path.join(work, "static"), exist_ok=True)
    with open(os.path.join(work, "static", "file.txt"), "w") as f:
        f.write("static")
    with open(os.path.join(work, "token.txt"), "w") as f:
        f.write(TOKEN + "\n")
    with open(os.path.join(work, "test.toml"), "w") as f:
        f.write(CONFIG.format(greeting="Hello"))
    config_errors(work)
    server = Server(work, extra=("--admin-listen", "127.0.0.1:0"))
    if not check("server starts on an ephemeral loopback port", server.port, server.log()[-2000:]):
        server.stop()
        return
    port = server.port
    try:
        basics(port)
        wagi_environment(port)
        isolation(port)
        faults(port, server)
        limits(port)
        keep_alive_and_pipelining(port)
        slow_clients(port)
        concurrency_limit(port)
        counter(port, work)
        read_only_dir(port, work)
        thumbnail(port)
        metrics(port)
        hot_deploy(port, work, server)
        if DASHBOARD:
            dashboard(port, server)
        else:
            skip("dashboard", "run with --dashboard (needs Chromium)")
        admin_listener(server)
        check("the server survived every client and guest", server.proc.poll() is None and
              get(port, "/_petrel/health")[0] == 200)
        graceful_shutdown(port, server)
    finally:
        if server.proc.poll() is None:
            server.stop(signal.SIGKILL)
    single_handler(work)
    shutil.rmtree(work, ignore_errors=True)


try:
    main()
except Exception as e:  # noqa: BLE001 - a crash of the test is a failure, not a silent pass
    import traceback
    traceback.print_exc()
    check("test script ran to the end", False, repr(e))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
