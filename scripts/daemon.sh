#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and start the daemon with its web UI
# on 127.0.0.1 and the embedded store. Extra arguments go to `ja4ws --daemon`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node bin/ja4ws.js --daemon "$@"
