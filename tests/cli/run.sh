#!/usr/bin/env bash
# `petrel run` command-line behaviour: limit options (--fuel, --timeout,
# --max-memory, --max-stack and wasmtime's -W/-S spellings), argument order
# (everything after the module is the guest's) and the `petrel FILE` short
# form, v128 arguments and results of --invoke. Usage: tests/cli/run.sh
# [BUILD]. Ends with `N passed, N failed`.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../BUILD}"
petrel="$build/petrel"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

cat >"$tmp/guest.wat" <<'WAT'
(module
  (func (export "_start") (loop (br 0)))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (memory (export "memory") 1)
  (func (export "bomb") (result i32)
    (loop (br_if 0 (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    (memory.size))
  (func $r (export "rec") (call $r)))
WAT
cat >"$tmp/ok.wat" <<'WAT'
(module (func (export "_start")))
WAT
cat >"$tmp/env.wat" <<'WAT'
(module
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $sizes (i32.const 0) (i32.const 4)))
    ;; exit 10 without environment variables, 11 with some
    (call $exit (select (i32.const 11) (i32.const 10) (i32.load (i32.const 0))))))
WAT

# Sleeps 60 s in poll_oneoff (one relative clock subscription).
cat >"$tmp/sleeper.wat" <<'WAT'
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store8 (i32.const 8) (i32.const 0))                ;; subscription: tag clock
    (i32.store (i32.const 16) (i32.const 1))                ;; clock id: monotonic
    (i64.store (i32.const 24) (i64.const 60000000000))      ;; timeout: 60 s, relative
    (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)))))
WAT

# v128 through --invoke. wasmtime prints a v128 result as the decimal of its
# 16 bytes read as a little-endian u128 (`V128::as_u128()` with `{}`), so
# i32x4 1 2 3 4 is 4<<96 | 3<<64 | 2<<32 | 1. wasmtime takes no v128
# arguments; petrel takes that integer, in decimal (what results print) or 0x hex.
cat >"$tmp/simd.wat" <<'WAT'
(module
  (func (export "v128-const") (result v128) (v128.const i32x4 1 2 3 4))
  (func (export "v128-id") (param v128) (result v128) (local.get 0))
  (func (export "v128-not") (param v128) (result v128) (v128.not (local.get 0)))
  (func (export "v128-lane2") (param v128) (result i32) (i32x4.extract_lane 2 (local.get 0)))
  (func (export "v128-and-i32") (result v128 i32) (v128.const i64x2 -1 0) (i32.const 7)))
WAT

# check NAME EXPECTED_STATUS EXPECTED_TEXT(in stdout+stderr, may be empty) -- COMMAND...
check() {
  local name=$1 want_status=$2 want_text=$3
  shift 4
  local out status
  out=$(timeout 20 "$@" 2>&1)
  status=$?
  if [ "$status" = "$want_status" ] && { [ -z "$want_text" ] || grep -qF -- "$want_text" <<<"$out"; }; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $name: status $status (expected $want_status), output:"
    sed 's/^/    /' <<<"$out" | head -n 8
    [ -n "$want_text" ] && echo "    (expected to contain: $want_text)"
  fi
}

