#!/usr/bin/env bash
# TLS that starts after another protocol, from real servers and clients (Debian 12) on the
# loopback of a private network namespace, one capture per protocol, standard ports so tshark
# dissects them without hints:
#   smtp (postfix, 25)  imap/pop3 (dovecot, 143/110)  ftp (vsftpd AUTH TLS, 21)
#   ldap (slapd StartTLS, 389)  xmpp (prosody, 5222)  postgres (PostgreSQL 15, 5432)
#   mysql (MariaDB, 3306)  socks5 (microsocks, 1080)  socks4/4a (dante, 1081)
#   http-connect (squid, 3128) -> openssl s_server on 443
# Clients: `openssl s_client -starttls <proto>`, plus psql (sslmode=require) and curl through
# the proxies. Usage: sudo tools/decode-fixtures/capture-tls-upgrades.sh [out-dir]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(realpath -m "${1:-capture-worker/test-fixtures/tls-upgrade}")
. "$HERE/netns.sh"
mkdir -p "$OUT"
W=$(mktemp -d /tmp/ja4dec-up.XXXX)
chmod 755 "$W"
# `ip netns exec` bind-mounts /etc/netns/<ns>/hosts: SOCKS4a's proxy resolves tls.test itself.
mkdir -p /etc/netns/ja4dec-up
echo "127.0.0.1 localhost tls.test" >/etc/netns/ja4dec-up/hosts
ns_up ja4dec-up
trap 'ns_cleanup; rm -rf "$W" /etc/netns/ja4dec-up' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/key.pem" -out "$W/cert.pem" -days 2 \
  -subj "/CN=localhost" >/dev/null 2>&1
chmod 644 "$W/key.pem" "$W/cert.pem"
C="$W/cert.pem"
K="$W/key.pem"
S_CLIENT=(openssl s_client -brief -ign_eof)

cap() { # name filter command...
  local name=$1 filter=$2
  shift 2
  ns_dump "$OUT/$name.pcap" "$filter"
  (sleep 2; echo QUIT) | timeout 15 ip netns exec "$NS" "$@" >"$W/$name.log" 2>&1 || true
  ns_dump_stop
  echo "$name: $(tshark -r "$OUT/$name.pcap" 2>/dev/null | wc -l) packets"
}

# --- servers ---------------------------------------------------------------------------------
nsx openssl s_server -quiet -www -accept 443 -cert "$C" -key "$K" >/dev/null 2>&1 &
NS_PIDS+=($!)

# PostgreSQL 15: a throwaway cluster, SSL on.
mkdir -p "$W/pg" && chown postgres "$W/pg"
cp "$K" "$W/pg/key.pem" && chown postgres "$W/pg/key.pem" && chmod 600 "$W/pg/key.pem"
su postgres -c "/usr/lib/postgresql/15/bin/initdb -D $W/pg/data -A trust -U postgres" >/dev/null
nsx su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D $W/pg/data -l $W/pg/log -o \"-c listen_addresses=127.0.0.1 -c unix_socket_directories=$W/pg -c ssl=on -c ssl_cert_file=$C -c ssl_key_file=$W/pg/key.pem\" start" >/dev/null

# MariaDB: a throwaway data directory, TLS on.
mkdir -p "$W/my" && chown mysql "$W/my"
mariadb-install-db --user=mysql --datadir="$W/my/data" >/dev/null 2>&1
ns_bg mariadbd --user=mysql --datadir="$W/my/data" --socket="$W/my/sock" --pid-file="$W/my/pid" \
  --bind-address=127.0.0.1 --port=3306 --ssl-cert="$C" --ssl-key="$K" --skip-grant-tables

# Dovecot: IMAP 143, POP3 110, submission (SMTP) 587, STARTTLS on each.
mkdir -p "$W/dovecot-run" "$W/mail"
cat >"$W/dovecot.conf" <<CONF
protocols = imap pop3 submission
listen = 127.0.0.1
hostname = mail.test
base_dir = $W/dovecot-run
ssl = yes
ssl_cert = <$C
ssl_key = <$K
log_path = $W/dovecot.log
mail_location = maildir:$W/mail
default_internal_user = dovecot
default_login_user = dovenull
submission_relay_host = 127.0.0.1
submission_relay_port = 2525
passdb {
  driver = static
  args = password=x
}
userdb {
  driver = static
  args = uid=root gid=root home=$W/mail
}
CONF
nsx dovecot -c "$W/dovecot.conf" </dev/null >/dev/null 2>&1

