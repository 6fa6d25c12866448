// The ml_detected_anomalies table: its name, its row and its writes. A state change of an anomaly
// is a new row with the same key (src_ip, detected_at, entity_type, ja4, model_id) and a higher
// version (ReplacingMergeTree); reads take the latest version per key with argMax, never FINAL.
import type { ClickHouseClient } from '@clickhouse/client';
import { toStoredIp } from './ip.js';
import { microsToDateTime64 } from './time.js';

export const ML_DETECTED_ANOMALIES = 'ml_detected_anomalies';

export type AnomalyState = 'new' | 'investigating' | 'true_positive' | 'false_positive';

export interface Anomaly {
  detectedAtUs: number;
  entityType: 'ip' | 'ip_ja4';
  srcIp: string;
  ja4?: string;
  modelId: string;
  runId: string;
  score: number;
  threshold: number;
  features: Record<string, number>;
  reasons: string[];
  state?: AnomalyState;
  /** Defaults to now in microseconds: later writes win. */
  version?: number;
}

export interface AnomalyRow {
  detected_at: string;
  entity_type: 'ip' | 'ip_ja4';
  src_ip: string;
  ja4: string;
  model_id: string;
  run_id: string;
  score: number;
  threshold: number;
  features: Record<string, number>;
  reasons: string[];
  state: AnomalyState;
  version: number;
}

export function anomalyToRow(a: Anomaly): AnomalyRow {
  return {
    detected_at: microsToDateTime64(a.detectedAtUs),
    entity_type: a.entityType,
    src_ip: toStoredIp(a.srcIp),
    ja4: a.ja4 ?? '',
    model_id: a.modelId,
    run_id: a.runId,
    score: a.score,
    threshold: a.threshold,
    features: a.features,
    reasons: a.reasons,
    state: a.state ?? 'new',
    version: a.version ?? Date.now() * 1000,
  };
}

/** The key of one anomaly as the API and feedback name it (detected_at as stored, DateTime64(6)). */
export interface AnomalyKeyOf {
  src_ip: string;
  ja4: string;
  detected_at: string;
  model_id: string;
}

/**
 * A new version of one anomaly with another triage state, copied from its latest version. The
 * one place that writes a state change (the triage queue and analyst feedback both call it).
 */
export async function versionAnomaly(
  ch: ClickHouseClient,
  key: AnomalyKeyOf,
  state: AnomalyState,
  version: number,
): Promise<void> {
  await ch.command({
    query: `INSERT INTO ${ML_DETECTED_ANOMALIES}
      SELECT detected_at, entity_type, src_ip, ja4, model_id,
             argMax(run_id, version), argMax(score, version), argMax(threshold, version),
             argMax(features, version), argMax(reasons, version),
             {state:String}, {version:UInt64}
      FROM ${ML_DETECTED_ANOMALIES}
      WHERE src_ip = toIPv6({ip:String}) AND ja4 = {ja4:String}
        AND detected_at = {at:DateTime64(6)} AND model_id = {model:String}
      GROUP BY detected_at, entity_type, src_ip, ja4, model_id`,
    query_params: {
      state,
      version,
      ip: toStoredIp(key.src_ip),
      ja4: key.ja4,
      at: key.detected_at,
      model: key.model_id,
    },
  });
}
