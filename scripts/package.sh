#!/usr/bin/env bash
# Builds the desktop app. Offline (these build machines) only the `dir` target can work, and only
# with a local Electron distribution: ELECTRON_DIST=/path/to/electron-v41-linux-x64 (or the npm
# package's node_modules/electron/dist when its binary exists). Installers (AppImage, deb, rpm)
# fetch their own tooling: see docs/release.md.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=${1:-dir}
dist="${ELECTRON_DIST:-node_modules/electron/dist}"
if [ ! -x "$dist/electron" ]; then
  echo "package: skipped: no Electron distribution at $dist (set ELECTRON_DIST to an unpacked Electron 41 for linux-x64; it cannot be downloaded on this machine)"
  exit 0
fi
npm run --silent build
version=$(node -p "require('./node_modules/electron/package.json').version")
npx electron-builder --linux "$targets" -c.electronDist="$dist" -c.electronVersion="$version"
