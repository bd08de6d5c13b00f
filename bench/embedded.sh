#!/usr/bin/env bash
# The embedded build's speed on a virtual Cortex-M4F (a benchmark, not a
# test): bench/programs natively (arm-none-eabi-gcc -O2) and as wasm in the
# embedded profile (-Os), and the cost of a host call into petrel_hw, as
# instruction counts: qemu-system-arm -icount shift=0 makes every instruction
# 1 ns of virtual time (ports/qemu-mps2/bench_main.c). Repeatable to the
# instruction. Extra arguments go to CMake (e.g. -DPETREL_FEATURE_SIMD=ON);
# BUILD_DIR picks the build folder (default BUILD-mcu).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-BUILD-mcu}
[ -f "$build/build.ninja" ] || cmake -S . -B "$build" -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/arm-none-eabi.cmake \
  -DPETREL_PROFILE=embedded "$@" >/dev/null
ninja -C "$build" -j2 bench-mps2.elf size-probe.elf baseline.elf >/dev/null
if [ -z "${BUILD_DIR:-}" ]; then
  # Size and RAM per feature set (the probe of scripts/check-embedded.sh).
  PETREL_EMBEDDED_VARIANTS="simd small names trusted nofloat smallest nobulk noref wasm1 multimem gc exceptions memory64 tailcall wasm3" bash scripts/check-embedded.sh | sed -n '/^embedded runtime/,/^[0-9]* passed/p'
fi
timeout 900 qemu-system-arm -M mps2-an386 -nographic -semihosting-config enable=on,target=native -icount shift=0 \
  -kernel "$build/bench-mps2.elf"
