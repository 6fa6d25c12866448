#!/usr/bin/env bash
# Records one ClientHello capture per real client installed here (Debian's browsers and tools, the
# npm impersonation stacks), each against a local nginx on the loopback interface: the observed
# half of the fingerprint knowledge base (docs/fingerprints.md). Writes, per client,
# clients/<id>.pcap and clients/<id>.tshark.json (tools/tshark-view.sh: tshark's own view, the
# oracle), and clients/manifest.json: what ran (id, client, version, the command, the family a
# person would call it). tools/build-observed-fingerprints.ts turns these into
# data/known-fingerprints-observed.csv.
# Run by hand as root (tcpdump on lo), from the project root:
#   sudo tools/record-known-clients.sh [out-dir]   (default capture-worker/test-fixtures/captures/clients)
# Everything it starts is stopped on exit; every client runs under `timeout`.
set -euo pipefail
. "$(dirname "$0")/fixture-nginx.sh"

OUT=${1:-capture-worker/test-fixtures/captures/clients}
WORK=$(mktemp -d)
PORT=9454
DUMP_PID=
cleanup() {
  [ -n "$DUMP_PID" ] && kill "$DUMP_PID" 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  sleep 0.5
  rm -rf "$WORK"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] || { echo "run as root (tcpdump on lo)" >&2; exit 2; }
