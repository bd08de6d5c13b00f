#!/usr/bin/env python3
"""WASI host-call cost, Petrel vs Node's WASI (and native code for scale).

    python3 bench/wasi_hostcalls.py [--runs K] [--writes N] [--mb M] [--petrel PATH]

Two programs from bench/wasi/, compiled with clang --target=wasm32-wasi -O2
(and natively with -O2):
  fd_write: N (default 1,000,000) writes of 16 bytes to stdout = /dev/null,
            one fd_write each;
  read:     a M MiB (default 100) file read in 4 KiB chunks, one fd_read each.
Each runs K times (default 5) per runtime, alternating runtimes; the table
gives the median in-guest time (the program's own clock around the loop, so
start-up and compilation are left out), the median wall time of the whole
process, and Petrel's ratio to Node for both. Python 3 standard library only.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
NODE_RUNNER = os.path.join(ROOT, "tests", "wasi", "node_wasi.mjs")
TIME_RE = re.compile(r"bench-time: run=([0-9.]+)")


def build(out_dir):
    programs = {}
    for name in ("fd_write_loop", "read_file"):
        src = os.path.join(BENCH, "wasi", name + ".c")
        wasm = os.path.join(out_dir, name + ".wasm")
        native = os.path.join(out_dir, name + ".native")
        subprocess.run(["clang", "--target=wasm32-wasi", "-O2", src, "-o", wasm], check=True)
        subprocess.run(["cc", "-O2", src, "-o", native], check=True)
        programs[name] = (wasm, native)
    return programs


def run_once(cmd, stdout):
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
    m = TIME_RE.search(proc.stderr)
    if not m:
        raise SystemExit(f"no bench-time from: {' '.join(cmd)}\n{proc.stderr}")
    out = proc.stdout if stdout == subprocess.PIPE else ""
    return float(m.group(1)), wall, out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--writes", type=int, default=1_000_000)
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--petrel", default=os.path.join(ROOT, "BUILD", "petrel"))
    opts = ap.parse_args()
    node = shutil.which("node")
    if not node:
        raise SystemExit("node is needed for the comparison")

    work = tempfile.mkdtemp(prefix="petrel-wasi-bench-")
    try:
        programs = build(work)
        data_dir = os.path.join(work, "data")
        os.mkdir(data_dir)
        data = os.path.join(data_dir, "big.bin")
        block = bytes(range(256)) * 4096  # 1 MiB
        with open(data, "wb") as f:
            for _ in range(opts.mb):
                f.write(block)

        w_wasm, w_native = programs["fd_write_loop"]
        r_wasm, r_native = programs["read_file"]
        n = str(opts.writes)
        cases = {
            "fd_write": {
                "native": ([w_native, n], subprocess.DEVNULL),
                "petrel": ([opts.petrel, "run", w_wasm, "--", n], subprocess.DEVNULL),
                "node": ([node, "--no-warnings", NODE_RUNNER, "--", w_wasm, n], subprocess.DEVNULL),
            },
            "read": {
                "native": ([r_native, data], subprocess.PIPE),
                "petrel": ([opts.petrel, "run", "--dir", f"{data_dir}::/data", r_wasm, "--", "/data/big.bin"],
                           subprocess.PIPE),
                "node": ([node, "--no-warnings", NODE_RUNNER, "--dir", f"{data_dir}::/data", "--", r_wasm,
                          "/data/big.bin"], subprocess.PIPE),
            },
        }
        print(f"# {opts.runs} runs each, medians; fd_write: {opts.writes:,} calls of 16 bytes to /dev/null; "
              f"read: {opts.mb} MiB in 4 KiB reads ({opts.mb * 256:,} calls)")
        print(f"{'program':<10} {'runtime':<8} {'in-guest s':>11} {'wall s':>9} {'us/call':>9} "
              f"{'petrel/node (guest)':>20} {'petrel/node (wall)':>19}")
        for prog, runtimes in cases.items():
            calls = opts.writes if prog == "fd_write" else opts.mb * 256 + 1
            samples = {r: [] for r in runtimes}
            outputs = {}
            for _ in range(opts.runs):
                for runtime, (cmd, stdout) in runtimes.items():
                    guest, wall, out = run_once(cmd, stdout)
                    samples[runtime].append((guest, wall))
                    outputs[runtime] = out
            if prog == "read" and len(set(outputs.values())) != 1:
                raise SystemExit(f"outputs differ: {outputs}")
            med = {r: (statistics.median(g for g, _ in s), statistics.median(w for _, w in s))
                   for r, s in samples.items()}
            for runtime in runtimes:
                g, w = med[runtime]
                ratio = ""
                if runtime == "petrel":
                    ratio = f"{g / med['node'][0]:>20.2f} {w / med['node'][1]:>19.2f}"
                print(f"{prog:<10} {runtime:<8} {g:>11.3f} {w:>9.3f} {g / calls * 1e6:>9.3f} {ratio}")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
