// tcpdump reports pcap_stats on stderr: one line per SIGUSR1 ("tcpdump: 2 packets captured, 4
// packets received by filter, 0 packets dropped by kernel[, N packets dropped by interface]") and
// one figure per line when it exits. Both forms feed the same counters.
export interface TcpdumpCounters {
  captured: number | null;
  received: number | null;
  kernelDrops: number | null;
  ifaceDrops: number | null;
}

export function emptyTcpdumpCounters(): TcpdumpCounters {
  return { captured: null, received: null, kernelDrops: null, ifaceDrops: null };
}

/** Updates `c` from one stderr line; returns true when the line was a statistics line. */
export function applyTcpdumpStatsLine(c: TcpdumpCounters, line: string): boolean {
  let hit = false;
  const take = (re: RegExp): number | null => {
    const m = re.exec(line);
    if (!m) return null;
    hit = true;
    return Number(m[1]);
  };
  const captured = take(/(\d+) packets? captured/);
  const received = take(/(\d+) packets? received by filter/);
  const kdrop = take(/(\d+) packets? dropped by kernel/);
  const idrop = take(/(\d+) packets? dropped by interface/);
  if (captured !== null) c.captured = captured;
  if (received !== null) c.received = received;
  if (kdrop !== null) c.kernelDrops = kdrop;
  if (idrop !== null) c.ifaceDrops = idrop;
  return hit;
}

/** tcpdump's "link-type NAME" in "listening on lo, link-type EN10MB (Ethernet), ..." to LINKTYPE. */
export function linkTypeFromTcpdumpLine(line: string): number | undefined {
  const m = /link-type ([A-Z0-9_]+)/.exec(line);
  if (!m) return undefined;
  const table: Record<string, number> = {
    NULL: 0,
    EN10MB: 1,
    RAW: 101,
    LOOP: 108,
    LINUX_SLL: 113,
    LINUX_SLL2: 276,
    IPV4: 228,
    IPV6: 229,
  };
  return table[m[1]!];
}
