// The JA4 -> family mapping the mismatch feature uses: the store's known_fingerprints (FoxIO's
// mapping, loaded by the migrations) merged with the detector's own list. Exact JA4s from the
// store win; the detector's cipher-hash prefixes fill what the store's list does not name.
import type { ClickHouseClient } from '@clickhouse/client';
import { JA4_FAMILIES, familyFromApplication, type Ja4FamilyRow } from './ja4-families.js';

export async function loadJa4Families(client: ClickHouseClient): Promise<Ja4FamilyRow[]> {
  const rs = await client.query({
    query:
      "SELECT fingerprint, application, library FROM known_fingerprints WHERE fingerprint_type = 'ja4'",
    format: 'JSONEachRow',
  });
  const rows = await rs.json<{ fingerprint: string; application: string; library: string }>();
  const merged = new Map<string, Ja4FamilyRow>();
  for (const row of JA4_FAMILIES) merged.set(row.key, row);
  for (const r of rows) {
    const family = familyFromApplication(r.application, r.library);
    if (family !== '') merged.set(r.fingerprint, { key: r.fingerprint, family });
  }
  return [...merged.values()];
}
