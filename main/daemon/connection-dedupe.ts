// Live workers send a connection twice: an early `handshake` record right after the hellos and
// the `final` one at connection end (a superset). Each connection must be one row in the store,
// one connection for the correlator (a second record on the same tuple would look like port reuse)
// and one line in the Live view, so every record is classified here once:
// - `first`: the connection's first record (early, or the only one): stored in
//   tls_handshakes/tcp_events, handed to the correlator and the Live view;
// - `completion`: the final record of a connection whose early record went out, and it adds
//   something (a late ServerHello, certificates, another hello...): stored in
//   tls_handshake_finals only, which nothing counts (docs/decisions.md, migrations/0014);
// - `same`: a final record equal to its early one but for `phase`: dropped.
// Memory is bounded: the oldest open connections are forgotten first (counted; a final record of a
// forgotten connection is then stored as `first`, a second row, which `evicted` says).
import { createHash } from 'node:crypto';
import type { ConnectionRecord } from '../../common/events/connection.js';

export type RecordClass = 'first' | 'completion' | 'same';

export interface ConnectionDedupeStats {
  first: number;
  completions: number;
  same: number;
  evicted: number;
}

/** The identity of a connection: the same in its early and final records. */
export function connectionKey(r: ConnectionRecord): string {
  return `${r.sensor ?? ''}|${r.src}|${r.src_port}|${r.dst}|${r.dst_port}|${r.ts_us}`;
}

/** What a record says about its connection, `phase` aside (keys in the engine's fixed order). */
function contentDigest(r: ConnectionRecord): string {
  const { phase: _phase, ...rest } = r;
  return createHash('sha1').update(JSON.stringify(rest)).digest('base64');
}

export class ConnectionDedupe {
  private readonly open = new Map<string, string>();
  readonly stats: ConnectionDedupeStats = { first: 0, completions: 0, same: 0, evicted: 0 };

  constructor(private readonly maxOpen = 500_000) {}

  classify(r: ConnectionRecord): RecordClass {
    if (r.phase === 'handshake') {
      this.open.set(connectionKey(r), contentDigest(r));
      if (this.open.size > this.maxOpen) {
        this.open.delete(this.open.keys().next().value!);
        this.stats.evicted++;
      }
      this.stats.first++;
      return 'first';
    }
    if (r.phase === 'final') {
      const key = connectionKey(r);
      const early = this.open.get(key);
      if (early !== undefined) {
        this.open.delete(key);
        if (early === contentDigest(r)) {
          this.stats.same++;
          return 'same';
        }
        this.stats.completions++;
        return 'completion';
      }
    }
    this.stats.first++;
    return 'first';
  }
}
