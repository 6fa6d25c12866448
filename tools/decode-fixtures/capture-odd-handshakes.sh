#!/usr/bin/env bash
# Real handshakes that tools/decode-fixtures/odd-handshakes.py bends into the odd forms of issue 18
# (draft TLS 1.3 ServerHello, one-byte extension block, ServerHello first, DTLS1_BAD_VER):
# openssl s_server/s_client (Debian OpenSSL 3) over the loopback of a private network namespace.
#   sudo tools/decode-fixtures/capture-odd-handshakes.sh [out-dir]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-capture-worker/test-fixtures/odd-handshakes}
. "$HERE/netns.sh"
ns_up ja4dec-odd
mkdir -p "$OUT"
WORK=$(mktemp -d)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/key.pem" \
  -out "$WORK/cert.pem" -days 2 -subj "/CN=odd.test" >/dev/null 2>&1

ns_bg openssl s_server -quiet -naccept 2 -accept 4433 -cert "$WORK/cert.pem" -key "$WORK/key.pem"
sleep 1
ns_dump "$OUT/base-tls.pcap" "tcp port 4433"
echo | nsx openssl s_client -connect 127.0.0.1:4433 -tls1_2 -servername odd.test >/dev/null 2>&1 || true
echo | nsx openssl s_client -connect 127.0.0.1:4433 -tls1_3 -servername odd.test >/dev/null 2>&1 || true
ns_dump_stop

# DTLS 1.0 needs security level 0 in OpenSSL 3 (SHA-1 MACs).
ns_bg openssl s_server -quiet -dtls1 -naccept 1 -accept 4434 -cert "$WORK/cert.pem" -key "$WORK/key.pem" -cipher 'DEFAULT:@SECLEVEL=0'
sleep 1
ns_dump "$OUT/base-dtls.pcap" "udp port 4434"
(sleep 2; echo) | nsx timeout 5 openssl s_client -dtls1 -connect 127.0.0.1:4434 -cipher 'DEFAULT:@SECLEVEL=0' >/dev/null 2>&1 || true
ns_dump_stop
rm -rf "$WORK"
python3 "$HERE/odd-handshakes.py" "$OUT"
npx prettier --write "$OUT"/*.json >/dev/null 2>&1 || true
