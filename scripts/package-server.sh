#!/usr/bin/env bash
# Server packages of the daemon alone (issue 25): out/packages/ja4ws_<version>_amd64.deb (dpkg-deb)
# and ja4ws-<version>-1.x86_64.rpm (rpmbuild, Debian's `rpm` package). What goes in: the compiled
# dist/ (with the web UI), migrations/, data/, bin/, and the production node_modules copied from
# this checkout (scripts/prod-deps.mjs: no Electron, no build tools; the native addons as built
# here, so the packages are for linux x86_64 with glibc); a /usr/bin/ja4ws wrapper, the systemd
# unit, /etc/ja4ws/config.yaml as configuration (a conffile / %config(noreplace)), and scripts
# that create the system user ja4ws, grant capture to a private tcpdump, and on removal stop the
# service and take back what they made (purge: state, config and user).
# Usage: scripts/package-server.sh [deb|rpm|all]   (default all; builds dist/ first if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
version=$(node -p "require('./package.json').version")
out=out/packages
stage=$(mktemp -d "${TMPDIR:-/tmp}/ja4ws-pkg-XXXXXX")
trap 'rm -rf "$stage"' EXIT
root=$stage/root
lib=$root/usr/lib/ja4ws

[ -f dist/main/cli/main.js ] && [ -f dist/renderer/index.html ] || npm run --silent build

echo "package-server: staging $version"
mkdir -p "$lib" "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/ja4ws" "$root/usr/share/doc/ja4ws"
cp -a bin migrations data package.json "$lib/"
# Compiled code without source maps and without the Electron shell (the daemon never loads it).
cp -a dist "$lib/dist"
find "$lib/dist" -name '*.map' -delete
rm -rf "$lib/dist/main/shell/electron"
# Production dependencies (scripts/prod-deps.mjs), each at its place in the tree.
node scripts/prod-deps.mjs | while read -r rel; do
  mkdir -p "$lib/$(dirname "$rel")"
  cp -a "$rel" "$lib/$rel"
done
if [ -e "$lib/node_modules/electron" ]; then
  echo "package-server: electron in the production dependencies" >&2
  exit 1
fi
cat >"$root/usr/bin/ja4ws" <<'SH'
#!/bin/sh
exec /usr/bin/node /usr/lib/ja4ws/bin/ja4ws.js "$@"
SH
chmod 0755 "$root/usr/bin/ja4ws"
sed -e 's|^ExecStart=.*|ExecStart=/usr/bin/ja4ws --daemon --config /etc/ja4ws/config.yaml|' \
  -e 's|^# `npm i -g` installs the CLI here; adjust for a tarball install.|# Installed by the ja4ws package (scripts/package-server.sh).|' \
  build/ja4ws.service >"$root/lib/systemd/system/ja4ws.service"
install -m 0640 build/server/config.yaml "$root/etc/ja4ws/config.yaml"
cp README.md docs/cluster.md docs/capture.md docs/deploy.md "$root/usr/share/doc/ja4ws/" 2>/dev/null || true
mkdir -p "$out"

# Maintainer scripts: one shell body per step, shared by both formats.
add_user=$(sed '1,/^set -e$/d' build/server/add-user.sh)
grant=$(sed '1,/^set -u$/d; /^exit 0$/d' build/server/grant-capture.sh)
systemd_reload='if [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi'
stop_service='if [ -d /run/systemd/system ]; then systemctl stop ja4ws.service || true; fi'
# Before dpkg/rpm remove the package's files (prerm / %preun), so /usr/lib/ja4ws empties.
ungrant='rm -f /usr/lib/ja4ws/libexec/tcpdump; rmdir /usr/lib/ja4ws/libexec 2>/dev/null || true'
purge='rm -rf /var/lib/ja4ws /etc/ja4ws; if getent passwd ja4ws >/dev/null; then userdel ja4ws || true; fi; if getent group ja4ws >/dev/null; then groupdel ja4ws || true; fi'

