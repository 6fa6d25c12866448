#!/usr/bin/env bash
# Records main/storage/test-fixtures/connections/loopback-mix.pcap: real clients on loopback in
# front of a Node HTTPS server (TLS 1.2 and 1.3) and a plain HTTP server, captured with tcpdump.
# Needs root (tcpdump on lo), curl, openssl, node. The connection counts the tests assert are
# written next to the capture (truth.json) from what the clients were told to do, and checked
# against tshark when it is installed.
set -euo pipefail
out=${1:-main/storage/test-fixtures/connections}
dir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$dir"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
  -subj /CN=fixture.test -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
TLS_PORT=18443 HTTP_PORT=18080
node -e '
const https = require("node:https"), http = require("node:http"), fs = require("node:fs");
const h = (q, s) => { s.end("ok\n"); };
https.createServer({ key: fs.readFileSync(process.argv[1]), cert: fs.readFileSync(process.argv[2]) }, h).listen(18443, "127.0.0.1");
http.createServer(h).listen(18080, "127.0.0.1");
' "$dir/key.pem" "$dir/cert.pem" &
sleep 1
tcpdump -i lo -U -s 0 -w "$dir/cap.pcap" "tcp port $TLS_PORT or tcp port $HTTP_PORT" 2>/dev/null &
sleep 1
base=https://fixture.test:$TLS_PORT
r=(--resolve fixture.test:$TLS_PORT:127.0.0.1 -sk -o /dev/null)
# 4 TLS 1.3 connections, one request each
for i in 1 2 3 4; do curl "${r[@]}" "$base/tls13/$i"; done
# 3 TLS 1.2 connections (the certificate is in clear: JA4X comes with the final record)
for i in 1 2 3; do curl "${r[@]}" --tlsv1.2 --tls-max 1.2 "$base/tls12/$i"; done
# 1 keep-alive connection with 3 requests
curl "${r[@]}" "$base/ka/1" -o /dev/null "$base/ka/2" -o /dev/null "$base/ka/3"
# 2 HTTP/1.1 keep-alive connections over TLS from openssl s_client
for i in 1 2; do
  printf 'GET /openssl/%s HTTP/1.1\r\nHost: fixture.test\r\nConnection: close\r\n\r\n' "$i" |
    openssl s_client -quiet -connect 127.0.0.1:$TLS_PORT -servername fixture.test >/dev/null 2>&1 || true
done
# 2 plain HTTP connections (no ClientHello: tcp_events)
for i in 1 2; do curl -s -o /dev/null "http://127.0.0.1:$HTTP_PORT/plain/$i"; done
sleep 2
kill %2; sleep 1
cp "$dir/cap.pcap" "$out/loopback-mix.pcap"
cat > "$out/truth.json" <<JSON
{
  "tls_connections": 10,
  "tcp_connections": 2,
  "tls12_connections": 3,
  "tls_port": $TLS_PORT,
  "http_port": $HTTP_PORT
}
JSON
if command -v tshark >/dev/null; then
  echo "ClientHellos (tshark): $(tshark -r "$out/loopback-mix.pcap" -Y 'tls.handshake.type == 1' 2>/dev/null | wc -l)"
  echo "SYNs to the HTTP port (tshark): $(tshark -r "$out/loopback-mix.pcap" -Y "tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.dstport == $HTTP_PORT" 2>/dev/null | wc -l)"
fi
