#!/usr/bin/env bash
# Runs the C API test programs built in BUILD_DIR/tests/capi (target
# capi_tests). Prints PASS/FAIL per program and a final tally line.
# Under ASan builds, leaks fail a program (LeakSanitizer, detect_leaks=1).
set -u
build=${1:?usage: tests/capi/run.sh BUILD_DIR}
build=$(cd "$build" && pwd) || exit 1
here=$(cd "$(dirname "$0")" && pwd)
tests=$(sed -nE '/^set\(PETREL_CAPI_TESTS/,/\)/p' "$here/CMakeLists.txt" | sed -E 's/set\(PETREL_CAPI_TESTS//; s/\)//')
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1"
passed=0 failed=0
for t in $tests; do
  exe="$build/tests/capi/$t"
  if [ ! -x "$exe" ]; then
    echo "FAIL $t (not built)"
    failed=$((failed + 1))
    continue
  fi
  out=$(cd "$build/tests/capi" && timeout 120 "$exe" 2>&1)
  rc=$?
  if [ $rc -eq 0 ] && [ -z "$out" ]; then
    echo "PASS $t"
    passed=$((passed + 1))
  else
    echo "FAIL $t (exit $rc)"
    printf '%s\n' "$out" | head -n 40 | sed 's/^/    /'
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
