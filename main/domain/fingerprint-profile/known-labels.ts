// Known-application labels (known_fingerprints, loaded from the shipped CSV) for a set of values.
import type { ClickHouseClient } from '@clickhouse/client';
import type { Counted } from '../../../common/api/time-range.js';
import { rows } from '../../core/sql-parts.js';

export async function knownLabels(
  ch: ClickHouseClient,
  type: 'ja4' | 'ja4s' | 'ja4x' | 'ja4h' | 'ja4t',
  values: readonly string[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(values.filter((v) => v !== ''))];
  if (wanted.length === 0) return new Map();
  const found = await rows<{ fingerprint: string; label: string }>(
    ch,
    `SELECT fingerprint,
            arrayStringConcat(arrayDistinct(groupArray(
              if(application != '', application, if(library != '', library, os)))), ' / ') AS label
     FROM known_fingerprints
     WHERE fingerprint_type = {type:String} AND fingerprint IN {values:Array(String)}
     GROUP BY fingerprint`,
    { type, values: wanted },
  );
  return new Map(found.filter((r) => r.label !== '').map((r) => [r.fingerprint, r.label]));
}

/** Sets `label` on each counted value that has a known-application label. */
export async function labelCounted(
  ch: ClickHouseClient,
  type: Parameters<typeof knownLabels>[1],
  list: Counted[],
): Promise<void> {
  const labels = await knownLabels(
    ch,
    type,
    list.map((c) => c.value),
  );
  for (const c of list) {
    const label = labels.get(c.value);
    if (label) c.label = label;
  }
}
