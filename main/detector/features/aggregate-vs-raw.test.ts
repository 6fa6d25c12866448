// The switch from raw rows to per-minute aggregates, proven rather than assumed: on the labelled
// generator's traffic (people, NAT, scrapers, stuffers, curl with a Chrome UA, low-and-slow
// crawlers, a botnet, 29 days of history) both queries must give the same entities and the same
// value for every feature — counts exactly, ratios, entropy and the interval CV within 1e-9.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateUp, openStore, type Store } from '../../storage/index.js';
import { HTTP_LOGS, correlatedToRow } from '../../storage/rows/http.js';
import { tempDir } from '../../storage/testing/temp-dir.js';
import { generateScenario, DEFAULT_SCENARIO } from '../../../tools/traffic-gen/scenario.js';
import { computeFeatures, type FeatureQuery } from './compute.js';
import { loadJa4Families } from './families.js';
import type { Ja4FamilyRow } from './ja4-families.js';
import { compareFeatures } from './testing/compare.js';

const END = DEFAULT_SCENARIO.end;
const HOUR = 3_600_000;
// A smaller cast than the default scenario keeps the test quick; every bot kind is still there.
const { events } = generateScenario({ seed: 7, humanIps: 150, botnetIps: 12 });

let store: Store;
let families: Ja4FamilyRow[];
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: tempDir('ja4ws-aggraw-') });
  await migrateUp(store);
  const rows = events.map(correlatedToRow);
  // Several inserts: the aggregate then holds several unmerged rows per key, as it does live.
  for (let i = 0; i < rows.length; i += 3_000)
    await store.insert(HTTP_LOGS, rows.slice(i, i + 3_000));
  families = await loadJa4Families(store.client);
});
afterAll(async () => store.close());

async function both(q: Omit<FeatureQuery, 'families'>) {
  const raw = await computeFeatures(store.client, { ...q, families, source: 'raw' });
  const agg = await computeFeatures(store.client, { ...q, families });
  return { raw, agg, diff: compareFeatures(agg, raw) };
}

const zeros = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, 0]));

describe('features from the aggregates equal the raw-row features', () => {
  it.each([
    ['per (IP, JA4), the scored hour', { perIp: false }],
    ['per IP, the scored hour', { perIp: true }],
  ])('%s', async (_name, { perIp }) => {
    const { raw, agg, diff } = await both({
      start: END - HOUR,
      end: END,
      minRequests: 5,
      perIp,
    });
    expect(raw.entities.length).toBeGreaterThan(150);
    expect(agg.entities).toEqual(raw.entities);
    expect(diff.differing).toEqual(zeros(raw.names));
    // The features are not trivially equal: they vary across entities.
    const cv = raw.names.indexOf('interval_cv');
    const cvs = new Set(raw.entities.map((_, r) => raw.raw.data[r * raw.raw.cols + cv]));
    expect(cvs.size).toBeGreaterThan(50);
  });

  it('over a window cutting the scored hour in half, with a low minimum', async () => {
    const { raw, agg, diff } = await both({
      start: END - 50 * 60_000,
      end: END - 20 * 60_000,
      minRequests: 1,
    });
    expect(raw.entities.length).toBeGreaterThan(100);
    expect(agg.entities).toEqual(raw.entities);
    expect(diff.differing).toEqual(zeros(raw.names));
  });

  it('with allowlisted IPs, CIDRs and JA4s, per (IP, JA4) and per IP', async () => {
    const first = await both({ start: END - HOUR, end: END, minRequests: 5 });
    const [a, b] = first.raw.entities;
    const allow = {
      allowIps: [a!.src_ip],
      allowCidrs: [`${b!.src_ip}/32`],
      allowJa4: [first.raw.entities[5]!.ja4],
    };
    for (const perIp of [false, true]) {
      const { raw, agg, diff } = await both({
        start: END - HOUR,
        end: END,
        minRequests: 5,
        perIp,
        ...allow,
      });
      expect(raw.entities.map((e) => e.src_ip)).not.toContain(a!.src_ip);
      expect(agg.entities).toEqual(raw.entities);
      // Per IP with a JA4 allowlisted the raw query's peak minute still counted that JA4's
      // requests (its peak subquery ignores the allowlists); the aggregate query leaves them out
      // like every other feature, so its peak never exceeds the entity's requests.
      const { peak_rpm: _peak, ...rest } = diff.differing;
      expect(rest).toEqual(zeros(raw.names.filter((n) => n !== 'peak_rpm')));
      if (!perIp) expect(diff.differing.peak_rpm).toBe(0);
      const [req, peak] = ['requests', 'peak_rpm'].map((n) => agg.names.indexOf(n as never));
      agg.entities.forEach((_, r) => {
        const row = agg.raw.data.subarray(r * agg.raw.cols, (r + 1) * agg.raw.cols);
        expect(row[peak!]!).toBeLessThanOrEqual(row[req!]!);
      });
    }
  });
});
