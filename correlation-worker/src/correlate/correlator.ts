// Joins HTTP requests to the TLS handshake of their connection.
//
// Decisions are made in event time, never on arrival: a request is decided once time has passed
// its start (+ clock skew) by the reorder bound, so every handshake that could own it has arrived
// whatever the order of the two streams. That is what makes the output independent of the
// interleaving. "Time" is the largest event time seen, or an injected clock (live mode) when it is
// ahead, minus the reorder bound. Nothing is dropped: an unclaimed handshake leaves as
// handshake-only, an unowned request as request-only, and state evicted at the caps is emitted
// the same way and counted.
import type { ConnectionRecord } from '../../../common/events/connection.js';
import type { CorrelatedEvent } from '../../../common/events/correlated.js';
import type { HttpRequest } from '../../../common/events/http-request.js';
import { MinHeap } from './heap.js';
import { Ja4hCache } from './ja4h-cache.js';
import type { Ja4hResult } from '../../../capture-worker/src/fingerprint/ja4h.js';
import { canonicalIp } from './normalize.js';
import { CorrelatorOptions, type CorrelatorOptionsInput } from './options.js';
import { emptyStats, type CorrelatorStats } from './stats.js';

export type Emit = (event: CorrelatedEvent) => void;
/** Microseconds since the Unix epoch. */
export type Clock = () => number;

type Finalized = NonNullable<CorrelatedEvent['finalized']>;

interface Handshake {
  rec: ConnectionRecord | undefined;
  ts: number;
  dst: string;
  dport: number;
  fp: string;
  tuple: Tuple;
  attached: number;
  lastActivity: number;
  expiry: number;
  removed: boolean;
  connId: string | undefined;
  connIdTs: number;
  /** The connection's last request and its JA4H: keep-alive requests repeat their headers. */
  lastJa4h: { req: HttpRequest; fp: Ja4hResult } | undefined;
}

/** All handshakes from one client address and port, sorted by time (port reuse makes several). */
interface Tuple {
  key: string;
  src: string;
  sport: number;
  hs: Handshake[];
}

const MAX_CANDIDATES = 8;
const NONE: Handshake[] = [];

function tupleKey(transport: string, src: string, sport: number): string {
  return `${transport}|${src}|${sport}`;
}

/** HTTP/3 runs over QUIC: its handshake is a UDP record. Versions look like '3', 'HTTP/3.0', '1.1'. */
function requestTransport(req: HttpRequest): string {
  const v = req.http_version;
  const at = (v.charCodeAt(0) | 32) === 104 ? 5 : 0; // skip 'HTTP/'
  return v.charCodeAt(at) === 51 ? 'udp' : 'tcp';
}

function fingerprintOf(rec: ConnectionRecord): string {
  return `${rec.ja4 ?? ''}|${rec.ja3 ?? ''}|${rec.ja4t ?? ''}`;
}

function connId(h: Handshake, rec: ConnectionRecord): string {
  if (h.connId === undefined || h.connIdTs !== rec.ts_us) {
    h.connId = `${h.tuple.src}|${h.tuple.sport}|${h.dst}|${h.dport}|${rec.ts_us}`;
    h.connIdTs = rec.ts_us;
  }
  return h.connId;
}

/** Total order on handshakes of a tuple: time, then fingerprint, then server address. */
function before(a: Handshake, b: Handshake): boolean {
  if (a.ts !== b.ts) return a.ts < b.ts;
  if (a.fp !== b.fp) return a.fp < b.fp;
  if (a.dst !== b.dst) return a.dst < b.dst;
  return a.dport < b.dport;
}

/** Owner among same-fingerprint candidates: the newest at or before the request, else the earliest after it. */
function owns(a: Handshake, b: Handshake, start: number): boolean {
  const ab = a.ts <= start;
  const bb = b.ts <= start;
  if (ab !== bb) return ab;
  if (a.ts !== b.ts) return ab ? a.ts > b.ts : a.ts < b.ts;
  return before(a, b);
}

/** Deterministic winner among duplicate records of one connection (two sensors). */
function preferRecord(a: ConnectionRecord, b: ConnectionRecord): boolean {
  if (a.ts_us !== b.ts_us) return a.ts_us < b.ts_us;
  return (a.sensor ?? '') <= (b.sensor ?? '');
}

