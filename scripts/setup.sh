#!/usr/bin/env bash
# Installs the Debian packages that building, testing and benchmarking Petrel
# need. Idempotent: asks apt only for what is missing, and says nothing when
# everything is there.
set -euo pipefail

# `setup.sh build`: only what building and running Petrel needs (the
# example); `setup.sh` alone: everything the tests, cross builds and
# benchmarks use as well.
build_packages=(
  cmake ninja-build g++ ccache     # the build
  libcli11-dev                     # the CLI's option parser
  libboost1.81-dev libtomlplusplus-dev nlohmann-json3-dev  # petrel serve: HTTP (Beast/Asio), config, JSON
)
test_packages=(
  pkg-config                       # the install test builds an example with it
  clang lld-14 libclang-rt-14-dev  # clang builds, libFuzzer and the sanitizers
  libgtest-dev libbenchmark-dev    # unit tests, micro-benchmarks
  wabt nodejs                      # reference tools for cross-checks and benchmarks
  wasi-libc libclang-rt-14-dev-wasm32 lld  # C guest programs: clang --target=wasm32-wasi
  libstb-dev                       # the thumbnail example (PNG in and out)
  emscripten rustc libstd-rust-dev-wasm32  # Emscripten and Rust WASI guests (tests/wasi)
  gcc-arm-none-eabi libstdc++-arm-none-eabi-picolibc picolibc-arm-none-eabi  # the embedded profile (Cortex-M)
  qemu-system-arm                  # its firmware on a virtual board (scripts/check-embedded.sh)
  g++-aarch64-linux-gnu qemu-user  # the NEON SIMD path, cross-built and run (scripts/check-aarch64.sh)
)
packages=("${build_packages[@]}")
[ "${1:-}" = build ] || packages+=("${test_packages[@]}")

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
