// The triage queue. Anomaly rows are versioned (ReplacingMergeTree): reads take the latest
// version per key with argMax, never FINAL; a state change inserts a new version.
import type { ClickHouseClient } from '@clickhouse/client';
import type { Anomaly, AnomalyKey, AnomalyState } from '../../../common/api/anomalies.js';
import type { DetectorService } from '../../detector/ops/service.js';
import { ML_DETECTED_ANOMALIES, versionAnomaly } from '../../storage/rows/anomalies.js';
import { displayIp, toStoredIp } from '../../storage/rows/ip.js';
import { rows } from '../../core/sql-parts.js';

export interface ListInput {
  from?: string;
  to?: string;
  states?: AnomalyState[];
  src_ip?: string;
  ja4?: string;
  level?: 'ip' | 'ip_ja4';
  limit?: number;
}

// Stored columns keep their names here (an alias named like a column would shadow it in WHERE);
// the outer queries format them.
const latest = `
  SELECT
    detected_at,
    src_ip,
    ja4,
    model_id,
    entity_type,
    argMax(score, version) AS score,
    argMax(threshold, version) AS threshold,
    argMax(reasons, version) AS reasons,
    argMax(features, version) AS features,
    toString(argMax(state, version)) AS state
  FROM ${ML_DETECTED_ANOMALIES}
  WHERE detected_at >= parseDateTime64BestEffort({from:String}, 6, 'UTC')
    AND detected_at <= parseDateTime64BestEffort({to:String}, 6, 'UTC')
    AND ({hasIp:UInt8} = 0 OR src_ip = toIPv6({ip:String}))
    AND ({ja4:String} = '' OR ja4 = {ja4:String})
    AND ({level:String} = '' OR entity_type = {level:String})
  GROUP BY detected_at, entity_type, src_ip, ja4, model_id`;

export async function listAnomalies(
  ch: ClickHouseClient,
  input: ListInput,
): Promise<{ anomalies: Anomaly[]; counts: Record<string, number> }> {
  const params = {
    from: input.from ?? new Date(Date.now() - 30 * 86_400_000).toISOString(),
    to: input.to ?? new Date(Date.now() + 60_000).toISOString(),
    // toIPv6('') fails even where the OR would skip it, so an absent filter gets a valid placeholder.
    hasIp: input.src_ip ? 1 : 0,
    ip: input.src_ip ? toStoredIp(input.src_ip) : '::',
    ja4: input.ja4 ?? '',
    level: input.level ?? '',
    states: input.states ?? [],
    limit: input.limit ?? 500,
  };
  // Both read the same latest versions; they are independent, so they run together.
  const [found, counts] = await Promise.all([
    rows<Omit<Anomaly, 'src_ip'> & { src_ip: string }>(
      ch,
      `SELECT toString(detected_at) AS detected_at, IPv6NumToString(src_ip) AS src_ip, ja4, model_id, toString(entity_type) AS entity_type, score, threshold, reasons, features, state FROM (${latest}) WHERE empty({states:Array(String)}) OR has({states:Array(String)}, state) ORDER BY score DESC, detected_at DESC LIMIT {limit:UInt32}`,
      params,
    ),
    rows<{ state: string; n: string | number }>(
      ch,
      `SELECT state, count() AS n FROM (${latest}) GROUP BY state`,
      params,
    ),
  ]);
  return {
    anomalies: found.map((r) => ({
      ...r,
      src_ip: displayIp(r.src_ip),
      score: Number(r.score),
      threshold: Number(r.threshold),
    })),
    counts: Object.fromEntries(counts.map((c) => [c.state, Number(c.n)])),
  };
}

/** True/false positive go through the detector's feedback (stored verdict + suppression); the
 * other states only version the anomaly row. */
export async function setAnomalyState(
  ch: ClickHouseClient,
  detector: DetectorService,
  input: { keys: AnomalyKey[]; state: AnomalyState; analyst?: string; note?: string },
): Promise<{ updated: number }> {
  let updated = 0;
  for (const key of input.keys) {
    if (input.state === 'true_positive' || input.state === 'false_positive') {
      const r = await detector.feedback({
        src_ip: key.src_ip,
        ja4: key.ja4,
        verdict: input.state,
        analyst: input.analyst ?? 'analyst',
        note: input.note ?? '',
        detected_at: key.detected_at,
        model_id: key.model_id,
      });
      if (r.anomalyUpdated) updated++;
      continue;
    }
    await versionAnomaly(ch, key, input.state, Date.now() * 1000 + updated);
    updated++;
  }
  return { updated };
}
