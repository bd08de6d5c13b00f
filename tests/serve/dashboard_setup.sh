#!/usr/bin/env bash
# Installs what tests/serve/dashboard_test.mjs needs, idempotently, on Debian 12 (as root):
#   - Debian's chromium package (playwright never downloads a browser here),
#   - nodejs + npm when node is missing or older than 18,
#   - playwright-core into ${PETREL_NPM_CACHE:-$HOME/.cache/petrel-npm}/dashboard (outside the repo).
# Prints the node_modules directory on its last line; the test also finds it by itself.
set -euo pipefail

home="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
cache_root="${PETREL_NPM_CACHE:-$home/.cache/petrel-npm}"
dir="$cache_root/dashboard"

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" >/dev/null
}

need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "dashboard_setup: need root to install $*" >&2
    exit 1
  fi
}

if [ ! -x /usr/bin/chromium ]; then
  need_root chromium
  apt_install chromium fonts-dejavu-core
fi

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if ! command -v node >/dev/null 2>&1 || [ "$(node_major)" -lt 18 ]; then
  need_root nodejs
  apt_install nodejs
fi
if ! command -v npm >/dev/null 2>&1; then
  need_root npm
  apt_install npm
fi

# playwright-core >= 1.56 wants node >= 20; Debian 12's own nodejs is 18.
if [ -n "${PETREL_PLAYWRIGHT_VERSION:-}" ]; then
  pw_version="$PETREL_PLAYWRIGHT_VERSION"
elif [ "$(node_major)" -ge 20 ]; then
  pw_version=1.65.1
else
  pw_version=1.55.0
fi

installed=""
if [ -f "$dir/node_modules/playwright-core/package.json" ]; then
  installed="$(node -p "require('$dir/node_modules/playwright-core/package.json').version" 2>/dev/null || true)"
fi
if [ "$installed" != "$pw_version" ]; then
  mkdir -p "$dir"
  if [ ! -f "$dir/package.json" ]; then
    printf '{ "name": "petrel-dashboard-test-deps", "private": true }\n' >"$dir/package.json"
  fi
  # PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: playwright-core downloads nothing, but be explicit.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$dir" --no-audit --no-fund \
    --no-save --loglevel=error "playwright-core@$pw_version" >&2
fi

echo "$dir/node_modules"
