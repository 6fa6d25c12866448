// Analyst feedback: a verdict per entity (or per IP: ja4 ''), stored in analyst_feedback. The
// latest verdict wins; a false positive is left out of training and never flagged again until a
// later true-positive verdict replaces it.
import { z } from 'zod';
import type { Store } from '../../storage/index.js';
import { toStoredIp } from '../../storage/rows/ip.js';
import { versionAnomaly } from '../../storage/rows/anomalies.js';
import { ANALYST_FEEDBACK } from '../../storage/rows/ml.js';
import { microsToDateTime64 } from '../../storage/rows/time.js';
import type { Entity } from '../features/compute.js';
import { displayIp } from '../features/sql-fragments.js';

export const FeedbackInput = z.object({
  src_ip: z.union([z.ipv4(), z.ipv6()]),
  /** '' = the verdict is about the IP with every fingerprint. */
  ja4: z.string().max(64).default(''),
  verdict: z.enum(['true_positive', 'false_positive']),
  analyst: z.string().min(1).max(128),
  note: z.string().max(4096).default(''),
  /** The anomaly the verdict came from (as stored: "YYYY-MM-DD hh:mm:ss.ffffff"), to update its state. */
  detected_at: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/)
    .optional(),
  model_id: z.string().max(128).optional(),
});
export type FeedbackInput = z.input<typeof FeedbackInput>;

let lastUs = 0;
function nowUs(): number {
  lastUs = Math.max(lastUs + 1, Date.now() * 1000);
  return lastUs;
}

export async function writeFeedback(
  store: Store,
  f: z.output<typeof FeedbackInput>,
): Promise<{ anomalyUpdated: boolean }> {
  const created = nowUs();
  await store.insert(ANALYST_FEEDBACK, [
    {
      created_at: microsToDateTime64(created),
      src_ip: toStoredIp(f.src_ip),
      ja4: f.ja4,
      entity_type: f.ja4 === '' ? 'ip' : 'ip_ja4',
      detected_at: f.detected_at ?? null,
      model_id: f.model_id ?? '',
      verdict: f.verdict,
      analyst: f.analyst,
      note: f.note,
    },
  ]);
  if (f.detected_at === undefined || f.model_id === undefined) return { anomalyUpdated: false };
  // The anomaly's triage state: a new version of the same key, copied from the latest.
  await versionAnomaly(
    store.client,
    { src_ip: f.src_ip, ja4: f.ja4, detected_at: f.detected_at, model_id: f.model_id },
    f.verdict,
    nowUs(),
  );
  return { anomalyUpdated: true };
}

/** Entities whose latest verdict is false positive, as a test for the detector. */
export async function loadFalsePositives(
  store: Store,
): Promise<{ count: number; test: (e: Entity) => boolean }> {
  const rs = await store.client.query({
    query: `SELECT ${displayIp('src_ip')} AS ip, toString(ja4) AS ja4
            FROM ${ANALYST_FEEDBACK}
            GROUP BY src_ip, ja4
            HAVING argMax(verdict, created_at) = 'false_positive'`,
    format: 'JSONEachRow',
  });
  const rows = await rs.json<{ ip: string; ja4: string }>();
  const keys = new Set(rows.map((r) => `${r.ip}|${r.ja4}`));
  return {
    count: rows.length,
    test: (e) => keys.has(`${e.src_ip}|${e.ja4}`) || keys.has(`${e.src_ip}|`),
  };
}
