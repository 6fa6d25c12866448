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

/** An entity of the triage queue: an address as a whole (ja4 '') or one fingerprint from it. */
export interface AnomalyEntityOf {
  entity_type: 'ip' | 'ip_ja4';
  src_ip: string;
  ja4: string;
}

/**
 * A new version of every run that flagged each entity (all time), with another triage state:
 * versionAnomaly for a whole entity at once, one statement however many runs. Returns the number
 * of runs it versioned.
 */
export async function versionEntityRuns(
  ch: ClickHouseClient,
  entities: readonly AnomalyEntityOf[],
  state: AnomalyState,
  version: number,
): Promise<number> {
  const params = {
    ips: entities.map((e) => toStoredIp(e.src_ip)),
    ja4s: entities.map((e) => (e.entity_type === 'ip' ? '' : e.ja4)),
    types: entities.map((e) => e.entity_type),
    state,
    version,
  };
  const chosen = `(src_ip, ja4, toString(entity_type)) IN (
      SELECT toIPv6(t.1), t.2, t.3
      FROM (SELECT arrayJoin(arrayZip({ips:Array(String)}, {ja4s:Array(String)}, {types:Array(String)})) AS t))`;
  const rs = await ch.query({
    query: `SELECT count() AS n FROM (
       SELECT 1 FROM ${ML_DETECTED_ANOMALIES} WHERE ${chosen}
       GROUP BY detected_at, entity_type, src_ip, ja4, model_id)`,
    query_params: params,
    format: 'JSONEachRow',
  });
  const [counted] = await rs.json<{ n: string | number }>();
  await ch.command({
    query: `INSERT INTO ${ML_DETECTED_ANOMALIES}
      SELECT detected_at, entity_type, src_ip, ja4, model_id,
             argMax(run_id, version), argMax(score, version), argMax(threshold, version),
             argMax(features, version), argMax(reasons, version),
             {state:String}, {version:UInt64}
      FROM ${ML_DETECTED_ANOMALIES}
      WHERE ${chosen}
      GROUP BY detected_at, entity_type, src_ip, ja4, model_id`,
    query_params: params,
  });
  return Number(counted?.n ?? 0);
}
