#!/usr/bin/env python3
"""check.py PETREL OUTDIR - checks the WAGI guests built by build.sh,
without the server: each guest runs under `PETREL run` with the CGI
variables given by --env and the body on stdin, and its CGI output
(headers, blank line, body) is checked. Prints "PASS name" or
"FAIL name: why" per check and ends with "N passed, N failed"; exits 1 if
any failed. Standard library only. (Run through check.sh.)"""

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

if len(sys.argv) != 3:
    sys.exit("usage: check.py PETREL OUTDIR")
PETREL = os.path.abspath(sys.argv[1])
OUTDIR = os.path.abspath(sys.argv[2])
RESULTS = {"pass": 0, "fail": 0}


class Fail(Exception):
    pass


def check(cond, why):
    if not cond:
        raise Fail(why)


def module(name):
    for ext in (".wasm", ".wat"):
        path = os.path.join(OUTDIR, name + ext)
        if os.path.exists(path):
            return path
    raise Fail("no %s.wasm or %s.wat in %s (run build.sh)" % (name, name, OUTDIR))


def wait_for_petrel():
    # The petrel binary may be in the middle of a rebuild: wait for it.
    deadline = time.time() + 180
    while not os.access(PETREL, os.X_OK):
        if time.time() > deadline:
            raise Fail("%s does not exist" % PETREL)
        time.sleep(2)


class Result:
    def __init__(self, proc):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr.decode("utf-8", "replace")
        self.headers = None
        self.body = None
        self.status = None

    def cgi(self):
        """Parses stdout as a CGI response; checks its shape."""
        out = self.stdout
        check(self.rc == 0, "exit status %d, stderr: %s" % (self.rc, self.stderr.strip()[-300:]))
        sep = out.find(b"\n\n")
        check(sep >= 0, "no blank line after the headers in %r" % out[:200])
        head, self.body = out[:sep], out[sep + 2:]
        self.headers = {}
        for line in head.split(b"\n"):
            check(b":" in line, "malformed header line %r" % line)
            name, value = line.split(b":", 1)
            name = name.decode().strip().lower()
            check(name not in self.headers, "header %s given twice" % name)
            self.headers[name] = value.decode("utf-8").strip()
        status = self.headers.get("status", "200 OK")
        self.status = int(status.split()[0])
        return self

    def json(self):
        ct = self.headers.get("content-type", "")
        check(ct.startswith("application/json"), "content-type %r" % ct)
        try:
            return json.loads(self.body.decode("utf-8"))
        except Exception as e:  # noqa: BLE001
            raise Fail("body is not JSON (%s): %r" % (e, self.body[:300]))


def run(name, env=None, body=b"", args=(), opts=(), timeout=60):
    wait_for_petrel()
    cmd = [PETREL, "run"]
    for k, v in (env or {}).items():
        cmd += ["--env", "%s=%s" % (k, v)]
    cmd += list(opts) + [module(name)] + list(args)
    try:
        proc = subprocess.run(cmd, input=body, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise Fail("petrel run did not finish in %d s" % timeout)
    return Result(proc)


def cgi_env(method="GET", path="/", query="", body=None, ctype=None, headers=None):
    env = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "GATEWAY_INTERFACE": "CGI/1.1",
    }
    if body is not None:
        env["CONTENT_LENGTH"] = str(len(body))
    if ctype:
        env["CONTENT_TYPE"] = ctype
    for k, v in (headers or {}).items():
        env["HTTP_" + k.upper().replace("-", "_")] = v
    return env


def test(name):
    def wrap(fn):
        try:
            fn()
        except Fail as e:
            RESULTS["fail"] += 1
            print("FAIL %s: %s" % (name, e), flush=True)
        except Exception as e:  # noqa: BLE001 - a broken check is a failure too
            RESULTS["fail"] += 1
            print("FAIL %s: %s: %s" % (name, type(e).__name__, e), flush=True)
        else:
            RESULTS["pass"] += 1
            print("PASS %s" % name, flush=True)
        return fn
    return wrap


