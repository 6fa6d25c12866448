// Per-JA4 signals and drift on generated traffic in a real store, checked against the same
// figures computed directly from the events in TypeScript.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScenario } from '../../../tools/traffic-gen/scenario.js';
import { JA4 } from '../../../tools/traffic-gen/ja4-catalog.js';
import { migrateUp, openStore, type Store } from '../../storage/index.js';
import { HTTP_LOGS, correlatedToRow } from '../../storage/rows/http.js';
import { ipJa4Changes, ja4Families } from './drift.js';
import { ja4Signals } from './ja4-signals.js';

const END = Date.UTC(2026, 10, 24, 12, 0, 0);
const START = END - 3_600_000;
const { events } = generateScenario({
  seed: 9,
  end: END,
  humanIps: 80,
  botnetIps: 12,
  scrapers: 2,
  credentialStuffers: 2,
  curlChrome: 2,
  lowAndSlow: 1,
});
const inWindow = events.filter((e) => e.ts_us >= START * 1000 && e.ts_us < END * 1000);
const requests = inWindow.filter((e) => e.correlation !== 'handshake-only');

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ja4ws-signals-'));
  store = await openStore({ kind: 'embedded', dataDir: dir });
  await migrateUp(store);
  await store.insert(HTTP_LOGS, events.map(correlatedToRow));
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('JA4 signals', () => {
  it('counts requests and IPs per JA4 exactly, with consistent ranks and quantiles', async () => {
    const s = await ja4Signals(store.client, { start: START, end: END });
    const expected = new Map<string, { n: number; ips: Set<string> }>();
    for (const e of requests) {
      const k = e.handshake!.ja4!;
      const v = expected.get(k) ?? { n: 0, ips: new Set<string>() };
      v.n++;
      v.ips.add(e.src_ip);
      expected.set(k, v);
    }
    expect(s.length).toBe(expected.size);
    for (const row of s) {
      expect(row.requests).toBe(expected.get(row.ja4)!.n);
      expect(row.ips).toBe(expected.get(row.ja4)!.ips.size);
      expect(row.requests_quantile).toBeGreaterThanOrEqual(0);
      expect(row.requests_quantile).toBeLessThanOrEqual(1);
    }
    const top = s.reduce((a, b) => (b.requests > a.requests ? b : a));
    expect(top.requests_rank).toBe(1);
    expect(s.find((r) => r.requests_rank === 1)!.requests_quantile).toBe(1);
    // Browser share and HTTP/2-3 share recomputed from the events with the documented rules.
    const isBrowserUa = (ua: string) =>
      /Chrome\/|Chromium\/|Firefox\/|Safari\/|Edg\//.test(ua) &&
      !/(curl|wget|python|go-http|bot|spider|crawl|headless)/i.test(ua);
    for (const row of s) {
      const mine = requests.filter((e) => e.handshake!.ja4 === row.ja4);
      const ua = (e: (typeof mine)[number]) =>
        e.request!.headers.find(([n]) => n.toLowerCase() === 'user-agent')?.[1] ?? '';
      expect(row.browser_share).toBeCloseTo(
        mine.filter((e) => isBrowserUa(ua(e))).length / mine.length,
        9,
      );
      expect(row.h2h3_share).toBeCloseTo(
        mine.filter((e) => ['2', '3'].includes(e.request!.http_version)).length / mine.length,
        9,
      );
      expect(row.ua_count).toBe(new Set(mine.map(ua)).size);
    }
    expect(s.find((r) => r.ja4 === JA4.firefox.ja4)!.browser_share).toBe(1);
    expect(s.find((r) => r.ja4 === JA4.chromeQuic.ja4)!.h2h3_share).toBe(1);
  });
});

describe('fingerprint drift', () => {
  it('lists exactly the IPs seen with more than one JA4, JA4s in order of first appearance', async () => {
    const changes = await ipJa4Changes(store.client, { start: START, end: END });
    const perIp = new Map<string, Set<string>>();
    for (const e of inWindow) {
      const s = perIp.get(e.src_ip) ?? new Set<string>();
      s.add(e.handshake!.ja4!);
      perIp.set(e.src_ip, s);
    }
    const expected = [...perIp]
      .filter(([, s]) => s.size >= 2)
      .map(([ip]) => ip)
      .sort();
    expect(changes.map((c) => c.src_ip).sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0); // NAT addresses with several browsers
    for (const c of changes) {
      const firsts = c.sequence.map((x) => x.first_seen);
      expect([...firsts].sort()).toEqual(firsts);
    }
  });

  it('groups JA4s sharing a cipher hash into families', async () => {
    const fams = await ja4Families(store.client, { start: START, end: END });
    const chrome = fams.find((f) => f.cipher_hash === '8daaf6152771')!;
    expect(chrome.prefix).toBe('t13d_8daaf6152771');
    expect(chrome.variants.map((v) => v.ja4).sort()).toEqual(
      [JA4.chrome.ja4, JA4.chrome2.ja4].sort(),
    );
    expect(fams.every((f) => f.variants.length >= 2)).toBe(true);
  });
});
