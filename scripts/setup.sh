#!/usr/bin/env bash
# Installs what the project needs on a Debian 12 machine with Node 20, and only what is missing:
# Debian packages through apt-get when run as root (otherwise it prints the exact command and
# stops), then npm ci (without the Electron binary download, which these machines cannot reach),
# then the build. Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

want_debs=(libpcap-dev chromium tshark tcpdump openssl curl iproute2 nginx-light caddy apache2 firefox-esr wget python3 libnss3-tools gnutls-bin bsdutils zsh rsyslog rsyslog-gnutls rpm libcap2-bin haproxy)
[ "${JA4WS_SETUP_DEBS:-}" != "" ] && read -r -a want_debs <<<"$JA4WS_SETUP_DEBS"
# Packages only some callers need (bench/run.sh: scikit-learn for the detector baselines).
if [ "${JA4WS_SETUP_EXTRA_DEBS:-}" != "" ]; then
  read -r -a extra_debs <<<"$JA4WS_SETUP_EXTRA_DEBS"
  want_debs+=("${extra_debs[@]}")
fi

node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number);console.log(a>20||(a===20&&b>=19)?1:0)' 2>/dev/null || echo 0)
if [ "$node_ok" != 1 ]; then
  echo "setup: Node.js >= 20.19 is required (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "setup: on Debian 12: install Node 20 from the NodeSource or Debian backports packages, then run this again." >&2
  exit 1
fi

missing=()
for p in "${want_debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: run:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# The Electron binary cannot be downloaded here; package.json's allowScripts also denies its
# install script for npm >= 11.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  # Exactly the locked versions, or a stop. chdb and wreq-js name optional platform packages that
  # were never published; package-lock.json carries entries for them (docs/decisions.md, "Lock
  # file and unpublished optional packages"; tools/lock-unpublished-optionals.mjs) so that npm ci
  # accepts it, and tests/unit/lockfile.test.ts keeps it that way.
  npm ci --no-audit --no-fund --loglevel=error || exit 1
fi

if [ "${JA4WS_SKIP_BUILD:-}" != 1 ]; then
  echo "setup: building"
  npm run --silent build >/dev/null
fi
