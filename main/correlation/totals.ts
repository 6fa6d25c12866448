// Counters of the correlation worker across its restarts: a restarted worker counts from zero, so
// each process's last report is added to the totals of the ones before it. Gauges (what is open
// or pending now) are the current process's own.
const GAUGES = new Set([
  'open_connections',
  'join_state_at_risk',
  'pending_requests',
  'connections_open',
  'offset',
  'size',
  'inode',
]);

type Tree = { [k: string]: unknown };

/** a + b for every number that is not a gauge, recursively; b's value for everything else. */
export function addCounters<T>(a: T, b: T): T {
  if (a === undefined || a === null) return b;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return b;
  const out: Tree = { ...(a as Tree) };
  for (const [k, v] of Object.entries(b as Tree)) {
    const prev = (a as Tree)[k];
    if (typeof v === 'number' && typeof prev === 'number' && !GAUGES.has(k)) out[k] = prev + v;
    else if (typeof v === 'object' && v !== null && typeof prev === 'object' && prev !== null)
      out[k] = addCounters(prev, v);
    else out[k] = v;
  }
  return out as T;
}

/** Totals of ended processes with every gauge zeroed (they hold nothing any more). */
export function endedTotals<T>(t: T): T {
  if (typeof t !== 'object' || t === null || Array.isArray(t)) return t;
  const out: Tree = {};
  for (const [k, v] of Object.entries(t as Tree))
    out[k] = typeof v === 'number' && GAUGES.has(k) ? 0 : endedTotals(v);
  return out as T;
}
