// A detector run's flagged entities as output events: the (IP, JA4) level and, when it ran, the
// IP level.
import type { RunSummary } from '../detector/ops/service.js';
import type { AnomalyOut } from './event.js';

export function anomaliesOfRun(s: RunSummary): AnomalyOut[] {
  const at = s.windowEnd;
  const out: AnomalyOut[] = s.anomalies.map((a) => ({
    detected_at: at,
    entity_type: 'ip_ja4',
    src_ip: a.src_ip,
    ja4: a.ja4 ?? '',
    score: a.score,
    threshold: s.threshold,
    reasons: a.reasons,
    model_id: s.modelId,
    run_id: s.runId,
  }));
  for (const a of s.ipLevel?.anomalies ?? [])
    out.push({
      detected_at: at,
      entity_type: 'ip',
      src_ip: a.src_ip,
      ja4: '',
      score: a.score,
      threshold: s.ipLevel?.threshold ?? s.threshold,
      reasons: a.reasons,
      model_id: s.ipLevel?.modelId ?? s.modelId,
      run_id: s.runId,
    });
  return out;
}
