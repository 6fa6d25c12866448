// Public surface of the detector for the API layer, the daemon and the CLI.
//
//   const detector = new DetectorService(store);        // operations over the store
//   await detector.run();                               // one run: anomalies + ml_models row
//   await detector.preview({ contamination: 0.02 });    // candidate tuning, nothing written
//   await detector.getTuning(); await detector.setTuning({ trees: 300 });
//   await detector.feedback({ src_ip, ja4, verdict: 'false_positive', analyst });
//   await detector.ja4Signals(); await detector.ipJa4Changes(); await detector.ja4Families();
//   registerDetectorMetrics(registry, detector);
//   const schedule = startDetectorSchedule(detector, { onError });   // schedule.stop() on shutdown
export {
  DetectorService,
  parseTuning,
  type RunSummary,
  type PreviewResult,
  type DetectorStats,
  type FlaggedEntity,
} from './ops/service.js';
export { Tuning, DEFAULT_TUNING, type TuningInput } from './ops/tuning.js';
export { FeedbackInput } from './ops/feedback.js';
export { registerDetectorMetrics } from './ops/metrics.js';
export { startDetectorSchedule, type DetectorScheduler } from './ops/scheduler.js';
export { IsolationForest } from './iforest/forest.js';
export { modelFromJson, modelToJson } from './iforest/model-format.js';
export { FEATURES, FEATURE_NAMES, type FeatureName } from './features/catalog.js';
export type { Ja4Signal } from './signals/ja4-signals.js';
export type { IpJa4Change, Ja4Family } from './signals/drift.js';
export { detectCommand } from './cli/detect-command.js';
