// The detector's figures in /metrics, read at scrape time from the service's own counters.
import { Gauge, type Registry } from 'prom-client';
import type { DetectorService } from './service.js';

export function registerDetectorMetrics(registry: Registry, service: DetectorService): void {
  new Gauge({
    name: 'ja4ws_detector_runs',
    help: 'Detector runs since start, by outcome',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      const s = service.stats();
      this.set({ outcome: 'ok' }, s.runs);
      this.set({ outcome: 'failed' }, s.runFailures);
    },
  });
  new Gauge({
    name: 'ja4ws_detector_last_run_entities',
    help: 'Entities in the last run by kind (scored, anomalies, suppressed by feedback)',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      const r = service.stats().lastRun;
      this.set({ kind: 'scored' }, r?.entities ?? 0);
      this.set({ kind: 'anomalies' }, r?.anomalies ?? 0);
      this.set({ kind: 'suppressed' }, r?.suppressed ?? 0);
    },
  });
  new Gauge({
    name: 'ja4ws_detector_feedback',
    help: 'Analyst verdicts recorded since start, and false positives currently suppressing entities',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      const s = service.stats();
      this.set({ kind: 'true_positive' }, s.feedback.true_positive);
      this.set({ kind: 'false_positive' }, s.feedback.false_positive);
      this.set({ kind: 'suppressing' }, s.falsePositivesKnown);
    },
  });
}
