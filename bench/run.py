#!/usr/bin/env python3
"""Petrel benchmark harness: the same C programs as native code, on Petrel, on
Node's V8 and on wabt's wasm-interp (plus optional peers), side by side; then
process start-up and peak RSS on a small and a large generated module next to
a native hello world, and the code size of every module, wasm and translated.

The programs come from the CMake build (BUILD/bench, target bench_programs):
WASI command modules, `prog.wasm N`, and native executables of the same main.
Runtimes with WASI run those; wabt's wasm-interp (no WASI in Debian's) runs a
freestanding module built here into bench/out. Without the CMake outputs every
runtime runs the freestanding modules, and native code is built here too.

    python3 bench/run.py [--runs K] [--programs a,b|none] [--simd a,b|none] [--runtimes a,b]
                         [--scale RUNTIME=F]... [--size F] [--metric wall|cpu]
                         [--startup-runs K] [--rss-runs K] [--build DIR]
                         [--petrel PATH] [--csv FILE] [--json FILE]
                         [--cold-runs K] [--bomb-timeout S] [--large-wasi FILE|none]
                         [--microbench PATH] [--micro-reps K] [--native-cc CC]

The cold-start table (issue 8) runs a WASI hello, the 10k-function module, a
large real-world WASI command (Yosys from the npm package @yowasp/yosys,
fetched with `npm pack` into bench/out, never committed; skipped offline) and
a 4 GiB memory-grow bomb, then petrel_microbench's InstancePre benchmarks.

The SIMD table runs bench/simd/*.c, each built here into bench/out/simd/ from
one source twice for wasm32-wasi (scalar, and -msimd128) and natively with gcc
-O2: Petrel and Node (and WASI peers with SIMD) run both builds, every run
must print native's checksum, and the table gives each build's time, the SIMD
build over the scalar one, and Petrel's SIMD build over Node's.

See docs/PERFORMANCE.md for what is measured and how to read the table.
Python 3 standard library only.
"""

import argparse
import csv
import datetime
import json
import math
import os
import platform
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH_DIR)
PROGRAMS_DIR = os.path.join(BENCH_DIR, "programs")
OUT_DIR = os.path.join(BENCH_DIR, "out")
NODE_RUNNER = os.path.join(BENCH_DIR, "node_runner.mjs")
NODE_WASI_RUNNER = os.path.join(BENCH_DIR, "node_wasi_runner.mjs")
# The sources of the CMake-built programs (bench/CMakeLists.txt), for the staleness check.
CMAKE_BENCH_SOURCES = [os.path.join(BENCH_DIR, "native_main.c"), os.path.join(PROGRAMS_DIR, "bench.h")]

# BUILD/bench when the CMake build holds the WASI module and the native
# executable of every selected program (set by main()); None: the freestanding
# modules and native executables in bench/out are used.
CMAKE_BENCH = None

# Program -> base n (units of work), picked so that native code takes roughly
# 0.2-1 s on a 2020s x86-64 core. Each runtime runs round(n * its scale) units.
PROGRAMS = {
    "fib": 3000,
    "loop": 3000,
    "sieve": 2000,
    "matmul": 1000,
    "memkernel": 1000,
    "crc32": 5000,
    "sha256": 7000,
    "nbody": 8000,
    "mandelbrot": 700,
    "quicksort": 6,
    "minivm": 3000,
    "coremix": 16000,
}

# Default per-runtime scale of n. Slow runtimes do fewer units and their time
# is normalised to the base n (time * base_n / n), so every column is
# "seconds for the base amount of work".
DEFAULT_SCALES = {
    "native": 1.0,
    "node": 1.0,
    "petrel": 0.2,
    "wasm-interp": 0.005,
}
DEFAULT_PEER_SCALE = 0.2

WASM_CFLAGS = ["--target=wasm32", "-O2", "-ffreestanding", "-fno-builtin", "-nostdlib"]
# -fno-math-errno: the wasm32 target's default already, and it lets __builtin_sqrt
# (nbody) be one sqrtsd instead of a call into libm for the errno path.
NATIVE_CFLAGS = ["-O2", "-fno-builtin", "-fno-math-errno"]

TIME_RE = re.compile(r"bench-time:.*?\brun=([0-9.eE+-]+)")
# Integers that are not part of a word (skips the "32" of "i32") nor of a float.
INT_RE = re.compile(r"(?<![\w.])(-?(?:0x[0-9a-fA-F]+|\d+))(?![\w.])")


