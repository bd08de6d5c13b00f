#!/usr/bin/env bash
# Installs the Debian packages that building, testing and benchmarking Petrel
# need. Idempotent: asks apt only for what is missing, and says nothing when
# everything is there.
set -euo pipefail

packages=(
  cmake ninja-build g++ ccache pkg-config  # the build (pkg-config: the install test)
  clang lld-14 libclang-rt-14-dev  # clang builds, libFuzzer and the sanitizers
  libgtest-dev libcli11-dev        # unit tests, the CLI's option parser
  wabt nodejs                      # reference tools for cross-checks and benchmarks
  wasi-libc libclang-rt-14-dev-wasm32  # C guest programs: clang --target=wasm32-wasi
  emscripten rustc libstd-rust-dev-wasm32  # Emscripten and Rust WASI guests (tests/wasi)
  gcc-arm-none-eabi libstdc++-arm-none-eabi-picolibc picolibc-arm-none-eabi  # the core for Cortex-M
)

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
