#!/usr/bin/env bash
# Installs Petrel from a build folder into a temporary prefix and builds the
# embedding examples (examples/embed) against it the way a user would: with
# find_package(Petrel) (shared and static) and with pkg-config. Each example
# runs the guest and its output is compared with what the guest must print.
#   tests/install/run.sh BUILD_DIR
# Ends with `N passed, N failed`.
set -uo pipefail
build=${1:?usage: tests/install/run.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; [ -n "${2:-}" ] && echo "$2" | tail -n 20; failed=$((failed + 1)); }

# sum of squares of 1..4, with a report after each number (hand-computed).
expected="after 1: 1
after 2: 5
after 3: 14
after 4: 30
sum of squares: 30 (4 host calls)"

check_run() {  # name, command...
  local name=$1 out
  shift
  if out=$("$@" "$root/examples/embed/guest.wat" 4 2>&1) && [ "$out" = "$expected" ]; then
    pass "$name"
  else
    fail "$name" "$out"
  fi
}

prefix=$work/prefix
if log=$(cmake --install "$build" --prefix "$prefix" 2>&1); then
  pass "cmake --install"
else
  fail "cmake --install" "$log"
fi
for f in include/petrel/petrel.hpp include/wasm.h include/petrel.h lib/libpetrel.a lib/libpetrel.so \
         lib/cmake/Petrel/PetrelConfig.cmake lib/pkgconfig/petrel.pc; do
  if [ -e "$prefix/$f" ]; then pass "installed $f"; else fail "installed $f"; fi
done
if [ -d "$prefix/include" ] && ! find "$prefix/include" -name '*.h' -path '*runtime*' | grep -q .; then
  pass "no private headers installed"
else
  fail "no private headers installed" "$(find "$prefix/include" | head)"
fi

if log=$(cmake -S "$root/examples/embed" -B "$work/embed" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" 2>&1) &&
   log=$(ninja -C "$work/embed" 2>&1); then
  pass "examples/embed builds with find_package(Petrel)"
  check_run "C++ host, shared libpetrel" "$work/embed/embed_cpp"
  check_run "C++ host, static libpetrel" "$work/embed/embed_cpp_static"
  check_run "C host (wasm.h), shared libpetrel" "$work/embed/embed_c"
else
  fail "examples/embed builds with find_package(Petrel)" "$log"
fi

export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# shellcheck disable=SC2046  # pkg-config prints several flags on purpose
if log=$(cc -std=c11 -Wall -Werror "$root/examples/embed/host.c" -o "$work/embed_c_pc" \
           $(pkg-config --cflags --libs petrel) 2>&1); then
  pass "C host builds with pkg-config"
  check_run "C host via pkg-config" env LD_LIBRARY_PATH="$prefix/lib" "$work/embed_c_pc"
else
  fail "C host builds with pkg-config" "$log"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
