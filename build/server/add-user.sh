#!/bin/sh
# The system user and group the service runs as (no login, home = its state directory).
set -e
getent group ja4ws >/dev/null || groupadd --system ja4ws
getent passwd ja4ws >/dev/null ||
  useradd --system --gid ja4ws --home-dir /var/lib/ja4ws --no-create-home \
    --shell /usr/sbin/nologin --comment "ja4-workstation daemon" ja4ws
install -d -o ja4ws -g ja4ws -m 0750 /var/lib/ja4ws
