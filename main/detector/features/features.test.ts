// The feature SQL on real chDB with hand-made events whose features are known exactly: the
// aggregate query (what runs use) and the raw-row query (its reference) must both get them right.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorrelatedEvent } from '../../../common/events/correlated.js';
import { migrateUp, openStore, type Store } from '../../storage/index.js';
import { HTTP_LOGS, correlatedToRow } from '../../storage/rows/http.js';
import {
  computeFeatures as computeOn,
  minuteWindow,
  type FeatureQuery,
  type FeatureTable,
} from './compute.js';
import { loadJa4Families } from './families.js';

interface Ev {
  time: number;
  src_ip: string;
  src_port?: number;
  ja4: string;
  correlation?: 'matched' | 'handshake-only';
  path?: string;
  http_version?: string;
  status?: number;
  headers?: [string, string][];
}

/** A correlated event as the correlator writes it, validated by its schema. */
function correlated(e: Ev): CorrelatedEvent {
  const port = e.src_port ?? 50000;
  const tsUs = e.time * 1000;
  const handshake = {
    ts_us: tsUs,
    stream: 0,
    transport: 'tcp',
    src: e.src_ip,
    src_port: port,
    dst: '192.0.2.1',
    dst_port: 443,
    ja4: e.ja4,
  };
  return CorrelatedEvent.parse(
    e.correlation === 'handshake-only'
      ? { correlation: 'handshake-only', ts_us: tsUs, src_ip: e.src_ip, src_port: port, handshake }
      : {
          correlation: 'matched',
          ts_us: tsUs,
          src_ip: e.src_ip,
          src_port: port,
          request: {
            ts_us: tsUs,
            src_ip: e.src_ip,
            src_port: port,
            method: 'GET',
            path: e.path ?? '/',
            http_version: e.http_version ?? '2',
            status: e.status ?? 200,
            headers: e.headers ?? [],
          },
          handshake,
        },
  );
}

const END = Date.UTC(2026, 10, 24, 12, 0, 0);
const T0 = END - 30 * 60_000; // a minute boundary inside the window
const CURL = 't12d4605h2_85626a9a5f7f_aaf95bb78ec9';
const CHROME = 't13d1516h2_8daaf6152771_e5627efa2ab1';
const CHROME_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const events: Ev[] = [];
// 10.0.0.1 + curl JA4 claiming Chrome: 10 requests exactly 5 s apart in one minute, one connection.
for (let i = 0; i < 10; i++) {
  events.push({
    time: T0 + i * 5000,
    src_ip: '10.0.0.1',
    src_port: 40000,
    ja4: CURL,
    path: i % 2 ? '/a' : '/b',
    http_version: '1.1',
    status: i < 2 ? 404 : i === 2 ? 500 : 200,
    headers: [
      ['Host', 'x'],
      ['User-Agent', CHROME_UA],
      ['Accept', '*/*'],
    ],
  });
}
events.push({ time: T0 + 100, src_ip: '10.0.0.1', ja4: CURL, correlation: 'handshake-only' });
events.push({ time: T0 + 200, src_ip: '10.0.0.1', ja4: CURL, correlation: 'handshake-only' });
// Same IP 3 days earlier (recurrence) and outside the window (must not count as a request).
events.push({
  time: END - 3 * 86_400_000,
  src_ip: '10.0.0.1',
  ja4: CURL,
  path: '/old',
  status: 200,
});
// Same IP, a real Chrome: 6 requests over two minutes with language and cookies, HTTP/2.
for (let i = 0; i < 6; i++) {
  events.push({
    time: T0 + i * 20_000,
    src_ip: '10.0.0.1',
    src_port: 40001 + (i % 2),
    ja4: CHROME,
    path: '/p',
    http_version: '2',
    status: 200,
    headers: [
      ['user-agent', CHROME_UA],
      ['accept-language', 'en'],
      ['cookie', 'a=1'],
      ['accept', 'text/html'],
    ],
  });
}
// An IPv6 client (stored as IPv6, shown compressed).
for (let i = 0; i < 5; i++)
  events.push({ time: T0 + i * 1000, src_ip: '2001:db8::7', ja4: CHROME });
// Below the minimum: 2 requests.
for (let i = 0; i < 2; i++)
  events.push({ time: T0 + i, src_ip: '10.0.0.9', ja4: CHROME, path: '/', status: 200 });
// In an allowlisted CIDR.
for (let i = 0; i < 6; i++)
  events.push({ time: T0 + i * 1000, src_ip: '192.168.7.7', ja4: CHROME, path: '/', status: 200 });

