#!/usr/bin/env bash
# Cross-builds the petrel CLI for 64-bit Arm Linux (cmake/aarch64-linux-gnu.cmake,
# Release, static, without petrel serve) into BUILD-aarch64/ and runs the SIMD
# spec tests under qemu-aarch64, so exec/simd.h's NEON path is checked like
# the SSE2 one. Also checks that the build really took the vector path: a
# silent fallback to the lane loops would pass the suite too. Prints
# `N passed, N failed, N skipped`: the spec commands plus one for that check
# (a failed build is one failure).
#
# Knob: PETREL_AARCH64_SPEC, the paths for `petrel wast` (default
# "core/simd core/relaxed-simd", ~15 s under qemu); `all` runs its whole
# default set (~1 min more on 2 cores). Needs Debian's g++-aarch64-linux-gnu
# and qemu-user.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

dir=BUILD-aarch64
fail() {
  echo "FAILED: $*"
  echo "0 passed, 1 failed"
  exit 1
}
for tool in aarch64-linux-gnu-g++ aarch64-linux-gnu-objdump qemu-aarch64 python3; do
  command -v "$tool" >/dev/null || fail "$tool not found (apt-get install g++-aarch64-linux-gnu qemu-user)"
done

start=$SECONDS
build_dir "$dir" "-DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake -DCMAKE_BUILD_TYPE=Release \
  -DPETREL_TESTS=OFF -DPETREL_SERVE=OFF" petrel || fail "aarch64 build"
echo "aarch64 build: $((SECONDS - start)) s"

# The vector path, two ways. (1) exec/simd.h selects it: PETREL_SIMD_USE_VECTOR
# is 1 under the interpreter's own compile command. (2) The object shows it:
# the interpreter has clearly more NEON instructions (writing a v register: add
# v0.4s, cmeq v1.16b, ...) than the same file built with PETREL_SIMD_SCALAR,
# compiled here as the reference. Counting alone is not enough, since GCC's
# -O3 auto-vectorises some of the lane loops too.
neon_check() {
  local object=$dir/CMakeFiles/petrel_core.dir/src/exec/interpreter.cpp.o
  local reference=$dir/neon-check/interpreter-scalar.o
  # The compile command, without its `-o OBJECT`, one word per NUL.
  local args=()
  mapfile -d '' args < <(python3 -c '
import json, shlex, sys
for entry in json.load(open(sys.argv[1])):
    if entry["file"].endswith("/src/exec/interpreter.cpp"):
        words = shlex.split(entry["command"])
        i = words.index("-o")
        sys.stdout.write("\0".join(words[:i] + words[i + 2:]) + "\0")
        break' "$dir/compile_commands.json")
  if [ ${#args[@]} -eq 0 ] || [ ! -f "$object" ]; then
    echo "NEON check: no compile command or object for src/exec/interpreter.cpp"
    return 1
  fi
  local launcher=()
  command -v ccache >/dev/null && launcher=(ccache)
  local selected vector scalar
  selected=$(cd "$dir" && "${args[@]}" -dM -E -o - 2>/dev/null | sed -nE 's/^#define PETREL_SIMD_USE_VECTOR (.*)/\1/p')
  mkdir -p "$dir/neon-check"
  if ! (cd "$dir" && "${launcher[@]}" "${args[@]}" -DPETREL_SIMD_SCALAR -o neon-check/interpreter-scalar.o); then
    echo "NEON check: the scalar reference did not compile"
    return 1
  fi
  count() {
    aarch64-linux-gnu-objdump -d --no-show-raw-insn "$1" | grep -cP '\tv[0-9]+\.(16b|8b|8h|4h|4s|2s|2d)\b'
  }
  vector=$(count "$object") scalar=$(count "$reference")
  echo "NEON check: PETREL_SIMD_USE_VECTOR=${selected:-undefined}; NEON instructions (v-register results) in interpreter.o:" \
       "$vector, with PETREL_SIMD_SCALAR: $scalar"
  [ "$selected" = 1 ] && [ "$vector" -ge $((scalar * 5 / 4)) ] && [ "$vector" -ge 200 ]
}
neon_passed=0 neon_failed=0
if neon_check; then neon_passed=1; else neon_failed=1; echo "FAILED: the aarch64 build does not use NEON for exec/simd.h"; fi

# The spec run: only trouble is shown (the x86-64 stage lists every file);
# the whole log is $dir/spec.log.
start=$SECONDS
spec=${PETREL_AARCH64_SPEC:-core/simd core/relaxed-simd}
[ "$spec" = all ] && spec=""
# shellcheck disable=SC2086  # a list of paths
qemu-aarch64 "$dir/petrel" wast $spec >"$dir/spec.log" 2>&1
echo "spec tests under qemu-aarch64: $((SECONDS - start)) s"
grep -vE '^(PASS|SKIP) ' "$dir/spec.log" | sed -E 's/^([0-9]+ passed, .*)/spec tests (aarch64): \1/'
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$dir/spec.log" | tail -n 1)
if [ -z "$line" ]; then
  echo "FAILED: petrel wast under qemu-aarch64 printed no tally (crashed?)"
  echo "$neon_passed passed, $((neon_failed + 1)) failed"
  exit 1
fi
p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped$/\1/p')
echo "$((p + neon_passed)) passed, $((f + neon_failed)) failed, ${s:-0} skipped"
[ $((f + neon_failed)) -eq 0 ]
