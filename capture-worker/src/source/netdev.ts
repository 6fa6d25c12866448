// Interface drop counters from /proc/net/dev (the `drop` column of the receive side). Used for
// both live sources: tcpdump's summary and `cap` do not carry ps_ifdrop on Linux.
import { readFileSync } from 'node:fs';

/** rx_dropped per interface name. */
export function parseProcNetDev(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    const drop = Number(fields[3]);
    if (name.length > 0 && Number.isFinite(drop)) out.set(name, drop);
  }
  return out;
}

/** rx_dropped of `iface` (the sum over all interfaces for `any`); null when unreadable. */
export function readIfaceDrops(iface: string, path = '/proc/net/dev'): number | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  const drops = parseProcNetDev(text);
  if (iface === 'any') {
    let sum = 0;
    for (const v of drops.values()) sum += v;
    return sum;
  }
  return drops.get(iface) ?? null;
}

/** Counts drops since construction, so a busy box's history does not appear as ours. */
export class IfaceDropCounter {
  private readonly base: number | null;
  constructor(
    private readonly iface: string,
    private readonly path = '/proc/net/dev',
  ) {
    this.base = readIfaceDrops(iface, path);
  }
  read(): number | null {
    if (this.base === null) return null;
    const now = readIfaceDrops(this.iface, this.path);
    return now === null ? null : Math.max(0, now - this.base);
  }
}
