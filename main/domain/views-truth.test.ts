// Every figure of every store-backed view against an independent count (issue 16 point 4): the
// test writes real connections (the engine over test-fixtures/connections/loopback-mix.pcap, one
// record per connection, moved to the last hours), requests on them (several per keep-alive
// connection, some from a client with no captured handshake, handshake-only events for
// connections without requests, as the correlator emits them) and detector anomalies (several
// runs, two levels, one false positive). Each expected number is computed here in JavaScript from
// those rows, never with the SQL the views use.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../capture-worker/src/engine/engine.js';
import { forEachPacket } from '../../capture-worker/src/pcap/read-file.js';
import type { ConnectionRecord } from '../../common/events/connection.js';
import type { CorrelatedEvent } from '../../common/events/correlated.js';
import { computeFeatures } from '../detector/features/compute.js';
import { migrateUp } from '../storage/migrations/runner.js';
import { correlatedToRow, HTTP_LOGS } from '../storage/rows/http.js';
import { anomalyToRow, ML_DETECTED_ANOMALIES, type Anomaly } from '../storage/rows/anomalies.js';
import { connectionTable, TCP_EVENTS, tcpEventToRow } from '../storage/rows/tcp-event.js';
import { handshakeToRow, TLS_HANDSHAKES } from '../storage/rows/tls-handshake.js';
import { openStore, type Store } from '../storage/store.js';
import { tempDir } from '../storage/testing/temp-dir.js';
import { listAnomalies } from './anomalies/operations.js';
import { fingerprintProfile } from './fingerprint-profile/operations.js';
import { recentHandshakes } from './handshakes/operations.js';
import { ipProfile } from './ip-profile/operations.js';
import { overviewStats } from './overview/operations.js';
import { search } from './search/operations.js';

const PCAP = join(
  import.meta.dirname,
  '..',
  'storage',
  'test-fixtures',
  'connections',
  'loopback-mix.pcap',
);
const MIN_US = 60_000_000;
const OTHER_IP = '198.51.100.23';
const UAS = [
  'curl/7.88.1',
  'Mozilla/5.0 (X11; Linux x86_64) Firefox/115.0',
  'python-requests/2.31',
];

let store: Store;
let tls: ConnectionRecord[] = [];
let tcp: ConnectionRecord[] = [];
const events: CorrelatedEvent[] = [];
const anomalies: Anomaly[] = [];
// Minute-aligned: the views read per-minute aggregates for the window's minutes.
const base = Math.floor((Date.now() - 3 * 3600_000) / 60_000) * MIN_US;
const window = {
  from: new Date((base - 60 * MIN_US) / 1000).toISOString(),
  to: new Date((base + 180 * MIN_US) / 1000).toISOString(),
};

const connId = (h: ConnectionRecord) => `${h.src}|${h.src_port}|${h.dst}|${h.dst_port}|${h.ts_us}`;
const requests = () => events.filter((e) => e.correlation !== 'handshake-only');
const tally = <T>(items: T[], key: (x: T) => string): Map<string, number> => {
  const m = new Map<string, number>();
  for (const x of items) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
};
const asMap = (c: { value: string; count: number }[]) => new Map(c.map((x) => [x.value, x.count]));
/** The first `n` of a tally, ordered as the views order (count desc, then value). */
const topOf = (m: Map<string, number>, n: number) =>
  new Map(
    [...m.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, n),
  );

