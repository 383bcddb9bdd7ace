#!/usr/bin/env bash
# Installs everything Ponder's build and tests need on a fresh Debian 12 machine with Node 20.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
