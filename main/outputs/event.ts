// What outputs send: a correlated event (as the correlator made it) or an anomaly (a detector
// result as stored), each with the time it happened.
import type { CorrelatedEvent } from '../../common/events/correlated.js';

export interface AnomalyOut {
  detected_at: string;
  entity_type: 'ip' | 'ip_ja4';
  src_ip: string;
  ja4: string;
  score: number;
  threshold: number;
  reasons: string[];
  model_id: string;
  run_id: string;
}

export type OutputEvent =
  { type: 'correlated'; event: CorrelatedEvent } | { type: 'anomaly'; anomaly: AnomalyOut };

/** The JSON line / body of an event: its type and its fields. */
export function eventJson(e: OutputEvent): Record<string, unknown> {
  return e.type === 'correlated'
    ? { type: 'correlated', ...e.event }
    : { type: 'anomaly', ...e.anomaly };
}

export function eventTimeMs(e: OutputEvent): number {
  return e.type === 'correlated'
    ? Math.floor(e.event.ts_us / 1000)
    : Date.parse(e.anomaly.detected_at);
}
