// Reads what the knowledge base (known_fingerprints) holds for one JA4: its exact entries and the
// entries sharing its cipher hash, then infers (infer.ts).
import type { ClickHouseClient } from '@clickhouse/client';
import type { Ja4Knowledge } from '../../../common/api/fingerprint-profile.js';
import { rows } from '../../core/sql-parts.js';
import { inferJa4, type KnownJa4 } from './infer.js';

export const KNOWN_COLUMNS = `application, library, device, os, notes, toString(family) AS family,
  toString(source) AS source, observed, method, toString(licence) AS licence`;

export async function ja4Knowledge(ch: ClickHouseClient, ja4: string): Promise<Ja4Knowledge> {
  const b = ja4.split('_')[1] ?? '';
  const found = await rows<KnownJa4>(
    ch,
    `SELECT fingerprint, ${KNOWN_COLUMNS}
     FROM known_fingerprints
     WHERE fingerprint_type = 'ja4'
       AND (fingerprint = {ja4:String} OR splitByChar('_', fingerprint)[2] = {b:String})
     ORDER BY fingerprint, source
     LIMIT 500`,
    { ja4, b },
  );
  return inferJa4(ja4, found);
}
