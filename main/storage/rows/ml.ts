// Names of the detector's other tables: ml_models (one row per run, main/detector/ops/service.ts)
// and analyst_feedback (verdicts, main/detector/ops/feedback.ts). ml_detected_anomalies has its
// own module (anomalies.ts).
export const ML_MODELS = 'ml_models';
export const ANALYST_FEEDBACK = 'analyst_feedback';
