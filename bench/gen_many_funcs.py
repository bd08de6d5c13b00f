#!/usr/bin/env python3
"""Writes the many-function module used to measure compile (validate +
up-front work) cost: by default 10,000 small functions, all in a table, and
a trivial export `run(n) = n` that calls none of them. It is the same module
as bench/run.py's `startup_large` (one generator, gen_module there).

    python3 bench/gen_many_funcs.py [OUT.wasm] [--funcs N] [--noarg]

Then, for example:
    BUILD/petrel validate --stats OUT.wasm      # validation time, translated bytes
    PETREL_STATS=1 BUILD/petrel run --invoke run OUT.wasm 7
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402  (bench/run.py: gen_module, LARGE_FUNCS)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", default="many_funcs.wasm")
    ap.add_argument("--funcs", type=int, default=bench.LARGE_FUNCS)
    ap.add_argument("--noarg", action="store_true", help="export bench() = 7 instead of run(n) = n")
    args = ap.parse_args()
    with open(args.out, "wb") as f:
        f.write(bench.gen_module(args.funcs, args.noarg))
    print(f"{args.out}: {args.funcs} functions, {os.path.getsize(args.out)} bytes")


if __name__ == "__main__":
    main()