build_deb() {
  local d=$stage/deb
  rm -rf "$d"
  cp -a "$root" "$d"
  mkdir -p "$d/DEBIAN"
  chown -R root:root "$d" 2>/dev/null || true
  chmod 0640 "$d/etc/ja4ws/config.yaml"
  cat >"$d/DEBIAN/control" <<CTL
Package: ja4ws
Version: $version
Architecture: amd64
Maintainer: ja4-workstation <ja4ws@localhost>
Depends: nodejs (>= 20.19), tcpdump, libcap2-bin, passwd
Section: net
Priority: optional
Installed-Size: $(du -sk "$d" | cut -f1)
Homepage: https://github.com/FoxIO-LLC/ja4
Description: ja4-workstation daemon (JA4+/JA3 TLS fingerprinting and bot detection)
 The headless daemon (ja4ws --daemon) without the desktop app: capture workers, ingest sockets,
 correlator, ClickHouse writers, detector, web UI and API. Roles sensor, server or all
 (/etc/ja4ws/config.yaml); systemd unit ja4ws.service running as the system user ja4ws.
CTL
  echo /etc/ja4ws/config.yaml >"$d/DEBIAN/conffiles"
  cat >"$d/DEBIAN/postinst" <<SH
#!/bin/sh
set -e
case "\$1" in
configure)
$add_user
chown root:ja4ws /etc/ja4ws /etc/ja4ws/config.yaml
$grant
$systemd_reload
# An upgrade restarts a running service; a first install leaves starting it to the admin (the
# store and role are site decisions): systemctl enable --now ja4ws
if [ -n "\$2" ] && [ -d /run/systemd/system ]; then systemctl try-restart ja4ws.service || true; fi
;;
esac
exit 0
SH
  cat >"$d/DEBIAN/prerm" <<SH
#!/bin/sh
set -e
if [ "\$1" = remove ]; then
$stop_service
$ungrant
fi
exit 0
SH
  cat >"$d/DEBIAN/postrm" <<SH
#!/bin/sh
set -e
case "\$1" in
remove)
rmdir /usr/lib/ja4ws 2>/dev/null || true
$systemd_reload
;;
purge)
$purge
$systemd_reload
;;
esac
exit 0
SH
  chmod 0755 "$d/DEBIAN/postinst" "$d/DEBIAN/prerm" "$d/DEBIAN/postrm"
  # gzip -1: the chDB library is most of the size and compresses little better at -9.
  dpkg-deb --root-owner-group -Zgzip -z1 --build "$d" "$out/ja4ws_${version}_amd64.deb" >/dev/null
  echo "package-server: $out/ja4ws_${version}_amd64.deb ($(du -h "$out/ja4ws_${version}_amd64.deb" | cut -f1))"
}

build_rpm() {
  if ! command -v rpmbuild >/dev/null; then
    echo "package-server: rpmbuild missing (Debian: apt-get install rpm); .rpm skipped" >&2
    return 0
  fi
  local top=$stage/rpm
  mkdir -p "$top"/{BUILD,RPMS,SPECS,SOURCES,BUILDROOT}
  {
    (cd "$root" && find ./usr/lib/ja4ws ./usr/share/doc/ja4ws -type d | sed 's|^\.\(.*\)|%dir "\1"|')
    (cd "$root" && find . -type f -o -type l | sed 's|^\.\(.*\)|"\1"|' | sort) |
      grep -v '^"/etc/ja4ws/config.yaml"$'
  } >"$top/files"
  cat >"$top/SPECS/ja4ws.spec" <<SPEC
%define debug_package %{nil}
%define __os_install_post %{nil}
%define _build_id_links none
%define _binary_payload w1.gzdio
Name: ja4ws
Version: $version
Release: 1
Summary: ja4-workstation daemon (JA4+/JA3 TLS fingerprinting and bot detection)
License: BSD-3-Clause
BuildArch: x86_64
AutoReqProv: no
Requires: nodejs >= 20.19, tcpdump, libcap, shadow-utils
Requires(pre): shadow-utils

%description
The headless daemon (ja4ws --daemon) without the desktop app; roles sensor, server or all
(/etc/ja4ws/config.yaml); systemd unit ja4ws.service running as the system user ja4ws.

%install
mkdir -p %{buildroot}
cp -a $root/. %{buildroot}/

%pre
$add_user

%post
chown root:ja4ws /etc/ja4ws /etc/ja4ws/config.yaml
$grant
$systemd_reload
if [ "\$1" -ge 2 ] && [ -d /run/systemd/system ]; then systemctl try-restart ja4ws.service || true; fi

%preun
if [ "\$1" -eq 0 ]; then
$stop_service
$ungrant
fi

%postun
if [ "\$1" -eq 0 ]; then
$systemd_reload
fi

%files -f $top/files
%dir /etc/ja4ws
%config(noreplace) %attr(0640,root,root) /etc/ja4ws/config.yaml
SPEC
  rpmbuild --quiet --define "_topdir $top" -bb "$top/SPECS/ja4ws.spec" >/dev/null
  cp "$top"/RPMS/x86_64/ja4ws-"$version"-1.x86_64.rpm "$out/"
  echo "package-server: $out/ja4ws-$version-1.x86_64.rpm ($(du -h "$out/ja4ws-$version-1.x86_64.rpm" | cut -f1))"
}

case $what in
deb) build_deb ;;
rpm) build_rpm ;;
all) build_deb && build_rpm ;;
*) echo "usage: $0 [deb|rpm|all]" >&2 && exit 2 ;;
esac
