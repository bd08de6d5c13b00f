#!/usr/bin/env bash
# check.sh PETREL OUTDIR
#
# Checks the WAGI guests that build.sh put in OUTDIR, without the server:
# runs each under `PETREL run` with CGI variables (--env), a body on stdin
# and granted directories (--dir), and checks its CGI output: headers, the
# blank line, the body (JSON parsed, images decoded and compared with a
# reference area average). Prints "PASS name" / "FAIL name: why" lines and
# ends with "N passed, N failed"; exit status 1 if any failed.
# The checks are in check.py (Python 3, standard library only).
set -euo pipefail
if [[ $# -ne 2 ]]; then
    echo "usage: $0 PETREL OUTDIR" >&2
    exit 2
fi
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if ! command -v python3 >/dev/null 2>&1; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        { apt-get -o DPkg::Lock::Timeout=600 -y -qq install python3 ||
          { apt-get -o DPkg::Lock::Timeout=600 -qq update &&
            apt-get -o DPkg::Lock::Timeout=600 -y -qq install python3; }; } >/dev/null 2>&1
    fi
    command -v python3 >/dev/null 2>&1 || { echo "check.sh: needs python3" >&2; exit 1; }
fi
exec python3 "$HERE/check.py" "$1" "$2"
