#!/usr/bin/env bash
# Offline checks of deploy/: the Kubernetes and Knative manifests against the
# Kubernetes OpenAPI schemas (kubernetes-models' validators, plus a strict
# unknown-field check through their TypeScript types), the project's own
# invariants (probes, ports, labels, the HPA target, graceful shutdown), a
# lint of deploy/Containerfile, and negative self-checks that prove the
# validators reject broken manifests. No cluster, no Docker engine.
#
# Prints `PASS name` / `FAIL name: why` / `SKIP name: why` per check and
# ends with `N passed, N failed, N skipped`; exits non-zero on a failure.
#
# Needs node and npm (installed with apt-get when missing, as root). The npm
# packages (tests/deploy/package.json, pinned by package-lock.json) go to
# ${PETREL_NPM_CACHE:-$HOME/.cache/petrel-npm}/deploy, installed once and
# again only when the lock file changes; nothing is written to the repo.
#
# Knobs: PETREL_NPM_CACHE (see above); PETREL=path/to/petrel to run the
# preStop sleeper under a built petrel (default: BUILD/petrel when present).
set -uo pipefail
cd "$(dirname "$0")/../.."
here=tests/deploy

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  want=()
  command -v node >/dev/null 2>&1 || want+=(nodejs)
  command -v npm >/dev/null 2>&1 || want+=(npm)
  echo "deploy: installing ${want[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null; }; then
    echo "FAIL setup: could not install ${want[*]}"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

cache="${PETREL_NPM_CACHE:-${HOME:-/tmp}/.cache/petrel-npm}/deploy"
stamp="$cache/.petrel-lock.sha256"
want_sum=$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d' ' -f1)
if [ ! -d "$cache/node_modules" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want_sum" ]; then
  echo "deploy: installing the npm packages into $cache"
  mkdir -p "$cache"
  rm -rf "$cache/node_modules" "$stamp"
  cp "$here/package.json" "$here/package-lock.json" "$cache/"
  if ! (cd "$cache" && npm ci --no-audit --no-fund --loglevel=error >"$cache/npm.log" 2>&1); then
    tail -n 20 "$cache/npm.log"
    echo "FAIL setup: npm ci in $cache failed (log: $cache/npm.log)"
    echo "0 passed, 1 failed"
    exit 1
  fi
  echo "$want_sum" >"$stamp"
fi

if [ -z "${PETREL:-}" ] && [ -x BUILD/petrel ]; then PETREL=BUILD/petrel; fi
export PETREL="${PETREL:-}"
exec node "$here/check.mjs" "$cache"
