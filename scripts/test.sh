#!/usr/bin/env bash
# Everything CI checks, in one run:
#   1. unit tests (GoogleTest), Release build in BUILD/
#   2. the spec test suite through `petrel wast`, same build
#   2b. the WASI guest programs (tests/wasi/run.sh) under Petrel and Node
#   2c. the hardware APIs (tests/hw/run.sh) on the simulated board
#   2d. the spec test suite through the embedded profile's code paths (BUILD-sos/)
#   3. the spec test suite and the WASI guests again under ASan+UBSan (clang, BUILD-asan/),
#      with SIMD as the portable lane loops
#   3a. the C API test programs (tests/capi/run.sh) under ASan+UBSan+LSan, same build
#   3b. the concurrency tests alone under ThreadSanitizer (BUILD-tsan/)
#   4. each libFuzzer harness for a bounded time (the same clang build, BUILD-asan/;
#      inputs and findings in BUILD-asan/fuzz/),
#      seeded with the modules of the spec suite
#   then the deployment manifests, the embedded profile's firmware under
#   qemu-system-arm (scripts/check-embedded.sh), and the SIMD
#   spec tests on aarch64 (NEON) under qemu-aarch64 (BUILD-aarch64/)
# and ends with one line `N passed, N failed, N skipped` that adds up gtest
# tests, spec commands (all builds), WASI guest runs and fuzz runs (one each). Exits non-zero
# if anything failed, including a build.
#
# Knobs: PETREL_FUZZ_SECONDS (default 60 per harness), PETREL_TESTSUITE
# (suite root, see `petrel wast --help`), PETREL_SKIP_ASAN=1, PETREL_SKIP_TSAN=1, PETREL_SKIP_FUZZ=1,
# PETREL_SKIP_AARCH64=1, PETREL_AARCH64_SPEC (see scripts/check-aarch64.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

passed=0 failed=0 skipped=0
fuzz_seconds=${PETREL_FUZZ_SECONDS:-60}
logs=BUILD/logs

# Each stage says when it started, in seconds since the run began: where the
# time of a slow CI run went.
stage() { printf '\n=== %s (at %d s)\n' "$*" "$SECONDS"; }
# A stage that could not run at all counts as one failure.
broken() {
  echo "FAILED: $*"
  failed=$((failed + 1))
}
# Adds the `N passed, N failed, N skipped` line at the end of a log.
add_tally() {
  local line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$1" | tail -n 1)
  if [ -z "$line" ]; then
    broken "$2 printed no tally (crashed?)"
    return
  fi
  local p f s
  p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
  f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
  s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped$/\1/p')
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + ${s:-0}))
}

# Adds a GoogleTest run's counts from its log ($1), named $2 in messages.
add_gtest_tally() {
  # From gtest's summary: "[==========] 64 tests from 7 test suites ran.",
  # "[  PASSED  ] 63 tests.", "[  SKIPPED ] 1 test, ..."; the rest failed.
  local ran gp gs gf
  ran=$(sed -nE 's/^\[=+\] ([0-9]+) tests? from .* ran\..*/\1/p' "$1" | tail -n 1)
  if [ -z "$ran" ]; then
    broken "$2 printed no summary (crashed?)"
    return
  fi
  gp=$(sed -nE 's/^\[  PASSED  \] ([0-9]+) tests?\..*/\1/p' "$1" | tail -n 1)
  gs=$(sed -nE 's/^\[  SKIPPED \] ([0-9]+) tests?,.*/\1/p' "$1" | tail -n 1)
  gf=$((ran - ${gp:-0} - ${gs:-0}))
  passed=$((passed + ${gp:-0})) failed=$((failed + gf)) skipped=$((skipped + ${gs:-0}))
  echo "$2: ${gp:-0} passed, $gf failed, ${gs:-0} skipped"
}

stage "setup"
bash scripts/setup.sh || broken "scripts/setup.sh"

