// Model tuning and runs behind the Model view: thin over the detector service, which validates
// parameters (a bad one is a 400 naming its field) and owns the runs.
import type { ClickHouseClient } from '@clickhouse/client';
import { ZodError } from 'zod';
import { AppError } from '../../../common/util/errors.js';
import { INPUT_UNKNOWN } from '../../../common/util/zod-issues.js';
import { ApiError } from '../../../common/api/api-error.js';
import { inputError } from '../../core/input-error.js';
import { FEATURES } from '../../detector/features/catalog.js';
import type { DetectorService } from '../../detector/ops/service.js';
import { DEFAULT_TUNING } from '../../detector/ops/tuning.js';
import { rows } from '../../core/sql-parts.js';

/** Detector validation errors become `invalid` naming the field; a window with too few entities, a `conflict`. */
export async function asApiError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ZodError) throw inputError('tuning', err.issues, INPUT_UNKNOWN, 'tuning.');
    if (err instanceof AppError && err.code === 'detector.tuning_invalid') {
      const issues = err.context.issues as ZodError['issues'] | undefined;
      if (issues && issues.length > 0)
        throw inputError(
          'tuning',
          issues,
          'input' in err.context ? err.context.input : INPUT_UNKNOWN,
          'tuning.',
        );
    }
    if (err instanceof AppError && err.code === 'detector.too_few_entities')
      throw new ApiError('conflict', err.code, err.message);
    throw err;
  }
}

export async function modelTuning(detector: DetectorService) {
  const { warning, ...tuning } = await detector.getTuning();
  return {
    tuning: tuning as Record<string, unknown>,
    defaults: DEFAULT_TUNING as unknown as Record<string, unknown>,
    features: FEATURES.map((f) => ({ name: f.name, kind: f.kind })),
    ...(warning ? { warning } : {}),
  };
}

export async function modelApply(detector: DetectorService, tuning: Record<string, unknown>) {
  const saved = await asApiError(() => detector.setTuning(tuning));
  try {
    return { tuning: saved as unknown as Record<string, unknown>, run: await detector.run() };
  } catch (err) {
    // The parameters are saved either way; an empty window just has nothing to run on yet.
    return {
      tuning: saved as unknown as Record<string, unknown>,
      run: null,
      runError: (err as Error).message,
    };
  }
}

export async function modelRuns(ch: ClickHouseClient, limit: number) {
  const found = await rows(
    ch,
    `
      SELECT m.model_id AS model_id,
             -- Every run stores its level in params; the '-ip' suffix names it for rows written before that.
             if(JSONExtractString(m.params, 'level') != '', JSONExtractString(m.params, 'level'),
                if(endsWith(m.model_id, '-ip'), 'ip', 'ip_ja4')) AS level,
             toString(m.created_at) AS created_at, m.rows_trained AS rows_trained,
             m.threshold AS threshold, m.duration_ms AS duration_ms, toString(m.window_start) AS window_start,
             toString(m.window_end) AS window_end, m.features AS features, ifNull(c.n, 0) AS anomalies
      FROM ml_models AS m
      LEFT JOIN (
        -- Distinct keys: a triage state change adds a version of the same anomaly.
        SELECT model_id, uniqExact(src_ip, entity_type, ja4, detected_at) AS n FROM ml_detected_anomalies GROUP BY model_id
      ) AS c ON c.model_id = m.model_id
      -- A run's two levels side by side (the IP level's id is the pair level's + '-ip'), pair first.
      ORDER BY min(m.created_at) OVER (PARTITION BY replaceRegexpOne(m.model_id, '-ip$', '')) DESC,
               replaceRegexpOne(m.model_id, '-ip$', ''), level DESC
      LIMIT {limit:UInt32}`,
    { limit },
  );
  return {
    runs: found.map((r) => ({
      model_id: String(r.model_id),
      level: r.level === 'ip' ? ('ip' as const) : ('ip_ja4' as const),
      created_at: String(r.created_at),
      rows_trained: Number(r.rows_trained),
      threshold: Number(r.threshold),
      duration_ms: Number(r.duration_ms),
      window_start: String(r.window_start),
      window_end: String(r.window_end),
      features: r.features as string[],
      anomalies: Number(r.anomalies),
    })),
  };
}

/** A preview on a window too thin to score has no threshold: null, not NaN (JSON has no NaN). */
export async function modelPreview(detector: DetectorService, tuning: Record<string, unknown>) {
  const p = await asApiError(() => detector.preview(tuning));
  const finite = (n: number) => (Number.isFinite(n) ? n : null);
  return {
    ...p,
    threshold: finite(p.threshold),
    diff: { ...p.diff, currentThreshold: finite(p.diff.currentThreshold) },
  };
}
