#!/bin/sh
# Shared by the .deb postinst and the .rpm %post: a private copy of tcpdump with CAP_NET_RAW and
# CAP_NET_ADMIN, runnable only by root and the group ja4ws, so the service user captures without
# root even where systemd's AmbientCapabilities do not apply (the daemon started by hand). The
# copy is not a file of the package (its capabilities are set here): the remove scripts delete it.
# Idempotent; a failure says what to run and never fails the install.
set -u
dst=/usr/lib/ja4ws/libexec/tcpdump
src=$(command -v tcpdump || true)
[ -x /usr/sbin/tcpdump ] && src=/usr/sbin/tcpdump
if [ -z "$src" ] || ! command -v setcap >/dev/null 2>&1; then
  echo "ja4ws: tcpdump or setcap missing: live capture will need them (then reinstall the package)" >&2
  exit 0
fi
install -D -o root -g ja4ws -m 0750 "$src" "$dst" &&
  setcap cap_net_raw,cap_net_admin=eip "$dst" ||
  echo "ja4ws: could not grant capture to $dst; run: setcap cap_net_raw,cap_net_admin=eip $dst" >&2
exit 0
