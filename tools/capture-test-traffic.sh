#!/usr/bin/env bash
# Records the project's own test captures: real clients talking to real servers on the loopback
# interface, written by tcpdump. Tests that need "some real traffic" read these instead of the
# FoxIO reference corpus (../shared), so that a bare clone passes `npm test`.
# Run by hand as root (tcpdump on lo), from the project root, after `npm run build:node`:
#   sudo tools/capture-test-traffic.sh [out-dir]   (default capture-worker/test-fixtures/captures)
# It writes, next to each capture, <name>.tshark.json: Debian's tshark's view of that capture (its
# frame count and every ClientHello/ServerHello with JA3/JA3S, SNI and ALPN) — the independent
# oracle the tests compare with. Then it derives the encapsulated captures (tools/wrap-capture.ts)
# and records.jsonl (ConnectionRecords of every capture, the storage tests' input data).
# Everything it starts (servers, tcpdump) is stopped on exit, even on failure.
set -euo pipefail
. "$(dirname "$0")/fixture-nginx.sh"

OUT=${1:-capture-worker/test-fixtures/captures}
WORK=$(mktemp -d)
PIDS=()
DUMP_PID=
S_PORT=9443     # openssl s_server (TLS 1.2 and 1.3)
NGX_TLS=9444    # nginx: TLS, h2 and http/1.1
NGX_HTTP=9080   # nginx: cleartext HTTP/1.1
CADDY=9445      # caddy: HTTP/3 (QUIC) and h2
DTLS=9446       # openssl s_server -dtls

cleanup() {
  [ -n "$DUMP_PID" ] && kill "$DUMP_PID" 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  sleep 0.5
  rm -rf "$WORK"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "run as root (tcpdump on lo)" >&2; exit 2; }