class BenchError(Exception):
    pass


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def show(path):
    """A path for messages: relative to the current directory when it is below it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


# ---------------------------------------------------------------------------
# Building


def run_checked(cmd, what):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        raise BenchError(f"{what} failed:\n  $ {shlex.join(cmd)}\n{proc.stdout}")
    return proc.stdout


def build(cc, programs, noarg_sizes, native=True):
    """Builds bench/out/NAME.wasm (freestanding, export `run`), NAME (native,
    unless `native` is false: the CMake build provides it) and, for runtimes
    that cannot pass arguments, NAME.nN.wasm (export `bench`)."""
    os.makedirs(OUT_DIR, exist_ok=True)
    header = os.path.join(PROGRAMS_DIR, "bench.h")
    native_main = os.path.join(BENCH_DIR, "native_main.c")
    interp_main = os.path.join(BENCH_DIR, "interp_main.c")

    def stale(target, *sources):
        if not os.path.exists(target):
            return True
        t = os.path.getmtime(target)
        return any(os.path.getmtime(s) > t for s in sources + (os.path.abspath(__file__),))

    def out(name):
        return os.path.join(OUT_DIR, name)

    main_obj = out("native_main.o")
    if native and stale(main_obj, native_main):
        run_checked([cc, "-O2", "-c", "-o", main_obj, native_main], "compiling native_main.c")
    for name in programs:
        src = os.path.join(PROGRAMS_DIR, name + ".c")
        wasm_obj, native_obj = out(name + ".wasm.o"), out(name + ".o")
        if stale(wasm_obj, src, header):
            try:
                run_checked([cc, *WASM_CFLAGS, "-c", "-o", wasm_obj, src], f"compiling {name}.c to wasm32")
            except BenchError as e:
                raise BenchError(f"{e}\n(is clang's wasm32 target available? `clang --print-targets`)")
        if stale(out(name + ".wasm"), wasm_obj):
            try:
                run_checked([cc, *WASM_CFLAGS, "-Wl,--no-entry", "-Wl,--export=run", "-o", out(name + ".wasm"),
                             wasm_obj], f"linking {name}.wasm")
            except BenchError as e:
                raise BenchError(f"{e}\n(wasm-ld missing? `apt-get install lld-14`, or scripts/setup.sh)")
        if native and stale(native_obj, src, header):
            run_checked([cc, *NATIVE_CFLAGS, "-c", "-o", native_obj, src], f"compiling {name}.c natively")
        if native and stale(out(name), native_obj, main_obj):
            run_checked([cc, "-O2", "-o", out(name), main_obj, native_obj], f"linking native {name}")
        for n in sorted(noarg_sizes.get(name, ())):
            target = out(f"{name}.n{n}.wasm")
            if stale(target, wasm_obj, interp_main):
                obj = out(f"interp_main.n{n}.o")
                run_checked([cc, *WASM_CFLAGS, f"-DBENCH_N={n}u", "-c", "-o", obj, interp_main],
                            "compiling interp_main.c")
                run_checked([cc, *WASM_CFLAGS, "-Wl,--no-entry", "-Wl,--export=bench", "-o", target, wasm_obj,
                             obj], f"linking {os.path.basename(target)}")


# ---------------------------------------------------------------------------
# Runtimes


class Runtime:
    """A runtime and its two ways of running a program: `invoke(name, n)`, the
    argv that calls run(n) (or bench(), when `noarg`: the argument is baked
    into NAME.nN.wasm) of a freestanding module in bench/out, for the start-up
    modules and when there is no CMake build; and `wasi(path, n)`, the argv that
    runs a WASI command module with argv[1] = n, or None for a runtime without
    WASI. Either may be None, not both."""

    def __init__(self, name, invoke, wasi=None, noarg=False, version=""):
        self.name = name
        self.invoke = invoke
        self.wasi = wasi
        self.noarg = noarg
        self.version = version

    def uses_wasi(self):
        return CMAKE_BENCH is not None and self.wasi is not None

    def command(self, program, n):
        """The argv that runs benchmark `program` with n units of work."""
        if self.uses_wasi():
            return self.wasi(wasi_wasm(program), n)
        if self.invoke is None:
            raise BenchError(f"{self.name} runs only WASI command modules, and there is no CMake build of them "
                             "(--build DIR; ninja -C DIR bench_programs)")
        return self.invoke(program, n)

    def module_kind(self):
        if self.name == "native":
            return "native " + show(native_exe("PROG"))
        if self.uses_wasi():
            return "WASI " + show(wasi_wasm("PROG"))
        return "freestanding " + show(noarg_wasm("PROG", "N") if self.noarg else wasm("PROG"))


def tool_version(cmd):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=20)
        return p.stdout.strip().splitlines()[0] if p.stdout.strip() else ""
    except (OSError, subprocess.SubprocessError):
        return ""


def wasm(name):
    return os.path.join(OUT_DIR, name + ".wasm")


def noarg_wasm(name, n):
    return os.path.join(OUT_DIR, f"{name}.n{n}.wasm")


def wasi_wasm(name):
    return os.path.join(CMAKE_BENCH, name + ".wasm")


def native_exe(name):
    return os.path.join(CMAKE_BENCH or OUT_DIR, name)


def make_native():
    return Runtime("native", lambda p, n: [native_exe(p), str(n)])


def make_petrel(path, name="petrel", flags=()):
    rev = ""
    try:
        rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True).stdout.strip()
        if subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip():
            rev += "+dirty"
    except OSError:
        pass
    flags = list(flags)
    return Runtime(name, lambda p, n: [path, "run", *flags, "--invoke", "run", wasm(p), str(n)],
                   wasi=lambda f, n: [path, "run", *flags, f, "--", str(n)],
                   version=(f"petrel @ {rev}" if rev else "petrel") + (" " + " ".join(flags) if flags else ""))


# `--limits`: Petrel again with fuel metering, and with interruption checks,
# under limits that never trigger; their "/ petrel" columns are the slowdowns.
LIMIT_VARIANTS = (("petrel+fuel", ["--fuel", str(2**64 - 1)]),
                  ("petrel+interrupt", ["--timeout", "24h"]))


def make_node(node):
    return Runtime("node", lambda p, n: [node, NODE_RUNNER, wasm(p), "run", str(n)],
                   wasi=lambda f, n: [node, "--no-warnings", NODE_WASI_RUNNER, f, str(n)],
                   version="node " + tool_version([node, "--version"]))


def make_wasm_interp(path):
    # Always the freestanding module: Debian's wabt has no WASI.
    help_text = subprocess.run([path, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True).stdout
    version = "wasm-interp " + tool_version([path, "--version"])
    if "--run-export" in help_text:  # newer wabt
        return Runtime("wasm-interp",
                       lambda p, n: [path, "--run-export=run", f"--argument=i32:{n}", wasm(p)], version=version)
    # wabt 1.0.32 (Debian 12): no way to pass arguments, so run a module whose
    # only function export is bench() = run(N).
    return Runtime("wasm-interp", lambda p, n: [path, "--run-all-exports", noarg_wasm(p, n)], noarg=True,
                   version=version)


# Assumed command lines of known peers, by name (or the binary's basename):
# (call run(N) of a freestanding module, run a WASI command module with argv[1] = N).
PEER_TEMPLATES = {
    "wasm3": ("{bin} --func run {wasm} {n}", "{bin} {wasi} {n}"),
    "iwasm": ("{bin} -f run {wasm} {n}", "{bin} {wasi} {n}"),
    "wasmtime": ("{bin} run --invoke run {wasm} {n}", "{bin} run {wasi} {n}"),
    "wasmer": ("{bin} run {wasm} --invoke run {n}", "{bin} run {wasi} -- {n}"),
    "wasm-interp": ("{bin} --run-export=run --argument=i32:{n} {wasm}", None),
}


def parse_peers(spec):
    """PETREL_BENCH_PEERS="name=/path/to/binary name2='cmd ... {wasm} {n}'".
    A value with {wasm}, {wasm_noarg} or {wasi} is a command template;
    otherwise it is a binary whose command lines are looked up by name, then by
    basename. A template with {wasi} runs the WASI command modules only (no
    start-up row); one with {wasm} or {wasm_noarg} the freestanding ones."""
    peers = []
    for item in shlex.split(spec or ""):
        if "=" not in item:
            raise BenchError(f"PETREL_BENCH_PEERS: '{item}' is not name=/path or name='template'")
        name, value = item.split("=", 1)
        if "{wasm" in value or "{wasi}" in value:
            invoke_t, wasi_t = (None, value) if "{wasi}" in value else (value, None)
        else:
            key = name if name in PEER_TEMPLATES else os.path.basename(value)
            if key not in PEER_TEMPLATES:
                raise BenchError(f"PETREL_BENCH_PEERS: no known command line for '{name}' ({value}); "
                                 f"known: {', '.join(PEER_TEMPLATES)}; or give a template with {{wasm}} (or "
                                 f"{{wasi}}) and {{n}}")
            invoke_t, wasi_t = (t and t.replace("{bin}", shlex.quote(value)) for t in PEER_TEMPLATES[key])
        template = invoke_t or wasi_t
        binary = shlex.split(template)[0]
        if not (shutil.which(binary) or os.access(binary, os.X_OK)):
            raise BenchError(f"PETREL_BENCH_PEERS: '{name}': {binary} is not an executable")
        noarg = "{wasm_noarg}" in (invoke_t or "")

        def invoke(p, n, words=shlex.split(invoke_t or "")):
            return [w.replace("{wasm_noarg}", noarg_wasm(p, n)).replace("{wasm}", wasm(p)).replace("{n}", str(n))
                    for w in words]

        def wasi(f, n, words=shlex.split(wasi_t or "")):
            return [w.replace("{wasi}", f).replace("{n}", str(n)) for w in words]

        peers.append(Runtime(name, invoke if invoke_t else None, wasi if wasi_t else None, noarg=noarg,
                             version=f"{name}: " + " | ".join(t for t in (invoke_t, wasi_t) if t)))
    return peers


# ---------------------------------------------------------------------------
# Measuring


def parse_checksum(text):
    """The last standalone integer of the output, as an unsigned 32-bit value
    (Petrel prints i32 results signed, the others unsigned)."""
    found = INT_RE.findall(text)
    if not found:
        return None
    return int(found[-1], 0) & 0xFFFFFFFF


class Result:
    # Set from the command line: which time the table uses ("wall" or "cpu")
    # and how the K runs are summarised ("median" or "min").
    metric = "wall"
    stat = "median"

    def __init__(self, runtime, program, n, base_n):
        self.runtime, self.program, self.n, self.base_n = runtime, program, n, base_n
        self.wall, self.cpu, self.inproc = [], [], []
        self.checksum = None
        self.error = None

    def add_run(self, checksum, wall, cpu, inproc):
        """One timed run: its checksum (already checked) and times."""
        self.checksum = checksum
        self.wall.append(wall)
        self.cpu.append(cpu)
        if inproc is not None:
            self.inproc.append(inproc)

    def summary(self, xs):
        if not xs:
            return None
        return min(xs) if self.stat == "min" else statistics.median(xs)

    @property
    def time_s(self):  # the chosen metric, for n units
        return self.summary(self.cpu if self.metric == "cpu" else self.wall)

    @property
    def norm_s(self):  # the chosen metric, for base_n units
        t = self.time_s
        return None if t is None or self.error else t * self.base_n / self.n

    @property
    def inproc_s(self):
        t = self.summary(self.inproc)
        return None if t is None or self.error else t * self.base_n / self.n


def measure(argv, timeout):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchError(f"timed out after {timeout} s: {shlex.join(argv)}")
    except OSError as e:
        raise BenchError(f"cannot run {shlex.join(argv)}: {e}")
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise BenchError(f"exit status {proc.returncode}: {shlex.join(argv)}\n{proc.stderr.strip()}"
                         f"\n{proc.stdout.strip()}".rstrip())
    m = TIME_RE.search(proc.stderr)
    # The result is read from stdout; a runtime that prints it on stderr only
    # (wasm3's "Result: N") is read from there.
    out = proc.stdout if INT_RE.search(proc.stdout) else proc.stdout + "\n" + TIME_RE.sub("", proc.stderr)
    return wall, cpu, (float(m.group(1)) if m else None), out


# ---------------------------------------------------------------------------
# Reporting


def fmt_s(x):
    if x is None:
        return "-"
    return f"{x:.3f}" if x >= 0.01 else f"{x:.4f}"


def fmt_x(x):
    if x is None:
        return "-"
    return f"{x:.0f}x" if x >= 100 else (f"{x:.1f}x" if x >= 10 else f"{x:.2f}x")


def geomean(xs):
    xs = [x for x in xs if x is not None and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def table(results, programs, runtimes):
    """A Markdown table: normalised seconds and x native per runtime, Node's
    in-process time, and Petrel's speed-up over each other wasm runtime."""
    names = [r.name for r in runtimes]
    others = [n for n in names if n not in ("native", "petrel")]
    header = ["program"]
    for n in names:
        header.append("native s" if n == "native" else f"{n} s (x native)")
        if n == "node":
            header.append("node in-process s (x native)")
    if "petrel" in names:
        header += [f"{o} / petrel" for o in others]

    def cell(res, base):
        if res is None:
            return "-"
        if res.error:
            return "FAIL"
        s, b = res.norm_s, base.norm_s if base else None
        return fmt_s(s) if not b else f"{fmt_s(s)} ({fmt_x(s / b)})"

    rows, per_column = [], {}
    for p in programs:
        native = results.get(("native", p))
        native = native if native and not native.error else None
        row = [p]
        for n in names:
            res = results.get((n, p))
            row.append(cell(res, native) if n != "native" else (fmt_s(res.norm_s) if res and not res.error
                                                                else "FAIL"))
            ok = res and not res.error
            per_column.setdefault((n, "s"), []).append(res.norm_s if ok else None)
            per_column.setdefault((n, "x"), []).append(res.norm_s / native.norm_s if ok and native else None)
            if n == "node":
                ip = res.inproc_s if ok else None
                row.append("-" if ip is None else (f"{fmt_s(ip)} ({fmt_x(ip / native.inproc_s)})"
                                                    if native and native.inproc_s else fmt_s(ip)))
                per_column.setdefault(("node-ip", "s"), []).append(ip)
                per_column.setdefault(("node-ip", "x"), []).append(
                    ip / native.inproc_s if ip and native and native.inproc_s else None)
        if "petrel" in names:
            pet = results.get(("petrel", p))
            for o in others:
                res = results.get((o, p))
                r = res.norm_s / pet.norm_s if res and pet and not res.error and not pet.error else None
                row.append(fmt_x(r))
                per_column.setdefault((o, "vs"), []).append(r)
        rows.append(row)

    # Geometric means over the programs every runtime ran successfully; if a
    # runtime failed somewhere, each column uses the programs it completed
    # (with native) and the geomean row is marked with a `*`.
    complete = [i for i in range(len(programs))
                if all(per_column[(n, "s")][i] is not None for n in names)]
    partial = len(complete) != len(programs)

    def gm(key):
        col = per_column.get(key, [])
        if not partial:
            return geomean(col)
        native_ok = per_column[("native", "s")]
        return geomean([v for i, v in enumerate(col) if native_ok[i] is not None])

    g = ["geomean"]
    for n in names:
        s, x = gm((n, "s")), gm((n, "x"))
        g.append(fmt_s(s) if n == "native" else (f"{fmt_s(s)} ({fmt_x(x)})" if s and x else fmt_s(s)))
        if n == "node":
            s, x = gm(("node-ip", "s")), gm(("node-ip", "x"))
            g.append(f"{fmt_s(s)} ({fmt_x(x)})" if s and x else fmt_s(s))
    if "petrel" in names:
        g += [fmt_x(gm((o, "vs"))) for o in others]
    rows.append(["**geomean**" + ("\\*" if partial else "")] + g[1:])

    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |",
             "|" + "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths)) + "|"]
    for r in rows:
        lines.append("| " + " | ".join((c.ljust(w) if i == 0 else c.rjust(w))
                                       for i, (c, w) in enumerate(zip(r, widths))) + " |")
    if partial:
        lines.append("")
        lines.append("\\* not every runtime completed every program: each geomean is over the programs "
                     "that runtime completed.")
    return "\n".join(lines)


