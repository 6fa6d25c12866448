#!/usr/bin/env bash
# Real traffic for the encapsulation fixtures of issue 18 (Debian 12, run as root):
#  - base-v4.pcap / base-v6.pcap: curl and openssl s_client against openssl s_server (TLS),
#    on the loopback of a private namespace: the packets encapsulations.py wraps;
#  - nflog.pcap: the same kind of handshake logged by iptables -j NFLOG, `tcpdump -i nflog:5`;
#  - frag-v4-server-side.pcap / frag-v4-client-side.pcap: client and server namespaces joined
#    through a router namespace whose routes have MTU 300, with DF off on both ends
#    (net.ipv4.ip_no_pmtu_disc=1): the Linux router fragments what it forwards, so the server's
#    side sees fragmented ClientHellos and the client's side a fragmented server flight;
#  - pppoe-discovery.pcap: rp-pppoe's `pppoe -d` discovering `pppoe-server` over a veth pair
#    (PADI, PADO, PADR, PADS; the kernel here has no PPP, so no session follows).
#   sudo tools/decode-fixtures/capture-encapsulations.sh [out-dir]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-capture-worker/test-fixtures/encapsulation}
. "$HERE/netns.sh"
mkdir -p "$OUT"
WORK=$(mktemp -d)
EXTRA_NS=()
cleanup_all() {
  ns_cleanup
  for n in "${EXTRA_NS[@]}"; do ip netns pids "$n" 2>/dev/null | xargs -r kill 2>/dev/null || true; ip netns del "$n" 2>/dev/null || true; done
  rm -rf "$WORK"
}
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 2 \
  -subj "/CN=encap.test/O=ja4-workstation fixtures" >/dev/null 2>&1
CERT=(-cert "$WORK/cert.pem" -key "$WORK/key.pem")

# --- base TLS handshakes, IPv4 and IPv6, and the NFLOG capture -------------------------------
ns_up ja4dec-enc
trap cleanup_all EXIT
nsx ip addr add ::1/128 dev lo 2>/dev/null || true
ns_bg openssl s_server -quiet -www -accept 4433 "${CERT[@]}"
ns_bg openssl s_server -quiet -www -6 -accept 4435 "${CERT[@]}"
sleep 1
ns_dump "$OUT/base-v4.pcap" "tcp port 4433"
nsx curl -sk --http1.1 -o /dev/null https://127.0.0.1:4433/ || true
echo | nsx openssl s_client -connect 127.0.0.1:4433 -servername encap.test >/dev/null 2>&1 || true
ns_dump_stop
ns_dump "$OUT/base-v6.pcap" "tcp port 4435"
nsx curl -sk --http1.1 -o /dev/null "https://[::1]:4435/" || true
ns_dump_stop
nsx iptables -A OUTPUT -o lo -p tcp --dport 4433 -j NFLOG --nflog-group 5
nsx iptables -A OUTPUT -o lo -p tcp --sport 4433 -j NFLOG --nflog-group 5
nsx timeout 8 tcpdump -i nflog:5 -s 0 -U -w "$OUT/nflog.pcap" >/dev/null 2>&1 &
sleep 2
nsx curl -sk --http1.1 -o /dev/null https://127.0.0.1:4433/ || true
sleep 7
ns_cleanup
NS=

# --- IPv4 fragments made by a Linux router -------------------------------------------------
C=ja4dec-fc; R=ja4dec-fr; S=ja4dec-fs
EXTRA_NS+=($C $R $S)
for n in $C $R $S; do ip netns add $n; ip netns exec $n ip link set lo up; done
ip link add fc0 netns $C type veth peer name fr0 netns $R
ip link add fs0 netns $S type veth peer name fr1 netns $R
ip netns exec $C ip addr add 10.231.1.2/24 dev fc0; ip netns exec $C ip link set fc0 up
ip netns exec $S ip addr add 10.231.2.2/24 dev fs0; ip netns exec $S ip link set fs0 up
ip netns exec $R ip addr add 10.231.1.1/24 dev fr0; ip netns exec $R ip link set fr0 up
ip netns exec $R ip addr add 10.231.2.1/24 dev fr1; ip netns exec $R ip link set fr1 up
ip netns exec $R sysctl -qw net.ipv4.ip_forward=1
ip netns exec $R ip route replace 10.231.2.0/24 dev fr1 mtu 300
ip netns exec $R ip route replace 10.231.1.0/24 dev fr0 mtu 300
ip netns exec $C ip route add default via 10.231.1.1
ip netns exec $S ip route add default via 10.231.2.1
for n in $C $S; do
  ip netns exec $n sysctl -qw net.ipv4.ip_no_pmtu_disc=1
  ip netns exec $n ethtool -K $( [ $n = $C ] && echo fc0 || echo fs0 ) tso off gso off gro off tx off >/dev/null 2>&1 || true
done
ip netns exec $S openssl s_server -quiet -www -accept 4433 "${CERT[@]}" >/dev/null 2>&1 &
NS_PIDS+=($!)
sleep 1
ip netns exec $C tcpdump -i fc0 -s 0 -U -w "$OUT/frag-v4-client-side.pcap" "host 10.231.2.2" >/dev/null 2>&1 &
C_DUMP=$!
ip netns exec $S tcpdump -i fs0 -s 0 -U -w "$OUT/frag-v4-server-side.pcap" "host 10.231.1.2" >/dev/null 2>&1 &
DUMP_PID=$!
sleep 1
ip netns exec $C curl -sk --http1.1 -o /dev/null https://10.231.2.2:4433/ || true
echo | ip netns exec $C openssl s_client -connect 10.231.2.2:4433 -servername frag.test >/dev/null 2>&1 || true
sleep 1
kill $C_DUMP 2>/dev/null && wait $C_DUMP 2>/dev/null || true
ns_dump_stop

# --- PPPoE discovery ---------------------------------------------------------------------
ip link add pc0 netns $C type veth peer name ps0 netns $S
ip netns exec $C ip link set pc0 up; ip netns exec $S ip link set ps0 up
ip netns exec $S pppoe-server -F -I ps0 -N 1 -C ja4ac -S ja4svc >/dev/null 2>&1 &
NS_PIDS+=($!)
sleep 1
ip netns exec $S tcpdump -i ps0 -s 0 -U -w "$OUT/pppoe-discovery.pcap" "pppoed" >/dev/null 2>&1 &
DUMP_PID=$!
sleep 1
ip netns exec $C timeout 5 pppoe -I pc0 -d -S ja4svc >/dev/null 2>&1 || true
ns_dump_stop
python3 "$HERE/encapsulations.py" "$OUT"
npx prettier --write "$OUT"/*.json >/dev/null 2>&1 || true