[ -f dist/capture-worker/src/cli/fingerprint-command.js ] || { echo "run npm run build:node first" >&2; exit 2; }
mkdir -p "$OUT"
rm -f "$OUT"/*.pcap "$OUT"/*.pcapng "$OUT"/*.tshark.json "$OUT"/*.tsv "$OUT"/records.jsonl

# One small EC certificate (keeps every handshake a few hundred bytes) for every server.
fixture_cert "$WORK" "DNS:www.fixture.test"

openssl s_server -quiet -www -accept "127.0.0.1:$S_PORT" -cert "$WORK/cert.pem" -key "$WORK/key.pem" \
  -alpn h2,http/1.1 >/dev/null 2>&1 &
PIDS+=($!)
openssl s_server -quiet -dtls -accept "127.0.0.1:$DTLS" -cert "$WORK/cert.pem" -key "$WORK/key.pem" \
  >/dev/null 2>&1 </dev/null &
PIDS+=($!)

fixture_nginx_conf "$WORK" 256 "127.0.0.1:$NGX_TLS ssl http2" "[::1]:$NGX_TLS ssl http2" \
  "127.0.0.1:$NGX_HTTP" "[::1]:$NGX_HTTP"
nginx -c "$WORK/nginx.conf" -p "$WORK"

cat >"$WORK/Caddyfile" <<EOF
{
	admin off
	auto_https off
	servers {
		protocols h1 h2 h3
	}
}
https://fixture.test:$CADDY {
	bind 127.0.0.1
	tls $WORK/cert.pem $WORK/key.pem
	respond "fixture page"
}
EOF
XDG_DATA_HOME=$WORK XDG_CONFIG_HOME=$WORK HOME=$WORK caddy run --adapter caddyfile \
  --config "$WORK/Caddyfile" >"$WORK/caddy.log" 2>&1 &
PIDS+=($!)
sleep 2

start_dump() { # name, filter
  tcpdump -i lo -s 0 -U -w "$OUT/$1.pcap" "$2" >/dev/null 2>&1 &
  DUMP_PID=$!
  sleep 1
}
stop_dump() {
  sleep 1
  kill "$DUMP_PID" && wait "$DUMP_PID" 2>/dev/null || true
  DUMP_PID=
}
run() { timeout 20 "$@" >/dev/null 2>&1 </dev/null || true; }
chrome() { # url, extra flags...
  local url=$1
  shift
  run /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --ignore-certificate-errors --user-data-dir="$WORK/chrome" \
    --host-resolver-rules="MAP fixture.test 127.0.0.1, MAP www.fixture.test 127.0.0.1" "$@" --dump-dom "$url"
}

# 1. tls12-h2.pcap: one curl TLS 1.2 connection offering h2 (the smallest useful TLS capture).
start_dump tls12-h2 "tcp port $NGX_TLS"
run curl -sk --tlsv1.2 --tls-max 1.2 --http2 --interface 127.0.0.7 "https://fixture.test:$NGX_TLS/" \
  --resolve "fixture.test:$NGX_TLS:127.0.0.1"
stop_dump

# 2. tls-clients.pcap: many TLS connections from several clients, versions, cipher lists and ALPNs,
# from 40 client addresses (127.0.0.10-49) where the client can bind one, some over IPv6 (::1);
# plus cleartext HTTP/1.1 (GET with cookies and languages, POST).
start_dump tls-clients "tcp port $S_PORT or tcp port $NGX_TLS or tcp port $NGX_HTTP"
uas=("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0"
  "python-requests/2.31.0" "Go-http-client/1.1" "" "sqlmap/1.7.2#stable (https://sqlmap.org)")
for i in $(seq 0 39); do
  ip=127.0.0.$((10 + i))
  host=$([ $((i % 3)) = 0 ] && echo www.fixture.test || echo fixture.test)
  res=(--resolve "$host:$NGX_TLS:127.0.0.1" --resolve "$host:$S_PORT:127.0.0.1" --resolve "$host:$NGX_HTTP:127.0.0.1")
  ua=${uas[$((i % ${#uas[@]}))]}
  run curl -sk --interface "$ip" "${res[@]}" --http2 -A "$ua" "https://$host:$NGX_TLS/p/$i"
  run curl -sk --interface "$ip" "${res[@]}" --http1.1 --tlsv1.2 --tls-max 1.2 "https://$host:$NGX_TLS/"
  run curl -sk --interface "$ip" "${res[@]}" --tlsv1.3 --no-alpn "https://$host:$S_PORT/"
  run curl -sk --interface "$ip" "${res[@]}" --tls-max 1.2 --ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305 "https://$host:$NGX_TLS/"
  run curl -s --interface "$ip" "${res[@]}" -A "$ua" -H "Accept-Language: en-US,en;q=0.$((i % 9 + 1))" \
    -b "session=$i; theme=dark" "http://$host:$NGX_HTTP/page/$i?q=$i"
  run curl -s --interface "$ip" "${res[@]}" -X POST -d "a=$i" "http://$host:$NGX_HTTP/form"
  # IPv6 over ::1 for every fourth round
  if [ $((i % 4)) = 0 ]; then
    run curl -sk -6 --http2 -A "$ua" "https://[::1]:$NGX_TLS/v6/$i"
    run curl -s -6 -A "$ua" "http://[::1]:$NGX_HTTP/v6/$i"
  fi
  case $((i % 5)) in
    0) run openssl s_client -connect "127.0.0.1:$S_PORT" -servername "$host" -tls1_3 ;;
    1) run openssl s_client -connect "127.0.0.1:$S_PORT" -servername "$host" -tls1_2 -alpn http/1.1 ;;
    2) run gnutls-cli --insecure --port "$NGX_TLS" --sni-hostname "$host" 127.0.0.1 ;;
    3) run node -e "require('https').get({host:'127.0.0.1',port:$NGX_TLS,servername:'$host',localAddress:'$ip',rejectUnauthorized:false},r=>{r.resume();r.on('end',()=>process.exit(0))})" ;;
    4) run wget -q -O /dev/null --no-check-certificate --bind-address="$ip" "https://127.0.0.1:$NGX_TLS/w/$i" ;;
  esac
done
chrome "https://fixture.test:$NGX_TLS/chrome"
stop_dump

# 3. tls-keylog.pcapng: curl TLS 1.3 with its key log injected as a pcapng Decryption Secrets Block.
start_dump tls-keylog "tcp port $NGX_TLS"
SSLKEYLOGFILE=$WORK/keys.log run curl -sk --http1.1 --resolve "fixture.test:$NGX_TLS:127.0.0.1" \
  "https://fixture.test:$NGX_TLS/"
stop_dump
# tshark's view from the capture without the keys: with them it would also count the decrypted
# EncryptedExtensions' extensions as the ServerHello's.
bash tools/tshark-view.sh "$OUT/tls-keylog.pcap"
editcap --inject-secrets "tls,$WORK/keys.log" "$OUT/tls-keylog.pcap" "$OUT/tls-keylog.pcapng"
rm "$OUT/tls-keylog.pcap"

# 4. quic-chromium.pcap: Chromium over HTTP/3 to caddy (QUIC Initial with Chromium's split,
# out-of-order CRYPTO frames), then curl over h2 to the same server.
for _ in $(seq 1 20); do ss -lun | grep -q "127.0.0.1:$CADDY " && break; sleep 0.5; done
start_dump quic-chromium "port $CADDY"
chrome "https://fixture.test:$CADDY/" --enable-quic --origin-to-force-quic-on="fixture.test:$CADDY" \
  --user-data-dir="$WORK/chrome-quic"
stop_dump
# The server's Initial must be there, else caddy did not answer: say so rather than keep a half capture.
if [ "$(tshark -r "$OUT/quic-chromium.pcap" -Y "quic && udp.srcport==$CADDY" 2>/dev/null | wc -l)" = 0 ]; then
  echo "quic-chromium: caddy did not answer over QUIC; its log:" >&2
  cat "$WORK/caddy.log" >&2
  exit 1
fi

# tshark's CRYPTO frames (frame, offsets, lengths, DCID) of each QUIC packet: the quic tests' oracle.
tshark -r "$OUT/quic-chromium.pcap" -Y quic.crypto.offset -T fields -e frame.number \
  -e quic.crypto.offset -e quic.crypto.length -e quic.dcid >"$OUT/quic-chromium.crypto.tsv" 2>/dev/null

# 6. chromium-h1.pcap: Chromium with HTTP/2 disabled (ALPN http/1.1 only): same cipher list as
# its h2 hellos in tls-clients.pcap, another JA4 (a JA4 "family").
start_dump chromium-h1 "tcp port $NGX_TLS"
chrome "https://fixture.test:$NGX_TLS/h1" --disable-http2 --user-data-dir="$WORK/chrome-h1"
stop_dump

# 5. dtls-openssl.pcap: one DTLS 1.2 handshake.
start_dump dtls-openssl "udp port $DTLS"
run sh -c "sleep 2 | openssl s_client -dtls -connect 127.0.0.1:$DTLS"
stop_dump

# Encapsulated copies of tls12-h2.pcap (802.1Q, QinQ, GRE, ERSPAN II, VXLAN, Geneve), wrapped by a
# script since no tunnel endpoint runs here; tshark reads them too (the tests check it does).
node --import tsx tools/wrap-capture.ts "$OUT/tls12-h2.pcap" "$OUT"

# Debian's tshark's view of each capture: the oracle the tests compare with.
bash tools/tshark-view.sh "$OUT"/*.pcap

# ConnectionRecords of every capture and of the OpenSSH fixture (input data for storage tests, not
# an oracle: the storage tests check that what goes in comes back out).
node bin/ja4ws.js fingerprint --format jsonl "$OUT"/*.pcap "$OUT"/*.pcapng \
  capture-worker/src/ssh/fixtures/openssh-9.2-mtu576.pcap >"$OUT/records.jsonl"

tshark --version | head -1 >"$OUT/TSHARK_VERSION"
ls -la "$OUT"
du -sh "$OUT"
