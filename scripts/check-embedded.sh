#!/usr/bin/env bash
# The embedded profile on a (virtual) board: cross-builds BUILD-mcu/ with
# cmake/arm-none-eabi.cmake and -DPETREL_PROFILE=embedded, runs the QEMU
# mps2-an386 (Cortex-M4F) firmware and the size probe under qemu-system-arm
# with semihosting, and checks what they print:
#   - the firmware's own guests against ports/qemu-mps2/expected.txt (work(10)
#     from the same C compiled natively with gcc);
#   - each hardware example (examples/hw, in C and in Rust) against `petrel run
#     --hw sim` of the same module on Linux, when a host build is given ($1, e.g. BUILD);
#   - the size probe's fib(20).
# Prints the runtime's flash and RAM against the printf-only baseline (for
# the default feature set and the others named in PETREL_EMBEDDED_VARIANTS:
# simd, small, names, trusted, nofloat, smallest, nobulk, noref, wasm1, multimem, gc, exceptions, memory64,
# tailcall, wasm3; default simd, trusted, wasm1 and wasm3), and ends with `N passed, N failed, N skipped`.
set -uo pipefail
cd "$(dirname "$0")/.."
host_build=${1:-}
build=BUILD-mcu
passed=0 failed=0 skipped=0
pass() { echo "PASS $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
for tool in arm-none-eabi-g++ qemu-system-arm clang; do
  if ! command -v $tool >/dev/null; then
    fail "$tool not found (scripts/setup.sh installs it)"
    echo "$passed passed, $failed failed, $skipped skipped"
    exit 1
  fi
done
if ! { [ -f $build/build.ninja ] || cmake -S . -B $build -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/arm-none-eabi.cmake \
         -DPETREL_PROFILE=embedded >/dev/null; } || ! ninja -C $build -j2 >$build/build.log 2>&1; then
  tail -n 30 $build/build.log 2>/dev/null
  fail "embedded build (BUILD-mcu)"
  echo "$passed passed, $failed failed, $skipped skipped"
  exit 1
fi
pass "embedded build: core, firmware API and QEMU firmware for Cortex-M4F"

# The board: mps2-an386 (Cortex-M4F) unless $machine says otherwise.
qemu() { timeout 120 qemu-system-arm -M "${machine:-mps2-an386}" -nographic -semihosting-config enable=on,target=native -kernel "$1"; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The firmware's own guests.
cat > "$out/work.c" <<'C'
#include <stdio.h>
unsigned work(int rounds);
int main(void) { printf("%u\n", work(10)); return 0; }
C
gcc -O2 -Wno-attributes -o "$out/work" "$out/work.c" ports/qemu-mps2/guests/fib.c  # export_name is for wasm
work10=$("$out/work")
qemu $build/petrel-mps2.elf >"$out/fw.txt" 2>&1
status=$?
if [ $status -eq 0 ] && grep -q "^firmware: .* 0 failures$" "$out/fw.txt"; then
  pass "firmware ran every guest ($(grep -c '^--- .* exited' "$out/fw.txt") WASI commands) and exited 0"
else
  fail "firmware exit status $status"; tail -n 20 "$out/fw.txt"
fi
# Each expected line must appear, in order (a line ending in "0x" is a prefix).
missing=0 line_no=0
while IFS= read -r want; do
  want=${want//@WORK10@/$work10}
  found=$(tail -n +$((line_no + 1)) "$out/fw.txt" | grep -n -F -m1 -- "$want" | cut -d: -f1)
  if [ -z "$found" ]; then
    fail "firmware output lacks: $want"; missing=1
  else
    line_no=$((line_no + found))
  fi
done < ports/qemu-mps2/expected.txt
[ $missing = 0 ] && pass "firmware output: fib, work, traps (bounds, stack, divide), memory limit, WASI console, 1-byte pages"

# The hardware examples: the firmware's output is what petrel run prints on
# Linux with the simulated board (stdout of the guest; the board's event log
# lines, [board] in the firmware, are compared too).
# The Rust versions (rust_<example>, examples/hw/rust) are compared the same
# way; the firmware has them when Debian's rustc has the wasm32-wasi std.
grants=(--hw sim --i2c 0 --gpio 0:0-4 --spi 0.0 --uart 0)
if ! ls $build/ports/qemu-mps2/guests/rust_*.wasm >/dev/null 2>&1; then
  echo "SKIP the Rust hardware examples in the firmware: built without them (no wasm32-wasi std for /usr/bin/rustc)"
  skipped=$((skipped + 1))
fi
for wasm in $build/ports/qemu-mps2/guests/*.wasm; do
  name=$(basename "$wasm" .wasm)
  [ -f "examples/hw/$name.c" ] || [ -f "examples/hw/rust/${name#rust_}.rs" ] || continue
  if [ -z "$host_build" ] || [ ! -x "$host_build/petrel" ]; then
    echo "SKIP $name: no host build to compare with"; skipped=$((skipped + 1)); continue
  fi
  sed -n "/^--- $name\$/,/^--- $name exited/p" "$out/fw.txt" | sed '1d;$d' | grep -v '^\[board\]' >"$out/$name.fw"
  "$host_build/petrel" run "${grants[@]}" "$wasm" >"$out/$name.linux" 2>/dev/null
  if [ -s "$out/$name.fw" ] && diff -u "$out/$name.linux" "$out/$name.fw" >"$out/$name.diff"; then
    pass "$name: firmware prints what petrel run --hw sim prints ($(wc -l <"$out/$name.fw") lines)"
  else
    fail "$name: firmware and petrel run --hw sim differ"; head -n 20 "$out/$name.diff"
  fi
done

# Size: the probe (load fib.wasm, instantiate, call, print) against the
# printf-only baseline; the guest's bytes are not the runtime's. One row per
# feature set: the default embedded build above, then the others, each in a
# build folder of its own (size-probe only).
guest=$(stat -c %s $build/ports/qemu-mps2/guests/fib.wasm)
sizes="$out/sizes.txt"
probe_size() {  # build folder, feature set's name, its CMake flags
  local dir=$1 label=$2 flags=${3:-}
  qemu $dir/size-probe.elf >"$out/probe.txt" 2>&1
  if grep -q "^fib(20) = 6765$" "$out/probe.txt"; then pass "size probe runs fib(20) ($label)"; else fail "size probe ($label)"; cat "$out/probe.txt"; return; fi
  # An invalid function never runs: refused at load, or (trusted modules
  # only) at its first call.
  local want="invalid module: refused at load: type mismatch"
  [[ "$flags" == *VALIDATION=OFF* ]] && want="invalid module: first call: invalid function: could not be translated"
  if grep -q "^$want" "$out/probe.txt"; then pass "invalid function refused ($label)"
  else fail "invalid function not refused as expected ($label): wanted '$want'"; grep invalid "$out/probe.txt"; fi
  # A float instruction runs, or without floats is refused: at load, or
  # (trusted modules only) at its first call.
  want="float module: g() = 1"
  if [[ "$flags" == *FLOAT=OFF* ]]; then
    want="float module: refused at load: floating-point instruction f32.convert_i32_s"
    [[ "$flags" == *VALIDATION=OFF* ]] && want="float module: first call: invalid function: could not be translated"
  fi
  if grep -q "^$want" "$out/probe.txt"; then pass "float instruction: as this build says ($label)"
  else fail "float instruction ($label): wanted '$want'"; grep "float module" "$out/probe.txt"; fi
  # The other features (base/features.h): each module runs, or without its
  # feature is refused naming it: at load, or (trusted modules only, for an
  # instruction) at its first call.
  local row name flag def value what where on macro
  for row in "bulk memory:BULK_MEMORY:ON:7:bulk memory instruction memory.fill:body" \
             "reference types:REFERENCE_TYPES:ON:1:reference types instruction ref.null:body" \
             "multi-memory:MULTI_MEMORY:OFF:5:a second memory:load" \
             "GC:GC:OFF:1:GC instruction br_on_null:body" \
             "exceptions:EXCEPTIONS:OFF:1:the tag section:load" \
             "memory64:MEMORY64:OFF:3:a 64-bit memory:load" \
             "tail call:TAIL_CALL:OFF:1:tail call instruction return_call:body"; do
    IFS=: read -r name flag def value what where <<<"$row"
    on=$def
    [[ "$flags" == *"PETREL_FEATURE_$flag=ON"* ]] && on=ON
    [[ "$flags" == *"PETREL_FEATURE_$flag=OFF"* ]] && on=OFF
    macro=PETREL_FEATURE_$flag
    # The GC module starts with ref.null: without reference types that is refused first.
    if [ "$flag" = GC ] && [[ "$flags" == *REFERENCE_TYPES=OFF* ]]; then
      on=OFF what="reference types instruction ref.null" macro=PETREL_FEATURE_REFERENCE_TYPES
    fi
    if [ $on = ON ]; then want="$name module: g() = $value"
    elif [ $where = body ] && [[ "$flags" == *VALIDATION=OFF* ]]; then
      want="$name module: first call: invalid function: could not be translated"
    else want="$name module: refused at load: .*$what, and this build of Petrel leaves .* out ($macro)"; fi
    if grep -q "^$want" "$out/probe.txt"; then pass "$name: as this build says ($label)"
    else fail "$name ($label): wanted '$want'"; grep "^$name module" "$out/probe.txt"; fi
  done
  local pt pd pb bt bd bb heap_peak linear stacks
  read -r pt pd pb < <(arm-none-eabi-size $dir/size-probe.elf | awk 'NR==2 {print $1, $2, $3}')
  read -r bt bd bb < <(arm-none-eabi-size $dir/baseline.elf | awk 'NR==2 {print $1, $2, $3}')
  read -r heap_peak linear stacks < <(sed -nE 's/^heap peak ([0-9]+), linear memory ([0-9]+), stacks ([0-9]+)$/\1 \2 \3/p' "$out/probe.txt")
  printf "  %-38s %8d %8d %8d %8d %8d\n" "$label" $((pt - bt - guest)) $(((pd + pb) - (bd + bb))) \
    $((heap_peak - linear - stacks)) "$linear" "$stacks" >>"$sizes"
}
probe_size $build "default: floats, validation, fusion"
# The test command builds two other feature sets (20 s each): SIMD on (its
# lane loops on a 32-bit core) and trusted modules only (validation at first
# call); bench/embedded.sh asks for them all.
declare -A variants=(
  [simd]="-DPETREL_FEATURE_SIMD=ON:+ SIMD"
  [small]="-DPETREL_FEATURE_FUSION=OFF:- superinstructions (fusion)"
  [names]="-DPETREL_FEATURE_NAMES=ON:+ name section"
  [trusted]="-DPETREL_FEATURE_VALIDATION=OFF:- up-front validation (trusted)"
  [nofloat]="-DPETREL_FEATURE_FLOAT=OFF:- floats"
  [smallest]="-DPETREL_FEATURE_FLOAT=OFF -DPETREL_FEATURE_FUSION=OFF -DPETREL_FEATURE_VALIDATION=OFF:- floats, fusion, validation"
  [nobulk]="-DPETREL_FEATURE_BULK_MEMORY=OFF:- bulk memory"
  [noref]="-DPETREL_FEATURE_REFERENCE_TYPES=OFF:- reference types"
  [wasm1]="-DPETREL_FEATURE_BULK_MEMORY=OFF -DPETREL_FEATURE_REFERENCE_TYPES=OFF:- bulk memory, reference types (MVP)"
  [multimem]="-DPETREL_FEATURE_MULTI_MEMORY=ON:+ multi-memory"
  [gc]="-DPETREL_FEATURE_GC=ON:+ GC, typed function references"
  [exceptions]="-DPETREL_FEATURE_EXCEPTIONS=ON:+ exceptions"
  [memory64]="-DPETREL_FEATURE_MEMORY64=ON:+ memory64"
  [tailcall]="-DPETREL_FEATURE_TAIL_CALL=ON:+ tail calls"
  [wasm3]="-DPETREL_FEATURE_MULTI_MEMORY=ON -DPETREL_FEATURE_GC=ON -DPETREL_FEATURE_EXCEPTIONS=ON -DPETREL_FEATURE_MEMORY64=ON -DPETREL_FEATURE_TAIL_CALL=ON:+ all of Wasm 3.0 (the host's features)"
)
for suffix in ${PETREL_EMBEDDED_VARIANTS:-simd trusted wasm1 wasm3}; do
  IFS=: read -r flags label <<<"${variants[$suffix]}"
  dir=$build-$suffix
  if { [ -f $dir/build.ninja ] || cmake -S . -B $dir -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/arm-none-eabi.cmake \
         -DPETREL_PROFILE=embedded $flags >/dev/null; } && ninja -C $dir -j2 size-probe.elf baseline.elf >$dir/build.log 2>&1; then
    probe_size $dir "$label" "$flags"
  else
    tail -n 30 $dir/build.log 2>/dev/null; fail "embedded build $label ($dir)"
  fi
done
# Another core: the whole firmware built for a Cortex-M3, which has no FPU
# (every float operation is a software routine), on QEMU's mps2-an385; the
# same port (semihosting, the CMSDK timer) serves both boards. It must print
# what the Cortex-M4F firmware printed, heap figures aside.
m3=$build-m3
if { [ -f $m3/build.ninja ] || cmake -S . -B $m3 -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/arm-none-eabi.cmake \
       -DPETREL_PROFILE=embedded "-DPETREL_MCU_FLAGS=-mcpu=cortex-m3 -mthumb -mfloat-abi=soft" >/dev/null; } &&
   ninja -C $m3 -j2 petrel-mps2.elf size-probe.elf baseline.elf >$m3/build.log 2>&1; then
  machine=mps2-an385
  qemu $m3/petrel-mps2.elf >"$out/fw-m3.txt" 2>&1
  status=$?
  if [ $status -eq 0 ] && diff <(grep -v 'heap peak' "$out/fw.txt") <(grep -v 'heap peak' "$out/fw-m3.txt") >"$out/m3.diff"; then
    pass "Cortex-M3 (no FPU) on mps2-an385: the firmware prints what it prints on the Cortex-M4F ($(wc -l <"$out/fw-m3.txt") lines)"
  else
    fail "Cortex-M3 firmware (exit status $status) differs from the Cortex-M4F one"; head -n 20 "$out/m3.diff"
  fi
  probe_size $m3 "Cortex-M3, no FPU (default features)" ""
  unset machine
else
  tail -n 30 $m3/build.log 2>/dev/null; fail "embedded build for Cortex-M3 ($m3)"
fi
echo "embedded runtime on Cortex-M4F (-Os, --gc-sections), in bytes. flash: the size probe's .text minus the"
echo "printf-only baseline's and the guest's $guest bytes. RAM: the runtime's static .data+.bss over the baseline's,"
echo "and its heap at the peak besides what the guest itself takes: its linear memory and its stacks (a 16 KiB"
echo "value stack and 256 call frames, petrel_fw_stack_bytes):"
printf "  %-38s %8s %8s %8s %8s %8s\n" "feature set" "flash" "static" "heap" "guest mem" "stacks"
cat "$sizes"
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
