import type { AnomalyKey } from '../../../../common/api/anomalies.js';

/** The stored-time form anomalies.setState takes ("YYYY-MM-DD hh:mm:ss.ffffff", UTC) from ISO text. */
export function storedTime(iso: string): string {
  return iso.replace('T', ' ').replace(/Z$/, '');
}

export function keyOf(a: {
  src_ip: string;
  ja4: string;
  detected_at: string;
  model_id: string;
}): AnomalyKey {
  return {
    src_ip: a.src_ip,
    ja4: a.ja4,
    detected_at: storedTime(a.detected_at),
    model_id: a.model_id,
  };
}

export const stateLabels = {
  new: 'New',
  investigating: 'Investigating',
  true_positive: 'True positive',
  false_positive: 'False positive',
} as const;

/** One entity of the queue: the address as a whole (ja4 '') or one fingerprint from it. */
export const entityId = (e: { entity_type: string; src_ip: string; ja4: string }): string =>
  `${e.entity_type}|${e.src_ip}|${e.ja4}`;
