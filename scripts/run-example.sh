#!/usr/bin/env bash
# Sets up the machine, builds Petrel (Release, into BUILD/) and runs the
# bundled examples: a WASI hello world, then recursive fib(30) and 20!
# through `petrel run --invoke`.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/common.sh

bash scripts/setup.sh build  # only what building and running need
build_dir BUILD "-DCMAKE_BUILD_TYPE=Release -DPETREL_TESTS=OFF" petrel

echo "\$ BUILD/petrel run examples/hello.wat"
BUILD/petrel run examples/hello.wat
echo "\$ BUILD/petrel run --invoke fib examples/fib.wat 30"
BUILD/petrel run --invoke fib examples/fib.wat 30
echo "\$ BUILD/petrel run --invoke factorial examples/fib.wat 20"
BUILD/petrel run --invoke factorial examples/fib.wat 20