# check_stdout NAME EXPECTED_STDOUT -- COMMAND...: status 0 and exactly this on stdout.
check_stdout() {
  local name=$1 want=$2
  shift 3
  local out status
  out=$(timeout 20 "$@" 2>"$tmp/stderr")
  status=$?
  if [ "$status" = 0 ] && [ "$out" = "$want" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $name: status $status (expected 0), stdout:"
    sed 's/^/    /' <<<"$out" | head -n 8
    sed 's/^/    stderr: /' "$tmp/stderr" | head -n 4
    echo "    (expected stdout: $want)"
  fi
}

g="$tmp/guest.wat"
check fuel 4 "all fuel consumed" -- "$petrel" run --fuel 100000 "$g"
check fuel-W 4 "all fuel consumed" -- "$petrel" run -W fuel=1000 "$g"
check fuel-enough 0 "5" -- "$petrel" run --fuel 1000 --invoke add "$g" 2 3
check timeout 4 "interrupted (timeout of 200ms exceeded)" -- "$petrel" run --timeout 200ms "$g"
check timeout-W 4 "timeout of 0.1s exceeded" -- "$petrel" run -W timeout=0.1s,fuel=100000000000 "$g"
# A guest blocked in the host (sleeping in poll_oneoff) is interrupted too,
# well before its sleep would end (check's own limit is 20 s).
check timeout-while-sleeping 4 "interrupted (timeout of 300ms exceeded)" -- "$petrel" run --timeout 300ms "$tmp/sleeper.wat"
check timeout-not-reached 0 "5" -- "$petrel" run --timeout 1m --invoke add "$g" 2 3
check max-memory 0 "16" -- "$petrel" run --max-memory 1Mi --invoke bomb "$g"
check max-memory-W 0 "10" -- "$petrel" run -W max-memory-size=655360 --invoke bomb "$g"
check max-memory-too-small 3 "memory 0" -- "$petrel" run --max-memory 1K --invoke bomb "$g"
check max-stack 4 "call stack exhausted" -- "$petrel" run --max-stack 64Ki --invoke rec "$g"
check max-stack-W 4 "call stack exhausted" -- "$petrel" run -W max-wasm-stack=65536 --invoke rec "$g"
# -W custom-page-sizes (wasmtime's spelling): a memory of 1-byte pages, 4 KiB
# in all here, bounds-checked at its last byte; without the option the module
# is malformed, as in Wasm 3.0.
cat >"$tmp/small-pages.wat" <<'WAT'
(module
  (memory 4096 4096 (pagesize 1))
  (func (export "size") (result i32) memory.size)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
WAT
check_stdout custom-page-sizes "4096" -- "$petrel" run -W custom-page-sizes=y --invoke size "$tmp/small-pages.wat"
check custom-page-sizes-last-byte 0 "0" -- "$petrel" run -W custom-page-sizes --invoke load "$tmp/small-pages.wat" 4095
check custom-page-sizes-past-end 4 "out of bounds memory access" -- "$petrel" run -W custom-page-sizes --invoke load "$tmp/small-pages.wat" 4096
check_stdout custom-page-sizes-grow-past-max "-1" -- "$petrel" run -W custom-page-sizes --invoke grow "$tmp/small-pages.wat" 1
check custom-page-sizes-off 2 "needs the custom-page-sizes proposal" -- "$petrel" run --invoke size "$tmp/small-pages.wat"
check custom-page-sizes-bad-value 1 "-W custom-page-sizes=\"maybe\": expected y or n" -- "$petrel" run -W custom-page-sizes=maybe "$tmp/small-pages.wat"
# petrel validate takes the same -W custom-page-sizes, and no run limits.
check_stdout validate-custom-page-sizes "ok" -- "$petrel" validate -W custom-page-sizes "$tmp/small-pages.wat"
check validate-custom-page-sizes-off 2 "needs the custom-page-sizes proposal" -- "$petrel" validate -W custom-page-sizes=n "$tmp/small-pages.wat"
check validate-run-limit 1 "unknown option \"fuel\" for validate" -- "$petrel" validate -W fuel=1 "$tmp/small-pages.wat"
check bad-size 1 "--max-memory \"12Q\"" -- "$petrel" run --max-memory 12Q "$g"
check bad-duration 1 "--timeout \"2x\"" -- "$petrel" run --timeout 2x "$g"
check unknown-W 1 "unknown option \"bogus\"" -- "$petrel" run -W fuel=1,bogus=2 "$g"
check unknown-S 1 "unknown option \"nope\"" -- "$petrel" run -S nope "$g"
check unknown-option 1 "--bogus" -- "$petrel" run --bogus "$g"
# Everything after the module belongs to the guest: here --fuel is add's first argument.
check options-after-module-are-the-guests 1 "argument 1 \"--fuel\"" -- "$petrel" run --invoke add "$g" --fuel 3
check dashdash-after-module 0 "5" -- "$petrel" run --invoke add "$g" -- 2 3
check dashdash-before-module 0 "5" -- "$petrel" run --invoke add -- "$g" 2 3
check short-form 0 "" -- "$petrel" "$tmp/ok.wat" --fuel 1 -x
check short-form-status 10 "" -- "$petrel" "$tmp/env.wat"
check env-not-inherited 10 "" -- env PETREL_CLI_TEST=1 "$petrel" run "$tmp/env.wat"
check env-inherited 11 "" -- env PETREL_CLI_TEST=1 "$petrel" run -S inherit-env "$tmp/env.wat"
check env-inherited-y 11 "" -- env PETREL_CLI_TEST=1 "$petrel" run -S inherit-env=y "$tmp/env.wat"
check env-inherited-n 10 "" -- env PETREL_CLI_TEST=1 "$petrel" run -S inherit-env=n "$tmp/env.wat"
s="$tmp/simd.wat"
check_stdout v128-result "316912650112397582603894390785" -- "$petrel" run --invoke v128-const "$s"
check_stdout v128-argument-decimal "316912650112397582603894390785" -- "$petrel" run --invoke v128-id "$s" 316912650112397582603894390785
check_stdout v128-argument-hex "340282366604025813350977024827873820670" -- "$petrel" run --invoke v128-not "$s" 0x00000004000000030000000200000001
check_stdout v128-argument-lanes "3" -- "$petrel" run --invoke v128-lane2 "$s" 0x00000004000000030000000200000001
check_stdout v128-argument-max "340282366920938463463374607431768211455" -- "$petrel" run --invoke v128-id "$s" 0xffffffffffffffffffffffffffffffff
check_stdout v128-argument-negative "340282366920938463463374607431768211455" -- "$petrel" run --invoke v128-id "$s" -1
check_stdout v128-two-results "18446744073709551615
7" -- "$petrel" run --invoke v128-and-i32 "$s"
check v128-argument-too-big 1 "argument 1 \"340282366920938463463374607431768211456\" is not a valid v128" -- "$petrel" run --invoke v128-id "$s" 340282366920938463463374607431768211456
check v128-argument-bad 1 "argument 1 \"1.5\" is not a valid v128" -- "$petrel" run --invoke v128-id "$s" 1.5

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
