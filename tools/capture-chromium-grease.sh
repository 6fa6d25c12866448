#!/usr/bin/env bash
# Records headless Chromium opening a page on a local openssl s_server N times (each with a fresh
# profile, so no session resumption changes its extensions) on loopback, and saves tshark's view of
# each ClientHello (source port, signature_algorithms as sent, JA3) beside the capture. Chromium
# draws a new GREASE value for signature_algorithms per connection; the test built on this file
# holds JA4 to one value across all of them (ja4-spec §12.6). Run by hand as root:
#   sudo tools/capture-chromium-grease.sh [out-dir] [loads]
#   (default capture-worker/test-fixtures/chromium-grease, 8 loads)
# Everything it starts (server, tcpdump) and its temporary profiles are removed on exit.
set -euo pipefail

OUT=${1:-capture-worker/test-fixtures/chromium-grease}
LOADS=${2:-8}
PORT=18443
WORK=$(mktemp -d)
SERVER_PID=
DUMP_PID=
cleanup() {
  [ -n "$DUMP_PID" ] && kill "$DUMP_PID" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] || { echo "run as root (needs tcpdump on lo)" >&2; exit 2; }
mkdir -p "$OUT"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -subj /CN=localhost 2>/dev/null
openssl s_server -accept "127.0.0.1:$PORT" -cert "$WORK/cert.pem" -key "$WORK/key.pem" \
  -www -quiet >/dev/null 2>&1 &
SERVER_PID=$!
tcpdump -i lo -s 0 -U -w "$WORK/chromium.pcap" "tcp port $PORT" >/dev/null 2>&1 &
DUMP_PID=$!
sleep 1
for i in $(seq 1 "$LOADS"); do
  timeout 30 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --disable-quic --ignore-certificate-errors --user-data-dir="$WORK/profile$i" \
    --dump-dom "https://localhost:$PORT/" >/dev/null 2>&1 || true
done
sleep 1
kill "$DUMP_PID"; wait "$DUMP_PID" 2>/dev/null || true; DUMP_PID=
cp "$WORK/chromium.pcap" "$OUT/chromium.pcap"
tshark -r "$OUT/chromium.pcap" -Y 'tls.handshake.type == 1' -T fields -E separator=/t \
  -e tcp.srcport -e tls.handshake.sig_hash_alg -e tls.handshake.ja3 >"$OUT/chromium.tshark.tsv"
{ tshark --version | head -1; chromium --version; } >"$OUT/VERSIONS"
echo "wrote $OUT: $(wc -l <"$OUT/chromium.tshark.tsv") ClientHellos"
