// Rows of the detector's tables. A state change of an anomaly is a new row with the same key
// (src_ip, detected_at, entity_type, ja4, model_id) and a higher version.
import { toStoredIp } from './ip.js';
import { microsToDateTime64 } from './time.js';

export const ML_DETECTED_ANOMALIES = 'ml_detected_anomalies';
export const ML_MODELS = 'ml_models';
export const ANALYST_FEEDBACK = 'analyst_feedback';

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
