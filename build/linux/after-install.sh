#!/bin/sh
# Package after-install hook (deb/rpm): the one-time capture grant for the desktop app, done by
# the package manager as root instead of a pkexec prompt. It gives CAP_NET_RAW and CAP_NET_ADMIN
# to private, root-owned copies of the capture runtimes — tcpdump (the default packet source) and
# node (the `cap` source) — runnable only by members of the group `ja4ws-capture`. The app itself
# (Electron) never holds a capability. Users who should capture: `usermod -aG ja4ws-capture NAME`.
# Idempotent; failures print what to run by hand and never fail the install.
set -u

# Overridable for tests only; the app looks in /usr/local/lib/ja4ws.
GRANT_DIR=${JA4WS_GRANT_DIR:-/usr/local/lib/ja4ws}
GROUP=${JA4WS_CAPTURE_GROUP:-ja4ws-capture}

warn() { echo "ja4-workstation: $*" >&2; }

if ! command -v setcap >/dev/null 2>&1; then
  warn "setcap not found (Debian: apt-get install libcap2-bin; RPM: dnf install libcap); live capture needs it — then re-run $0"
  exit 0
fi

getent group "$GROUP" >/dev/null 2>&1 || groupadd --system "$GROUP" || warn "could not create group $GROUP"

grant() {
  src=$1
  dst=$2
  if [ -z "$src" ] || [ ! -x "$src" ]; then
    return 1
  fi
  install -D -o root -g "$GROUP" -m 0750 "$src" "$dst" &&
    setcap cap_net_raw,cap_net_admin=eip "$dst" &&
    echo "ja4-workstation: granted CAP_NET_RAW,CAP_NET_ADMIN to $dst (copy of $src, group $GROUP)"
}

grant "$(command -v tcpdump || true)" "$GRANT_DIR/tcpdump-capture" ||
  warn "tcpdump not found: install it (apt-get install tcpdump) and re-run $0 for live capture"
grant "$(command -v node || true)" "$GRANT_DIR/node-capture" ||
  warn "node not found: the capture worker runs under Node >= 20; install it and re-run $0"

exit 0
