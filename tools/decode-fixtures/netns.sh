# Shared by the tools/decode-fixtures/*.sh capture scripts: a private network namespace whose
# loopback carries the traffic (nothing else talks there), a tcpdump on it, and cleanup on exit.
# Source it, then: ns_up NAME; ns_dump FILE FILTER; ...; ns_dump_stop.
NS=
DUMP_PID=
NS_PIDS=()

ns_cleanup() {
  [ -n "$DUMP_PID" ] && kill "$DUMP_PID" 2>/dev/null || true
  for p in "${NS_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$NS" ] && ip netns pids "$NS" 2>/dev/null | xargs -r kill 2>/dev/null || true
  sleep 0.5
  [ -n "$NS" ] && ip netns del "$NS" 2>/dev/null || true
}

ns_up() { # name
  [ "$(id -u)" = 0 ] || { echo "run as root (needs ip netns, tcpdump)" >&2; exit 2; }
  NS=$1
  ip netns del "$NS" 2>/dev/null || true
  ip netns add "$NS"
  ip netns exec "$NS" ip link set lo up
  trap ns_cleanup EXIT
}

nsx() { ip netns exec "$NS" "$@"; }

# Run a server in the namespace in the background (killed on exit).
ns_bg() {
  ip netns exec "$NS" "$@" >/dev/null 2>&1 &
  NS_PIDS+=($!)
}

ns_dump() { # file, pcap filter
  ip netns exec "$NS" tcpdump -i lo -s 0 -U -w "$1" "$2" >/dev/null 2>&1 &
  DUMP_PID=$!
  sleep 1
}

ns_dump_stop() {
  sleep 1
  kill "$DUMP_PID" 2>/dev/null && wait "$DUMP_PID" 2>/dev/null || true
  DUMP_PID=
}