function request(h: ConnectionRecord | undefined, i: number, tsUs: number): CorrelatedEvent {
  const src = h?.src ?? OTHER_IP;
  const port = h?.src_port ?? 50_000 + i;
  const status = [200, 200, 404, 500][i % 4]!;
  return {
    correlation: h ? 'matched' : 'request-only',
    ts_us: tsUs,
    src_ip: src,
    src_port: port,
    ...(h ? { dst_ip: h.dst, dst_port: h.dst_port, conn_id: connId(h), handshake: h } : {}),
    request: {
      ts_us: tsUs,
      src_ip: src,
      src_port: port,
      method: 'GET',
      path: `/p${i % 3}`,
      host: i % 2 ? 'shop.example' : 'api.example',
      http_version: '1.1',
      status,
      duration_ms: 10 + i,
      headers: [
        ['Host', i % 2 ? 'shop.example' : 'api.example'],
        ['User-Agent', UAS[i % UAS.length]!],
      ],
    },
  };
}

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: tempDir() });
  await migrateUp(store);
  const recs: ConnectionRecord[] = [];
  const engine = createEngine({ sensor: 'lo', onRecord: (r) => recs.push(r) });
  await forEachPacket(PCAP, (p) => engine.push(p));
  engine.finish();
  const first = Math.min(...recs.map((r) => r.ts_us));
  // Spread over 40 minutes so series, minutes and buckets have something to tell apart.
  const moved = recs.map((r, i) => ({ ...r, ts_us: r.ts_us - first + base + i * 4 * MIN_US }));
  tls = moved.filter((r) => connectionTable(r) === TLS_HANDSHAKES);
  tcp = moved.filter((r) => connectionTable(r) === TCP_EVENTS);
  await store.insert(
    TLS_HANDSHAKES,
    tls.map((r) => handshakeToRow(r)),
  );
  await store.insert(
    TCP_EVENTS,
    tcp.map((r) => tcpEventToRow(r)),
  );
  // Connection k gets k % 4 requests (0: a handshake-only event), 1 s apart.
  let i = 0;
  tls.forEach((h, k) => {
    if (k % 4 === 0) {
      events.push({
        correlation: 'handshake-only',
        ts_us: h.ts_us,
        src_ip: h.src,
        src_port: h.src_port,
        dst_ip: h.dst,
        dst_port: h.dst_port,
        conn_id: connId(h),
        handshake: h,
      });
      return;
    }
    for (let j = 0; j < k % 4; j++) events.push(request(h, i++, h.ts_us + 1000 + j * 1_000_000));
  });
  // A client whose handshakes were not captured: 5 requests within two minutes.
  for (let j = 0; j < 5; j++)
    events.push(request(undefined, i++, base + 7 * MIN_US + j * 20_000_000));
  await store.insert(HTTP_LOGS, events.map(correlatedToRow));

  // Three detector runs 5 minutes apart flag 127.0.0.1 at both levels; one run flags OTHER_IP,
  // which an analyst then marks a false positive (a newer version of the same row).
  const ja4 = tls[0]!.ja4!;
  for (let run = 0; run < 3; run++) {
    const at = base + (30 + run * 5) * MIN_US;
    for (const level of ['ip', 'ip_ja4'] as const)
      anomalies.push({
        detectedAtUs: at,
        entityType: level,
        srcIp: '127.0.0.1',
        ja4: level === 'ip' ? '' : ja4,
        modelId: `m${run}`,
        runId: `r${run}`,
        score: 0.7 + run / 100,
        threshold: 0.6,
        features: { requests: 3 },
        reasons: ['test'],
        state: 'new',
        version: 1,
      });
  }
  const fp: Anomaly = {
    detectedAtUs: base + 30 * MIN_US,
    entityType: 'ip',
    srcIp: OTHER_IP,
    modelId: 'm0',
    runId: 'r0',
    score: 0.65,
    threshold: 0.6,
    features: {},
    reasons: ['test'],
    state: 'new',
    version: 1,
  };
  anomalies.push(fp, { ...fp, state: 'false_positive', version: 2 });
  await store.insert(ML_DETECTED_ANOMALIES, anomalies.map(anomalyToRow));
});
afterAll(async () => store.close());