export class Correlator {
  readonly options: CorrelatorOptions;
  readonly stats: CorrelatorStats = emptyStats();
  private readonly tuples = new Map<string, Tuple>();
  private readonly ja4hCache = new Ja4hCache();
  private readonly single: Handshake[] = [];
  private readonly requests = new MinHeap<HttpRequest>();
  private hsHeap = new MinHeap<Handshake>();
  private maxTs = -Infinity;
  private readonly windowUs: number;
  private readonly idleUs: number;
  private readonly reorderUs: number;
  private readonly skewUs: number;
  private readonly futureUs: number;

  constructor(
    private readonly emit: Emit,
    options: CorrelatorOptionsInput = {},
    private readonly clock?: Clock,
  ) {
    this.options = CorrelatorOptions.parse(options);
    this.windowUs = this.options.windowMs * 1000;
    this.idleUs = this.options.idleTimeoutMs * 1000;
    this.reorderUs = this.options.reorderMs * 1000;
    this.skewUs = this.options.skewMs * 1000;
    this.futureUs = this.options.maxFutureMs * 1000;
  }

  /** Everything before this instant (microseconds) has arrived, by the reorder bound. */
  watermark(): number {
    const now = this.clock ? Math.max(this.maxTs, this.clock()) : this.maxTs;
    return now - this.reorderUs;
  }

  addHandshake(rec: ConnectionRecord): void {
    this.stats.handshakes_in++;
    const ts = rec.ts_us;
    if (ts < this.watermark()) this.stats.late_handshakes++;
    this.observe(ts);
    const src = canonicalIp(rec.src);
    const key = tupleKey(rec.transport, src, rec.src_port);
    let tuple = this.tuples.get(key);
    if (!tuple) {
      tuple = { key, src, sport: rec.src_port, hs: [] };
      this.tuples.set(key, tuple);
    }
    const dst = canonicalIp(rec.dst);
    const fp = fingerprintOf(rec);
    for (const h of tuple.hs) {
      if (
        h.dst === dst &&
        h.dport === rec.dst_port &&
        h.fp === fp &&
        Math.abs(h.ts - ts) <= this.skewUs
      ) {
        this.stats.duplicate_handshakes++;
        if (h.rec && !preferRecord(h.rec, rec)) this.replaceRecord(h, rec);
        this.drain();
        return;
      }
    }
    const expiry = ts + this.windowUs + this.skewUs;
    const hs: Handshake = {
      rec,
      ts,
      dst,
      dport: rec.dst_port,
      fp,
      tuple,
      attached: 0,
      lastActivity: 0,
      expiry,
      removed: false,
      connId: undefined,
      connIdTs: 0,
      lastJa4h: undefined,
    };
    const list = tuple.hs;
    if (list.length === 0) {
      // A literal holds exactly one slot; push/splice on [] would reserve 17 (~130 bytes per connection).
      tuple.hs = [hs];
    } else {
      let i = list.length;
      while (i > 0 && before(hs, list[i - 1] as Handshake)) i--;
      list.splice(i, 0, hs);
    }
    this.hsHeap.push(expiry, hs);
    this.stats.open_connections++;
    while (this.stats.open_connections > this.options.maxConnections) this.evictOldest();
    this.drain();
  }

  addRequest(req: HttpRequest): void {
    this.stats.requests_in++;
    const start = req.ts_us;
    const due = start + this.skewUs;
    const durationUs = Math.min((req.duration_ms ?? 0) * 1000, this.idleUs);
    // A server logs a request when it ends, so a long request is due before it can arrive: it is
    // decided at once with the handshakes still held (they live a whole window), and counted late
    // only if it came after the reorder bound measured from its end.
    const w = this.watermark();
    const late = start + durationUs < w;
    this.observe(start + durationUs);
    if (due <= w) {
      if (late) this.stats.late_requests++;
      this.drain();
      this.decide(req, late ? 'late' : 'window');
      return;
    }
    this.requests.push(due, req);
    this.stats.pending_requests++;
    if (this.stats.pending_requests > this.options.maxPendingRequests) {
      const oldest = this.requests.pop() as HttpRequest;
      this.stats.pending_requests--;
      this.stats.evicted_requests++;
      this.decide(oldest, 'evicted');
    }
    this.drain();
  }

  /** Let the injected clock move time forward (call periodically in live mode). */
  advance(): void {
    this.drain();
  }

