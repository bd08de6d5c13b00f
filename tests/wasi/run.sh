#!/usr/bin/env bash
# The WASI guest tests (see run.py): builds nothing, runs BUILD/petrel (or
# the build folder given) on the guest programs of BUILD/tests/wasi and
# cross-checks under Node. Ends with `N passed, N failed, N skipped`.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../BUILD}"
[ $# -gt 0 ] && shift
exec python3 "$here/run.py" --build "$build" "$@"