describe('every figure of every view equals a count from the rows written', () => {
  it('the data is what the test meant: 10 TLS and 2 plain connections, requests on most', () => {
    expect(tls).toHaveLength(10);
    expect(tcp).toHaveLength(2);
    expect(requests().length).toBeGreaterThan(10);
  });

  it('Overview', async () => {
    const o = await overviewStats(store.client, { window, top: 100 });
    const reqs = requests();
    expect(o.totals.handshakes).toBe(tls.length);
    expect(o.totals.requests).toBe(reqs.length);
    expect(o.series.reduce((s, p) => s + p.handshakes, 0)).toBe(tls.length);
    expect(o.series.reduce((s, p) => s + p.requests, 0)).toBe(reqs.length);
    // Flagged client IPs, not detections: 127.0.0.1 (6 detections); OTHER_IP was a false positive.
    expect(o.totals.anomalies).toBe(1);
    const flaggedBuckets = o.series.filter((p) => p.anomalies > 0);
    expect(flaggedBuckets.map((p) => p.anomalies)).toEqual(
      [
        ...new Set(
          anomalies
            .filter((a) => a.srcIp === '127.0.0.1')
            .map((a) => Math.floor(a.detectedAtUs / (o.bucketSeconds * 1e6))),
        ),
      ].map(() => 1),
    );
    const ips = new Set([...tls.map((h) => h.src), ...reqs.map((e) => e.src_ip)]);
    expect(o.totals.ips).toBe(ips.size);
    const ja4Events = tally(
      [
        ...tls.map((h) => h.ja4!),
        ...reqs.flatMap((e) => (e.handshake?.ja4 ? [e.handshake.ja4] : [])),
      ],
      (x) => x,
    );
    expect(o.totals.ja4s).toBe(ja4Events.size);
    expect(asMap(o.top.ja4)).toEqual(topOf(ja4Events, 100));
    const ipEvents = tally([...tls.map((h) => h.src), ...reqs.map((e) => e.src_ip)], (x) => x);
    expect(asMap(o.top.ip)).toEqual(topOf(ipEvents, 100));
    // Connections per SNI: every TLS connection once, whether or not it carried requests.
    expect(asMap(o.top.sni)).toEqual(
      topOf(
        tally(
          tls.filter((h) => h.tls_server_name),
          (h) => h.tls_server_name!,
        ),
        100,
      ),
    );
    expect(asMap(o.top.host)).toEqual(
      topOf(
        tally(reqs, (e) => e.request!.host!),
        100,
      ),
    );
  });

  it('IP profile', async () => {
    const ip = '127.0.0.1';
    const p = await ipProfile(store.client, { ip, window });
    const mine = tls.filter((h) => h.src === ip);
    const reqs = requests().filter((e) => e.src_ip === ip);
    expect(p.totals.handshakes).toBe(mine.length);
    expect(p.totals.requests).toBe(reqs.length);
    const times = [...mine.map((h) => h.ts_us), ...reqs.map((e) => e.ts_us)];
    expect(Date.parse(p.totals.first_seen!) * 1000).toBe(
      Math.floor(Math.min(...times) / 1000) * 1000,
    );
    expect(Date.parse(p.totals.last_seen!) * 1000).toBe(
      Math.floor(Math.max(...times) / 1000) * 1000,
    );
    expect(p.timeline.reduce((s, x) => s + x.handshakes, 0)).toBe(mine.length);
    expect(p.timeline.reduce((s, x) => s + x.requests, 0)).toBe(reqs.length);
    expect(new Map(p.fingerprints.map((f) => [f.ja4, f.count]))).toEqual(
      tally(mine, (h) => h.ja4!),
    );
    // Connections per server name, not handshakes + requests.
    expect(asMap(p.snis)).toEqual(
      tally(
        mine.filter((h) => h.tls_server_name),
        (h) => h.tls_server_name!,
      ),
    );
    expect(asMap(p.paths)).toEqual(tally(reqs, (e) => e.request!.path));
    expect(asMap(p.statuses)).toEqual(tally(reqs, (e) => String(e.request!.status)));
    expect(p.timing.requests).toBe(reqs.length);
    const perMinute = tally(reqs, (e) => String(Math.floor(e.ts_us / MIN_US)));
    expect(p.timing.peak_per_minute).toBe(Math.max(...perMinute.values()));
    const sorted = reqs.map((e) => e.ts_us).sort((a, b) => a - b);
    const gaps = sorted.slice(1).map((t, k) => (t - sorted[k]!) / 1000);
    expect(p.timing.mean_gap_ms).toBeCloseTo(gaps.reduce((s, g) => s + g, 0) / gaps.length, 6);
    const pairs = tally(reqs, (e) => `${e.handshake?.ja4 ?? ''}|${e.request!.headers[1]![1]}`);
    expect(new Map(p.consistency.map((c) => [`${c.ja4}|${c.user_agent}`, c.count]))).toEqual(pairs);
    expect(p.activeDays.reduce((s, d) => s + d.events, 0)).toBe(mine.length + reqs.length);
    // Detections of this IP: 3 runs x 2 levels.
    const mineA = anomalies.filter((a) => a.srcIp === ip);
    expect(p.anomaly_total).toBe(mineA.length);
    expect(p.anomalies).toHaveLength(mineA.length);
    expect(p.recurrence?.anomaly_count).toBe(mineA.length);
    expect(p.recurrence?.days_seen).toBe(
      new Set(mineA.map((a) => new Date(a.detectedAtUs / 1000).toISOString().slice(0, 10))).size,
    );
  });

  it('IP profile of a client seen only through requests', async () => {
    const p = await ipProfile(store.client, { ip: OTHER_IP, window });
    const reqs = requests().filter((e) => e.src_ip === OTHER_IP);
    expect(p.totals).toMatchObject({ handshakes: 0, requests: reqs.length });
    expect(p.snis).toEqual([]);
    expect(p.anomaly_total).toBe(1);
    // Its only detection is a false positive: no recurrence.
    expect(p.recurrence).toBeNull();
  });

  it('fingerprint profile', async () => {
    const ja4 = tls[0]!.ja4!;
    const f = await fingerprintProfile(store.client, { ja4, window });
    const mine = tls.filter((h) => h.ja4 === ja4);
    const reqs = requests().filter((e) => e.handshake?.ja4 === ja4);
    expect(f.totals.handshakes).toBe(mine.length);
    expect(f.totals.requests).toBe(reqs.length);
    expect(f.totals.ips).toBe(
      new Set([...mine.map((h) => h.src), ...reqs.map((e) => e.src_ip)]).size,
    );
    expect(asMap(f.ips)).toEqual(tally(mine, (h) => h.src));
    expect(asMap(f.snis)).toEqual(
      tally(
        mine.filter((h) => h.tls_server_name),
        (h) => h.tls_server_name!,
      ),
    );
    expect(asMap(f.ja3)).toEqual(tally(mine, (h) => h.ja3!));
    expect(asMap(f.ja4s)).toEqual(
      tally(
        mine.filter((h) => h.ja4s),
        (h) => h.ja4s!,
      ),
    );
    expect(asMap(f.userAgents)).toEqual(tally(reqs, (e) => e.request!.headers[1]![1]));
    expect(f.hourly.reduce((s, h) => s + h.handshakes, 0)).toBe(mine.length);
    expect(f.hourly.reduce((s, h) => s + h.requests, 0)).toBe(reqs.length);
    const allJa4 = new Set(tls.map((h) => h.ja4));
    expect(f.ranks.of).toBe(allJa4.size);
  });

  it('search', async () => {
    const hs = await search(store.client, { window, source: 'handshakes', limit: 1000 });
    expect(hs.total).toBe(tls.length);
    expect(new Set(hs.rows.map((r) => r.src_port))).toEqual(new Set(tls.map((h) => h.src_port)));
    const ja4 = tls[0]!.ja4!;
    const byJa4 = await search(store.client, { window, source: 'handshakes', filters: { ja4 } });
    expect(byJa4.total).toBe(tls.filter((h) => h.ja4 === ja4).length);
    const rq = await search(store.client, { window, source: 'requests', limit: 1000 });
    // The requests source lists every correlated event, handshake-only ones included.
    expect(rq.total).toBe(events.length);
    const byPath = await search(store.client, {
      window,
      source: 'requests',
      filters: { path: '/p1' },
    });
    expect(byPath.total).toBe(requests().filter((e) => e.request!.path === '/p1').length);
    const byStatus = await search(store.client, {
      window,
      source: 'requests',
      filters: { status: '4xx' },
    });
    expect(byStatus.total).toBe(requests().filter((e) => e.request!.status === 404).length);
  });

  it('anomalies (triage queue): one row per detection, counts per state', async () => {
    const r = await listAnomalies(store.client, { from: window.from, to: window.to });
    const latest = new Map<string, Anomaly>();
    for (const a of anomalies) {
      const k = `${a.srcIp}|${a.detectedAtUs}|${a.entityType}|${a.ja4 ?? ''}|${a.modelId}`;
      if ((latest.get(k)?.version ?? -1) < (a.version ?? 0)) latest.set(k, a);
    }
    expect(r.anomalies).toHaveLength(latest.size);
    expect(r.counts).toEqual(Object.fromEntries(tally([...latest.values()], (a) => a.state!)));
  });

  it('recent handshakes', async () => {
    const r = await recentHandshakes(store.client, 100);
    expect(r.rows).toHaveLength(tls.length);
    expect(new Map(r.rows.map((x) => [x.src_port, x.ja4]))).toEqual(
      new Map(tls.map((h) => [h.src_port, h.ja4])),
    );
  });

  it('detector features (per IP)', async () => {
    const t = await computeFeatures(store.client, {
      start: (base - 60 * MIN_US) / 1000,
      end: (base + 180 * MIN_US) / 1000,
      minRequests: 1,
      perIp: true,
    });
    const row = t.entities.findIndex((e) => e.src_ip === '127.0.0.1');
    expect(row).toBeGreaterThanOrEqual(0);
    const f = (name: string) => t.raw.data[row * t.raw.cols + t.names.indexOf(name as never)]!;
    const reqs = requests().filter((e) => e.src_ip === '127.0.0.1');
    const statuses = reqs.map((e) => e.request!.status ?? 0);
    expect(f('requests')).toBe(reqs.length);
    expect(f('peak_rpm')).toBe(
      Math.max(...tally(reqs, (e) => String(Math.floor(e.ts_us / MIN_US))).values()),
    );
    expect(f('distinct_paths')).toBe(new Set(reqs.map((e) => e.request!.path)).size);
    expect(f('ratio_4xx')).toBeCloseTo(
      statuses.filter((x) => x >= 400 && x < 500).length / reqs.length,
      9,
    );
    expect(f('ratio_5xx')).toBeCloseTo(statuses.filter((x) => x >= 500).length / reqs.length, 9);
    expect(f('ip_distinct_ja4')).toBe(new Set(reqs.map((e) => e.handshake!.ja4)).size);
    // Connections without a request, over all connections the IP's events name.
    const hsOnly = events.filter(
      (e) => e.src_ip === '127.0.0.1' && e.correlation === 'handshake-only',
    );
    const withReq = new Set(reqs.map((e) => e.src_port));
    expect(f('handshake_only_share')).toBeCloseTo(
      hsOnly.length / (hsOnly.length + withReq.size),
      9,
    );
  });
});
