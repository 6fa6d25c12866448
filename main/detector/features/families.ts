// The JA4 -> family mapping the mismatch feature uses: the store's known_fingerprints (the
// knowledge base: FoxIO's mapping and the clients observed here, loaded by the migrations) merged
// with the detector's own list. Exact JA4s from the store win; the detector's cipher-hash
// prefixes fill what the store's list does not name. An impersonation library's JA4 counts as a
// tool: a request with a browser's User-Agent over it is exactly the mismatch to see.
import type { ClickHouseClient } from '@clickhouse/client';
import { JA4_FAMILIES, type ClientFamily, type Ja4FamilyRow } from './ja4-families.js';

const AS_CLIENT: Record<string, ClientFamily> = {
  chrome: 'chrome',
  firefox: 'firefox',
  safari: 'safari',
  tool: 'tool',
  impersonator: 'tool',
};

export async function loadJa4Families(client: ClickHouseClient): Promise<Ja4FamilyRow[]> {
  const rs = await client.query({
    query:
      "SELECT fingerprint, toString(family) AS family FROM known_fingerprints WHERE fingerprint_type = 'ja4'",
    format: 'JSONEachRow',
  });
  const rows = await rs.json<{ fingerprint: string; family: string }>();
  const merged = new Map<string, Ja4FamilyRow>();
  for (const row of JA4_FAMILIES) merged.set(row.key, row);
  for (const r of rows) {
    const family = AS_CLIENT[r.family];
    if (family) merged.set(r.fingerprint, { key: r.fingerprint, family });
  }
  return [...merged.values()];
}
