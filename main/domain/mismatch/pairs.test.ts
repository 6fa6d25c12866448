// The mismatch judgement fleet-wide and as a search filter, against requests written here with
// User-Agents and JA4s whose families are known (the detector's family list): the expected pairs
// and counts are worked out below from what was written, not with the code's SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateUp } from '../../storage/migrations/runner.js';
import { openStore, type Store } from '../../storage/store.js';
import { tempDir } from '../../storage/testing/temp-dir.js';
import { search } from '../search/operations.js';
import { listMismatches } from './pairs.js';

const CHROME_JA4 = 't13d1516h2_8daaf6152771_02713d6af862'; // Chromium's cipher hash (b part)
const CURL_JA4 = 't12d4605h2_85626a9a5f7f_aaf95bb78ec9'; // a tool in the family list
const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36';
const FIREFOX_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const CURL_UA = 'curl/8.4.0';
const UNKNOWN_JA4 = 't13d0000h2_000000000000_000000000000';

let store: Store;
const now = Date.now();
const window = {
  from: new Date(now - 3600_000).toISOString(),
  to: new Date(now + 60_000).toISOString(),
};
// [ja4, user agent, requests, distinct IPs]
const written: [string, string, number, number][] = [
  [CURL_JA4, CHROME_UA, 7, 3], // claims Chrome, is a tool: mismatch
  [CHROME_JA4, FIREFOX_UA, 2, 1], // claims Firefox, is Chrome: mismatch
  [CHROME_JA4, CHROME_UA, 9, 4], // consistent
  [CHROME_JA4, CURL_UA, 3, 1], // a tool UA: claims no browser
  [UNKNOWN_JA4, CHROME_UA, 4, 2], // JA4 unknown: nothing to say
];

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: tempDir() });
  await migrateUp(store);
  const rows = written.flatMap(([ja4, ua, n, ips], k) =>
    Array.from({ length: n }, (_, i) => ({
      ts: new Date(now - 600_000 + k * 1000 + i).toISOString().replace('T', ' ').replace('Z', ''),
      correlation: 'matched',
      src_ip: `::ffff:198.51.100.${(i % ips) + 1}`,
      src_port: 40000 + i,
      dst_ip: '::ffff:192.0.2.1',
      dst_port: 443,
      method: 'GET',
      host: 'shop.example',
      path: '/',
      status: 200,
      user_agent: ua,
      ja4,
      sensor: 't',
    })),
  );
  await store.insert('http_logs', rows);
});

afterAll(async () => {
  await store?.close();
});

describe('User-Agent claims a browser the JA4 is not', () => {
  it('lists the mismatched pairs fleet-wide with their requests and IPs', async () => {
    const r = await listMismatches(store.client, { window });
    expect(r.checked).toBe(written.length);
    expect(
      r.pairs.map((p) => [p.ja4, p.user_agent, p.requests, p.ips, p.ua_claims, p.ja4_family]),
    ).toEqual([
      [CURL_JA4, CHROME_UA, 7, 3, 'chrome', 'tool'],
      [CHROME_JA4, FIREFOX_UA, 2, 1, 'firefox', 'chrome'],
    ]);
    expect(r.total).toBe(2);
    expect(r.requests).toBe(9);
  });

  it('filters a request search to exactly those requests, alone or with other filters', async () => {
    const all = await search(store.client, {
      window,
      source: 'requests',
      filters: { mismatch: 'yes' },
    });
    expect(all.total).toBe(9);
    expect(new Set(all.rows.map((r) => `${r.ja4}|${r.user_agent}`))).toEqual(
      new Set([`${CURL_JA4}|${CHROME_UA}`, `${CHROME_JA4}|${FIREFOX_UA}`]),
    );
    const narrowed = await search(store.client, {
      window,
      source: 'requests',
      filters: { mismatch: 'yes', ja4: CURL_JA4, ip: '198.51.100.1' },
    });
    // Requests 0, 3 and 6 of the 7 came from .1 (i % 3).
    expect(narrowed.total).toBe(3);
  });
});
