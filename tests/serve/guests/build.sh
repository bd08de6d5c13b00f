#!/usr/bin/env bash
# build.sh OUTDIR [PETREL]
#
# Builds the WAGI guests for petrel serve's tests and examples into OUTDIR:
#   tests/serve/guests/*.c, examples/serve/*.c  -> OUTDIR/NAME.wasm
#       (clang --target=wasm32-wasi -O2 -I sdk/wagi)
#   tests/serve/guests/*.wat                    -> OUTDIR/NAME.wat (copied
#       as text: petrel accepts text modules), and, when a petrel binary is
#       given as PETREL, also OUTDIR/NAME.wasm via `PETREL wat2wasm`.
#
# Needs clang, lld, wasi-libc, libclang-rt-14-dev-wasm32 and libstb-dev
# (Debian 12); as root it installs those that are missing with apt-get.
# Environment: CC (default clang), CFLAGS (extra flags).
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 OUTDIR [PETREL]" >&2
    exit 2
fi
OUTDIR=$1
PETREL=${2:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)

# ---- toolchain ----
PACKAGES=(clang lld wasi-libc libclang-rt-14-dev-wasm32 libstb-dev)
ensure_packages() {
    command -v dpkg-query >/dev/null 2>&1 || return 0 # not Debian: trust the caller
    local missing=() p
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
            missing+=("$p")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    if [[ $(id -u) -ne 0 ]]; then
        echo "build.sh: missing packages: ${missing[*]} (run as root, or apt-get install them)" >&2
        exit 1
    fi
    local log
    log=$(mktemp)
    local apt=(apt-get -o DPkg::Lock::Timeout=600 -y -qq)
    # Try from the current lists first; update them only if that fails.
    if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >"$log" 2>&1; then
        if ! { DEBIAN_FRONTEND=noninteractive "${apt[@]}" update &&
               DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}"; } >"$log" 2>&1; then
            echo "build.sh: apt-get install ${missing[*]} failed:" >&2
            cat "$log" >&2
            rm -f "$log"
            exit 1
        fi
    fi
    rm -f "$log"
}
ensure_packages

CC=${CC:-clang}
if ! command -v "$CC" >/dev/null 2>&1; then
    if command -v clang-14 >/dev/null 2>&1; then CC=clang-14; else
        echo "build.sh: no clang found (set CC)" >&2
        exit 1
    fi
fi
# shellcheck disable=SC2206
EXTRA=(${CFLAGS:-})
FLAGS=(--target=wasm32-wasi -O2 -Wall -Wextra -I "$ROOT/sdk/wagi" "${EXTRA[@]}")

mkdir -p "$OUTDIR"
failed=0
built=0

build_c() { # SRC
    local src=$1 name
    name=$(basename "$src" .c)
    if "$CC" "${FLAGS[@]}" "$src" -o "$OUTDIR/$name.wasm" -lm; then
        built=$((built + 1))
    else
        echo "build.sh: failed to compile $src" >&2
        failed=1
    fi
}

for src in "$HERE"/*.c "$ROOT"/examples/serve/*.c; do
    [[ -e $src ]] && build_c "$src"
done

for src in "$HERE"/*.wat; do
    [[ -e $src ]] || continue
    name=$(basename "$src" .wat)
    cp "$src" "$OUTDIR/$name.wat"
    built=$((built + 1))
    if [[ -n $PETREL ]]; then
        if ! "$PETREL" wat2wasm "$src" -o "$OUTDIR/$name.wasm"; then
            echo "build.sh: $PETREL wat2wasm $src failed" >&2
            failed=1
        fi
    fi
done

# Also copy the example config, so that `petrel serve OUTDIR/app.toml`
# works (its paths are relative to the config).
cp "$ROOT/examples/serve/app.toml" "$OUTDIR/app.toml"
mkdir -p "$OUTDIR/data" # the counter's writable directory

if [[ $failed -ne 0 ]]; then
    exit 1
fi
echo "build.sh: built $built guests into $OUTDIR"
