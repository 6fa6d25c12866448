// What the store already holds, for the journal's replay to skip. A record replayed after a crash
// may have reached the store before the crash (its batch landed, the checkpoint had not moved
// yet): such rows are recognised by their natural key and not written again.
//
// The key is the row's identity columns that the table has, among KEY_COLUMNS: event time to the
// microsecond, client address and port, server port, and for HTTP the method, path and query
// (phase/stream/sensor for connection rows). Two different events with all of these equal cannot
// be told apart by anyone, replay or not. http_logs leaves out every column the correlation
// decides (server port, sensor, kind): a replayed request may be joined differently than before
// the crash (the handshake it matched may not be in the backlog), and must still be recognised.
//
// Sources, read in this order: first every spooled batch (rows waiting for the database count as
// stored), then the database's rows ingested since the oldest replayed record was journaled
// (minus a margin for clock steps). Reading the spool first means a batch replayed from the spool
// into the database meanwhile is seen in one or the other.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../storage/store.js';
import { SPOOL_HEADER } from '../storage/writer/spool.js';

export const KEY_COLUMNS = [
  'ts',
  'src_ip',
  'src_port',
  'dst_port',
  'phase',
  'stream',
  'sensor',
  'method',
  'path',
  'query',
] as const;

/** The natural key of a row (as the writer's map produced it) over the given columns. */
/** Per table: columns a replay may legitimately decide differently, left out of the key. */
const UNSTABLE: Record<string, readonly string[]> = {
  http_logs: ['dst_port', 'sensor', 'phase', 'stream'],
  // One row per connection (migrations/0014): the stored row is the connection's early record, so
  // a final record replayed without its early one (checkpointed before the crash) must be
  // recognised as the same connection, not stored as a second row.
  tls_handshakes: ['phase'],
  tcp_events: ['phase'],
};

export function keyColumns(table: string, have: ReadonlySet<string>): string[] {
  const unstable = UNSTABLE[table] ?? [];
  return KEY_COLUMNS.filter((c) => have.has(c) && !unstable.includes(c));
}

export function rowKey(row: Record<string, unknown>, cols: readonly string[]): string {
  let k = '';
  for (const c of cols) {
    const v = row[c];
    k +=
      (c === 'ts'
        ? tsMicros(v)
        : c === 'src_ip'
          ? canonicalIp(String(v ?? ''))
          : v === null || v === undefined
            ? ''
            : String(v)) + '\u0001';
  }
  return k;
}

/** Row ts "<seconds>.<micros>" or a DateTime64 text -> microseconds as text. */
function tsMicros(v: unknown): string {
  const t = String(v ?? '');
  const m = /^(\d+)\.(\d{1,6})$/.exec(t);
  if (m) return (BigInt(m[1]!) * 1_000_000n + BigInt(m[2]!.padEnd(6, '0'))).toString();
  if (/^\d+$/.test(t)) return t;
  return t;
}

/** IPv4-mapped stays dotted (as ClickHouse prints it); other IPv6 in RFC 5952 form. */
export function canonicalIp(ip: string): string {
  const lower = ip.toLowerCase();
  if (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/.test(lower)) return lower;
  try {
    return new URL(`http://[${lower}]/`).hostname.slice(1, -1);
  } catch {
    return lower;
  }
}

export interface ExistingKeys {
  /** Key columns per table (those the table has). */
  columns: Map<string, string[]>;
  keys: Map<string, Set<string>>;
}

export async function loadExistingKeys(
  store: Store,
  tables: readonly string[],
  spoolDir: (table: string) => string,
  sinceMs: number,
): Promise<ExistingKeys> {
  const columns = new Map<string, string[]>();
  const keys = new Map<string, Set<string>>();
  for (const table of tables) {
    const rs = await store.client.query({
      query:
        'SELECT name FROM system.columns WHERE database = currentDatabase() AND table = {t:String}',
      query_params: { t: table },
      format: 'JSONEachRow',
    });
    const have = new Set((await rs.json<{ name: string }>()).map((r) => r.name));
    const cols = keyColumns(table, have);
    columns.set(table, cols);
    const set = new Set<string>();
    keys.set(table, set);
    for (const row of spooledRows(spoolDir(table))) set.add(rowKey(row, cols));
    if (!have.has('ingested_at') || cols.length === 0) continue;
    const select = cols
      .map((c) =>
        c === 'ts'
          ? 'toString(toUnixTimestamp64Micro(ts)) AS ts'
          : c === 'src_ip'
            ? 'toString(src_ip) AS src_ip'
            : `toString(${c}) AS ${c}`,
      )
      .join(', ');
    const res = await store.client.query({
      query: `SELECT ${select} FROM ${table} WHERE ingested_at >= toDateTime({since:UInt32})`,
      query_params: { since: Math.floor(sinceMs / 1000) },
      format: 'JSONEachRow',
    });
    for (const r of await res.json<Record<string, string>>()) set.add(rowKey(r, cols));
  }
  return { columns, keys };
}

/** Rows of every readable spool record (damaged ones are the writer's to report). */
function* spooledRows(dir: string): Generator<Record<string, unknown>> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^seg-\d{16}\.spool$/.test(n));
  } catch {
    return;
  }
  for (const name of names.sort()) {
    let data: Buffer;
    try {
      data = readFileSync(join(dir, name));
    } catch {
      continue;
    }
    for (let off = 0; off + SPOOL_HEADER <= data.length;) {
      const len = data.readUInt32LE(off + 4);
      if (off + SPOOL_HEADER + len > data.length) break;
      try {
        const rec = JSON.parse(
          data.subarray(off + SPOOL_HEADER, off + SPOOL_HEADER + len).toString('utf8'),
        ) as { rows?: unknown };
        if (Array.isArray(rec.rows))
          for (const row of rec.rows)
            if (row && typeof row === 'object') yield row as Record<string, unknown>;
      } catch {
        /* poisoned: quarantined by the writer's replay */
      }
      off += SPOOL_HEADER + len;
    }
  }
}