# ---------------------------------------------------------------- images

def ppm(w, h, pixels, maxval=255):
    """pixels: list of (r, g, b) rows-major."""
    head = b"P6\n# made by check.py\n%d %d\n%d\n" % (w, h, maxval)
    if maxval > 255:
        return head + b"".join(struct.pack(">HHH", *p) for p in pixels)
    return head + bytes(c for p in pixels for c in p)


def png(w, h, channels, pixels):
    """8-bit PNG; channels 1 (grey), 2 (grey+alpha), 3 (RGB), 4 (RGBA)."""
    ctype = {1: 0, 2: 4, 3: 2, 4: 6}[channels]

    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)

    raw = b""
    for y in range(h):
        row = pixels[y * w:(y + 1) * w]
        raw += b"\x01"  # filter Sub, to exercise stb's unfiltering
        prev = [0] * channels
        for p in row:
            raw += bytes((p[k] - prev[k]) & 0xFF for k in range(channels))
            prev = p
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, ctype, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def png_decode(data):
    """Decodes an 8-bit non-interlaced PNG: (w, h, channels, pixels)."""
    check(data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG: %r" % data[:16])
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        (crc,) = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        check(zlib.crc32(kind + body) & 0xFFFFFFFF == crc, "bad CRC in %r" % kind)
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + n
    check(ihdr is not None, "no IHDR")
    w, h, depth, ctype, _, _, interlace = ihdr
    check(depth == 8 and interlace == 0, "unexpected PNG depth/interlace %r" % (ihdr,))
    ch = {0: 1, 4: 2, 2: 3, 6: 4}[ctype]
    raw = zlib.decompress(idat)
    stride = w * ch
    check(len(raw) == h * (stride + 1), "PNG data has the wrong size")
    out, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - ch] if i >= ch else 0
            b = prev[i]
            c = prev[i - ch] if i >= ch else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        out.extend(line)
        prev = line
    pixels = [tuple(out[i:i + ch]) for i in range(0, len(out), ch)]
    return w, h, ch, pixels


def ppm_decode(data):
    check(data.startswith(b"P6\n"), "not a P6 PPM: %r" % data[:16])
    parts = data.split(b"\n", 3)
    w, h = map(int, parts[1].split())
    check(parts[2] == b"255", "maxval %r" % parts[2])
    px = parts[3]
    check(len(px) == w * h * 3, "PPM pixel data: %d bytes for %dx%d" % (len(px), w, h))
    return w, h, 3, [tuple(px[i:i + 3]) for i in range(0, len(px), 3)]


