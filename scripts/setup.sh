#!/usr/bin/env bash
# Installs everything Ponder's build, tests and `npm start` need on a fresh Debian 12 machine with Node 20:
# system packages (Chromium for the browser tests, libkrb5-dev and ripgrep for code-server), the npm
# dependencies, and code-server 4.100.3 (the real VS Code workbench, offline) in .cache/code-server.
# Safe to run again: every step is skipped when already done.
# Options: --no-npm skips `npm ci` (e.g. when node_modules is in use by other processes).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CODE_SERVER_VERSION=4.100.3
CODE_SERVER_DIR=${PONDER_CODE_SERVER_DIR:-$ROOT/.cache/code-server}
RUN_NPM_CI=1
for arg in "$@"; do
  case "$arg" in
    --no-npm) RUN_NPM_CI=0 ;;
    *) echo "setup.sh: unknown option $arg (known: --no-npm)" >&2; exit 2 ;;
  esac
done

log() { printf 'setup: %s\n' "$*"; }
# The npm registry sometimes drops a connection mid-install (seen: EIDLETIMEOUT); an install is tried three times.
with_retries() {
  local attempt
  for attempt in 1 2 3; do
    "$@" && return 0
    [ "$attempt" = 3 ] || { log "$1 failed (attempt $attempt of 3); retrying in $((attempt * 15)) s"; sleep $((attempt * 15)); }
  done
  return 1
}

# 1. System packages, only those missing.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  log "installing ${missing[*]} with apt-get"
  $SUDO apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
else
  log "chromium, ripgrep and libkrb5-dev are installed"
fi

# 2. The project's own dependencies.
if [ "$RUN_NPM_CI" = 1 ]; then
  if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    log "node_modules is up to date with package-lock.json"
  else
    log "npm ci"
    with_retries npm ci --no-audit --no-fund
  fi
fi

# 3. code-server, in a folder of its own (about 320 MB; not one of the project's dependencies).
CODE_SERVER_BIN=$CODE_SERVER_DIR/node_modules/.bin/code-server
if [ -x "$CODE_SERVER_BIN" ] && "$CODE_SERVER_BIN" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION"; then
  log "code-server $CODE_SERVER_VERSION is installed in $CODE_SERVER_DIR"
else
  log "installing code-server $CODE_SERVER_VERSION into $CODE_SERVER_DIR"
  # @vscode/ripgrep downloads ripgrep from GitHub during install; hand it Debian's binary through its cache.
  rg_cache=${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11
  rg_stage=$(mktemp -d)
  mkdir -p "$rg_cache"
  cp "$(command -v rg)" "$rg_stage/rg"
  tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$rg_stage" rg
  rm -rf "$rg_stage"
  mkdir -p "$CODE_SERVER_DIR"
  [ -f "$CODE_SERVER_DIR/package.json" ] || printf '{ "name": "ponder-code-server", "private": true }\n' >"$CODE_SERVER_DIR/package.json"
  # As root its install script insists on unsafe-perm; `yes` lets a nested `npx node-gyp` run without a prompt.
  install_code_server() {
    (cd "$CODE_SERVER_DIR" && npm_config_unsafe_perm=true npm_config_yes=true npm_config_foreground_scripts=true \
      npm install --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION")
  }
  with_retries install_code_server
  if ! "$CODE_SERVER_BIN" --version >/dev/null 2>&1; then
    echo "setup: code-server did not install correctly; see the npm output above (its postinstall must build native modules)" >&2
    exit 1
  fi
  log "code-server $("$CODE_SERVER_BIN" --version | head -1) installed"
fi
log "done. Start Ponder with: npm start"