stage "build (Release, BUILD/)"
if build_dir BUILD "-DCMAKE_BUILD_TYPE=Release -DPETREL_TESTS=ON" petrel; then
  mkdir -p "$logs"

  stage "unit tests"
  if quiet ninja -C BUILD -j2 petrel_unit_tests; then
    BUILD/petrel_unit_tests >"$logs/unit.log" 2>&1
    grep -vE '^\[ +(RUN|OK) +\]|^\[-+\]|^$' "$logs/unit.log"
    add_gtest_tally "$logs/unit.log" "unit tests"
  else
    broken "unit test build"
  fi

  stage "spec tests"
  BUILD/petrel wast 2>&1 | tee "$logs/spec.log"
  add_tally "$logs/spec.log" "spec tests"

  stage "petrel run command line (tests/cli): limits, argument order, modules with 200 000 types or exports"
  bash tests/cli/run.sh BUILD 2>&1 | tee "$logs/cli.log"
  add_tally "$logs/cli.log" "CLI tests"
  bash tests/cli/large_modules.sh BUILD 2>&1 | tee "$logs/large-modules.log"
  add_tally "$logs/large-modules.log" "large module tests"

  stage "WASI guest programs (tests/wasi): Petrel, and Node's WASI as a cross-check"
  if quiet ninja -C BUILD -j2 wasi_guests; then
    bash tests/wasi/run.sh BUILD 2>&1 | tee "$logs/wasi.log"
    add_tally "$logs/wasi.log" "WASI guest tests"
  else
    broken "WASI guest programs build"
  fi

  stage "Hardware APIs (tests/hw): petrel_hw examples on the simulated board, hostile guests, grants, Cortex-M4 build"
  bash tests/hw/run.sh BUILD 2>&1 | tee "$logs/hw.log"
  add_tally "$logs/hw.log" "hardware API tests"

  stage "petrel serve (tests/serve): WAGI guests, the HTTP host end to end, its dashboard in headless Chromium"
  if bash tests/serve/guests/build.sh BUILD/serve-guests BUILD/petrel >"$logs/serve-guests-build.log" 2>&1; then
    bash tests/serve/guests/check.sh BUILD/petrel BUILD/serve-guests 2>&1 | tee "$logs/serve-guests.log"
    add_tally "$logs/serve-guests.log" "WAGI guest checks"
    python3 tests/serve/run.py BUILD/petrel BUILD/serve-guests --dashboard 2>&1 | tee "$logs/serve.log"
    add_tally "$logs/serve.log" "petrel serve tests"
  else
    cat "$logs/serve-guests-build.log"
    broken "WAGI guests build"
  fi

  stage "packaging: cmake --install, then examples/embed built against the installed prefix"
  if quiet ninja -C BUILD -j2 petrel petrel_shared petrel_static_archive; then
    bash tests/install/run.sh BUILD 2>&1 | tee "$logs/install.log"
    add_tally "$logs/install.log" "install test"
  else
    broken "build of the libraries to install"
  fi
else
  broken "Release build"
fi

# The embedded profile's smaller code paths (PETREL_SIZE_OVER_SPEED: the
# validator without its table-driven fast path, the type registry as a list,
# instantiation without templates, ...) run on a microcontroller only with
# the few guests the firmware embeds; a host CLI built with them runs the
# whole spec suite through them.
stage "spec tests through the embedded profile's code paths (PETREL_SIZE_OVER_SPEED, BUILD-sos/)"
mkdir -p "$logs"
if build_dir BUILD-sos "-DCMAKE_BUILD_TYPE=Release -DPETREL_SIZE_OVER_SPEED=ON -DPETREL_TESTS=OFF -DPETREL_SERVE=OFF" petrel; then
  BUILD-sos/petrel wast >"$logs/spec-sos.log" 2>&1
  grep -v '^PASS' "$logs/spec-sos.log"
  add_tally "$logs/spec-sos.log" "spec tests (PETREL_SIZE_OVER_SPEED)"
  bash tests/cli/large_modules.sh BUILD-sos 2>&1 | tee "$logs/large-modules-sos.log"
  add_tally "$logs/large-modules-sos.log" "large module tests (PETREL_SIZE_OVER_SPEED)"
else
  broken "PETREL_SIZE_OVER_SPEED build"
fi

# One sanitizer build serves the ASan stages and the fuzzers: clang, with
# libFuzzer's coverage instrumentation when the fuzzers run (a second full
# build of the core and petrel serve cost CI more than the instrumentation
# costs the ASan runs).
asan_args="-DCMAKE_BUILD_TYPE=RelWithDebInfo -DPETREL_SANITIZE=ON -DPETREL_TESTS=OFF -DPETREL_SIMD_SCALAR=ON"
[ "${PETREL_SKIP_FUZZ:-0}" != 1 ] && asan_args+=" -DPETREL_FUZZ=ON"

