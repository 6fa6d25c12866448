#!/usr/bin/env bash
# OpenVPN 2.6 (Debian 12) peer-to-peer TLS sessions (--tls-server / --tls-client, --dev null:
# no tun device needed) on the loopback of a private namespace, port 1194, one capture per
# variant: UDP and TCP, plain, --tls-auth (SHA1 and SHA256 HMAC), --tls-crypt, --tls-crypt-v2.
#   sudo tools/decode-fixtures/capture-openvpn.sh [out-dir]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(realpath -m "${1:-capture-worker/test-fixtures/openvpn}")
. "$HERE/netns.sh"
mkdir -p "$OUT"
W=$(mktemp -d /tmp/ja4dec-ovpn.XXXX)
ns_up ja4dec-ovpn
trap 'ns_cleanup; rm -rf "$W"' EXIT
cd "$W"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt \
  -days 2 -subj "/CN=ja4 fixtures CA" >/dev/null 2>&1
for n in server client; do
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $n.key -out $n.csr \
    -subj "/CN=$n" >/dev/null 2>&1
  echo "extendedKeyUsage=$([ $n = server ] && echo serverAuth || echo clientAuth)" >$n.ext
  openssl x509 -req -in $n.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out $n.crt -days 2 \
    -extfile $n.ext >/dev/null 2>&1
done
openvpn --genkey secret ta.key
openvpn --genkey tls-crypt-v2-server v2s.key
openvpn --tls-crypt-v2 v2s.key --genkey tls-crypt-v2-client v2c.key

run() { # name server-proto client-proto server-extra client-extra
  local name=$1 sp=$2 cp=$3
  # shellcheck disable=SC2086
  ip netns exec "$NS" timeout 12 openvpn --dev null --proto "$sp" --lport 1194 --tls-server --ca ca.crt \
    --cert server.crt --key server.key --dh none --verb 1 $4 >"$name-server.log" 2>&1 &
  NS_PIDS+=($!)
  sleep 1
  ns_dump "$OUT/$name.pcap" "port 1194"
  # shellcheck disable=SC2086
  nsx timeout 5 openvpn --dev null --nobind --proto "$cp" --remote 127.0.0.1 1194 --tls-client \
    --ca ca.crt --cert client.crt --key client.key --verb 1 $5 >"$name-client.log" 2>&1 || true
  ns_dump_stop
  kill "${NS_PIDS[-1]}" 2>/dev/null || true
  wait "${NS_PIDS[-1]}" 2>/dev/null || true
  echo "$name: $(tshark -r "$OUT/$name.pcap" 2>/dev/null | wc -l) packets"
}
run udp udp udp "" ""
run udp-tls-auth udp udp "--tls-auth ta.key 0" "--tls-auth ta.key 1"
run udp-tls-auth-sha256 udp udp "--tls-auth ta.key 0 --auth SHA256" "--tls-auth ta.key 1 --auth SHA256"
run udp-tls-crypt udp udp "--tls-crypt ta.key" "--tls-crypt ta.key"
run udp-tls-crypt-v2 udp udp "--tls-crypt-v2 v2s.key" "--tls-crypt-v2 v2c.key"
run tcp tcp-server tcp-client "" ""
run tcp-tls-auth tcp-server tcp-client "--tls-auth ta.key 0" "--tls-auth ta.key 1"
run tcp-tls-crypt tcp-server tcp-client "--tls-crypt ta.key" "--tls-crypt ta.key"
cd - >/dev/null
python3 "$HERE/tls-upgrades.py" "$OUT"
npx prettier --write "$OUT"/*.json >/dev/null 2>&1 || true
