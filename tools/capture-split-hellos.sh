#!/usr/bin/env bash
# Records real TLS clients (curl, openssl s_client, Node https, headless Chromium) talking to a
# local openssl s_server through a veth pair (MTU 1500, segmentation offloads off so tcpdump sees
# the real wire segments) into a network namespace, one pcap per client, and saves tshark's JA3
# for each ClientHello next to them. Run by hand as root:
#   sudo tools/capture-split-hellos.sh [out-dir]   (default capture-worker/test-fixtures/split-hello)
# Everything it creates (namespace, veth, server, tcpdump) is removed on exit, even on failure.
set -euo pipefail

OUT=${1:-capture-worker/test-fixtures/split-hello}
NS=ja4split$$
HOST_IF=ja4h$$
NS_IF=ja4n$$
HOST_IP=10.231.77.1
NS_IP=10.231.77.2
PORT=8443
WORK=$(mktemp -d)
SERVER_PID=
DUMP_PID=

cleanup() {
  [ -n "$DUMP_PID" ] && kill "$DUMP_PID" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  ip link del "$HOST_IF" 2>/dev/null || true
  ip netns del "$NS" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "run as root (needs ip netns, tcpdump)" >&2; exit 2; }
mkdir -p "$OUT"

ip netns add "$NS"
ip link add "$HOST_IF" mtu 1500 type veth peer name "$NS_IF" mtu 1500
ip link set "$NS_IF" netns "$NS"
ip addr add "$HOST_IP/24" dev "$HOST_IF"
ip link set "$HOST_IF" up
ip netns exec "$NS" ip addr add "$NS_IP/24" dev "$NS_IF"
ip netns exec "$NS" ip link set "$NS_IF" up
ip netns exec "$NS" ip link set lo up
# Without this, GSO hands tcpdump one 1.8 KB "segment" instead of what goes on a real wire.
ethtool -K "$HOST_IF" tso off gso off gro off tx off >/dev/null 2>&1 || true
ip netns exec "$NS" ethtool -K "$NS_IF" tso off gso off gro off tx off >/dev/null 2>&1 || true

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 2 -subj "/CN=split.test" >/dev/null 2>&1
ip netns exec "$NS" openssl s_server -quiet -www -accept "$PORT" -cert "$WORK/cert.pem" -key "$WORK/key.pem" >/dev/null 2>&1 &
SERVER_PID=$!
sleep 1

capture() { # name, command...
  local name=$1
  shift
  tcpdump -i "$HOST_IF" -s 0 -U -w "$OUT/$name.pcap" "tcp port $PORT" >/dev/null 2>&1 &
  DUMP_PID=$!
  sleep 1
  timeout 40 "$@" >/dev/null 2>&1 || true
  sleep 1
  kill "$DUMP_PID" && wait "$DUMP_PID" 2>/dev/null || true
  DUMP_PID=
  echo "$name: $(tshark -r "$OUT/$name.pcap" 2>/dev/null | wc -l) packets"
}

URL="https://$NS_IP:$PORT/"
capture curl curl -sk --http1.1 "$URL"
capture openssl sh -c "echo | openssl s_client -connect $NS_IP:$PORT -servername split.test"
capture node node -e "require('https').get('$URL',{rejectUnauthorized:false},r=>{r.resume();r.on('end',()=>process.exit(0))})"
capture chromium /usr/bin/chromium --no-sandbox --headless --disable-gpu --disable-background-networking \
  --disable-component-update --ignore-certificate-errors --user-data-dir="$WORK/chrome" --dump-dom "$URL"

# Expected JA3 per ClientHello from Debian's tshark, and how many TCP segments each hello used.
for f in "$OUT"/*.pcap; do
  tshark -r "$f" -Y tls.handshake.type==1 -T fields -E separator=/t \
    -e tcp.stream -e tcp.srcport -e tls.handshake.ja3 -e tls.handshake.ja3_full -e tcp.segment.count 2>/dev/null |
    python3 -c '
import json, sys
rows = []
for line in sys.stdin:
    s, port, ja3, full, segs = (line.rstrip("\n").split("\t") + [""] * 5)[:5]
    rows.append({"stream": int(s), "src_port": int(port), "ja3": ja3, "ja3_full": full, "segments": int(segs or 1)})
print(json.dumps(rows, indent=1))' >"${f%.pcap}.tshark-ja3.json"
done
tshark --version | head -1 >"$OUT/TSHARK_VERSION"
echo "wrote $(ls "$OUT"/*.pcap | wc -l) captures to $OUT"
