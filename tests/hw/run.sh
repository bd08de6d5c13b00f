#!/usr/bin/env bash
# The hardware APIs (petrel_hw, docs/HARDWARE.md) end to end: builds the
# examples (examples/hw) and the hostile guest (tests/hw/hostile.c) with
# clang --target=wasm32-wasi into BUILD/tests/hw, runs each under
# `petrel run --hw sim` and compares its output and the board's event log
# with tests/hw/expected (written from the device model, not captured);
# then missing grants, the Linux backend without devices, link errors,
# bad flag values, interruption of a long delay, and the binding and the
# simulated board compiled for a Cortex-M4. The Rust SDK (sdk/rust) and the
# Rust examples (examples/hw/rust) get the same runs with the same expected
# files, built with Debian's /usr/bin/rustc for wasm32-wasi (SKIP without it).
# Usage: tests/hw/run.sh [BUILD]. Ends with `N passed, N failed, N skipped`.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
build="$(cd "${1:-$root/BUILD}" && pwd)"
petrel="$build/petrel"
out="$build/tests/hw"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skip=0

ok() { echo "PASS $1"; pass=$((pass + 1)); }
skipped() { echo "SKIP $1"; skip=$((skip + 1)); }
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

# --- Rust guests -------------------------------------------------------------
# sdk/rust/petrel_hw.rs and examples/hw/rust/*.rs: the same behaviour as the
# C examples, so the same expected files. Debian's rustc (the one first on
# PATH may lack the wasm target); every Rust case is a SKIP without it.
rustc_bin=/usr/bin/rustc
rust_why=""
if [ ! -x "$rustc_bin" ]; then
  rust_why="$rustc_bin not found (apt-get install rustc libstd-rust-dev-wasm32)"
elif ! ls "$("$rustc_bin" --print target-libdir --target wasm32-wasi 2>/dev/null)"/libstd-*.rlib >/dev/null 2>&1; then
  rust_why="no wasm32-wasi std for $rustc_bin (apt-get install libstd-rust-dev-wasm32)"
fi
mkdir -p "$out/rust"

# rust_build NAME SRC [RUSTC_ARGS...]: builds SRC into $out/rust/NAME.wasm;
# a warning fails the build, like -Werror for the C guests.
rust_build_ok=1
rust_build() {
  local name=$1 src=$2
  shift 2
  if [ -n "$rust_why" ]; then
    skipped "build rust/$name: $rust_why"
    return
  fi
  local msg
  if msg=$("$rustc_bin" --target wasm32-wasi -O --edition 2021 "$@" "$src" -o "$out/rust/$name.wasm" 2>&1) &&
    ! grep -q warning <<<"$msg"; then
    ok "build rust/$name"
  else
    bad "build rust/$name" "$msg"
    rust_build_ok=0
  fi
}

# rust_run: `run` for a Rust guest, or a SKIP (also when a build failed,
# which has already counted as a failure).
rust_run() {
  if [ -n "$rust_why" ]; then
    skipped "$1: $rust_why"
  elif [ $rust_build_ok = 0 ]; then
    skipped "$1: a Rust build failed"
  else
    run "$@"
  fi
}

