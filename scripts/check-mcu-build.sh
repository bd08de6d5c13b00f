#!/usr/bin/env bash
# Compiles the core (everything from bytes to execution: src/base, ir,
# binary, text, validate, exec, runtime, platform) for a 32-bit Cortex-M4
# with -fno-exceptions -fno-rtti and no threads, the configuration the
# embedded profile needs. Prints `N passed, N failed` (one check).
# Needs Debian's gcc-arm-none-eabi and libstdc++-arm-none-eabi-picolibc.
set -uo pipefail
cd "$(dirname "$0")/.."
if ! command -v arm-none-eabi-g++ >/dev/null; then
  echo "arm-none-eabi-g++ not found (apt-get install gcc-arm-none-eabi libstdc++-arm-none-eabi-picolibc)"
  echo "0 passed, 1 failed"
  exit 1
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
flags=(-std=c++20 -mcpu=cortex-m4 -mthumb -Os -fno-exceptions -fno-rtti -fno-threadsafe-statics -ffp-contract=off
       -DPETREL_NO_THREADS --specs=picolibc.specs -Isrc -Iinclude -Wall -Wextra -Werror -Wno-psabi)
status=0
objects=()
for f in src/{base,ir,binary,text,validate,exec,runtime,platform}/*.cpp; do
  o="$out/$(echo "$f" | tr / _).o"
  if ! arm-none-eabi-g++ "${flags[@]}" -c "$f" -o "$o"; then
    echo "FAILED: $f"
    status=1
  fi
  objects+=("$o")
done
if [ $status = 0 ]; then
  # Size of the code that would go to flash (text) per layer.
  arm-none-eabi-size -t "${objects[@]}" | tail -n 1 | awk '{print "core for Cortex-M4: text " $1 " bytes, data " $2 ", bss " $3}'
  echo "1 passed, 0 failed"
else
  echo "0 passed, 1 failed"
fi
exit $status
