// The kinds of bad input on a socket or log file, and their counters. Counters key on the kind
// and, for schema errors, the field path, so an operator sees "src_port mistyped x 1,204".
export type BadKind =
  'malformed_json' | 'missing_field' | 'invalid_field' | 'oversize' | 'invalid_utf8';

export const BAD_KINDS: readonly BadKind[] = [
  'malformed_json',
  'missing_field',
  'invalid_field',
  'oversize',
  'invalid_utf8',
];

export interface BadInput {
  kind: BadKind;
  /** Field path for missing/invalid fields, e.g. "headers.3.1". */
  field?: string;
  message: string;
}

/** Distinct field paths kept per source; beyond it they count under "other". */
const MAX_FIELDS = 64;

export class SourceStats {
  lines_ok = 0;
  bytes = 0;
  connections_total = 0;
  connections_open = 0;
  /** Closed after idleTimeoutMs without a byte. */
  connections_idle_closed = 0;
  /** Closed at the connection cap to admit a new one (the idlest). */
  connections_evicted = 0;
  /** Refused at the cap because every open connection was active. */
  connections_refused = 0;
  readonly bad: Record<BadKind, number> = {
    malformed_json: 0,
    missing_field: 0,
    invalid_field: 0,
    oversize: 0,
    invalid_utf8: 0,
  };
  readonly badFields = new Map<string, number>();

  countBad(b: BadInput): void {
    this.bad[b.kind]++;
    if (b.field !== undefined) {
      const key =
        this.badFields.has(b.field) || this.badFields.size < MAX_FIELDS ? b.field : 'other';
      this.badFields.set(key, (this.badFields.get(key) ?? 0) + 1);
    }
  }

  snapshot(): SourceStatsSnapshot {
    return {
      lines_ok: this.lines_ok,
      bytes: this.bytes,
      connections_total: this.connections_total,
      connections_open: this.connections_open,
      connections_idle_closed: this.connections_idle_closed,
      connections_evicted: this.connections_evicted,
      connections_refused: this.connections_refused,
      bad: { ...this.bad },
      bad_fields: Object.fromEntries(this.badFields),
    };
  }
}

export interface SourceStatsSnapshot {
  lines_ok: number;
  bytes: number;
  connections_total: number;
  connections_open: number;
  connections_idle_closed: number;
  connections_evicted: number;
  connections_refused: number;
  bad: Record<BadKind, number>;
  bad_fields: Record<string, number>;
}