let dir: string;
let store: Store;
const get = (t: FeatureTable, ip: string, ja4: string) => {
  const r = t.entities.findIndex((e) => e.src_ip === ip && e.ja4 === ja4);
  if (r < 0) return undefined;
  return Object.fromEntries(t.names.map((n, c) => [n, t.raw.data[r * t.raw.cols + c]!]));
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ja4ws-feat-'));
  store = await openStore({ kind: 'embedded', dataDir: dir });
  await migrateUp(store);
  await store.insert(
    HTTP_LOGS,
    events.map((e) => correlatedToRow(correlated(e))),
  );
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The scored hour, minimum 5 requests: what most cases ask. */
const HOUR: FeatureQuery = { table: HTTP_LOGS, start: END - 3_600_000, end: END, minRequests: 5 };

describe.each(['aggregate', 'raw'] as const)('feature SQL (%s)', (source) => {
  const computeFeatures = (client: Store['client'], q: FeatureQuery) =>
    computeOn(client, { ...q, source });
  /** The scored hour with `extra` overriding. */
  const hour = (extra: Partial<FeatureQuery> = {}) =>
    computeFeatures(store.client, { ...HOUR, ...extra });

  it('computes every feature of a known entity exactly', async () => {
    const t = await hour();
    const f = get(t, '10.0.0.1', CURL)!;
    expect(f).toBeDefined();
    expect(f.requests).toBe(10);
    expect(f.peak_rpm).toBe(10);
    expect(f.distinct_paths).toBe(2);
    expect(f.path_entropy).toBeCloseTo(1, 9);
    expect(f.ratio_4xx).toBeCloseTo(0.2, 9);
    expect(f.ratio_5xx).toBeCloseTo(0.1, 9);
    expect(f.ip_distinct_ja4).toBe(2);
    expect(f.ua_distinct).toBe(1);
    expect(f.ja4_ua_distinct).toBe(1);
    expect(f.ua_mismatch_share).toBe(1);
    expect(f.mean_headers).toBe(3);
    expect(f.no_accept_language_share).toBe(1);
    expect(f.no_cookie_share).toBe(1);
    expect(f.http1_share).toBe(1);
    expect(f.interval_cv).toBeCloseTo(0, 9);
    expect(f.handshake_only_share).toBeCloseTo(2 / 3, 9);
    expect(f.recurrence_days).toBe(2);
  });

  it('a real Chrome UA on a Chrome JA4 is no mismatch; HTTP/2, language and cookies count', async () => {
    const t = await hour();
    const f = get(t, '10.0.0.1', CHROME)!;
    expect(f.requests).toBe(6);
    expect(f.peak_rpm).toBe(3);
    expect(f.ua_mismatch_share).toBe(0);
    expect(f.no_accept_language_share).toBe(0);
    expect(f.no_cookie_share).toBe(0);
    expect(f.http1_share).toBe(0);
    expect(f.handshake_only_share).toBe(0);
    expect(f.ja4_ua_distinct).toBe(2); // the Chrome UA and the empty UA of the other Chrome entities
  });

  it('skips entities below the minimum and allowlisted IPs, CIDRs and JA4s', async () => {
    const t = await hour();
    expect(get(t, '10.0.0.9', CHROME)).toBeUndefined();
    expect(get(t, '192.168.7.7', CHROME)).toBeDefined();
    const t2 = await hour({
      allowCidrs: ['192.168.0.0/16', '2001:db8::/32'],
      allowIps: ['10.0.0.1'],
    });
    expect(t2.entities).toEqual([]);
    const t3 = await hour({ allowJa4: [CURL] });
    expect(t3.entities.map((e) => e.ja4)).not.toContain(CURL);
  });

  it('per IP: one entity per address over all its fingerprints', async () => {
    const t = await hour({ perIp: true });
    expect(t.entities.every((e) => e.ja4 === '')).toBe(true);
    const f = get(t, '10.0.0.1', '')!;
    expect(f.requests).toBe(16);
    expect(f.ip_distinct_ja4).toBe(2);
    expect(f.ua_mismatch_share).toBeCloseTo(10 / 16, 9);
    expect(f.no_cookie_share).toBeCloseTo(10 / 16, 9);
    expect(f.recurrence_days).toBe(2);
  });

  it('reads IPv4 and IPv6 clients back in display form', async () => {
    const t = await hour();
    expect(t.entities).toContainEqual({ src_ip: '2001:db8::7', ja4: CHROME });
    expect(get(t, '2001:db8::7', CHROME)?.requests).toBe(5);
  });

  it("uses the store's known_fingerprints for families (FoxIO mapping: Python library -> tool)", async () => {
    const fam = await loadJa4Families(store.client);
    expect(fam.find((f) => f.key === 't13d181000_85036bcba153_d41ae481755e')?.family).toBe('tool');
    expect(fam.find((f) => f.key === '5b57614c22b0')?.family).toBe('firefox');
  });

  it('treats a hostile table name as an identifier, not SQL', async () => {
    const hostile = 'http_logs; DROP TABLE http_logs';
    await expect(
      computeFeatures(store.client, {
        table: hostile,
        aggTables: { srcIpJa4: hostile, srcIp: hostile },
        start: END - 3_600_000,
        end: END,
        minRequests: 1,
      }),
    ).rejects.toThrow();
    const t = await hour();
    expect(t.entities.length).toBeGreaterThan(0);
  });
});

describe('feature window', () => {
  it('is whole minutes for the aggregates: rounded up so the newest request is in', () => {
    expect(minuteWindow(END, 3_600_000)).toEqual({ start: END - 3_600_000, end: END });
    expect(minuteWindow(END + 1, 3_600_000)).toEqual({
      start: END + 60_000 - 3_600_000,
      end: END + 60_000,
    });
    expect(minuteWindow(END - 59_999, 90_000)).toEqual({ start: END - 120_000, end: END });
  });

  it('refuses a window the per-minute aggregates cannot answer, naming it', async () => {
    await expect(
      computeOn(store.client, { start: END - 3_600_000 + 1, end: END + 1, minRequests: 1 }),
    ).rejects.toMatchObject({ code: 'detector.window_unaligned' });
    const raw = await computeOn(store.client, {
      source: 'raw',
      start: END - 3_600_000 + 1,
      end: END + 1,
      minRequests: 5,
    });
    expect(raw.entities.length).toBeGreaterThan(0);
  });
});