mkdir -p "$OUT"
rm -f "$OUT"/*.pcap "$OUT"/*.tshark.json "$OUT"/manifest.json

fixture_cert "$WORK"
fixture_nginx_conf "$WORK" 64 "127.0.0.1:$PORT ssl http2"
nginx -c "$WORK/nginx.conf" -p "$WORK"
sleep 1

URL="https://fixture.test:$PORT/"
ENTRIES=()
# id, family (chrome | firefox | tool), client name and version, command...
record() {
  local id=$1 family=$2 client=$3
  shift 3
  tcpdump -i lo -s 0 -U -w "$OUT/$id.pcap" "tcp port $PORT" >/dev/null 2>&1 &
  DUMP_PID=$!
  sleep 1
  HOME=$WORK timeout 60 "$@" >/dev/null 2>&1 </dev/null || true
  sleep 1
  kill "$DUMP_PID" && wait "$DUMP_PID" 2>/dev/null || true
  DUMP_PID=
  local cmd
  cmd=$(printf '%s ' "$@" | sed "s#$WORK#\$WORK#g; s#$PORT#\$PORT#g")
  ENTRIES+=("$(python3 -c 'import json,sys; print(json.dumps(dict(id=sys.argv[1], family=sys.argv[2], client=sys.argv[3], command=sys.argv[4].strip())))' "$id" "$family" "$client" "$cmd")")
}
RES="MAP fixture.test 127.0.0.1"
chromium_v=$(chromium --version | awk '{print $2}')
firefox_v=$(firefox-esr --version | awk '{print $3}')
curl_v=$(curl --version | head -1 | awk '{print $2 " (" $5 ")"}')
node_mod() { node -p "JSON.parse(require('fs').readFileSync('node_modules/$1/package.json','utf8')).version"; }

record chromium-h2 chrome "Chromium $chromium_v headless" chromium --headless --no-sandbox --disable-gpu \
  --disable-background-networking --disable-component-update --ignore-certificate-errors \
  --user-data-dir="$WORK/chrome1" --host-resolver-rules="$RES" --dump-dom "$URL"
record chromium-h1 chrome "Chromium $chromium_v headless, --disable-http2" chromium --headless --no-sandbox \
  --disable-gpu --disable-background-networking --disable-component-update --ignore-certificate-errors \
  --disable-http2 --user-data-dir="$WORK/chrome2" --host-resolver-rules="$RES" --dump-dom "$URL"
mkdir -p "$WORK/ff"
printf 'user_pref("network.dns.localDomains", "fixture.test");\nuser_pref("app.update.enabled", false);\nuser_pref("network.captive-portal-service.enabled", false);\nuser_pref("network.connectivity-service.enabled", false);\nuser_pref("toolkit.telemetry.enabled", false);\nuser_pref("network.http.http3.enable", false);\n' >"$WORK/ff/user.js"
record firefox-esr firefox "Firefox ESR $firefox_v headless" env MOZ_HEADLESS=1 firefox-esr --headless \
  --no-remote --profile "$WORK/ff" --screenshot "$WORK/ff.png" "$URL"
record curl-h2 tool "curl $curl_v" curl -sk --http2 --resolve "fixture.test:$PORT:127.0.0.1" "$URL"
record curl-h1 tool "curl $curl_v --http1.1" curl -sk --http1.1 --resolve "fixture.test:$PORT:127.0.0.1" "$URL"
record curl-tls12 tool "curl $curl_v --tls-max 1.2" curl -sk --tls-max 1.2 --resolve "fixture.test:$PORT:127.0.0.1" "$URL"
record wget tool "wget $(wget --version | head -1 | awk '{print $3}')" wget -q -O /dev/null \
  --no-check-certificate "https://127.0.0.1:$PORT/"
record openssl tool "openssl s_client $(openssl version | awk '{print $2}')" sh -c \
  "sleep 1 | openssl s_client -connect 127.0.0.1:$PORT -servername fixture.test"
record gnutls tool "gnutls-cli $(gnutls-cli --version | head -1 | awk '{print $2}')" sh -c \
  "sleep 1 | gnutls-cli --insecure --port $PORT --sni-hostname fixture.test 127.0.0.1"
record python-urllib tool "Python $(/usr/bin/python3 -c 'import platform;print(platform.python_version())') urllib" \
  /usr/bin/python3 -c "import ssl,urllib.request as u; c=ssl.create_default_context(); c.check_hostname=False; c.verify_mode=ssl.CERT_NONE; u.urlopen('https://127.0.0.1:$PORT/', context=c).read()"
record node-https tool "Node $(node --version) https" node -e \
  "require('https').get({host:'127.0.0.1',port:$PORT,servername:'fixture.test',rejectUnauthorized:false},r=>{r.resume();r.on('end',()=>process.exit(0))})"
record node-fetch tool "Node $(node --version) fetch (undici)" env NODE_TLS_REJECT_UNAUTHORIZED=0 node -e \
  "fetch('https://127.0.0.1:$PORT/').then(r=>r.text()).then(()=>process.exit(0),()=>process.exit(0))"
for p in chrome firefox; do
  record "wreq-$p" tool "wreq-js $(node_mod wreq-js) profile $p (impersonation)" node --input-type=module -e \
    "const {createSession}=await import('wreq-js'); const s=await createSession({browser:'$p'}); try{await (await s.fetch('https://127.0.0.1:$PORT/',{timeout:15000})).text()}catch{} await s.close()"
done
for p in chrome116 ff117; do
  prof=$([ "$p" = chrome116 ] && echo chrome-116 || echo firefox-117)
  record "curl-impersonate-$p" tool "node-curl-impersonate $(node_mod node-curl-impersonate) $prof (impersonation)" \
    node --input-type=module -e \
    "const {CurlImpersonate}=await import('node-curl-impersonate'); try{await new CurlImpersonate('https://127.0.0.1:$PORT/',{method:'GET',impersonate:'$prof',headers:{},flags:['-k','--max-time','15']}).makeRequest()}catch{}"
done

bash tools/tshark-view.sh "$OUT"/*.pcap
{
  echo "{\"recorded\": \"$(date -u +%Y-%m-%d)\", \"host\": \"$(. /etc/os-release; echo "$PRETTY_NAME")\", \"server\": \"$(nginx -v 2>&1 | sed 's/.*: //') on 127.0.0.1\", \"clients\": ["
  (IFS=,; echo "${ENTRIES[*]}")
  echo "]}"
} | python3 -m json.tool >"$OUT/manifest.json"
ls -la "$OUT"
