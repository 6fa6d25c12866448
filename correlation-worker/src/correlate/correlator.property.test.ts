// Order independence: the same handshakes and requests, delivered in any order in which no event
// is later than the reorder bound, give the same correlated output (as a multiset).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import type { CorrelatedEvent } from '../../../common/events/correlated.js';
import type { HttpRequest } from '../../../common/events/http-request.js';
import { Correlator } from './correlator.js';
import { CHROME_JA4, CURL_JA4, handshake, request } from './test-events.js';

const OPTS = { windowMs: 10_000, idleTimeoutMs: 20_000, reorderMs: 1_000, skewMs: 250 };

type Ev =
  | { kind: 'hs'; rec: ConnectionRecord; obs: number }
  | { kind: 'req'; req: HttpRequest; obs: number };

const hsArb = fc.record({
  port: fc.integer({ min: 1, max: 4 }),
  ms: fc.integer({ min: 0, max: 30_000 }),
  ja4: fc.constantFrom(CURL_JA4, CHROME_JA4),
  sensor: fc.constantFrom('s1', 's2'),
  dst: fc.constantFrom('198.51.100.1', '198.51.100.2'),
  dup: fc.boolean(),
});
const reqArb = fc.record({
  port: fc.integer({ min: 1, max: 4 }),
  ms: fc.integer({ min: 0, max: 40_000 }),
  // Below the skew: a keep-alive request ends before the next one on its connection is decided.
  dur: fc.integer({ min: 0, max: 200 }),
  dst: fc.constantFrom<string | undefined>('198.51.100.1', '198.51.100.2', undefined),
  h2: fc.boolean(),
  path: fc.constantFrom('/', '/a', '/login', '/api?x=1'),
});

type HsCase = ReturnType<typeof hsArb.generate>['value'];
type ReqCase = ReturnType<typeof reqArb.generate>['value'];

function build(hss: HsCase[], reqs: ReqCase[]): Ev[] {
  const evs: Ev[] = [];
  for (const h of hss) {
    const rec = handshake(h.ms / 1000, h.port, { ja4: h.ja4, sensor: h.sensor, dst: h.dst });
    evs.push({ kind: 'hs', rec, obs: rec.ts_us });
    if (h.dup)
      evs.push({
        kind: 'hs',
        rec: { ...rec, sensor: h.sensor === 's1' ? 's2' : 's1' },
        obs: rec.ts_us,
      });
  }
  for (const r of reqs) {
    const req = request(r.ms / 1000, r.port, {
      path: r.path,
      duration_ms: r.dur,
      http_version: r.h2 ? '2' : '1.1',
      dst_ip: r.dst,
    });
    if (r.dst === undefined) delete req.dst_port;
    evs.push({ kind: 'req', req, obs: req.ts_us + r.dur * 1000 });
  }
  return evs;
}

const seen = new Set<string>();

function run(order: Ev[]): string[] {
  const out: CorrelatedEvent[] = [];
  const c = new Correlator((e) => out.push(e), OPTS);
  for (const e of order) {
    if (e.kind === 'hs') c.addHandshake(e.rec);
    else c.addRequest(e.req);
  }
  c.flush();
  for (const e of out) seen.add(e.correlation);
  expect(c.stats.late_requests + c.stats.late_handshakes).toBe(0);
  return out.map((e) => JSON.stringify(e)).sort();
}

describe('Correlator order independence', () => {
  it('gives the same output for every interleaving within the reorder bound', () => {
    fc.assert(
      fc.property(
        fc.array(hsArb, { maxLength: 16 }),
        fc.array(reqArb, { maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: OPTS.reorderMs * 1000 - 1 }), {
          minLength: 80,
          maxLength: 80,
        }),
        fc.array(fc.nat(), { minLength: 80, maxLength: 80 }),
        (hss, reqs, delays, ties) => {
          const evs = build(hss, reqs);
          const inOrder = evs.map((e, i) => ({ e, key: e.obs, tie: i }));
          const shuffled = evs.map((e, i) => ({
            e,
            key: e.obs + (delays[i] ?? 0),
            tie: ties[i] ?? 0,
          }));
          const sort = (xs: typeof inOrder) =>
            xs.sort((a, b) => a.key - b.key || a.tie - b.tie).map((x) => x.e);
          const a = run(sort(inOrder));
          const b = run(sort(shuffled));
          expect(b).toEqual(a);
          // Nothing is dropped: one output per request, and every handshake is accounted for.
          expect(a.filter((s) => s.includes('"request":'))).toHaveLength(reqs.length);
        },
      ),
      { numRuns: 300 },
    );
    // The generated cases reach every outcome, so the property is not vacuous.
    expect([...seen].sort()).toEqual(['ambiguous', 'handshake-only', 'matched', 'request-only']);
  });
});