# vsftpd: explicit FTPS (AUTH TLS) on 21.
mkdir -p /var/run/vsftpd/empty
cat >"$W/vsftpd.conf" <<CONF
listen=YES
listen_address=127.0.0.1
background=NO
ssl_enable=YES
rsa_cert_file=$C
rsa_private_key_file=$K
ssl_ciphers=HIGH
secure_chroot_dir=/var/run/vsftpd/empty
anonymous_enable=YES
CONF
ns_bg vsftpd "$W/vsftpd.conf"

# slapd: StartTLS on 389.
mkdir -p "$W/ldapdb"
cat >"$W/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile $W/slapd.pid
TLSCertificateFile $C
TLSCertificateKeyFile $K
database mdb
suffix "dc=example,dc=test"
directory $W/ldapdb
CONF
nsx slapd -f "$W/slapd.conf" -h ldap://127.0.0.1:389/ -u root

# prosody: XMPP client port 5222 (must not run as root).
mkdir -p "$W/prosody" && chown prosody "$W/prosody"
cat >"$W/prosody.cfg.lua" <<CONF
daemonize = false
pidfile = "$W/prosody/prosody.pid"
data_path = "$W/prosody"
interfaces = { "127.0.0.1" }
c2s_ports = { 5222 }
s2s_ports = { }
modules_enabled = { "tls", "saslauth", "disco" }
log = { info = "$W/prosody/prosody.log" }
VirtualHost "localhost"
  ssl = { certificate = "$C", key = "$K" }
CONF
ns_bg su prosody -s /bin/sh -c "prosody --config $W/prosody.cfg.lua"

# Proxies: microsocks (SOCKS5, 1080), dante (SOCKS4/4a/5, 1081), squid (HTTP CONNECT, 3128).
ns_bg microsocks -i 127.0.0.1 -p 1080
cat >"$W/danted.conf" <<CONF
logoutput: $W/danted.log
internal: 127.0.0.1 port = 1081
external: lo
socksmethod: none
clientmethod: none
user.privileged: root
user.unprivileged: nobody
client pass { from: 0.0.0.0/0 to: 0.0.0.0/0 }
socks pass { from: 0.0.0.0/0 to: 0.0.0.0/0 }
CONF
ns_bg danted -f "$W/danted.conf"
cat >"$W/squid.conf" <<CONF
http_port 127.0.0.1:3128
http_access allow all
cache deny all
pid_filename $W/squid.pid
access_log none
cache_log $W/squid-cache.log
cache_effective_user proxy
CONF
ns_bg squid -f "$W/squid.conf" -N
sleep 5

# --- captures --------------------------------------------------------------------------------
cap smtp "tcp port 587" "${S_CLIENT[@]}" -starttls smtp -connect 127.0.0.1:587
cap imap "tcp port 143" "${S_CLIENT[@]}" -starttls imap -connect 127.0.0.1:143
cap pop3 "tcp port 110" "${S_CLIENT[@]}" -starttls pop3 -connect 127.0.0.1:110
cap ftp "tcp port 21" "${S_CLIENT[@]}" -starttls ftp -connect 127.0.0.1:21
cap ldap "tcp port 389" "${S_CLIENT[@]}" -starttls ldap -connect 127.0.0.1:389
cap xmpp "tcp port 5222" "${S_CLIENT[@]}" -starttls xmpp -xmpphost localhost -connect 127.0.0.1:5222
cap postgres "tcp port 5432" sh -c "openssl s_client -brief -starttls postgres -connect 127.0.0.1:5432 </dev/null; psql 'host=127.0.0.1 user=postgres sslmode=require' -c 'select 1'"
cap mysql "tcp port 3306" sh -c "openssl s_client -brief -starttls mysql -connect 127.0.0.1:3306 </dev/null; mariadb -h 127.0.0.1 -P 3306 -u root --ssl -e 'select 1'"
cap socks5 "tcp port 1080" curl -sk -o /dev/null --socks5 127.0.0.1:1080 https://127.0.0.1/
cap socks4 "tcp port 1081" sh -c "curl -sk -o /dev/null --socks4 127.0.0.1:1081 https://127.0.0.1/; curl -sk -o /dev/null --socks4a 127.0.0.1:1081 https://tls.test/"
cap http-connect "tcp port 3128" curl -sk -o /dev/null --proxy http://127.0.0.1:3128 https://127.0.0.1/

nsx dovecot -c "$W/dovecot.conf" stop 2>/dev/null || true
nsx su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D $W/pg/data stop" >/dev/null 2>&1 || true
[ -f "$W/slapd.pid" ] && kill "$(cat "$W/slapd.pid")" 2>/dev/null || true
python3 "$HERE/tls-upgrades.py" "$OUT"
npx prettier --write "$OUT"/*.json >/dev/null 2>&1 || true