  /** Decide everything now (end of input, shutdown). */
  flush(): void {
    let p: HttpRequest | undefined;
    while ((p = this.requests.pop()) !== undefined) {
      this.stats.pending_requests--;
      this.decide(p, 'flush');
    }
    let h: Handshake | undefined;
    while ((h = this.hsHeap.pop()) !== undefined) {
      if (!h.removed) this.expire(h, 'flush');
    }
    this.tuples.clear();
  }

  /** Duplicates keep the earliest record, so the result does not depend on which came first. */
  private replaceRecord(h: Handshake, rec: ConnectionRecord): void {
    h.rec = rec;
    if (rec.ts_us === h.ts) return;
    h.ts = rec.ts_us;
    h.tuple.hs.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    const base = h.ts + this.windowUs + this.skewUs;
    h.expiry = h.attached > 0 ? Math.max(base, h.lastActivity + this.idleUs + this.skewUs) : base;
    this.hsHeap.push(h.expiry, h);
  }

  private observe(ts: number): void {
    if (this.clock && ts > this.clock() + this.futureUs) {
      this.stats.future_events++;
      return;
    }
    if (ts > this.maxTs) this.maxTs = ts;
  }

  private drain(): void {
    const w = this.watermark();
    // Requests first: a handshake's window closes only after every request that could claim it.
    while (this.requests.peekKey() <= w) {
      const p = this.requests.pop() as HttpRequest;
      this.stats.pending_requests--;
      this.decide(p, 'window');
    }
    while (this.hsHeap.peekKey() <= w) {
      const h = this.hsHeap.pop() as Handshake;
      if (h.removed) continue;
      if (h.expiry > w) {
        this.hsHeap.push(h.expiry, h);
        continue;
      }
      this.expire(h, 'window');
    }
    // Evicted handshakes leave small husks in the heap until their time; rebuild when they dominate.
    if (this.hsHeap.size > 2 * this.stats.open_connections + 4096) this.compactHeap();
  }

  private compactHeap(): void {
    const live = new MinHeap<Handshake>();
    for (const t of this.tuples.values()) for (const h of t.hs) live.push(h.expiry, h);
    this.hsHeap = live;
  }

  private expire(h: Handshake, why: Finalized): void {
    this.remove(h);
    if (h.attached === 0 && h.rec) this.emitHandshakeOnly(h, why);
    h.rec = undefined;
  }

  private remove(h: Handshake): void {
    h.removed = true;
    this.stats.open_connections--;
    const t = h.tuple;
    const i = t.hs.indexOf(h);
    if (i >= 0) t.hs.splice(i, 1);
    if (t.hs.length === 0 && this.tuples.get(t.key) === t) this.tuples.delete(t.key);
  }

  private evictOldest(): void {
    const first = this.tuples.values().next();
    if (first.done) return;
    const t = first.value;
    for (const h of [...t.hs]) {
      this.stats.evicted_connections++;
      this.expire(h, 'evicted');
    }
  }

  private alive(h: Handshake, start: number): boolean {
    if (start - h.ts <= this.windowUs) return true;
    return h.attached > 0 && start <= h.lastActivity + this.idleUs;
  }

  /** The handshakes that could own a request: one (usually), several (ambiguous) or none. */
  private candidates(tuple: Tuple, req: HttpRequest, start: number): Handshake[] {
    const list = tuple.hs;
    const limit = start + this.skewUs;
    if (list.length === 1) {
      // The common case, without the grouping below.
      const h = list[0] as Handshake;
      if (h.ts > limit || !this.sameServer(h, req) || !this.alive(h, start)) return NONE;
      // A shared one-slot array: decide() reads it before the next call and keeps nothing of it.
      this.single[0] = h;
      return this.single;
    }
    // Per server address: the newest handshake at or before the request owns it (an older one
    // on the same tuple is a finished connection: port reuse); those just after it, within the
    // clock skew, contend.
    const live: Handshake[] = [];
    const atOrBefore: Handshake[] = [];
    for (const h of list) {
      if (h.ts > limit) break;
      if (!this.sameServer(h, req)) continue;
      if (h.ts <= start) atOrBefore.push(h);
      else if (this.alive(h, start)) live.push(h);
    }
    for (const h of atOrBefore) {
      let superseded = false;
      for (const o of atOrBefore) {
        if (o.dst === h.dst && o.dport === h.dport && o.ts > h.ts) superseded = true;
      }
      if (!superseded && this.alive(h, start)) live.push(h);
    }
    return live;
  }