if [ "${PETREL_SKIP_ASAN:-0}" != 1 ]; then
  # This build also runs SIMD through the portable lane loops (PETREL_SIMD_SCALAR),
  # so the spec suite checks both implementations of exec/simd.h.
  stage "spec tests under ASan+UBSan, SIMD as portable lane loops (BUILD-asan/)"
  if CC=clang CXX=clang++ build_dir BUILD-asan "$asan_args" petrel; then
    mkdir -p "$logs"
    BUILD-asan/petrel wast >"$logs/spec-asan.log" 2>&1
    grep -vE "^(PASS|SKIP) " "$logs/spec-asan.log"  # the same files as above; show only trouble
    add_tally "$logs/spec-asan.log" "ASan spec tests"
    if [ -d BUILD/tests/wasi ]; then
      python3 tests/wasi/run.py --build BUILD-asan --guests BUILD/tests/wasi --no-node >"$logs/wasi-asan.log" 2>&1
      grep -vE "^(PASS|SKIP) " "$logs/wasi-asan.log"
      add_tally "$logs/wasi-asan.log" "ASan WASI guest tests"
    fi
  else
    broken "ASan build"
  fi
  # petrel serve's threads, parsers and guest faults under the sanitizers
  # (the dashboard is checked once, above).
  if [ -x BUILD-asan/petrel ] && [ -d BUILD/serve-guests ]; then
    stage "petrel serve under ASan+UBSan (BUILD-asan/)"
    python3 tests/serve/run.py BUILD-asan/petrel BUILD/serve-guests >"$logs/serve-asan.log" 2>&1
    grep -vE "^PASS " "$logs/serve-asan.log"
    add_tally "$logs/serve-asan.log" "ASan petrel serve tests"
  fi
  # The C API (include/wasm.h, petrel.h) test programs, with LeakSanitizer:
  # every *_delete must free what it owns.
  stage "C API tests under ASan+UBSan+LSan (BUILD-asan/)"
  if CC=clang CXX=clang++ build_dir BUILD-asan "$asan_args" capi_tests; then
    mkdir -p "$logs"
    ASAN_OPTIONS=detect_leaks=1 bash tests/capi/run.sh BUILD-asan >"$logs/capi-asan.log" 2>&1
    grep -vE "^PASS " "$logs/capi-asan.log"
    add_tally "$logs/capi-asan.log" "ASan C API tests"
  else
    broken "C API tests build (ASan)"
  fi
fi

if [ "${PETREL_SKIP_TSAN:-0}" != 1 ]; then
  # Only petrel_concurrency_tests (tests/unit/concurrency_test.cpp): the core
  # plus one test file, so this stage costs a core build, not the suite.
  stage "concurrency tests under ThreadSanitizer (BUILD-tsan/)"
  if build_dir BUILD-tsan "-DCMAKE_BUILD_TYPE=RelWithDebInfo -DPETREL_SANITIZE_THREAD=ON -DPETREL_TESTS=ON" \
      petrel_concurrency_tests; then
    mkdir -p "$logs"
    # Kernels with high mmap ASLR entropy make TSan stop with "unexpected
    # memory mapping"; it runs with randomisation off then.
    tsan_run=()
    if ! BUILD-tsan/petrel_concurrency_tests --gtest_list_tests >/dev/null 2>&1 && command -v setarch >/dev/null; then
      tsan_run=(setarch "$(uname -m)" -R)
    fi
    "${tsan_run[@]}" BUILD-tsan/petrel_concurrency_tests >"$logs/tsan.log" 2>&1
    tsan_status=$?
    grep -vE '^\[ +(RUN|OK) +\]|^\[-+\]|^$' "$logs/tsan.log"
    add_gtest_tally "$logs/tsan.log" "ThreadSanitizer concurrency tests"
    # A race report fails the run (exit 66) even when every assertion held.
    if [ "$tsan_status" -ne 0 ] && ! grep -q '^\[  FAILED  \]' "$logs/tsan.log"; then
      broken "ThreadSanitizer reported a problem (exit $tsan_status, see $logs/tsan.log)"
    fi
    # petrel serve's worker pool, epoch ticker and hot deploys, end to end.
    if [ -d BUILD/serve-guests ] && quiet ninja -C BUILD-tsan -j2 petrel; then
      TSAN_OPTIONS="halt_on_error=1 exitcode=66" "${tsan_run[@]}" python3 tests/serve/run.py BUILD-tsan/petrel \
        BUILD/serve-guests >"$logs/serve-tsan.log" 2>&1
      grep -vE "^PASS " "$logs/serve-tsan.log"
      add_tally "$logs/serve-tsan.log" "ThreadSanitizer petrel serve tests"
    fi
  else
    broken "ThreadSanitizer build"
  fi
fi

