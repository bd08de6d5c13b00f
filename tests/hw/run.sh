#!/usr/bin/env bash
# The hardware APIs (petrel_hw, docs/HARDWARE.md) end to end: builds the
# examples (examples/hw) and the hostile guest (tests/hw/hostile.c) with
# clang --target=wasm32-wasi into BUILD/tests/hw, runs each under
# `petrel run --hw sim` and compares its output and the board's event log
# with tests/hw/expected (written from the device model, not captured);
# then missing grants, the Linux backend without devices, link errors,
# bad flag values, interruption of a long delay, and the binding and the
# simulated board compiled for a Cortex-M4.
# Usage: tests/hw/run.sh [BUILD]. Ends with `N passed, N failed`.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
build="$(cd "${1:-$root/BUILD}" && pwd)"
petrel="$build/petrel"
out="$build/tests/hw"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() {
  echo "FAIL $1"
  [ $# -gt 1 ] && echo "$2" | head -n 40 | sed 's/^/    /'
  fail=$((fail + 1))
}

# --- Guests ------------------------------------------------------------------
build_ok=1
for src in "$root"/examples/hw/*.c "$here"/hostile.c; do
  name=$(basename "$src" .c)
  if msg=$(clang --target=wasm32-wasi -O2 -Wall -Wextra -Werror -I"$root/sdk" "$src" -o "$out/$name.wasm" 2>&1); then
    ok "build $name"
  else
    bad "build $name" "$msg"
    build_ok=0
  fi
done

# run NAME EXPECTED_STATUS EXPECTED_STDOUT_FILE [EXPECTED_LOG_FILE] -- PETREL_ARGS...
# Runs petrel with the arguments; compares stdout (and the --hw-log file,
# when an expected log is given) and the exit status.
run() {
  local name=$1 status=$2 expected=$3 log_expected=$4
  shift 5
  local args=("$@") log="$tmp/$name.log"
  [ -n "$log_expected" ] && args=(--hw-log "$log" "${args[@]}")
  local actual code
  actual=$("$petrel" run "${args[@]}" 2>"$tmp/$name.err")
  code=$?
  if [ "$code" != "$status" ]; then
    bad "$name: exit status $code, expected $status" "$(cat "$tmp/$name.err")"
    return
  fi
  if ! diff <(echo "$actual") "$expected" >"$tmp/$name.diff"; then
    bad "$name: output differs (< actual, > expected)" "$(cat "$tmp/$name.diff")"
    return
  fi
  if [ -n "$log_expected" ] && ! diff "$log" "$log_expected" >"$tmp/$name.diff"; then
    bad "$name: event log differs (< actual, > expected)" "$(cat "$tmp/$name.diff")"
    return
  fi
  ok "$name"
}

# run_fails NAME EXPECTED_STATUS EXPECTED_STDERR_TEXT -- PETREL_ARGS...
run_fails() {
  local name=$1 status=$2 text=$3
  shift 4
  local err code
  err=$("$petrel" run "$@" 2>&1 >/dev/null)
  code=$?
  if [ "$code" != "$status" ]; then
    bad "$name: exit status $code, expected $status" "$err"
  elif ! grep -qF -- "$text" <<<"$err"; then
    bad "$name: message lacks: $text" "$err"
  else
    ok "$name"
  fi
}

exp="$here/expected"
if [ $build_ok = 1 ]; then
  run temperature 0 "$exp/temperature.out" "" -- --hw sim --i2c 0:0x48 "$out/temperature.wasm"
  run blink 0 "$exp/blink.out" "$exp/blink.log" -- --hw sim --gpio 0:0-4 "$out/blink.wasm"
  run blink-custom-schedule 0 "$exp/blink_custom.out" "$exp/blink_custom.log" -- \
    --hw sim --gpio 0:0,1,4 --hw-button 300+20,500 "$out/blink.wasm"
  run blink-no-presses 0 "$exp/blink_none.out" "$exp/blink_none.log" -- \
    --hw sim --gpio 0:0-4 --hw-button none "$out/blink.wasm"
  run spi-flash 0 "$exp/spi_flash.out" "" -- --hw sim --spi 0.0 "$out/spi_flash.wasm"
  run uart-echo 0 "$exp/uart_echo.out" "" -- --hw sim --uart 0 "$out/uart_echo.wasm"
  run hostile 0 "$exp/hostile.out" "" -- --hw sim --i2c 0:0x48 --gpio 0:0-4 --spi 0.0 --uart 0 "$out/hostile.wasm"

  # Event log to stderr with `--hw-log -`.
  err=$("$petrel" run --hw sim --gpio 0:0-4 --hw-log - "$out/blink.wasm" 2>&1 >/dev/null)
  if [ "$err" = "$(cat "$exp/blink.log")" ]; then ok "event log on stderr"; else bad "event log on stderr" "$err"; fi

  # Missing grants: an error code to the guest, which reports it.
  echo "gpio_open led0: not granted to this guest" >"$tmp/nogpio.out"
  run missing-gpio-grant 1 "$tmp/nogpio.out" "" -- --hw sim "$out/blink.wasm"
  run missing-gpio-grant-without-flags 1 "$tmp/nogpio.out" "" -- "$out/blink.wasm"
  echo "device id: not granted to this guest" >"$tmp/noaddr.out"
  run missing-i2c-address 1 "$tmp/noaddr.out" "" -- --hw sim --i2c 0:0x49 "$out/temperature.wasm"
  echo "spi_open: not granted to this guest" >"$tmp/nospi.out"
  run missing-spi-grant 1 "$tmp/nospi.out" "" -- --hw sim --uart 0 "$out/spi_flash.wasm"
  # Granted, but not on the board: no such device.
  echo "uart_open: device or kernel error" >"$tmp/nouart.out"
  run sim-uart-path 1 "$tmp/nouart.out" "" -- --hw sim --uart /dev/ttyUSB9 "$out/uart_echo.wasm"

  # The Linux backend where the device node does not exist: a clean error.
  echo "i2c_open: device or kernel error" >"$tmp/noi2c.out"
  run linux-missing-i2c-node 1 "$tmp/noi2c.out" "" -- --i2c 250 "$out/temperature.wasm" 250
  echo "spi_open: device or kernel error" >"$tmp/nospidev.out"
  run linux-missing-spidev 1 "$tmp/nospidev.out" "" -- --spi 250.7 "$out/spi_flash.wasm"
  # A file that is not a tty is no UART.
  echo "uart_open: not supported by this backend" >"$tmp/notty.out"
  run linux-uart-not-a-tty 1 "$tmp/notty.out" "" -- --uart "$tmp/nogpio.out" "$out/uart_echo.wasm"
fi

# --- Linking -----------------------------------------------------------------
cat >"$tmp/wrong_type.wat" <<'WAT'
(module
  (import "petrel_hw" "i2c_open" (func (param i64) (result i32)))
  (func (export "_start")))
WAT
cat >"$tmp/unknown.wat" <<'WAT'
(module
  (import "petrel_hw" "frobnicate" (func (param i32) (result i32)))
  (func (export "_start")))
WAT
cat >"$tmp/not_func.wat" <<'WAT'
(module
  (import "petrel_hw" "clock_us" (global i64))
  (func (export "_start")))
WAT
cat >"$tmp/clock_i32.wat" <<'WAT'
(module
  (import "petrel_hw" "clock_us" (func (result i32)))
  (func (export "_start")))
WAT
cat >"$tmp/plain.wat" <<'WAT'
(module (func (export "_start")))
WAT
# delay_us(10 s) on the Linux clock, then a loop: --timeout must stop it
# within the delay (it sleeps in slices that check for interruption).
cat >"$tmp/sleepy.wat" <<'WAT'
(module
  (import "petrel_hw" "delay_us" (func $delay (param i32) (result i32)))
  (func (export "_start") (drop (call $delay (i32.const 10000000))) (loop (br 0))))
WAT
run_fails link-wrong-type 3 \
  'import "petrel_hw" "i2c_open": has type (i64) -> (i32), but petrel_hw defines (i32) -> (i32)' -- "$tmp/wrong_type.wat"
run_fails link-wrong-result 3 \
  'import "petrel_hw" "clock_us": has type () -> (i32), but petrel_hw defines () -> (i64)' -- --hw sim "$tmp/clock_i32.wat"
run_fails link-unknown-name 3 'import "petrel_hw" "frobnicate": unknown import: no such petrel_hw function' -- \
  "$tmp/unknown.wat"
run_fails link-not-a-function 3 'import "petrel_hw" "clock_us": is a global' -- "$tmp/not_func.wat"
if "$petrel" run --hw sim --i2c 0 --gpio 0:0-4 --spi 0.0 --uart 0 "$tmp/plain.wat"; then
  ok "a module without petrel_hw imports runs with hardware flags"
else
  bad "a module without petrel_hw imports runs with hardware flags"
fi
start=$(date +%s%N)
run_fails delay-interrupted-by-timeout 4 "interrupted (timeout of 200ms exceeded)" -- --timeout 200ms "$tmp/sleepy.wat"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
if [ "$elapsed_ms" -lt 3000 ]; then ok "interrupted delay ends early (${elapsed_ms} ms)"; else bad "interrupted delay took ${elapsed_ms} ms"; fi

# --- Flags -------------------------------------------------------------------
run_fails flag-i2c-address-range 1 '--i2c "0:0x80": expected BUS[:ADDR,...]' -- --i2c 0:0x80 "$tmp/plain.wat"
run_fails flag-i2c-bus 1 '--i2c "x": expected' -- --i2c x "$tmp/plain.wat"
run_fails flag-i2c-empty-address 1 '--i2c "1:": expected' -- --i2c 1: "$tmp/plain.wat"
run_fails flag-gpio-no-lines 1 '--gpio "0": expected CHIP:LINES' -- --gpio 0 "$tmp/plain.wat"
run_fails flag-gpio-backwards-range 1 '--gpio "0:4-2": expected' -- --gpio 0:4-2 "$tmp/plain.wat"
run_fails flag-spi 1 '--spi "1": expected B.C' -- --spi 1 "$tmp/plain.wat"
run_fails flag-uart 1 '--uart "tty0": expected a port number' -- --uart tty0 "$tmp/plain.wat"
run_fails flag-hw 1 '--hw "fpga": expected linux or sim' -- --hw fpga "$tmp/plain.wat"
run_fails flag-button-order 1 '--hw-button "500,100": expected' -- --hw sim --hw-button 500,100 "$tmp/plain.wat"
run_fails flag-button-overlap 1 '--hw-button "100+50,120": expected' -- --hw sim --hw-button 100+50,120 "$tmp/plain.wat"
run_fails flag-button-without-sim 1 '--hw-button: only with --hw sim' -- --hw-button 100 "$tmp/plain.wat"
run_fails flag-log-without-sim 1 '--hw-log: only with --hw sim' -- --hw-log - "$tmp/plain.wat"
if "$petrel" run --help | grep -q -- "--gpio CHIP:LINES"; then ok "petrel run --help lists --gpio"; else bad "petrel run --help lists --gpio"; fi

# --- Cortex-M4 ---------------------------------------------------------------
# The parts a firmware reuses: the binding and the simulated board, with the
# flags of the embedded build (scripts/check-mcu-build.sh).
if command -v arm-none-eabi-g++ >/dev/null; then
  flags=(-std=c++20 -mcpu=cortex-m4 -mthumb -Os -fno-exceptions -fno-rtti -fno-threadsafe-statics -ffp-contract=off
         -DPETREL_NO_THREADS --specs=picolibc.specs -I"$root/src" -I"$root/include" -Wall -Wextra -Werror -Wno-psabi)
  mcu_ok=1 objects=()
  for f in hw_host sim_devices; do
    if ! msg=$(arm-none-eabi-g++ "${flags[@]}" -c "$root/src/hw/$f.cpp" -o "$tmp/$f.o" 2>&1); then
      mcu_ok=0
      bad "Cortex-M4 build of src/hw/$f.cpp" "$msg"
    fi
    objects+=("$tmp/$f.o")
  done
  if [ $mcu_ok = 1 ]; then
    ok "src/hw binding and simulated board build for Cortex-M4 ($(arm-none-eabi-size -t "${objects[@]}" | tail -n 1 |
      awk '{print "text " $1 " bytes, bss " $3}'))"
  fi
else
  bad "arm-none-eabi-g++ not found (apt-get install gcc-arm-none-eabi libstdc++-arm-none-eabi-picolibc)"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
