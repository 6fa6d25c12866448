#!/usr/bin/env bash
# Starts the desktop app. The Electron binary cannot be downloaded on these machines: point
# ELECTRON_PATH at a local Electron 41 build, or place one in node_modules/electron/dist.
set -euo pipefail
cd "$(dirname "$0")/.."
JA4WS_SETUP_DEBS="libpcap-dev" bash scripts/setup.sh
electron="${ELECTRON_PATH:-node_modules/electron/dist/electron}"
if [ ! -x "$electron" ]; then
  echo "start: no Electron binary at $electron; set ELECTRON_PATH to a local Electron 41 build (the daemon works without it: npm run daemon)" >&2
  exit 1
fi
exec "$electron" .
