#!/usr/bin/env bash
# A module with very many types or exports must load in time linear in its
# size: `petrel validate` of 200 000 function types, of 200 000 exports, of
# 200 000 exports with a duplicate name (refused), and of a struct type
# that refers to 400 000 struct types, each within 20 s (a quadratic search
# takes minutes here, and far longer on a device), and the eager translation
# of a br_table of 1 500 000 targets over 30 000 nested blocks, of 100 000
# blocks, ifs, loops, branches and local writes over a stack 100 000 deep,
# and of 400 000 v128 constants 200 000 blocks deep in a loop, and text
# modules nested 200 000 deep, and a guest growing a table a million times
# (below). Run on
# the Release build and on the one with the embedded profile's code paths
# (PETREL_SIZE_OVER_SPEED), which have their own lookups. Usage:
#   tests/cli/large_modules.sh BUILD_DIR
# Ends with `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/../.."
petrel=${1:?usage: tests/cli/large_modules.sh BUILD_DIR}/petrel
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {  # name, expected exit status, text the output must contain, module kind, size, petrel command, arguments
  local name=$1 want_status=$2 want_text=$3 kind=$4 n=${5:-200000} command=${6:-validate} args=${7:-}
  local file=$tmp/$kind.wasm
  [[ $kind = wat_* ]] && file=$tmp/$kind.wat
  python3 tests/cli/large_modules.py "$kind" "$n" "$file"
  local start=$SECONDS out status
  # shellcheck disable=SC2086  # $command and $args hold several words on purpose
  out=$(timeout 20 "$petrel" $command "$file" $args 2>&1)
  status=$?
  if [ $status = "$want_status" ] && grep -qF -- "$want_text" <<<"$out"; then
    pass=$((pass + 1)); echo "PASS $name ($((SECONDS - start)) s)"
  else
    fail=$((fail + 1)); echo "FAIL $name: status $status (expected $want_status; 124 is the 20 s timeout): $out"
  fi
}
check "200 000 function types" 0 "ok" types
check "200 000 exports" 0 "ok" exports
check "200 000 exports, the last a duplicate name" 2 "duplicate export name" duplicate
check "a struct type referring to 400 000 struct types" 0 "ok" references 400000
# Translation gives each br_table target's label one stub of moves, found
# through the label (a search of the table's stubs took 25 s for 1 000 000).
check "a br_table of 1 500 000 targets over 30 000 blocks, translated" 0 "1234567" br_table 1500000 \
  "run --compile eager --invoke f" 3
# Block boundaries materialize the stack from a watermark of entries known to
# be in their own slots, and a local.set finds the entries reading the local
# through a chain (each rescanned the whole stack: 14-20 s for 50 000 x 50 000).
check "100 000 blocks, ifs, loops, branches and local.sets over a stack 100 000 deep, translated" 0 "" \
  deep_stack 100000 "run --compile eager --invoke f" 0
# Whether a v128 constant is inside a loop is a count, not a walk of the frames.
check "400 000 v128 constants in a loop 200 000 blocks deep, translated" 0 "" deep_v128 400000 \
  "run --compile eager --invoke f" 0
# Branches carrying many values: a function type has at most 1 000 results
# (and parameters), as in wasmtime and the JS API, since validating and
# translating a br_table costs its entries times that (100 000 entries of 40 000
# values took 14 s to validate); the translator computes a br_table's moves
# once per label, not per entry, and checks moves for overlap in m log m.
check "30 branches carrying 1 000 values and a br_table of 100 000 entries, translated" 0 "" wide_label 1000 \
  "run --compile eager --invoke f" 0
check "a block type of 1 001 results: refused" 2 "too many results" wide_label 1001
# A subtype check walks the supertype chain, so chains are at most 63 deep,
# as in V8, SpiderMonkey and wasmparser (100 000 deep took over a minute).
check "a chain of 64 subtypes (depth 63) and 200 000 checks" 0 "ok" subtypes 64
check "a chain of 100 000 subtypes: refused" 2 "sub type hierarchy too deep" subtypes 100000
# The text format: plain blocks nest without recursion and labels are found
# by name in constant time (200 000 deep crashed the parser, branches by name
# searched the label stack); folded instructions recurse, so past 10 000
# levels they are refused, not a stack overflow.
check "200 000 nested labelled blocks and 200 000 branches by name, in text" 0 "" wat_blocks 200000 \
  "run --invoke f" 0
check "100 000 nested folded blocks in text: refused" 2 "folded instructions nested deeper than 10000 levels" \
  wat_folded 100000 "run --invoke f" 0
check "9 000 nested folded blocks in text" 0 "" wat_folded 9000 "run --invoke f" 0
# Inline type uses find their type through an index of signatures (each
# searched every type: over a minute for 100 000).
check "100 000 functions with inline signatures, in text" 0 "" wat_inline 100000 "run --invoke f" 0
# wasm2wat indents at most 64 levels: the text of 200 000 nested blocks stays
# linear in the module's size (was 160 GB, then out of memory).
# A guest growing a table one element at a time: the capacity doubles, so
# the copies are linear in all (each grow copied the table: 100 000 took 17 s).
check "1 000 000 table.grow by one element" 0 "1000000" wat_table_grow 1000000 "run --invoke f" 0
python3 tests/cli/large_modules.py deep_v128 100000 "$tmp/deep.wasm"
if timeout 20 "$petrel" wasm2wat "$tmp/deep.wasm" >"$tmp/deep.wat" 2>&1 &&
   [ "$(stat -c %s "$tmp/deep.wat")" -lt $((200 * $(stat -c %s "$tmp/deep.wasm"))) ]; then
  pass=$((pass + 1)); echo "PASS wasm2wat of 100 000 v128 constants 50 000 blocks deep: $(stat -c %s "$tmp/deep.wat") bytes"
else
  fail=$((fail + 1)); echo "FAIL wasm2wat of 100 000 v128 constants 50 000 blocks deep: status or size $(stat -c %s "$tmp/deep.wat")"
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