if [ "${PETREL_SKIP_FUZZ:-0}" != 1 ]; then
  stage "fuzzing, ${fuzz_seconds} s per harness, two at a time (BUILD-asan/)"
  if CC=clang CXX=clang++ build_dir BUILD-asan "$asan_args" decode_fuzzer wat_fuzzer serve_fuzzer simd_fuzzer; then
    # Seeds: every module of the spec scripts (binary, and quoted text),
    # the examples, and text versions of the binaries where wabt can print them.
    fuzz=BUILD-asan/fuzz
    seeds=$fuzz/seeds
    rm -rf "$seeds" && mkdir -p "$seeds/decode" "$seeds/wat" $fuzz/artifacts
    if [ -x BUILD/petrel ]; then
      BUILD/petrel wast --emit-modules "$seeds/all" >/dev/null 2>&1 || true
    fi
    find "$seeds/all" -name '*.wasm' -exec mv -t "$seeds/decode" {} + 2>/dev/null || true
    find "$seeds/all" -name '*.wat' -exec mv -t "$seeds/wat" {} + 2>/dev/null || true
    cp examples/*.wat "$seeds/wat/" 2>/dev/null || true
    # petrel serve's parsers: CGI outputs (first byte 0), requests (1), configs (2).
    mkdir -p "$seeds/serve"
    printf '\0status: 404 Not Found\ncontent-type: text/plain\n\nbody' >"$seeds/serve/cgi"
    printf '\1/api/x%%20y?a=1&b=%%zz\nHost: h:80\nX-A: 1\nx-a: 2\n' >"$seeds/serve/request"
    { printf '\2'; cat examples/serve/app.toml; } >"$seeds/serve/config"
    # simd_fuzzer sweeps its edge values at start-up: no seeds, an empty folder.
    mkdir -p "$seeds/simd"
    if command -v wasm2wat >/dev/null; then
      find "$seeds/decode" -name '*.wasm' | head -n 400 | while read -r f; do
        wasm2wat --enable-all "$f" -o "$seeds/wat/$(basename "$f" .wasm).from-wasm.wat" || true
      done 2>/dev/null  # wabt 1.0.32 rejects (or aborts on) much of Wasm 3.0
    fi
    echo "seeds: $(ls "$seeds/decode" | wc -l) binary, $(ls "$seeds/wat" | wc -l) text"
    # Runs one harness; new inputs go to the first folder (kept between
    # runs), the seeds are read only.
    fuzz_one() {
      local harness=$1 kind=${1%_fuzzer}
      mkdir -p "$fuzz/corpus/$kind"
      timeout $((fuzz_seconds * 3 + 120)) "BUILD-asan/$harness" -max_total_time="$fuzz_seconds" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$fuzz/artifacts/$kind-" "$fuzz/corpus/$kind" "$seeds/$kind" >"$fuzz/$harness.log" 2>&1
    }
    # Two at a time, one per core.
    harnesses=(decode_fuzzer wat_fuzzer serve_fuzzer simd_fuzzer)
    for ((i = 0; i < ${#harnesses[@]}; i += 2)); do
      pids=()
      for harness in "${harnesses[@]:i:2}"; do
        fuzz_one "$harness" & pids+=($!)
      done
      for j in "${!pids[@]}"; do
        harness=${harnesses[i + j]}
        echo "--- $harness"
        if wait "${pids[j]}"; then
          passed=$((passed + 1))
          grep -E '^stat::number_of_executed_units|^Done' "$fuzz/$harness.log" || true
        else
          tail -n 40 "$fuzz/$harness.log"
          broken "$harness found a problem (artifacts in $fuzz/artifacts/)"
        fi
      done
    done
  else
    broken "fuzz build"
  fi
fi

stage "deployment (deploy/): container image and Kubernetes/Knative manifests against their schemas"
mkdir -p "$logs"
bash tests/deploy/run.sh 2>&1 | tee "$logs/deploy.log"
add_tally "$logs/deploy.log" "deployment checks"

stage "embedded profile on a virtual Cortex-M4F board (QEMU mps2-an386): firmware, guests, hardware examples, size"
mkdir -p "$logs"
bash scripts/check-embedded.sh BUILD 2>&1 | tee "$logs/embedded.log"
add_tally "$logs/embedded.log" "embedded profile"

if [ "${PETREL_SKIP_AARCH64:-0}" != 1 ]; then
  # exec/simd.h's NEON path: a static aarch64 CLI (no petrel serve), the
  # SIMD spec tests under qemu-aarch64, and a check that NEON was used.
  stage "SIMD spec tests on aarch64 (NEON) under qemu-aarch64 (BUILD-aarch64/)"
  bash scripts/check-aarch64.sh 2>&1 | tee "$logs/aarch64.log"
  add_tally "$logs/aarch64.log" "aarch64 spec tests"
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