def machine_info():
    model = ""
    try:
        out = subprocess.run(["lscpu"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": model, "kernel": platform.release(), "machine": platform.machine()}


# ---------------------------------------------------------------------------
# Start-up, memory and code size
#
# Petrel's CLI exposes no timers or statistics yet, so these are measured from
# outside: whole processes that load a module and call a trivial export, next
# to a native hello world. The two modules are generated here (no compiler
# needed): a small one (one function) and a large one (LARGE_FUNCS functions,
# a table holding all of them, a data segment).

STARTUP_N = 7          # the argument of the trivial export; run(n) returns n
LARGE_FUNCS = 10000
STARTUP_MODULES = ("startup_small", "startup_large")
HELLO_SRC = os.path.join(BENCH_DIR, "hello.c")
GNU_TIME = "/usr/bin/time"


def leb_u(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        out.append(b | (0x80 if v else 0))
        if not v:
            return bytes(out)


def leb_s(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        done = (v == 0 and not b & 0x40) or (v == -1 and b & 0x40)
        out.append(b | (0 if done else 0x80))
        if done:
            return bytes(out)


def wasm_vec(items):
    return leb_u(len(items)) + b"".join(items)


def wasm_section(sid, payload):
    return bytes([sid]) + leb_u(len(payload)) + payload


def wasm_name(s):
    return leb_u(len(s)) + s.encode()


def filler_body(i, count):
    """Function i (1..count) of the large module, type (i32) -> i32: some
    arithmetic, a loop, a load, an if/else and a call to its neighbour. It is
    never called; it is there to be decoded, validated and translated."""
    callee = i - 1 if i > 1 else count
    code = (b"\x20\x00" + b"\x41" + leb_s((i * 2654435761) % 100003) + b"\x6a"  # local.get 0; i32.const; add
            b"\x22\x01\x20\x01\x41\x0d\x74\x73\x21\x01"                         # tee 1; (l1 << 13) ^ ...; set 1
            b"\x02\x40\x03\x40"                                                 # block; loop
            b"\x20\x01\x41\x01\x71\x0d\x01"                                     # br_if 1 (l1 & 1)
            b"\x20\x01\x41\x01\x76\x22\x01\x0d\x00"                             # l1 >>= 1; br_if 0 (l1)
            b"\x0b\x0b"                                                         # end; end
            b"\x20\x01\x41\x00\x28\x02" + leb_u((i * 4) % 60000) + b"\x6a"      # + i32.load offset=...
            b"\x20\x00\x41\xe4\x00\x49\x04\x7f"                                 # if (l0 < 100) (result i32)
            b"\x20\x00\x41\x01\x6a\x10" + leb_u(callee) +                       #   call neighbour(l0 + 1)
            b"\x05\x41" + leb_s((i * 31) % 1000) + b"\x0b"                      # else const; end
            b"\x6a\x0b")                                                        # add; end
    body = wasm_vec([b"\x01\x7f"]) + code                                       # one extra i32 local
    return leb_u(len(body)) + body


def gen_module(num_funcs, noarg):
    """Function 0 is the trivial export: run(n) = n, or (noarg) bench() = STARTUP_N.
    Functions 1..num_funcs are fillers, all in table 0."""
    i32 = b"\x7f"
    types = [b"\x60" + wasm_vec([i32]) + wasm_vec([i32]), b"\x60" + wasm_vec([]) + wasm_vec([i32])]
    funcs = [leb_u(1 if noarg else 0)] + [leb_u(0)] * num_funcs
    exports = [wasm_name("bench" if noarg else "run") + b"\x00\x00", wasm_name("memory") + b"\x02\x00"]
    entry = b"\x41" + leb_s(STARTUP_N) + b"\x0b" if noarg else b"\x20\x00\x0b"
    bodies = [leb_u(len(entry) + 1) + b"\x00" + entry] + [filler_body(i, num_funcs) for i in range(1, num_funcs + 1)]
    out = b"\x00asm\x01\x00\x00\x00"
    out += wasm_section(1, wasm_vec(types))
    out += wasm_section(3, wasm_vec(funcs))
    if num_funcs:
        out += wasm_section(4, wasm_vec([b"\x70\x00" + leb_u(num_funcs)]))     # table funcref min=num_funcs
    out += wasm_section(5, wasm_vec([b"\x00\x01"]))                             # memory min=1 page
    out += wasm_section(7, wasm_vec(exports))
    if num_funcs:
        out += wasm_section(9, wasm_vec([b"\x00\x41\x00\x0b" +                  # elem at 0: functions 1..
                                         wasm_vec([leb_u(i) for i in range(1, num_funcs + 1)])]))
    out += wasm_section(10, wasm_vec(bodies))
    data = bytes((i * 37) & 0xFF for i in range(256))
    out += wasm_section(11, wasm_vec([b"\x00\x41\x10\x0b" + leb_u(len(data)) + data]))
    return out


def build_startup(cc):
    """bench/out/hello (native), startup_{small,large}.wasm (export run) and
    their .nN.wasm twins (export bench()) for runtimes that cannot pass arguments."""
    os.makedirs(OUT_DIR, exist_ok=True)
    me = os.path.abspath(__file__)
    hello = os.path.join(OUT_DIR, "hello")
    if not os.path.exists(hello) or os.path.getmtime(hello) < max(os.path.getmtime(HELLO_SRC), os.path.getmtime(me)):
        run_checked([cc, "-O2", "-o", hello, HELLO_SRC], "compiling hello.c")
    for name, funcs in zip(STARTUP_MODULES, (0, LARGE_FUNCS)):
        for noarg, path in ((False, wasm(name)), (True, noarg_wasm(name, STARTUP_N))):
            if not os.path.exists(path) or os.path.getmtime(path) < os.path.getmtime(me):
                with open(path, "wb") as f:
                    f.write(gen_module(funcs, noarg))
    return hello


def wasm_sizes(path):
    """File size, number of function bodies and code-section size of a module,
    from its section headers."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x00asm":
        raise BenchError(f"{path}: not a wasm module")

    def read_leb(pos):
        v = shift = 0
        while True:
            b = data[pos]
            pos += 1
            v |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return v, pos

    pos, funcs, code = 8, 0, 0
    while pos < len(data):
        sid = data[pos]
        size, start = read_leb(pos + 1)
        if sid == 10:
            code = size
            funcs, _ = read_leb(start)
        pos = start + size
    return {"file_bytes": len(data), "functions": funcs, "code_section_bytes": code}


def peak_rss_kib(argv, timeout):
    """Peak resident set size of one process (GNU time's %M, in KiB)."""
    import tempfile
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as tmp:
        measure([GNU_TIME, "-f", "%M", "-o", tmp.name, *argv], timeout)
        text = tmp.read().strip().splitlines()
    return int(text[-1]) if text and text[-1].isdigit() else None


def measure_startup(runtimes, hello, runs, rss_runs, timeout):
    """Every runtime on both start-up modules, and native hello, `runs` times
    (interleaved rounds), then the peak RSS of `rss_runs` more runs each.
    Returns {(runtime, module): {"wall": [...], "cpu": [...], "rss_kib": [...], "error": ...}}."""
    entries = [("native", "hello", lambda: [hello])]
    for r in runtimes:
        if r.name == "native" or r.invoke is None:
            continue
        for m in STARTUP_MODULES:
            entries.append((r.name, m, lambda r=r, m=m: r.invoke(m, STARTUP_N)))
    res = {(rt, m): {"wall": [], "cpu": [], "rss_kib": [], "error": None} for rt, m, _ in entries}
    for rnd in range(runs):
        for rt, m, argv in entries:
            cell = res[(rt, m)]
            if cell["error"]:
                continue
            try:
                wall, cpu, _, out = measure(argv(), timeout)
                if m != "hello" and parse_checksum(out) != STARTUP_N:
                    raise BenchError(f"expected {STARTUP_N}, got {out.strip()!r}: {shlex.join(argv())}")
            except BenchError as e:
                cell["error"] = str(e)
                log(f"ERROR: start-up {rt} {m}: {e}")
                continue
            cell["wall"].append(wall)
            cell["cpu"].append(cpu)
        log(f"  start-up round {rnd + 1}/{runs} done")
    if rss_runs and os.access(GNU_TIME, os.X_OK):
        for _ in range(rss_runs):
            for rt, m, argv in entries:
                cell = res[(rt, m)]
                if not cell["error"]:
                    try:
                        kib = peak_rss_kib(argv(), timeout)
                    except BenchError as e:
                        log(f"note: peak RSS of {rt} {m}: {e}")
                        kib = None
                    if kib is not None:
                        cell["rss_kib"].append(kib)
    elif rss_runs:
        log(f"note: {GNU_TIME} not found (apt-get install time), no peak RSS")
    return res


def startup_table(res, runtimes, metric, stat):
    pick = min if stat == "min" else statistics.median

    def t(rt, m):
        cell = res.get((rt, m))
        xs = cell and (cell["cpu"] if metric == "cpu" else cell["wall"])
        return pick(xs) if xs and not cell["error"] else None

    def rss(rt, m):
        cell = res.get((rt, m))
        return statistics.median(cell["rss_kib"]) if cell and cell["rss_kib"] else None

    hello_t, hello_rss = t("native", "hello"), rss("native", "hello")

    def ms(x, base):
        if x is None:
            return "FAIL"
        return f"{x * 1000:.1f}" + (f" ({fmt_x(x / base)})" if base else "")

    def mib(x, base=None):
        if x is None:
            return "-"
        return f"{x / 1024:.1f}" + (f" ({fmt_x(x / base)})" if base else "")

    header = ["runtime", "small module ms (x hello)", "large module ms (x hello)", "large - small ms",
              "peak RSS small MiB (x hello)", "peak RSS large MiB"]
    rows = [["native hello", ms(hello_t, None), "-", "-", mib(hello_rss), "-"]]
    for r in runtimes:
        if r.name == "native" or r.invoke is None:
            continue
        s, l = t(r.name, "startup_small"), t(r.name, "startup_large")
        rows.append([r.name, ms(s, hello_t), ms(l, hello_t), f"{(l - s) * 1000:.1f}" if s and l else "-",
                     mib(rss(r.name, "startup_small"), hello_rss), mib(rss(r.name, "startup_large"))])
    return markdown(header, rows)


def markdown(header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |",
             "|" + "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths)) + "|"]
    for r in rows:
        lines.append("| " + " | ".join((str(c).ljust(w) if i == 0 else str(c).rjust(w))
                                       for i, (c, w) in enumerate(zip(r, widths))) + " |")
    return "\n".join(lines)


INTERNAL_CODE_RE = re.compile(r"internal code:\s*(\d+) bytes \(([0-9.]+)x the bodies\)")


def petrel_code_size(petrel, path):
    """Petrel's translated (internal) code size of a module, and its ratio to
    the wasm function bodies, from `petrel validate --stats`; None if unknown."""
    if not petrel:
        return None
    try:
        proc = subprocess.run([petrel, "validate", "--stats", path], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as e:
        log(f"note: petrel validate --stats {path}: {e}")
        return None
    m = INTERNAL_CODE_RE.search(proc.stdout)
    if proc.returncode != 0 or not m:
        log(f"note: no translated code size from `petrel validate --stats {path}` (exit status "
            f"{proc.returncode}): {proc.stdout.strip()[:200]}")
        return None
    return {"translated_code_bytes": int(m.group(1)), "translated_x_bodies": float(m.group(2))}


def module_sizes(path, petrel):
    sizes = wasm_sizes(path)
    sizes.update(petrel_code_size(petrel, path) or {"translated_code_bytes": None, "translated_x_bodies": None})
    return sizes


def size_table(sizes):
    header = ["module", "file bytes", "functions", "code section bytes", "translated code bytes (x bodies)"]
    rows = [[name, str(s["file_bytes"]), str(s["functions"]), str(s["code_section_bytes"]),
             "n/a" if s["translated_code_bytes"] is None
             else f"{s['translated_code_bytes']} ({s['translated_x_bodies']:.2f}x)"] for name, s in sizes.items()]
    return markdown(header, rows)


# ---------------------------------------------------------------------------
# Cold start (issue 8): whole WASI processes and the memory-grow bomb, each
# timed and measured for peak RSS in the same run (os.wait4's rusage), on
# Petrel, Node and the peers; then instantiation in-process, from
# BUILD/petrel_microbench's InstancePre benchmarks.
#
#   hello_wasi     bench/hello.c built for wasm32-wasi (the WASI twin of native hello)
#   startup_large  the 10 000-function module above, run(7) called
#   large_wasi     a large real-world WASI command: Yosys (tens of MB of wasm, a
#                  C++ program built with the WASI SDK) from the npm package
#                  @yowasp/yosys, fetched at run time into bench/out (never
#                  committed), asked for its version (`yosys -V`)
#   growbomb       memory.grow by one page until it fails (4 GiB), three
#                  writes far apart, run(7) returns 7 if the memory reached 4 GiB

LARGE_WASI_PACKAGE = "@yowasp/yosys"
LARGE_WASI_VERSION = "0.55.944"
LARGE_WASI_MEMBER = "package/gen/yosys.core.wasm"   # the WASI preview1 core module (imports wasi_snapshot_preview1)
LARGE_WASI_ARG = "-V"
LARGE_WASI_EXPECT = "Yosys 0.55"
GROWBOMB = "growbomb"
COLD_WORKLOADS = ("hello_wasi", "startup_large", "large_wasi", GROWBOMB)


def gen_growbomb():
    """run(n): grow memory 0 by one page until memory.grow fails (at 65536
    pages, 4 GiB), store to three pages (first, middle, last), return n if the
    memory reached 65536 pages, else -1."""
    i32 = b"\x7f"
    store1 = b"\x41\x01\x36\x02\x00"                                           # i32.const 1; i32.store
    code = (b"\x03\x40\x41\x01\x40\x00\x41\x7f\x47\x0d\x00\x0b"                # loop: br_if (grow(1) != -1)
            b"\x41\x00" + store1 +                                              # [0] = 1
            b"\x41" + leb_s(0x7fff0000) + store1 +                              # [2 GiB - 64 KiB] = 1
            b"\x41" + leb_s(-16) + store1 +                                     # [4 GiB - 16] = 1
            b"\x20\x00\x41\x7f\x3f\x00\x41" + leb_s(65536) + b"\x46\x1b\x0b")  # select(n, -1, size == 65536)
    body = b"\x00" + code
    out = b"\x00asm\x01\x00\x00\x00"
    out += wasm_section(1, wasm_vec([b"\x60" + wasm_vec([i32]) + wasm_vec([i32])]))
    out += wasm_section(3, wasm_vec([leb_u(0)]))
    out += wasm_section(5, wasm_vec([b"\x00\x01"]))                             # memory min=1, no max
    out += wasm_section(7, wasm_vec([wasm_name("run") + b"\x00\x00", wasm_name("memory") + b"\x02\x00"]))
    out += wasm_section(10, wasm_vec([leb_u(len(body)) + body]))
    return out


def build_cold(cc, large_wasi, npm):
    """The cold-start modules: {workload: path or None (skipped, with a note)}."""
    os.makedirs(OUT_DIR, exist_ok=True)
    me = os.path.abspath(__file__)
    paths = {"startup_large": wasm("startup_large")}
    bomb = wasm(GROWBOMB)
    if not os.path.exists(bomb) or os.path.getmtime(bomb) < os.path.getmtime(me):
        with open(bomb, "wb") as f:
            f.write(gen_growbomb())
    paths[GROWBOMB] = bomb
    hello = os.path.join(OUT_DIR, "hello.wasm")
    if not os.path.exists(hello) or os.path.getmtime(hello) < max(os.path.getmtime(HELLO_SRC), os.path.getmtime(me)):
        try:
            run_checked([cc, "--target=wasm32-wasi", "-O2", "-Wl,--strip-debug", "-o", hello, HELLO_SRC],
                        "compiling hello.c for wasm32-wasi")
        except BenchError as e:
            log(f"note: no WASI hello ({e.args[0].splitlines()[0]}; needs wasi-libc), skipping that row")
            hello = None
    paths["hello_wasi"] = hello
    paths["large_wasi"] = fetch_large_wasi(npm) if large_wasi is None else (
        None if large_wasi == "none" else os.path.abspath(large_wasi))
    return paths


def fetch_large_wasi(npm):
    """Yosys's WASI module from the npm package, cached in bench/out; None
    (with a note) when npm or the registry is not reachable."""
    name = f"yosys-{LARGE_WASI_VERSION}.core.wasm"
    dest = os.path.join(OUT_DIR, name)
    if os.path.exists(dest):
        return dest
    spec = f"{LARGE_WASI_PACKAGE}@{LARGE_WASI_VERSION}"
    skip = f"skipping the large WASI module row (or pass --large-wasi FILE)"
    if not shutil.which(npm):
        log(f"note: {npm} not found (apt-get install npm), cannot fetch {spec}; {skip}")
        return None
    log(f"fetching {spec} from the npm registry into {show(OUT_DIR)} (about 9 MB, once) ...")
    import tarfile
    import tempfile
    with tempfile.TemporaryDirectory(dir=OUT_DIR) as tmp:
        try:
            p = subprocess.run([npm, "pack", "--silent", "--pack-destination", tmp, spec], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, timeout=600)
        except (OSError, subprocess.SubprocessError) as e:
            log(f"note: `npm pack {spec}` failed ({e}); offline? {skip}")
            return None
        tgz = [f for f in os.listdir(tmp) if f.endswith(".tgz")]
        if p.returncode != 0 or not tgz:
            log(f"note: `npm pack {spec}` failed (exit status {p.returncode}; offline, or the registry is not "
                f"reachable?): {p.stdout.strip()[-300:]}\n{skip}")
            return None
        try:
            with tarfile.open(os.path.join(tmp, tgz[0])) as tar:
                src = tar.extractfile(LARGE_WASI_MEMBER)
                with open(dest + ".part", "wb") as f:
                    shutil.copyfileobj(src, f)
        except (KeyError, tarfile.TarError, OSError) as e:
            log(f"note: {spec} has no {LARGE_WASI_MEMBER} ({e}); {skip}")
            return None
    os.replace(dest + ".part", dest)
    return dest


def measure_rusage(argv, timeout):
    """One process: (wall s, user+sys CPU s, stdout + stderr, exit status or
    None if it was killed after `timeout` s), from os.wait4's rusage of that
    child. (Its ru_maxrss is not used: it counts the forked Python parent's
    pages from before the exec; peak RSS comes from GNU time, a small parent.)"""
    import tempfile
    import threading
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        except OSError as e:
            raise BenchError(f"cannot run {shlex.join(argv)}: {e}")
        killed = []
        timer = threading.Timer(timeout, lambda: (killed.append(1), proc.kill()))
        timer.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
        out.seek(0)
        text = out.read().decode(errors="replace")
    return wall, ru.ru_utime + ru.ru_stime, text, (None if killed else proc.returncode)


def cold_runtimes(runtimes):
    return [r for r in runtimes if r.name not in ("native", "wasm-interp")]


def measure_cold(runtimes, paths, runs, timeout, bomb_timeout):
    """Every cold workload on every runtime that can run it, `runs` rounds;
    in each round a timed run and a run under GNU time for the peak RSS.
    Returns {(runtime, workload): {"wall", "cpu", "rss_kib": [...], "error", "timeout", "skip"}}."""
    entries = []
    for r in cold_runtimes(runtimes):
        for w in COLD_WORKLOADS:
            path = paths.get(w)
            if path is None:
                continue
            if w in ("hello_wasi", "large_wasi"):
                if r.wasi is None:
                    continue
                argv = r.wasi(path, LARGE_WASI_ARG if w == "large_wasi" else STARTUP_N)
                want = LARGE_WASI_EXPECT if w == "large_wasi" else "hello, world"
                check = lambda out, want=want: want in out
            else:
                if r.invoke is None or r.noarg:
                    continue
                argv = r.invoke(w, STARTUP_N)
                check = lambda out: parse_checksum(TIME_RE.sub("", out)) == STARTUP_N
            entries.append((r.name, w, argv, check))
    res = {(rt, w): {"wall": [], "cpu": [], "rss_kib": [], "error": None, "timeout": None}
           for rt, w, _, _ in entries}
    for rnd in range(runs):
        for rt, w, argv, check in entries:
            cell = res[(rt, w)]
            if cell["error"] or cell["timeout"]:
                continue
            limit = bomb_timeout if w == GROWBOMB else timeout
            wall, cpu, out, status = measure_rusage(argv, limit)
            if status is None:
                cell["timeout"] = limit
                log(f"note: cold start {rt} {w}: killed after {limit:g} s: {shlex.join(argv)}")
                continue
            if status != 0 or not check(out):
                cell["error"] = f"exit status {status}: {shlex.join(argv)}\n{out.strip()[-500:]}"
                log(f"ERROR: cold start {rt} {w}: {cell['error']}")
                continue
            cell["wall"].append(wall)
            cell["cpu"].append(cpu)
            if os.access(GNU_TIME, os.X_OK):
                try:
                    rss = peak_rss_kib(argv, limit)
                except BenchError as e:
                    log(f"note: peak RSS of {rt} {w}: {e.args[0].splitlines()[0]}")
                    rss = None
                if rss is not None:
                    cell["rss_kib"].append(rss)
        log(f"  cold-start round {rnd + 1}/{runs} done")
    return res


COLD_LABELS = {
    "hello_wasi": "hello.wasm (WASI hello world)",
    "startup_large": "10k-function module, run(7)",
    "large_wasi": "yosys -V (large WASI command)",
    GROWBOMB: "grow bomb: 4 GiB, 3 writes",
}


def cold_table(res, runtimes, hello_cell, paths, metric, stat):
    """Rows: the workloads; per runtime: time in ms and peak RSS in MiB, and
    for the others their ratio to Petrel's (above 1: Petrel is faster or smaller)."""
    pick = min if stat == "min" else statistics.median
    names = [r.name for r in cold_runtimes(runtimes)]

    def t(cell):
        xs = cell and (cell["cpu"] if metric == "cpu" else cell["wall"])
        return pick(xs) if xs and not cell["error"] else None

    def rss(cell):
        return statistics.median(cell["rss_kib"]) if cell and cell["rss_kib"] and not cell["error"] else None

    header = ["workload"]
    if hello_cell:
        header.append("native hello ms / MiB")
    for n in names:
        header += [f"{n} ms" + ("" if n == "petrel" else " (x petrel)"),
                   f"{n} MiB" + ("" if n == "petrel" else " (x petrel)")]
    rows = []
    for w in COLD_WORKLOADS:
        label = COLD_LABELS[w]
        if w == "large_wasi" and paths.get(w):
            label += f", {os.path.getsize(paths[w]) / 1e6:.1f} MB"
        row = [label]
        if hello_cell:
            row.append(f"{t(hello_cell) * 1000:.1f} / {rss(hello_cell) / 1024:.1f}"
                       if w == "hello_wasi" and t(hello_cell) and rss(hello_cell) else "-")
        if paths.get(w) is None:
            rows.append(row + ["skipped"] + ["-"] * (2 * len(names) - 1))
            continue
        pet = res.get(("petrel", w))
        for n in names:
            cell = res.get((n, w))
            if cell is None:
                row += ["n/a", "n/a"]
                continue
            if cell["error"]:
                row += ["FAIL", "FAIL"]
                continue
            if cell["timeout"]:
                row += [f"> {cell['timeout'] * 1000:.0f} (killed)", "-"]
                continue
            tm, mem = t(cell), rss(cell)
            pt, pm = (t(pet), rss(pet)) if pet and n != "petrel" else (None, None)
            row.append(f"{tm * 1000:.1f}" + (f" ({fmt_x(tm / pt)})" if pt else ""))
            row.append(f"{mem / 1024:.1f}" + (f" ({fmt_x(mem / pm)})" if pm else ""))
        rows.append(row)
    return markdown(header, rows)


def run_microbench(path, reps, timeout):
    """BUILD/petrel_microbench's InstancePre and GrowBomb benchmarks as JSON;
    the medians of `reps` repetitions: [{name, wall_us, cpu_us, counters}]."""
    argv = [path, "--benchmark_filter=InstancePreWasiStart|GrowBomb4GiB", "--benchmark_format=json",
            f"--benchmark_repetitions={reps}", "--benchmark_report_aggregates_only=true"]
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout)
        data = json.loads(p.stdout)
    except (OSError, subprocess.SubprocessError, ValueError) as e:
        log(f"note: {shlex.join(argv)} failed: {e}")
        return []
    scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}
    out = []
    for b in data.get("benchmarks", []):
        if b.get("aggregate_name", "median") != "median" or b.get("error_occurred"):
            continue
        k = scale.get(b.get("time_unit", "ns"), 1e-3)
        out.append({"name": b.get("run_name", b["name"]), "wall_us": b["real_time"] * k,
                    "cpu_us": b["cpu_time"] * k,
                    "faults_per_instance": b.get("faults_per_instance"), "rss_growth_KiB": b.get("rss_growth_KiB")})
    return out


def micro_label(name):
    if name.startswith("BM_InstancePreWasiStart/"):
        k = int(name.split("/", 1)[1])
        what = {-1: "no pool (Linker::instantiate)", 0: "pool, keep-resident 0 (MADV_DONTNEED)"}.get(
            k, f"pool, keep-resident {k // 1024} KiB" + (" (default)" if k == 1 << 20 else ""))
        return f"small WASI instantiate + `_start`: {what}"
    if name.startswith("BM_GrowBomb4GiB"):
        return "grow bomb in-process (Instance, no CLI)"
    return name


def micro_table(micro):
    header = ["benchmark (BUILD/petrel_microbench)", "wall µs", "CPU µs", "page faults per instance",
              "RSS growth KiB"]
    rows = []
    for b in micro:
        f, g = b["faults_per_instance"], b["rss_growth_KiB"]
        rows.append([micro_label(b["name"]), f"{b['wall_us']:.2f}", f"{b['cpu_us']:.2f}",
                     "-" if f is None else f"{f:.2f}", "-" if g is None else f"{g:.0f}"])
    return markdown(header, rows)


def cold_targets(res, micro, metric, stat):
    """The cold-start targets of issue 8 against this run's Petrel numbers."""
    pick = min if stat == "min" else statistics.median

    def t(w):
        cell = res.get(("petrel", w))
        xs = cell and not cell["error"] and (cell["cpu"] if metric == "cpu" else cell["wall"])
        return pick(xs) if xs else None

    def rss(w):
        cell = res.get(("petrel", w))
        return statistics.median(cell["rss_kib"]) / 1024 if cell and cell["rss_kib"] else None

    def verdict(ok):
        return "n/a" if ok is None else ("**met**" if ok else "**not met**")

    rows = []
    lt, lm = t("large_wasi"), rss("large_wasi")
    rows.append(["large WASI program's `-V` run ≤ 0.15 s", "-" if lt is None else f"{lt:.3f} s",
                 verdict(None if lt is None else lt <= 0.15)])
    rows.append(["... and ≤ 80 MiB peak RSS", "-" if lm is None else f"{lm:.1f} MiB",
                 verdict(None if lm is None else lm <= 80)])
    bt = t(GROWBOMB)
    rows.append(["grow bomb (4 GiB) ≤ 10 ms, whole `petrel run` process", "-" if bt is None else f"{bt * 1000:.1f} ms",
                 verdict(None if bt is None else bt <= 0.010)])
    gb = [b for b in micro if b["name"].startswith("BM_GrowBomb4GiB")]
    if gb:
        rows.append(["grow bomb ≤ 10 ms, in-process (microbench)", f"{gb[0]['wall_us'] / 1000:.2f} ms, "
                     f"RSS +{gb[0]['rss_growth_KiB'] or 0:.0f} KiB", verdict(gb[0]["wall_us"] <= 10000)])
    ip = [b for b in micro if b["name"] == f"BM_InstancePreWasiStart/{1 << 20}"]
    rows.append(["small WASI instantiate + trivial `_start` ≤ 5 µs (pool, default keep-resident)",
                 f"{ip[0]['wall_us']:.2f} µs wall, {ip[0]['cpu_us']:.2f} µs CPU, "
                 f"{ip[0]['faults_per_instance']:.2f} faults" if ip else "-",
                 verdict(ip[0]["wall_us"] <= 5 if ip else None)])
    return markdown(["target (issue 8)", "Petrel, this run", "result"], rows)


# ---------------------------------------------------------------------------
# SIMD: the programs of bench/simd/, each built from one C source twice for
# wasm32-wasi, scalar and with -msimd128 (the source uses wasm_simd128.h
# under __wasm_simd128__ where clang does not vectorise it, plain C
# elsewhere), and natively by gcc -O2 (the scalar path); built here into
# bench/out/simd/ and run as WASI commands, `PROG.wasm N`, with the driver
# bench/native_main.c. Each wasm runtime that has SIMD runs both builds;
# every run must print native's checksum, so the scalar and SIMD builds agree.

SIMD_DIR = os.path.join(BENCH_DIR, "simd")
SIMD_OUT = os.path.join(OUT_DIR, "simd")

# Program -> base n, picked like PROGRAMS (native gcc -O2 about 0.3-0.6 s).
SIMD_PROGRAMS = {
    "bytescan": 3500,
    "dot": 4000,
    "matmul": 400,
    "blur": 1500,
    "adler32": 7000,
}
SIMD_VARIANTS = ("scalar", "simd")
SIMD_WASM_CFLAGS = ["--target=wasm32-wasi", "-O2", "-fno-builtin", "-Wl,--strip-debug"]
SIMD_NATIVE_CFLAGS = ["-O2", "-fno-builtin", "-fno-math-errno"]
# Peers known to have no fixed-width SIMD, left out of the SIMD table.
NO_SIMD_PEERS = {"wasm3": "wasm3 has no SIMD"}
SIMD_INSN_RE = re.compile(r"\|\s*(?:v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\.")


def simd_paths(name):
    return {"scalar": os.path.join(SIMD_OUT, name + ".wasm"), "simd": os.path.join(SIMD_OUT, name + ".simd.wasm"),
            "native": os.path.join(SIMD_OUT, name)}


def build_simd(cc, native_cc, programs):
    """bench/out/simd/NAME.wasm (scalar), NAME.simd.wasm (-msimd128) and NAME
    (native_cc -O2); rebuilt when older than their sources or this file."""
    os.makedirs(SIMD_OUT, exist_ok=True)
    driver = os.path.join(BENCH_DIR, "native_main.c")
    header = os.path.join(PROGRAMS_DIR, "bench.h")
    me = os.path.abspath(__file__)
    for name in programs:
        src = os.path.join(SIMD_DIR, name + ".c")
        paths = simd_paths(name)
        builds = (("scalar", [cc, *SIMD_WASM_CFLAGS]), ("simd", [cc, *SIMD_WASM_CFLAGS, "-msimd128"]),
                  ("native", [native_cc, *SIMD_NATIVE_CFLAGS]))
        for variant, cmd in builds:
            target = paths[variant]
            if os.path.exists(target) and os.path.getmtime(target) >= max(
                    os.path.getmtime(f) for f in (src, driver, header, me)):
                continue
            # Two files on one command line are two compilations: run() is not
            # inlined into main, as with the other programs.
            try:
                run_checked([*cmd, driver, src, "-o", target], f"building {name} ({variant})")
            except BenchError as e:
                hint = ("" if variant == "native" else
                        "\n(needs clang with the wasm32-wasi target and wasi-libc: packages clang, lld, wasi-libc, "
                        "libclang-rt-14-dev-wasm32)")
                raise BenchError(f"{e}{hint}")


def simd_instruction_count(path):
    """Static count of v128 instructions in a module (wabt's wasm-objdump -d),
    or None when wasm-objdump is not installed."""
    objdump = shutil.which("wasm-objdump")
    if not objdump:
        return None
    p = subprocess.run([objdump, "-d", path], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return sum(1 for line in p.stdout.splitlines() if SIMD_INSN_RE.search(line)) if p.returncode == 0 else None


def simd_runtimes(runtimes):
    """The wasm runtimes of the SIMD table: Petrel, Node and the peers with a
    WASI command line, less those without SIMD; ([Runtime], [notes])."""
    chosen, notes = [], []
    for r in runtimes:
        if r.name == "native" or r.wasi is None or r.name == "wasm-interp" or r.name.startswith("petrel+"):
            continue
        if r.name in NO_SIMD_PEERS:
            notes.append(f"{r.name} left out ({NO_SIMD_PEERS[r.name]})")
            continue
        chosen.append(r)
    return chosen, notes


def first_lines(text, k=2):
    """An error's first lines joined, so the closing list of failures (one line
    each) shows the runtime's own message, not just the exit status."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " | ".join(lines[:k])


def measure_simd(programs, wasm_runtimes, native_cc, scales, size, runs, timeout):
    """Every (runtime, build) on every SIMD program, `runs` interleaved rounds.
    Returns {(label, program): Result}, labels "native" and "R-scalar"/"R-simd"."""
    results, entries = {}, []
    for p in programs:
        base = max(1, round(SIMD_PROGRAMS[p] * size))
        paths = simd_paths(p)
        entries.append(("native", p, lambda n, exe=paths["native"]: [exe, str(n)], base, base))
        for r in wasm_runtimes:
            n = max(1, round(base * scales.get(r.name, DEFAULT_PEER_SCALE)))
            for v in SIMD_VARIANTS:
                entries.append((f"{r.name}-{v}", p, lambda n, r=r, f=paths[v]: r.wasi(f, n), n, base))
    for label, p, _, n, base in entries:
        results[(label, p)] = Result(label, p, n, base)
    expected = {}

    def expect(p, n):
        if (p, n) not in expected:
            _, _, _, out = measure([simd_paths(p)["native"], str(n)], timeout)
            expected[(p, n)] = parse_checksum(out)
        return expected[(p, n)]

    for rnd in range(runs):
        for label, p, argv_of, n, _ in entries:
            res = results[(label, p)]
            if res.error:
                continue
            argv = argv_of(n)
            try:
                wall, cpu, inproc, out = measure(argv, timeout)
                got = parse_checksum(out)
                if label == "native":
                    expected.setdefault((p, n), got)
                want = expect(p, n)
                if got != want:
                    raise BenchError(f"checksum mismatch: {label} {p} n={n} printed {out.strip()!r} (= {got}), "
                                     f"native {native_cc} (scalar C) says {want}\n  $ {shlex.join(argv)}")
            except BenchError as e:
                res.error = first_lines(str(e))
                log(f"ERROR: SIMD {label} {p}: {e}")
                continue
            res.add_run(got, wall, cpu, inproc)
            log(f"  [{rnd + 1}/{runs}] simd {p:<9} {label:<14} n={n:<6} {wall:8.3f} s"
                + (f"  (in-process {inproc:.3f} s)" if inproc is not None else ""))
    return results


def simd_time(res):
    """The SIMD table's time: the guest's own clock around run() (its
    `bench-time: run=` line, every WASI build prints it), normalised to the
    base n; so neither process start-up nor Node's compile is in the ratios.
    The whole-process times are in the JSON."""
    if res is None or res.error:
        return None
    return res.inproc_s if res.inproc else res.norm_s


def simd_table(results, programs, wasm_runtimes, counts):
    """Per program: native, each runtime's scalar and SIMD build (s and x
    native), the SIMD build's time over the scalar build's, and Petrel's SIMD
    build over Node's; the static v128 instruction count of the SIMD build."""
    names = [r.name for r in wasm_runtimes]
    header = ["program", "native s"]
    for n in names:
        header += [f"{n}-scalar s (x native)", f"{n}-simd s (x native)", f"{n} simd / scalar"]
    pair = "petrel" in names and "node" in names
    if pair:
        header.append("petrel-simd / node-simd")
    header.append("v128 instrs")
    cols = {}

    def ok(label, p):
        return simd_time(results.get((label, p)))

    def cell(label, p, nat):
        res = results.get((label, p))
        if res is None:
            return "-"
        t = simd_time(res)
        if t is None:
            return "FAIL"
        return f"{fmt_s(t)} ({fmt_x(t / nat)})" if nat else fmt_s(t)

    def ratio(a, b):
        return a / b if a and b else None

    rows = []
    for p in programs:
        nat = ok("native", p)
        row = [p, fmt_s(nat) if nat else "FAIL"]
        cols.setdefault("native", []).append(nat)
        for n in names:
            sc, si = ok(f"{n}-scalar", p), ok(f"{n}-simd", p)
            row += [cell(f"{n}-scalar", p, nat), cell(f"{n}-simd", p, nat), fmt_x(ratio(si, sc))]
            for key, t in (("scalar", sc), ("simd", si)):
                cols.setdefault((n, key, "s"), []).append(t)
                cols.setdefault((n, key, "x"), []).append(ratio(t, nat))
            cols.setdefault((n, "ratio"), []).append(ratio(si, sc))
        if pair:
            r = ratio(ok("petrel-simd", p), ok("node-simd", p))
            row.append(fmt_x(r))
            cols.setdefault("pair", []).append(r)
        c = counts.get(p)
        row.append("-" if c is None else str(c))
        rows.append(row)
    partial = any(v is None for col in cols.values() for v in col)
    g = ["**geomean**" + ("\\*" if partial else ""), fmt_s(geomean(cols["native"]))]
    for n in names:
        for key in ("scalar", "simd"):
            s, x = geomean(cols[(n, key, "s")]), geomean(cols[(n, key, "x")])
            g.append(f"{fmt_s(s)} ({fmt_x(x)})" if s and x else fmt_s(s))
        g.append(fmt_x(geomean(cols[(n, "ratio")])))
    if pair:
        g.append(fmt_x(geomean(cols["pair"])))
    g.append("")
    rows.append(g)
    text = markdown(header, rows)
    if partial:
        text += ("\n\n\\* some runs failed (FAIL): each geomean is over the programs that column completed.")
    return text


# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, help="timed runs per (program, runtime); median (default 3)")
    ap.add_argument("--programs", default=",".join(PROGRAMS),
                    help="comma-separated subset of " + ",".join(PROGRAMS) + ", or 'none'")
    ap.add_argument("--simd", default=",".join(SIMD_PROGRAMS),
                    help="the SIMD table: comma-separated subset of " + ",".join(SIMD_PROGRAMS) + " (bench/simd/), "
                         "or 'none'")
    ap.add_argument("--runtimes", default=None,
                    help="comma-separated subset of native,petrel,node,wasm-interp and peers "
                         "(default: all that are available; native is always run)")
    ap.add_argument("--scale", action="append", default=[], metavar="RUNTIME=F",
                    help="run RUNTIME with n*F units and normalise to n (defaults: " +
                         ", ".join(f"{k}={v}" for k, v in DEFAULT_SCALES.items()) +
                         f", peers={DEFAULT_PEER_SCALE})")
    ap.add_argument("--metric", choices=("wall", "cpu"), default="wall",
                    help="wall-clock of the process (default), or its user+sys CPU time (steadier on a busy "
                         "machine; counts Node's background compiler threads too)")
    ap.add_argument("--stat", choices=("median", "min"), default="median",
                    help="summary of the K runs (default median)")
    ap.add_argument("--size", type=float, default=1.0, help="multiply every base n by F (e.g. 0.1 for a smoke run)")
    ap.add_argument("--build", default=os.path.join(ROOT, "BUILD"), metavar="DIR",
                    help="the CMake build directory: the programs' WASI modules and native executables in "
                         "DIR/bench (target bench_programs), and Petrel's CLI DIR/petrel (default BUILD); "
                         "without DIR/bench the freestanding modules are built and run instead")
    ap.add_argument("--petrel", default=None,
                    help="Petrel's CLI (default $PETREL, else DIR/petrel of --build)")
    ap.add_argument("--node", default=shutil.which("node") or "node")
    ap.add_argument("--wasm-interp", default=shutil.which("wasm-interp") or "wasm-interp")
    ap.add_argument("--cc", default=os.environ.get("CC_WASM", "clang"),
                    help="clang with the wasm32 target (default $CC_WASM or clang)")
    ap.add_argument("--native-cc", default=shutil.which("gcc") or "cc",
                    help="compiler of the SIMD table's native builds (default gcc; -O2)")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per process (default 900)")
    ap.add_argument("--startup-runs", type=int, default=20,
                    help="process runs per (runtime, module) for the start-up table (default 20; 0 skips start-up "
                         "and peak RSS)")
    ap.add_argument("--rss-runs", type=int, default=3,
                    help="runs under /usr/bin/time per (runtime, module) for peak RSS (default 3; median)")
    ap.add_argument("--cold-runs", type=int, default=5,
                    help="rounds of the cold-start table (WASI hello, the 10k-function module, the large WASI "
                         "program, the grow bomb; time and peak RSS from the same run; default 5; 0 skips it)")
    ap.add_argument("--bomb-timeout", type=float, default=30,
                    help="seconds a runtime may take on the grow bomb before it is killed and reported as "
                         "'> S' (default 30)")
    ap.add_argument("--large-wasi", metavar="FILE|none", default=None,
                    help=f"the large WASI command of the cold-start table (default: fetch "
                         f"{LARGE_WASI_PACKAGE}@{LARGE_WASI_VERSION} with npm into bench/out; 'none' skips it)")
    ap.add_argument("--npm", default="npm", help="npm, to fetch the large WASI module (default npm)")
    ap.add_argument("--microbench", metavar="PATH", default=None,
                    help="petrel_microbench for instantiation µs and page faults (default DIR/petrel_microbench "
                         "of --build; skipped when missing)")
    ap.add_argument("--micro-reps", type=int, default=5,
                    help="repetitions of the microbenchmarks (median; default 5; 0 skips them)")
    ap.add_argument("--limits", action="store_true",
                    help="also run Petrel with fuel metering (--fuel) and with interruption (--timeout), "
                         "each with a limit that is never reached, and report the slowdowns")
    ap.add_argument("--csv", metavar="FILE")
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args()

    Result.metric, Result.stat = args.metric, args.stat
    if args.petrel is None:
        args.petrel = os.environ.get("PETREL") or os.path.join(args.build, "petrel")
    programs = [p for p in args.programs.split(",") if p and p != "none"]
    for p in programs:
        if p not in PROGRAMS:
            ap.error(f"unknown program '{p}' (have {', '.join(PROGRAMS)})")
    simd_programs = [p for p in args.simd.split(",") if p and p != "none"]
    for p in simd_programs:
        if p not in SIMD_PROGRAMS:
            ap.error(f"unknown SIMD program '{p}' (have {', '.join(SIMD_PROGRAMS)})")
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    if args.startup_runs < 0 or args.rss_runs < 0:
        ap.error("--startup-runs and --rss-runs must not be negative")

    # Runtimes: explicit list, or all that are present.
    wanted = set(args.runtimes.split(",")) if args.runtimes else None
    runtimes = [make_native()]
    available = {}
    if os.access(args.petrel, os.X_OK):
        available["petrel"] = lambda: make_petrel(os.path.abspath(args.petrel))
    elif wanted and "petrel" in wanted:
        raise BenchError(f"Petrel's CLI not found at {args.petrel} (build it: cmake -S . -B BUILD -G Ninja "
                         "-DCMAKE_BUILD_TYPE=Release && ninja -C BUILD petrel; or --petrel PATH)")
    else:
        log(f"note: {args.petrel} not found, skipping petrel")
    for name, exe, make in (("node", args.node, make_node), ("wasm-interp", args.wasm_interp, make_wasm_interp)):
        if shutil.which(exe):
            available[name] = lambda make=make, exe=exe: make(exe)
        elif wanted and name in wanted:
            raise BenchError(f"{name} not found ({exe}); scripts/setup.sh installs nodejs and wabt")
        else:
            log(f"note: {exe} not found, skipping {name}")
    for name in ("petrel", "node", "wasm-interp"):
        if name in available and (wanted is None or name in wanted):
            runtimes.append(available[name]())
    for peer in parse_peers(os.environ.get("PETREL_BENCH_PEERS", "")):
        if wanted is None or peer.name in wanted:
            runtimes.append(peer)
    if wanted:
        unknown = wanted - {r.name for r in runtimes}
        if unknown:
            raise BenchError(f"unknown or unavailable runtime(s): {', '.join(sorted(unknown))}")

    scales = dict(DEFAULT_SCALES)
    if args.limits:
        if "petrel" not in {r.name for r in runtimes}:
            raise BenchError("--limits needs the petrel runtime")
        for name, flags in LIMIT_VARIANTS:
            runtimes.append(make_petrel(os.path.abspath(args.petrel), name, flags))
            scales[name] = scales.get("petrel", 1.0)
    for item in args.scale:
        name, _, value = item.partition("=")
        try:
            scales[name] = float(value)
        except ValueError:
            ap.error(f"--scale wants RUNTIME=FACTOR, got '{item}'")

    def n_for(runtime, program):
        base = max(1, round(PROGRAMS[program] * args.size))
        return base, max(1, round(base * scales.get(runtime.name, DEFAULT_PEER_SCALE)))

    # The CMake build of the programs, if it has all of them.
    global CMAKE_BENCH
    cmake_dir = os.path.abspath(os.path.join(args.build, "bench"))
    missing = [p for p in programs if not (os.access(os.path.join(cmake_dir, p), os.X_OK)
                                           and os.path.exists(os.path.join(cmake_dir, p + ".wasm")))]
    if programs and not missing:
        CMAKE_BENCH = cmake_dir
        stale = [p for p in programs
                 if min(os.path.getmtime(native_exe(p)), os.path.getmtime(wasi_wasm(p))) <
                 max(os.path.getmtime(f) for f in CMAKE_BENCH_SOURCES + [os.path.join(PROGRAMS_DIR, p + ".c")])]
        if stale:
            log(f"WARNING: {show(cmake_dir)} is older than the sources of {', '.join(stale)}: "
                f"rebuild it (ninja -C {show(args.build)} bench_programs)")
        log(f"programs: WASI modules and native executables from {show(cmake_dir)}")
    elif programs:
        log(f"note: {show(cmake_dir)} lacks {', '.join(missing)} (cmake -S . -B "
            f"{show(args.build)} && ninja -C {show(args.build)} bench_programs); "
            "every runtime runs the freestanding modules built here")
    for r in runtimes:
        if r.invoke is None and not r.uses_wasi() and programs:
            raise BenchError(f"{r.name} runs only WASI command modules, and there is no CMake build of them")

    noarg_sizes = {}
    for r in runtimes:
        if r.noarg and not r.uses_wasi():
            for p in programs:
                noarg_sizes.setdefault(p, set()).add(n_for(r, p)[1])
    log(f"building into {show(OUT_DIR)} ...")
    build(args.cc, programs, noarg_sizes, native=CMAKE_BENCH is None)
    hello = build_startup(args.cc) if args.startup_runs or args.cold_runs else None
    cold_paths = build_cold(args.cc, args.large_wasi, args.npm) if args.cold_runs else {}

    native = runtimes[0]
    results = {}
    for r in runtimes:
        for p in programs:
            base, n = n_for(r, p)
            results[(r.name, p)] = Result(r.name, p, n, base)

    # Expected checksums: native at every n some runtime uses (untimed unless
    # it is native's own n, which is timed below anyway).
    expected = {}

    def expect(p, n):
        if (p, n) not in expected:
            _, _, _, out = measure(native.command(p, n), args.timeout)
            expected[(p, n)] = parse_checksum(out)
        return expected[(p, n)]

    failures = []
    log(f"runtimes: {', '.join(f'{r.name} (n x {scales.get(r.name, DEFAULT_PEER_SCALE):g})' for r in runtimes)}; "
        f"{args.runs} run(s) each")
    for rnd in range(args.runs):
        for p in programs:
            for r in runtimes:
                res = results[(r.name, p)]
                if res.error:
                    continue
                argv = r.command(p, res.n)
                try:
                    wall, cpu, inproc, out = measure(argv, args.timeout)
                    got = parse_checksum(out)
                    if r.name == "native":
                        expected.setdefault((p, res.n), got)
                    want = expect(p, res.n)
                    if got != want:
                        raise BenchError(f"checksum mismatch: {r.name} {p} n={res.n} printed "
                                         f"{out.strip()!r} (= {got}), native says {want}\n  $ {shlex.join(argv)}")
                except BenchError as e:
                    res.error = str(e)
                    failures.append(f"{r.name} {p}: {e}")
                    log(f"ERROR: {r.name} {p}: {e}")
                    continue
                res.add_run(got, wall, cpu, inproc)
                log(f"  [{rnd + 1}/{args.runs}] {p:<9} {r.name:<12} n={res.n:<6} {wall:8.3f} s"
                    + (f"  (in-process {inproc:.3f} s)" if inproc is not None else ""))

    simd_results, simd_counts, simd_notes, simd_rts = {}, {}, [], []
    if simd_programs:
        simd_rts, simd_notes = simd_runtimes(runtimes)
        try:
            log(f"SIMD: building {', '.join(simd_programs)} into {show(SIMD_OUT)} (scalar, -msimd128, "
                f"native {os.path.basename(args.native_cc)}) ...")
            build_simd(args.cc, args.native_cc, simd_programs)
        except BenchError as e:
            log(f"note: no SIMD table: {e}")
            simd_programs = []
        for p in simd_programs:
            simd_counts[p] = simd_instruction_count(simd_paths(p)["simd"])
            if simd_instruction_count(simd_paths(p)["scalar"]):
                failures.append(f"SIMD {p}: the scalar build {show(simd_paths(p)['scalar'])} has v128 instructions")
            if simd_counts[p] == 0:
                failures.append(f"SIMD {p}: the -msimd128 build {show(simd_paths(p)['simd'])} has no v128 "
                                "instructions")
    if simd_programs:
        log(f"SIMD: native and {', '.join(r.name for r in simd_rts)} (scalar and -msimd128 builds)"
            + "".join("; " + n for n in simd_notes))
        simd_results = measure_simd(simd_programs, simd_rts, args.native_cc, scales, args.size, args.runs,
                                    args.timeout)
        no_simd = {}
        for (label, p), res in simd_results.items():
            if not res.error:
                continue
            rt = label.rsplit("-", 1)[0]
            if rt not in ("petrel", "node") and label.endswith("-simd"):
                # A peer built without SIMD (WAMR's default) refuses v128 modules: a note, not a failure.
                no_simd.setdefault(rt, res.error)
            else:
                failures.append(f"SIMD {label} {p}: {res.error}")
        for rt, why in no_simd.items():
            simd_notes.append(f"{rt} failed on the -msimd128 builds (a build without SIMD?): {why}")

    startup = {}
    if hello and args.startup_runs:
        log(f"start-up: native hello and every runtime on {', '.join(STARTUP_MODULES)} "
            f"({args.startup_runs} run(s) each, then {args.rss_runs} for peak RSS)")
        startup = measure_startup(runtimes, hello, args.startup_runs, args.rss_runs, args.timeout)
        for (rt, m), cell in startup.items():
            if cell["error"]:
                failures.append(f"start-up {rt} {m}: {cell['error']}")
    cold = {}
    if args.cold_runs:
        log(f"cold start: {', '.join(w for w in COLD_WORKLOADS if cold_paths.get(w))} on "
            f"{', '.join(r.name for r in cold_runtimes(runtimes))} ({args.cold_runs} round(s))")
        cold = measure_cold(runtimes, cold_paths, args.cold_runs, args.timeout, args.bomb_timeout)
        for (rt, w), cell in cold.items():
            if cell["error"]:
                failures.append(f"cold start {rt} {w}: {cell['error']}")
    micro = []
    microbench = args.microbench or os.path.join(args.build, "petrel_microbench")
    if args.micro_reps and args.cold_runs:
        if os.access(microbench, os.X_OK):
            log(f"instantiation: {show(microbench)} InstancePre and GrowBomb, {args.micro_reps} repetition(s)")
            micro = run_microbench(microbench, args.micro_reps, args.timeout)
        else:
            log(f"note: {show(microbench)} not found (ninja -C {show(args.build)} petrel_microbench; needs "
                "libbenchmark-dev), no instantiation numbers")
    petrel_cli = os.path.abspath(args.petrel) if os.access(args.petrel, os.X_OK) else None
    sizes = {p: module_sizes(wasm(p), petrel_cli) for p in programs}
    if hello and args.startup_runs:
        sizes.update({m: module_sizes(wasm(m), petrel_cli) for m in STARTUP_MODULES})
    wasi_sizes = {p: module_sizes(wasi_wasm(p), petrel_cli) for p in programs} if CMAKE_BENCH else {}

    info = machine_info()
    date = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    what = "wall-clock" if args.metric == "wall" else "user+sys CPU time"
    print()
    if programs:
        print(f"{date}; {info['nproc']} x {info['cpu']}; {args.stat} of {args.runs} run(s); {what} of the whole "
              f"process, in seconds for the base n (runs with a smaller n scaled up).")
        print(", ".join(f"{r.name}: n x {scales.get(r.name, DEFAULT_PEER_SCALE):g}" for r in runtimes))
        print("Modules: " + "; ".join(f"{r.name}: {r.module_kind()}" for r in runtimes))
        print()
        print(table(results, programs, runtimes))
        print()
        print("x native = time / native time (lower is better); R / petrel = R's time / Petrel's time "
              "(above 1: Petrel is faster than R).")
    else:
        print(f"{date}; {info['nproc']} x {info['cpu']}")
    if simd_programs:
        print()
        print(f"SIMD: {args.stat} of {args.runs} run(s) of the guest's own clock around run() (`bench-time: "
              f"run=`, so without process start-up or compile), in seconds for the base n; "
              f"bench/simd/*.c built for wasm32-wasi scalar (PROG.wasm) and with -msimd128 (PROG.simd.wasm), and "
              f"natively by {os.path.basename(args.native_cc)} {' '.join(SIMD_NATIVE_CFLAGS)} (the scalar path), in "
              f"{show(SIMD_OUT)}. " + (" ".join(n + "." for n in simd_notes) + " " if simd_notes else ""))
        print()
        print(simd_table(simd_results, simd_programs, simd_rts, simd_counts))
        print()
        print("simd / scalar = the SIMD build's time over the scalar build's on the same runtime (below 1: SIMD is "
              "faster); petrel-simd / node-simd = Petrel's time over V8's on the SIMD build (above 1: Petrel is "
              "slower); v128 instrs = static count in the SIMD build (wasm-objdump -d).")
    if startup:
        print()
        print(f"Start-up and memory: {args.stat} of {args.startup_runs} process run(s), {what}, in ms; "
              f"each runtime calls run({STARTUP_N}) (or bench()) of a generated module: startup_small (1 "
              f"function) and startup_large ({LARGE_FUNCS} functions in a table, "
              f"{sizes['startup_large']['file_bytes'] // 1024} KiB). "
              + (f"Peak RSS: median of {args.rss_runs} run(s) under {GNU_TIME} -f %M." if args.rss_runs
                 else "No peak RSS (--rss-runs 0)."))
        print()
        print(startup_table(startup, runtimes, args.metric, args.stat))
    if cold:
        print()
        print(f"Cold start: {args.stat} of {args.cold_runs} process run(s), {what} in ms, and the median peak RSS "
              f"in MiB of as many runs under {GNU_TIME} -f %M; x petrel = R / Petrel (above 1: Petrel is faster or "
              f"smaller). WASI runs: `RUNTIME FILE ARG`; the 10k-function module and the grow bomb: run(7) of "
              f"the freestanding module. Large WASI command: "
              + (f"{show(cold_paths['large_wasi'])} ({LARGE_WASI_PACKAGE}@{LARGE_WASI_VERSION} from npm unless "
                 f"--large-wasi), `{LARGE_WASI_ARG}`." if cold_paths.get("large_wasi") else "skipped."))
        print()
        print(cold_table(cold, runtimes, startup.get(("native", "hello")), cold_paths, args.metric, args.stat))
        if micro:
            print()
            print(f"Instantiation in-process: medians of {args.micro_reps} repetitions of "
                  f"{show(microbench)} --benchmark_filter='InstancePreWasiStart|GrowBomb4GiB'.")
            print()
            print(micro_table(micro))
        print()
        print(cold_targets(cold, micro, args.metric, args.stat))
    if sizes:
        print()
        print("Module sizes, freestanding modules (bench/out): file, function bodies and code section from the "
              "section headers; translated code = Petrel's internal code (`petrel validate --stats`), and its "
              "size over the function bodies" + ("" if petrel_cli else " (n/a: no petrel CLI)") + ".")
        print()
        print(size_table(sizes))
    if wasi_sizes:
        print()
        print(f"Module sizes, WASI command modules ({show(CMAKE_BENCH)}; run() plus main, printf "
              "and the rest of wasi-libc that they pull in):")
        print()
        print(size_table(wasi_sizes))
    print()
    print("Host-call cost: not measured here; see bench/wasi_hostcalls.py (WASI calls, Petrel vs Node) and "
          "bench/micro (the embedding API).")

    records = []
    for r in runtimes:
        for p in programs:
            res = results[(r.name, p)]
            nat = results[("native", p)]
            ratio = (res.norm_s / nat.norm_s) if res.norm_s and nat.norm_s else None
            records.append({
                "program": p, "runtime": r.name, "n": res.n, "base_n": res.base_n, "runs": len(res.wall),
                "wall_s": res.wall, "cpu_s": res.cpu, "inproc_run_s": res.inproc,
                "wall_median_s": statistics.median(res.wall) if res.wall else None,
                "cpu_median_s": statistics.median(res.cpu) if res.cpu else None,
                "normalised_s": res.norm_s, "inproc_normalised_s": res.inproc_s,
                "x_native": ratio, "checksum": res.checksum, "error": res.error, "module": r.module_kind(),
            })
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            w = csv.writer(f)
            cols = ["program", "runtime", "n", "base_n", "runs", "wall_median_s", "normalised_s",
                    "inproc_normalised_s", "cpu_median_s", "x_native", "checksum", "error"]
            w.writerow(cols)
            for rec in records:
                w.writerow(["" if rec[c] is None else rec[c] for c in cols])
    if args.json:
        with open(args.json, "w") as f:
            json.dump({
                "date": date, "machine": info, "runs": args.runs, "size": args.size,
                "metric": args.metric, "stat": args.stat,
                "scales": {r.name: scales.get(r.name, DEFAULT_PEER_SCALE) for r in runtimes},
                "versions": {r.name: r.version for r in runtimes if r.version},
                "cc": tool_version([args.cc, "--version"]),
                "results": records,
                "startup": {"n": STARTUP_N, "large_functions": LARGE_FUNCS, "results": [
                    {"runtime": rt, "module": m, **cell} for (rt, m), cell in startup.items()]},
                "cold_start": {"runs": args.cold_runs, "paths": cold_paths, "large_wasi_package":
                               f"{LARGE_WASI_PACKAGE}@{LARGE_WASI_VERSION}", "results": [
                                   {"runtime": rt, "workload": w, **cell} for (rt, w), cell in cold.items()]},
                "instantiation": micro,
                "module_sizes": sizes, "wasi_module_sizes": wasi_sizes,
                "simd": {"native_cc": tool_version([args.native_cc, "--version"]), "v128_instructions": simd_counts,
                         "results": [{
                             "program": p, "runtime": label, "n": res.n, "base_n": res.base_n,
                             "wall_s": res.wall, "cpu_s": res.cpu, "inproc_run_s": res.inproc,
                             "normalised_s": res.norm_s, "inproc_normalised_s": res.inproc_s,
                             "checksum": res.checksum, "error": res.error,
                         } for (label, p), res in simd_results.items()]},
                "cmake_bench_dir": CMAKE_BENCH,
            }, f, indent=2)
            f.write("\n")

    if failures:
        log("")
        log("=" * 72)
        log(f"FAILED: {len(failures)} (program, runtime) pair(s) did not run or disagreed with the expected "
            "result:")
        for f in failures:
            log("  " + f.splitlines()[0])
        log("=" * 72)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as e:
        log(f"run.py: error: {e}")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