  private sameServer(h: Handshake, req: HttpRequest): boolean {
    return (
      (req.dst_ip === undefined || h.dst === req.dst_ip) &&
      (req.dst_port === undefined || h.dport === req.dst_port)
    );
  }

  private decide(req: HttpRequest, why: Finalized): void {
    const start = req.ts_us;
    const tuple = this.tuples.get(tupleKey(requestTransport(req), req.src_ip, req.src_port));
    const live = tuple ? this.candidates(tuple, req, start) : NONE;
    let distinct = 0;
    for (let i = 0; i < live.length; i++) {
      const fp = (live[i] as Handshake).fp;
      let seen = false;
      for (let j = 0; j < i; j++) if ((live[j] as Handshake).fp === fp) seen = true;
      if (!seen) distinct++;
    }
    let ev: CorrelatedEvent;
    if (distinct === 1) {
      let owner = live[0] as Handshake;
      for (const h of live) if (owns(h, owner, start)) owner = h;
      owner.attached++;
      const end = start + Math.min((req.duration_ms ?? 0) * 1000, this.idleUs);
      if (end > owner.lastActivity) owner.lastActivity = end;
      const exp = owner.lastActivity + this.idleUs + this.skewUs;
      if (exp > owner.expiry) owner.expiry = exp;
      this.stats.matched++;
      const rec = owner.rec as ConnectionRecord;
      ev = this.requestEvent(
        req,
        'matched',
        why,
        owner.dst,
        owner.dport,
        connId(owner, rec),
        rec,
        undefined,
        owner,
      );
    } else if (distinct > 1) {
      this.stats.ambiguous++;
      const cands = live
        .sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0))
        .slice(0, MAX_CANDIDATES)
        .map((h) => h.rec)
        .filter((r): r is ConnectionRecord => r !== undefined);
      ev = this.requestEvent(
        req,
        'ambiguous',
        why,
        req.dst_ip,
        req.dst_port,
        undefined,
        undefined,
        cands,
      );
    } else {
      this.stats.request_only++;
      ev = this.requestEvent(
        req,
        'request-only',
        why,
        req.dst_ip,
        req.dst_port,
        undefined,
        undefined,
        undefined,
      );
    }
    this.emit(ev);
  }

  // Every event has the same shape (absent fields are undefined, which JSON omits): one hidden
  // class on the hot path.
  private requestEvent(
    req: HttpRequest,
    status: CorrelatedEvent['correlation'],
    why: Finalized,
    dstIp: string | undefined,
    dstPort: number | undefined,
    conn: string | undefined,
    handshake: ConnectionRecord | undefined,
    candidates: ConnectionRecord[] | undefined,
    owner?: Handshake,
  ): CorrelatedEvent {
    let fp: Ja4hResult | undefined;
    if (this.options.ja4h) {
      fp = this.ja4hCache.get(req, owner?.lastJa4h);
      if (owner) {
        // Reuse the memo object: one allocation per connection, not per request.
        if (owner.lastJa4h) {
          owner.lastJa4h.req = req;
          owner.lastJa4h.fp = fp;
        } else owner.lastJa4h = { req, fp };
      }
    }
    return {
      correlation: status,
      ts_us: req.ts_us,
      src_ip: req.src_ip,
      src_port: req.src_port,
      dst_ip: req.dst_ip ?? dstIp,
      dst_port: req.dst_port ?? dstPort,
      conn_id: conn,
      request: req,
      ja4h: fp?.ja4h,
      ja4h_r: fp?.ja4h_r,
      ja4h_ro: fp?.ja4h_ro,
      handshake,
      candidates,
      finalized: why === 'window' ? undefined : why,
    };
  }

  private emitHandshakeOnly(h: Handshake, why: Finalized): void {
    const rec = h.rec as ConnectionRecord;
    this.stats.handshake_only++;
    const ev: CorrelatedEvent = {
      correlation: 'handshake-only',
      ts_us: rec.ts_us,
      src_ip: h.tuple.src,
      src_port: h.tuple.sport,
      dst_ip: h.dst,
      dst_port: h.dport,
      conn_id: connId(h, rec),
      handshake: rec,
    };
    if (why !== 'window') ev.finalized = why;
    this.emit(ev);
  }
}