def area_average(sw, sh, ch, pixels, dw, dh):
    """Reference: each output pixel is the coverage-weighted mean of the
    source area under it; alpha (ch 2 or 4) premultiplied."""
    alpha = ch in (2, 4)
    sx, sy = sw / dw, sh / dh
    out = []
    for oy in range(dh):
        ylo, yhi = oy * sy, (oy + 1) * sy
        for ox in range(dw):
            xlo, xhi = ox * sx, (ox + 1) * sx
            acc, wsum = [0.0] * ch, 0.0
            for y in range(int(ylo), min(sh, int(-(-yhi // 1)))):
                wy = min(yhi, y + 1) - max(ylo, y)
                if wy <= 0:
                    continue
                for x in range(int(xlo), min(sw, int(-(-xhi // 1)))):
                    wx = min(xhi, x + 1) - max(xlo, x)
                    if wx <= 0:
                        continue
                    p = pixels[y * sw + x]
                    a = p[-1] / 255.0 if alpha else 1.0
                    for k in range(ch):
                        v = p[k] * a if alpha and k < ch - 1 else p[k]
                        acc[k] += wx * wy * v
                    wsum += wx * wy
            acc = [v / wsum for v in acc]
            if alpha:
                a = acc[-1]
                px = [acc[k] * 255.0 / a if a > 0 else 0 for k in range(ch - 1)] + [a]
            else:
                px = acc
            out.append(tuple(max(0, min(255, int(v + 0.5))) for v in px))
    return out


def close(got, want, tol=1):
    if len(got) != len(want):
        return "%d pixels, want %d" % (len(got), len(want))
    for i, (g, w) in enumerate(zip(got, want)):
        if len(g) != len(w) or any(abs(a - b) > tol for a, b in zip(g, w)):
            return "pixel %d is %r, want %r" % (i, g, w)
    return None


def pattern(w, h, ch):
    out = []
    for y in range(h):
        for x in range(w):
            p = [(x * 37 + y * 11) % 256, (x * 5 + y * 53) % 256, (x * y * 7 + 40) % 256]
            if ch == 1:
                p = [(x * 29 + y * 17) % 256]
            elif ch == 2:
                p = [(x * 29 + y * 17) % 256, (x * 60 + y * 30) % 256]
            elif ch == 4:
                p = p + [(x * 70 + y * 20 + 15) % 256]
            out.append(tuple(p))
    return out


def thumb(query, image):
    return run("thumbnail", cgi_env("POST", "/thumbnail", query, image, "application/octet-stream"),
               image).cgi()


def thumb_ok(query, image, fmt="png"):
    r = thumb(query, image)
    check(r.status == 200, "status %d: %r" % (r.status, r.body[:200]))
    if fmt == "png":
        check(r.headers.get("content-type") == "image/png", "content-type %r" % r.headers)
        return png_decode(r.body)
    check(r.headers.get("content-type") == "image/x-portable-pixmap", "content-type %r" % r.headers)
    return ppm_decode(r.body)


def thumb_400(query, image, needle):
    r = thumb(query, image)
    check(r.status == 400, "status %d, want 400 (%r)" % (r.status, r.body[:200]))
    check(r.headers.get("content-type", "").startswith("text/plain"), "content-type %r" % r.headers)
    check(needle in r.body.decode(), "message %r lacks %r" % (r.body, needle))


# ---------------------------------------------------------------- checks

@test("sdk_test")
def _():
    r = run("sdk_test").cgi()
    j = r.json()
    check(j["failed"] == [] and j["passed"] > 20, "SDK unit tests: %r" % j)


@test("hello")
def _():
    r = run("hello", cgi_env(path="/hello", query="name=Ada+L%C3%B6",
                             headers={"User-Agent": "check/1"})).cgi()
    check(r.status == 200, "status %d" % r.status)
    check(r.headers["content-type"].startswith("text/plain"), "content-type %r" % r.headers)
    text = r.body.decode("utf-8")
    check("Hello from Petrel, Ada L\u00f6!" in text, "body %r" % text)
    check("You sent GET /hello (user agent: check/1)" in text, "body %r" % text)


@test("hello: default name and GREETING from the route's env")
def _():
    env = cgi_env(path="/hello")
    env["GREETING"] = "Hi"
    text = run("hello", env).cgi().body.decode()
    check(text.startswith("Hi from Petrel, world!\n"), "body %r" % text)


ECHO_BODY = b'hi "there"\n\x01\xff\xc3\xa9\x00end'


@test("echo")
def _():
    q = "a=1&b=x+y&a=2&flag&%26k=%3D&empty="
    r = run("echo", cgi_env("POST", "/echo/some/where", q, ECHO_BODY, "text/plain",
                            {"Host": "example.test", "User-Agent": "check/1", "X-Other": "no"}),
            ECHO_BODY).cgi()
    check(r.status == 200, "status %d" % r.status)
    j = r.json()
    check(j["method"] == "POST" and j["path"] == "/echo/some/where", "method/path %r" % j)
    check(j["query_string"] == q, "query_string %r" % j["query_string"])
    check(j["query"] == {"a": ["1", "2"], "b": "x y", "flag": "", "&k": "=", "empty": ""},
          "query %r" % j["query"])
    check(j["headers"] == {"content-type": "text/plain", "content-length": str(len(ECHO_BODY)),
                           "host": "example.test", "user-agent": "check/1"},
          "headers %r" % j["headers"])
    check(j["body"] == 'hi "there"\n\x01\ufffd\u00e9\x00end', "body %r" % j["body"])
    check(j["body_length"] == len(ECHO_BODY), "body_length %r" % j["body_length"])


@test("echo: no CONTENT_LENGTH reads stdin to the end")
def _():
    env = cgi_env("PUT", "/echo/")
    j = run("echo", env, b"x" * 100000).cgi().json()
    check(j["body_length"] == 100000 and j["body"] == "x" * 100000, "body_length %r" % j["body_length"])


@test("echo: CONTENT_LENGTH is honoured (extra stdin ignored)")
def _():
    env = cgi_env("POST", "/echo/", body=b"abc")
    j = run("echo", env, b"abcdef").cgi().json()
    check(j["body"] == "abc" and j["body_length"] == 3, "body %r" % j["body"])


@test("echo: body over the limit -> 413")
def _():
    env = cgi_env("POST", "/echo/")
    env["CONTENT_LENGTH"] = str(2 * 1024 * 1024)
    r = run("echo", env, b"").cgi()
    check(r.status == 413, "status %d" % r.status)
    r = run("echo", cgi_env("POST", "/echo/"), b"y" * (1024 * 1024 + 1)).cgi()
    check(r.status == 413, "status %d without CONTENT_LENGTH" % r.status)


@test("echo: short body, bad CONTENT_LENGTH -> 400")
def _():
    env = cgi_env("POST", "/echo/")
    env["CONTENT_LENGTH"] = "10"
    r = run("echo", env, b"abc").cgi()
    check(r.status == 400 and b"shorter" in r.body, "status %d %r" % (r.status, r.body))
    env["CONTENT_LENGTH"] = "1x"
    r = run("echo", env, b"abc").cgi()
    check(r.status == 400 and b"CONTENT_LENGTH" in r.body, "status %d %r" % (r.status, r.body))


@test("echo: JSON escaping of every control character and UTF-8")
def _():
    body = bytes(range(0, 0x20)) + b'"\\/\x7f' + "\u00e9\u20ac\U0001F600".encode() + b"\xc0\xaf\xed\xa0\x80"
    j = run("echo", cgi_env("POST", "/echo/", body=body), body).cgi().json()
    want = "".join(map(chr, range(0x20))) + '"\\/\x7f\u00e9\u20ac\U0001F600' + "\ufffd" * 5
    check(j["body"] == want, "body %r" % j["body"])


@test("counter")
def _():
    d = tempfile.mkdtemp(prefix="petrel-counter-")
    try:
        opts = ["--dir", d + "::/data"]
        for want in (1, 2, 3):
            r = run("counter", cgi_env("POST", "/counter"), opts=opts).cgi()
            check(r.status == 200, "status %d: %r" % (r.status, r.body))
            check(r.json() == {"count": want}, "body %r, want count %d" % (r.body, want))
        with open(os.path.join(d, "counter")) as f:
            check(f.read() == "3\n", "file holds %r" % f.read())
        check(not os.path.exists(os.path.join(d, "counter.tmp")), "counter.tmp left behind")
        with open(os.path.join(d, "counter"), "w") as f:
            f.write("41")
        check(run("counter", opts=opts).cgi().json() == {"count": 42}, "41 -> 42")
        with open(os.path.join(d, "counter"), "w") as f:
            f.write("junk")
        r = run("counter", opts=opts).cgi()
        check(r.status == 500 and "corrupt" in r.json()["error"], "corrupt file: %d %r" % (r.status, r.body))
    finally:
        shutil.rmtree(d)


@test("counter: no /data granted -> 500")
def _():
    r = run("counter", cgi_env("POST", "/counter")).cgi()
    check(r.status == 500 and "error" in r.json(), "status %d %r" % (r.status, r.body))


@test("thumbnail: PPM 8x6, w=4 -> 4x3 PNG of 2x2 block means")
def _():
    src = pattern(8, 6, 3)
    w, h, ch, px = thumb_ok("w=4", ppm(8, 6, src))
    check((w, h, ch) == (4, 3, 3), "got %dx%d/%d" % (w, h, ch))
    want = []
    for oy in range(3):
        for ox in range(4):
            block = [src[(2 * oy + dy) * 8 + 2 * ox + dx] for dy in (0, 1) for dx in (0, 1)]
            want.append(tuple(int(sum(p[k] for p in block) / 4 + 0.5) for k in range(3)))
    err = close(px, want, 0)
    check(err is None, err)


@test("thumbnail: PNG RGB 7x5 -> 3x2 PPM, fractional area weights")
def _():
    src = pattern(7, 5, 3)
    w, h, ch, px = thumb_ok("w=3&h=2&format=ppm", png(7, 5, 3, src), "ppm")
    check((w, h) == (3, 2), "got %dx%d" % (w, h))
    err = close(px, area_average(7, 5, 3, src, 3, 2))
    check(err is None, err)


@test("thumbnail: PNG RGBA, alpha premultiplied while averaging")
def _():
    src = pattern(9, 6, 4)
    src[0] = (255, 0, 0, 0)  # fully transparent red must not tint its neighbours
    w, h, ch, px = thumb_ok("max=4", png(9, 6, 4, src))
    check((w, h, ch) == (4, 3, 4), "got %dx%d/%d" % (w, h, ch))
    err = close(px, area_average(9, 6, 4, src, 4, 3))
    check(err is None, err)


@test("thumbnail: grey and grey+alpha PNG keep their channels")
def _():
    for ch in (1, 2):
        src = pattern(10, 10, ch)
        w, h, c, px = thumb_ok("w=5&h=5", png(10, 10, ch, src))
        check((w, h, c) == (5, 5, ch), "got %dx%d/%d" % (w, h, c))
        err = close(px, area_average(10, 10, ch, src, 5, 5))
        check(err is None, "%d channels: %s" % (ch, err))


@test("thumbnail: RGBA -> PPM composites over white")
def _():
    src = [(0, 0, 0, 0), (0, 0, 0, 255), (200, 100, 50, 128), (10, 20, 30, 255)]
    w, h, ch, px = thumb_ok("w=2&format=ppm", png(2, 2, 4, src), "ppm")
    want = [(255, 255, 255), (0, 0, 0),
            tuple((c * 128 + 255 * 127 + 127) // 255 for c in (200, 100, 50)), (10, 20, 30)]
    err = close(px, want)
    check(err is None, err)


@test("thumbnail: aspect ratio kept for w or h alone")
def _():
    img = ppm(100, 50, pattern(100, 50, 3))
    w, h, _, _ = thumb_ok("h=10", img)
    check((w, h) == (20, 10), "h=10 gave %dx%d" % (w, h))
    w, h, _, _ = thumb_ok("w=30", img)
    check((w, h) == (30, 15), "w=30 gave %dx%d" % (w, h))
    w, h, _, _ = thumb_ok("w=3", ppm(100, 7, pattern(100, 7, 3)))
    check((w, h) == (3, 1), "w=3 of 100x7 gave %dx%d" % (w, h))


@test("thumbnail: max fits the box and never enlarges")
def _():
    w, h, _, _ = thumb_ok("max=10", ppm(20, 40, pattern(20, 40, 3)))
    check((w, h) == (5, 10), "max=10 of 20x40 gave %dx%d" % (w, h))
    src = pattern(6, 4, 3)
    w, h, _, px = thumb_ok("max=100", ppm(6, 4, src))
    check((w, h) == (6, 4), "max=100 of 6x4 gave %dx%d" % (w, h))
    check(close(px, src, 0) is None, "same size must be unchanged")


@test("thumbnail: w/h enlarge (box upscale)")
def _():
    src = [(0, 0, 0), (255, 255, 255)]
    w, h, _, px = thumb_ok("w=4&h=2&format=ppm", ppm(2, 1, src), "ppm")
    check((w, h) == (4, 2), "got %dx%d" % (w, h))
    check(close(px, [(0, 0, 0)] * 2 + [(255, 255, 255)] * 2 + [(0, 0, 0)] * 2 + [(255, 255, 255)] * 2, 0) is None,
          "pixels %r" % px)


@test("thumbnail: 16-bit PPM (maxval 65535) and maxval 15")
def _():
    src = [(65535, 0, 32768), (1000, 2000, 3000)]
    w, h, _, px = thumb_ok("w=2&format=ppm", ppm(2, 1, src, 65535), "ppm")
    err = close(px, [(255, 0, 128), (4, 8, 12)])
    check(err is None, err)
    w, h, _, px = thumb_ok("w=1&format=ppm", ppm(1, 1, [(15, 0, 5)], 15), "ppm")
    check(px == [(255, 0, 85)], "maxval 15: %r" % px)


@test("thumbnail: bad input -> 400 with a message")
def _():
    img = ppm(4, 4, pattern(4, 4, 3))
    thumb_400("w=2", b"", "empty body")
    thumb_400("w=2", b"GIF89a....", "unsupported image format")
    thumb_400("w=2", img[:-5], "truncated")
    thumb_400("w=2", b"P6\n4 x\n255\n", "malformed PPM header")
    thumb_400("w=2", b"P6\n0 4\n255\n", "at least 1")
    thumb_400("w=2", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "malformed PNG")
    bad_png = bytearray(png(4, 4, 3, pattern(4, 4, 3)))
    bad_png[40:50] = b"\xff" * 10  # corrupt the IDAT data
    thumb_400("w=2", bytes(bad_png), "malformed PNG")
    thumb_400("w=0", img, "w must be an integer from 1 to 2048")
    thumb_400("w=abc", img, "w must be an integer")
    thumb_400("h=99999", img, "h must be an integer from 1 to 2048")
    thumb_400("max=-3", img, "max must be")
    thumb_400("max=3&w=2", img, "not both")
    thumb_400("", img, "give w and/or h, or max")
    thumb_400("w=2&format=gif", img, "format must be png or ppm")
    thumb_400("w=2000", ppm(1, 2, [(0, 0, 0)] * 2), "would be over 2048")  # h=4000 follows


@test("thumbnail: GET -> 405 with allow: POST")
def _():
    r = run("thumbnail", cgi_env("GET", "/thumbnail", "w=2")).cgi()
    check(r.status == 405 and r.headers.get("allow") == "POST", "status %d %r" % (r.status, r.headers))


@test("thumbnail: a 1000x800 PNG -> max=128")
def _():
    w0, h0 = 1000, 800
    reds = bytes(x * 255 // (w0 - 1) for x in range(w0))
    rows = []
    for y in range(h0):
        line = bytearray(w0 * 3)
        line[0::3] = reds
        line[1::3] = bytes([y * 255 // (h0 - 1)]) * w0
        line[2::3] = b"\x80" * w0
        rows.append(b"\x00" + bytes(line))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    img = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w0, h0, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))
    w, h, ch, px = thumb_ok("max=128", img)
    check((w, h, ch) == (128, 102, 3), "got %dx%d/%d" % (w, h, ch))
    # The gradients survive: red grows left to right, green top to bottom.
    r = [px[50 * w + x][0] for x in range(w)]
    g = [px[y * w + 60][1] for y in range(h)]
    check(r == sorted(r) and r[0] < 5 and r[-1] > 250, "red channel %r" % r[:8])
    check(g == sorted(g) and g[0] < 5 and g[-1] > 250, "green channel %r" % g[:8])
    check(all(p[2] == 128 for p in px), "blue channel not constant")


@test("trap: traps in a named function, writes nothing")
def _():
    r = run("trap", cgi_env())
    check(r.rc == 4, "exit status %d, want 4 (trap)" % r.rc)
    check(r.stdout == b"", "stdout %r" % r.stdout)
    check("unreachable" in r.stderr and "crash" in r.stderr, "stderr %r" % r.stderr)


@test("spin: stopped by the timeout")
def _():
    t0 = time.time()
    r = run("spin", cgi_env(), opts=["--timeout", "300ms"], timeout=30)
    check(r.rc == 4, "exit status %d, want 4" % r.rc)
    check(r.stdout == b"", "stdout %r" % r.stdout)
    check(time.time() - t0 < 10, "took %.1f s" % (time.time() - t0))


@test("grow: allocation fails at the memory cap, then aborts")
def _():
    r = run("grow", cgi_env(), opts=["--max-memory", "16MiB"])
    check(r.rc == 4, "exit status %d, want 4 (trap from abort)" % r.rc)
    check(r.stdout == b"", "stdout %r" % r.stdout)
    check("grow: allocation failed after" in r.stderr, "stderr %r" % r.stderr)
    r = run("grow", cgi_env(query="mib=4"), opts=["--max-memory", "16MiB"]).cgi()
    check(r.status == 200 and r.json()["allocated_mib"] == 4, "under the cap: %d %r" % (r.status, r.body))


@test("isolation: a fresh instance is clean")
def _():
    for _ in range(2):
        j = run("isolation", cgi_env()).cgi().json()
        check(j == {"static": False, "global": False, "wasm_global": False, "heap": False,
                    "result": "clean"}, "%r" % j)


@test("isolation: the markers are found within one instance (runs=2)")
def _():
    j = run("isolation", cgi_env(query="runs=2")).cgi().json()
    check(j == {"static": True, "global": True, "wasm_global": True, "heap": True,
                "result": "dirty"}, "%r" % j)


@test("env: every variable and argv")
def _():
    env = cgi_env(path="/env", query="a=1&b=%20")
    env.update({"X_MATCHED_ROUTE": "/env", "HTTP_ACCEPT": "*/*", "ODD": 'q"\\\t\u00e9', "EMPTY": ""})
    j = run("env", env, args=["a=1", "b=%20"]).cgi().json()
    check(j["env"] == env, "env %r" % j["env"])
    check(sorted(tuple(p) for p in j["env_list"]) == sorted(env.items()), "env_list %r" % j["env_list"])
    check(j["argv"][1:] == ["a=1", "b=%20"], "argv %r" % j["argv"])
    check(j["argv"][0].endswith("env.wasm"), "argv[0] %r" % j["argv"][0])


@test("stderr: a line on stderr, a normal response")
def _():
    r = run("stderr", cgi_env(path="/stderr")).cgi()
    check(r.status == 200 and r.body == b"ok, see the server log\n", "response %d %r" % (r.status, r.body))
    check("stderr-guest: hello from the guest's stderr (path /stderr)" in r.stderr, "stderr %r" % r.stderr)


@test("status: 404 with a custom header")
def _():
    r = run("status", cgi_env(path="/status")).cgi()
    check(r.headers.get("status") == "404 Not Found", "headers %r" % r.headers)
    check(r.headers.get("x-petrel-test") == "custom header", "headers %r" % r.headers)
    check(r.headers.get("content-type", "").startswith("text/plain"), "headers %r" % r.headers)
    check(r.body == b"nothing here\n", "body %r" % r.body)
    r = run("status", cgi_env(path="/status", query="code=418")).cgi()
    check(r.headers.get("status") == "418", "code=418: %r" % r.headers)


@test("status: ?redirect=1 sends only location")
def _():
    r = run("status", cgi_env(path="/status", query="redirect=1"))
    check(r.rc == 0, "exit status %d" % r.rc)
    check(r.stdout == b"location: /elsewhere\n\n", "stdout %r" % r.stdout)


print("%d passed, %d failed" % (RESULTS["pass"], RESULTS["fail"]))
sys.exit(1 if RESULTS["fail"] else 0)
