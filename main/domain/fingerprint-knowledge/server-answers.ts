// When a server's answer (JA4S) may carry a name. A JA4S is shaped by the server's TLS stack and by
// what the client offered: every TLS 1.3 server that picks TLS_AES_128_GCM_SHA256 and answers with
// supported_versions and key_share writes t130200_1301_a56c5b993250 (nginx here answers Chromium,
// Firefox and wreq-js with it: capture-worker/test-fixtures/captures/clients), and so do Google's
// and Facebook's. FoxIO's mapping lists that value on its "Sliver Agent" row, beside Sliver's
// client JA4: the pair is what identifies Sliver, not the answer alone. So:
//   - a JA4S entry whose mapping row also names a client JA4 labels the answer only beside that
//     client JA4 (the pair was seen);
//   - a JA4S entry that names a server (family `server`) labels the answer on its own;
//   - any other JA4S entry (a client tool's name on a server answer) labels nothing.
import type { ClickHouseClient } from '@clickhouse/client';
import type { Counted } from '../../../common/api/time-range.js';
import { rows } from '../../core/sql-parts.js';

export interface Ja4sEntry {
  fingerprint: string;
  name: string;
  family: string;
  paired_with: string;
}

/** The label of one server answer given the client JA4 it answered ('' when unknown), or ''. */
export function serverAnswerLabel(
  ja4s: string,
  clientJa4: string,
  entries: readonly Ja4sEntry[],
): string {
  const names = entries
    .filter(
      (e) =>
        e.fingerprint === ja4s &&
        (e.paired_with !== '' ? e.paired_with === clientJa4 : e.family === 'server'),
    )
    .map((e) => e.name);
  return [...new Set(names)].join(' / ');
}

export async function ja4sEntries(
  ch: ClickHouseClient,
  values: readonly string[],
): Promise<Ja4sEntry[]> {
  const wanted = [...new Set(values.filter((v) => v !== ''))];
  if (wanted.length === 0) return [];
  return rows<Ja4sEntry>(
    ch,
    `SELECT fingerprint, if(application != '', application, if(library != '', library, os)) AS name,
            toString(family) AS family, paired_with
     FROM known_fingerprints
     WHERE fingerprint_type = 'ja4s' AND fingerprint IN {values:Array(String)}`,
    { values: wanted },
  );
}

/** Labels the answers one client JA4 received (the fingerprint profile's JA4S list). */
export async function labelServerAnswers(
  ch: ClickHouseClient,
  clientJa4: string,
  list: Counted[],
): Promise<void> {
  const entries = await ja4sEntries(
    ch,
    list.map((c) => c.value),
  );
  for (const c of list) {
    const label = serverAnswerLabel(c.value, clientJa4, entries);
    if (label) c.label = label;
  }
}