for src in "$root"/examples/hw/rust/*.rs; do
  rust_build "$(basename "$src" .rs)" "$src"
done

# The SDK through include! (no inner attributes), as a library: every item
# used or not, no warnings.
root_abs=$(cd "$root" && pwd)
echo "include!(\"$root_abs/sdk/rust/petrel_hw.rs\");" >"$tmp/sdk_lib.rs"
if [ -n "$rust_why" ]; then
  skipped "rust SDK builds as a library through include!: $rust_why"
elif msg=$("$rustc_bin" --target wasm32-wasi -O --edition 2021 --crate-type lib "$tmp/sdk_lib.rs" \
  -o "$tmp/libsdk_lib.rlib" 2>&1) && ! grep -q warning <<<"$msg"; then
  ok "rust SDK builds as a library through include!"
else
  bad "rust SDK builds as a library through include!" "$msg"
fi

# The safe layer's own behaviour: error codes and texts, Drop closing
# handles, the local checks (slice lengths, u32 over i32), the GPIO builder,
# and the host's answers through it (worked out from the board model).
{
  echo "include!(\"$root_abs/sdk/rust/petrel_hw.rs\");"
  cat <<'RS'
fn show<T: fmt::Debug>(what: &str, r: Result<T, Error>) {
    match r {
        Ok(v) => println!("{}: Ok({:?})", what, v),
        Err(e) => println!("{}: {:?} ({}, {})", what, e, e.code(), e),
    }
}

fn main() {
    for c in -11..=1 {
        match Error::from_code(c) {
            None => println!("code {}: not an error", c),
            Some(e) => println!("code {}: {:?}, {}, \"{}\"", c, e, e.code(), e),
        }
    }
    println!("check(5): {:?}, check(-6): {:?}", check(5), check(-6));

    println!("-- I2C");
    let mut worst = Ok(());
    for _ in 0..100 {
        match I2c::open(0) {
            Ok(bus) => drop(bus),
            Err(e) => {
                worst = Err(e);
                break;
            }
        }
    }
    show("100 opens, each dropped", worst);
    let raw = I2c::open(0).unwrap().into_raw();
    let mut bus = unsafe { I2c::from_raw(raw) };
    show("read through from_raw", bus.read(0x48, &mut [0u8; 2]));
    show("close", bus.close());
    show("read on the closed handle", unsafe { I2c::from_raw(raw) }.read(0x48, &mut [0u8; 2]));
    {
        let mut bus = I2c::open(0).unwrap();
        show("read 4096 bytes", bus.read(0x48, &mut vec![0u8; 4096]));
        show("read 4097 bytes", bus.read(0x48, &mut vec![0u8; 4097]));
        show("address 0x80", bus.read(0x80, &mut [0u8; 1]));
        show("address 0x49", bus.read(0x49, &mut [0u8; 1]));
        show("probe (empty write)", bus.write(0x48, &[]));
        show("data byte to a read-only register", bus.write(0x48, &[0x0f, 0, 0]));
        let mut id = [0u8; 2];
        show("write_read id", bus.write_read(0x48, &[0x0f], &mut id).map(|_| id));
        show("gpio_read on an I2C handle", check(unsafe { petrel_hw_gpio_read(bus.handle()) }));
    }

    println!("-- GPIO");
    {
        show("edges on an output", Pin::new(0, 0).edges(Edges::Rising).output().map(|_| ()));
        show("initially active on an input", Pin::new(0, 0).initially_active().input().map(|_| ()));
        show("output on the button", OutputPin::open(0, 4).map(|_| ()));
        show("line 5 (not granted)", InputPin::open(0, 5).map(|_| ()));
        println!("flags: {:#x}", Pin::new(0, 0).active_low().bias(Bias::PullUp).bias(Bias::PullDown).edges(Edges::Both).flags());
        let led = Pin::new(0, 2).initially_active().output().unwrap();
        show("initially active reads", led.is_high());
        show("led 2 again", OutputPin::open(0, 2).map(|_| ()));
        let mut led3 = Pin::new(0, 3).active_low().output().unwrap();
        show("active-low set_high", led3.set_high().and_then(|_| led3.is_high()));
        show("toggle", led3.toggle().and_then(|_| led3.is_low()));
        let mut plain = InputPin::open(0, 4).unwrap();
        show("edge wait without edge flags", plain.wait_for_edge(10));
        drop(plain);
        let mut button = Pin::new(0, 4).edges(Edges::Both).bias(Bias::PullDown).input().unwrap();
        for _ in 0..2 {
            let edge = button.wait_for_edge(FOREVER);
            println!("at {} ms: {:?}", clock_us() / 1000, edge);
        }
        show("level", button.is_high());
    }

    println!("-- SPI");
    {
        show("mode 4", Spi::open(0, 4, 1_000_000).map(|_| ()));
        show("speed over i32", Spi::open(0, 0, u32::MAX).map(|_| ()));
        let mut spi = Spi::open(0, 0, 8_000_000).unwrap();
        show("transfer, lengths differ", spi.transfer(&[0x9f, 0, 0, 0], &mut [0u8; 3]));
        let mut rx = [0u8; 4];
        show("transfer", spi.transfer(&[0x9f, 0, 0, 0], &mut rx).map(|_| rx));
        let mut buf = [0x9f, 0, 0, 0];
        show("transfer_in_place", spi.transfer_in_place(&mut buf).map(|_| buf));
        let mut id = [0u8; 3];
        show("write_read", spi.write_read(&[0x9f], &mut id).map(|_| id));
        show("write (write enable)", spi.write(&[0x06]));
        let mut status = [0u8];
        show("status", spi.write_read(&[0x05], &mut status).map(|_| status));
        show("transfer of 4097", spi.transfer_in_place(&mut vec![0u8; 4097]));
    }

    println!("-- UART");
    {
        show("baud over i32", Uart::open(0, u32::MAX).map(|_| ()));
        let mut uart = Uart::open(0, 115200).unwrap();
        show("second open", Uart::open(0, 9600).map(|_| ()));
        show("write_all", uart.write_all(b"rust\r\n", 100));
        let mut reply = Vec::new();
        let mut buf = [0u8; 4];
        while !reply.ends_with(b"\n") {
            match uart.read(&mut buf, 100) {
                Ok(n) => reply.extend_from_slice(&buf[..n]),
                Err(e) => {
                    show("read", Err::<(), _>(e));
                    break;
                }
            }
        }
        println!("reply: {:?}", String::from_utf8_lossy(&reply));
        show("read into an empty buffer", uart.read(&mut [], 10));
        show("idle read", uart.read(&mut buf, 10));
    }

    println!("-- time and handles");
    let t0 = clock_us();
    delay_us(1500);
    println!("delay_us(1500): {} us", clock_us() - t0);
    let t0 = clock_us();
    delay_ms(20);
    println!("delay_ms(20): {} us", clock_us() - t0);
    let mut open = Vec::new();
    let end = loop {
        match I2c::open(0) {
            Ok(bus) => open.push(bus),
            Err(e) => break e,
        }
    };
    println!("handles opened: {}, then: {:?}", open.len(), end);
    drop(open);
    show("open after dropping them", I2c::open(0).map(|_| ()));
}
RS
} >"$tmp/sdk_check.rs"
cat >"$tmp/sdk_check.out" <<'OUT'
code -11: Other(-11), -11, "unknown error"
code -10: NoHandles, -10, "handle table full"
code -9: Busy, -9, "held by another handle or process"
code -8: Unsupported, -8, "not supported by this backend"
code -7: Io, -7, "device or kernel error"
code -6: Timeout, -6, "timed out"
code -5: Bus, -5, "bus error or arbitration loss"
code -4: Nack, -4, "no acknowledge"
code -3: Invalid, -3, "invalid argument"
code -2: BadHandle, -2, "unknown or closed handle, or a handle of another kind"
code -1: NotGranted, -1, "not granted to this guest"
code 0: not an error
code 1: not an error
check(5): Ok(5), check(-6): Err(Timeout)
-- I2C
100 opens, each dropped: Ok(())
read through from_raw: Ok(())
close: Ok(())
read on the closed handle: BadHandle (-2, unknown or closed handle, or a handle of another kind)
read 4096 bytes: Ok(())
read 4097 bytes: Invalid (-3, invalid argument)
address 0x80: Invalid (-3, invalid argument)
address 0x49: NotGranted (-1, not granted to this guest)
probe (empty write): Ok(())
data byte to a read-only register: Nack (-4, no acknowledge)
write_read id: Ok([1, 2])
gpio_read on an I2C handle: BadHandle (-2, unknown or closed handle, or a handle of another kind)
-- GPIO
edges on an output: Invalid (-3, invalid argument)
initially active on an input: Invalid (-3, invalid argument)
output on the button: Unsupported (-8, not supported by this backend)
line 5 (not granted): NotGranted (-1, not granted to this guest)
flags: 0x72
initially active reads: Ok(true)
led 2 again: Busy (-9, held by another handle or process)
active-low set_high: Ok(true)
toggle: Ok(true)
edge wait without edge flags: Unsupported (-8, not supported by this backend)
at 250 ms: Ok(Rising)
at 350 ms: Ok(Falling)
level: Ok(false)
-- SPI
mode 4: Invalid (-3, invalid argument)
speed over i32: Invalid (-3, invalid argument)
transfer, lengths differ: Invalid (-3, invalid argument)
transfer: Ok([255, 239, 64, 22])
transfer_in_place: Ok([255, 239, 64, 22])
write_read: Ok([239, 64, 22])
write (write enable): Ok(())
status: Ok([2])
transfer of 4097: Invalid (-3, invalid argument)
-- UART
baud over i32: Invalid (-3, invalid argument)
second open: Busy (-9, held by another handle or process)
write_all: Ok(())
reply: "ECHO: rust\n"
read into an empty buffer: Invalid (-3, invalid argument)
idle read: Timeout (-6, timed out)
-- time and handles
delay_us(1500): 1500 us
delay_ms(20): 20000 us
handles opened: 32, then: NoHandles
open after dropping them: Ok(())
OUT
rust_build sdk_check "$tmp/sdk_check.rs"

# The SDK's raw layer against the C header: the same imports (import name,
# C name, parameter names and types), constants and error texts.
if ! command -v python3 >/dev/null; then
  skipped "rust SDK agrees with sdk/petrel_hw.h: python3 not found"
elif msg=$(python3 - "$root/sdk/petrel_hw.h" "$root/sdk/rust/petrel_hw.rs" 2>&1 <<'PY'
import re, sys
c, rs = open(sys.argv[1]).read(), open(sys.argv[2]).read()
ctype = {"int32_t": "i32", "int64_t": "i64", "void*": "*mut c_void", "const void*": "*const c_void"}
def cparams(p):
    if p.strip() == "void": return []
    out = []
    for a in p.split(","):
        m = re.fullmatch(r"\s*(const void\*|void\*|int32_t|int64_t)\s*(\w+)\s*", a)
        if not m: raise SystemExit("C parameter not understood: " + a)
        out.append((m.group(2), ctype[m.group(1)]))
    return out
cfuncs = {m.group(1): (m.group(3), ctype[m.group(2)], cparams(m.group(4)))
          for m in re.finditer(r"PETREL_HW_IMPORT\((\w+)\)\s*(int32_t|int64_t) (petrel_hw_\w+)\(([^)]*)\);", c)}
rfuncs = {}
for m in re.finditer(r'#\[link_name = "(\w+)"\]\s*pub fn (petrel_hw_\w+)\(([^)]*)\) -> (\w+);', rs):
    ps = [tuple(x.strip() for x in a.split(":")) for a in m.group(3).split(",") if a.strip()]
    rfuncs[m.group(1)] = (m.group(2), m.group(4), ps)
errors = []
if len(cfuncs) < 17: errors.append("only %d imports found in the C header" % len(cfuncs))
for name in sorted(set(cfuncs) | set(rfuncs)):
    if cfuncs.get(name) != rfuncs.get(name):
        errors.append("import %s: C %s, Rust %s" % (name, cfuncs.get(name), rfuncs.get(name)))
def value(expr, known):
    return eval(re.sub(r"PETREL_HW_\w+", lambda m: str(known[m.group(0)]), expr))
cconst, rconst = {}, {}
for m in re.finditer(r"#define (PETREL_HW_\w+) (\([^)]*\)|-?\d+)(?: |$)", c, re.M):
    cconst[m.group(1)] = value(m.group(2), cconst)
for m in re.finditer(r"pub const (PETREL_HW_\w+): i32 = ([^;]+);", rs):
    rconst[m.group(1)] = value(m.group(2), rconst)
for name in sorted(set(cconst) | set(rconst)):
    if cconst.get(name) != rconst.get(name):
        errors.append("constant %s: C %s, Rust %s" % (name, cconst.get(name), rconst.get(name)))
ctext = dict(re.findall(r'case (PETREL_HW_\w+): return "([^"]*)";', c))
rtext = dict(re.findall(r'(PETREL_HW_\w+) => "([^"]*)",', rs))
if len(ctext) < 11 or ctext != rtext: errors.append("strerror texts: C %s, Rust %s" % (ctext, rtext))
for e in errors: print(e)
sys.exit(1 if errors else 0)
PY
); then
  ok "rust SDK agrees with sdk/petrel_hw.h (imports, constants, error texts)"
else
  bad "rust SDK agrees with sdk/petrel_hw.h" "$msg"
fi

rx="$out/rust"
rust_run rust-temperature 0 "$exp/temperature.out" "" -- --hw sim --i2c 0:0x48 "$rx/temperature.wasm"
rust_run rust-blink 0 "$exp/blink.out" "$exp/blink.log" -- --hw sim --gpio 0:0-4 "$rx/blink.wasm"
rust_run rust-blink-custom-schedule 0 "$exp/blink_custom.out" "$exp/blink_custom.log" -- \
  --hw sim --gpio 0:0,1,4 --hw-button 300+20,500 "$rx/blink.wasm"
rust_run rust-blink-no-presses 0 "$exp/blink_none.out" "$exp/blink_none.log" -- \
  --hw sim --gpio 0:0-4 --hw-button none "$rx/blink.wasm"
rust_run rust-spi-flash 0 "$exp/spi_flash.out" "" -- --hw sim --spi 0.0 "$rx/spi_flash.wasm"
rust_run rust-uart-echo 0 "$exp/uart_echo.out" "" -- --hw sim --uart 0 "$rx/uart_echo.wasm"
rust_run rust-sdk-check 0 "$tmp/sdk_check.out" "" -- \
  --hw sim --i2c 0:0x48 --gpio 0:0-4 --spi 0.0 --uart 0 "$rx/sdk_check.wasm"
echo "gpio_open led0: not granted to this guest" >"$tmp/nogpio.out"
rust_run rust-missing-gpio-grant 1 "$tmp/nogpio.out" "" -- --hw sim "$rx/blink.wasm"
echo "device id: not granted to this guest" >"$tmp/noaddr.out"
rust_run rust-missing-i2c-address 1 "$tmp/noaddr.out" "" -- --hw sim --i2c 0:0x49 "$rx/temperature.wasm"
echo "i2c_open: device or kernel error" >"$tmp/noi2c.out"
rust_run rust-linux-missing-i2c-node 1 "$tmp/noi2c.out" "" -- --i2c 250 "$rx/temperature.wasm" 250
echo "spi_open: not granted to this guest" >"$tmp/nospi.out"
rust_run rust-missing-spi-grant 1 "$tmp/nospi.out" "" -- --hw sim --uart 0 "$rx/spi_flash.wasm"
echo "uart_open: device or kernel error" >"$tmp/nouart.out"
rust_run rust-sim-uart-path 1 "$tmp/nouart.out" "" -- --hw sim --uart /dev/ttyUSB9 "$rx/uart_echo.wasm"

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

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
