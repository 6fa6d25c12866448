// The detector's operations, as plain async functions over a store: what the API layer, the
// scheduler and the CLI call. Each run reads the last window of http_logs, fits a fresh forest
// (the window is the training set; false positives left out), scores, and writes the anomalies
// and a model row. A preview does the same with candidate parameters and writes nothing.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../common/util/errors.js';
import { issuesMessage } from '../../../common/util/zod-issues.js';
import type { Store } from '../../storage/index.js';
import { anomalyToRow, ML_DETECTED_ANOMALIES } from '../../storage/rows/anomalies.js';
import { ML_MODELS } from '../../storage/rows/ml.js';
import { microsToDateTime64 } from '../../storage/rows/time.js';
import {
  computeFeatures,
  minuteWindow,
  type Entity,
  type FeatureTable,
} from '../features/compute.js';
import { loadJa4Families } from '../features/families.js';
import { detectWithCohorts } from '../cohort/detect-cohort.js';
import { loadCohortRows } from '../cohort/rows.js';
import { BEHAVIOUR_NAMES } from '../cohort/behaviour.js';
import type { Ja4FamilyRow } from '../features/ja4-families.js';
import {
  detect,
  entityKey,
  scoreHistogram,
  type Detection,
  type Histogram,
} from '../run/detect.js';
import { FeedbackInput, loadFalsePositives, writeFeedback } from './feedback.js';
import { loadTuning, saveTuning } from './tuning-store.js';
import { Tuning, detectParams } from './tuning.js';

export interface FlaggedEntity extends Entity {
  score: number;
  reasons: string[];
}

/** The IP-level pass of a run (entity_type 'ip': one entity per address, ja4 ''). */
export interface LevelSummary {
  modelId: string;
  entities: number;
  threshold: number;
  anomalies: FlaggedEntity[];
  suppressed: number;
  histogram: Histogram;
}

export interface RunSummary {
  runId: string;
  modelId: string;
  windowStart: string;
  windowEnd: string;
  entities: number;
  rowsTrained: number;
  threshold: number;
  anomalies: FlaggedEntity[];
  suppressed: number;
  histogram: Histogram;
  durationMs: number;
  /** Present when tuning.ipLevel is on and the window has >= 2 IPs to score. */
  ipLevel?: LevelSummary;
}

export interface PreviewResult {
  tuning: Tuning;
  windowStart: string;
  windowEnd: string;
  entities: number;
  threshold: number;
  flagged: FlaggedEntity[];
  histogram: Histogram;
  /** Against the current (persisted) parameters on the same window. */
  diff: {
    added: FlaggedEntity[];
    removed: FlaggedEntity[];
    unchanged: number;
    currentThreshold: number;
  };
}

export interface DetectorStats {
  runs: number;
  runFailures: number;
  lastRun?: {
    at: string;
    entities: number;
    anomalies: number;
    suppressed: number;
    durationMs: number;
  };
  feedback: { true_positive: number; false_positive: number };
  falsePositivesKnown: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

function flagged(d: Detection): FlaggedEntity[] {
  return d.results
    .filter((r) => r.is_anomaly)
    .sort((a, b) => b.score - a.score)
    .map((r) => ({
      src_ip: r.src_ip,
      ja4: r.ja4,
      score: r.score,
      reasons: r.reasons.map((x) => x.text),
    }));
}

export class DetectorService {
  private readonly counters: DetectorStats = {
    runs: 0,
    runFailures: 0,
    feedback: { true_positive: 0, false_positive: 0 },
    falsePositivesKnown: 0,
  };

  constructor(
    private readonly store: Store,
    private readonly clock: () => number = Date.now,
  ) {}

  async getTuning(): Promise<Tuning & { warning?: string }> {
    const { tuning, warning } = await loadTuning(this.store);
    return warning ? { ...tuning, warning } : tuning;
  }

  /** Validates and persists; a partial input changes only the fields it names. */
  async setTuning(input: unknown): Promise<Tuning> {
    const { tuning: current } = await loadTuning(this.store);
    const merged = typeof input === 'object' && input !== null ? { ...current, ...input } : input;
    const next = parseTuning(merged);
    await saveTuning(this.store, next);
    return next;
  }

  /**
   * `endMs` must be a whole minute (minuteWindow): the features come from per-minute aggregates.
   * `families` (loadJa4Families) is read once per run or preview and shared by its feature reads.
   */
  private async features(
    t: Tuning,
    endMs: number,
    families: readonly Ja4FamilyRow[],
    perIp = false,
  ): Promise<FeatureTable> {
    return computeFeatures(this.store.client, {
      perIp,
      start: endMs - t.windowMinutes * 60_000,
      end: endMs,
      minRequests: t.minRequests,
      allowIps: t.allowlist.ips,
      allowCidrs: t.allowlist.cidrs,
      allowJa4: t.allowlist.ja4s,
      families,
    });
  }

  /**
   * One scheduled or on-demand run over the window ending now (or `now`). A scheduled window
   * passes its own `runId` (the same for whoever runs it), so the deduplication tokens of its
   * inserts are the window's: a second run of one window cannot store a second set.
   */
  async run(opts: { now?: number; runId?: string } = {}): Promise<RunSummary> {
    try {
      // Whole minutes, rounded up so the newest requests are in (the aggregates are per minute).
      return await this.runOnce(minuteWindow(opts.now ?? this.clock(), 0).end, opts.runId);
    } catch (err) {
      this.counters.runFailures++;
      throw err;
    }
  }

  private async runOnce(endMs: number, givenRunId?: string): Promise<RunSummary> {
    const { tuning } = await loadTuning(this.store);
    const families = await loadJa4Families(this.store.client);
    const table = await this.features(tuning, endMs, families);
    const fp = await loadFalsePositives(this.store);
    this.counters.falsePositivesKnown = fp.count;
    const startMs = endMs - tuning.windowMinutes * 60_000;
    const runId = givenRunId ?? randomUUID();
    const modelId = `iforest-${iso(endMs)}-${runId.slice(0, 8)}`;
    if (table.entities.length < 2) {
      throw new AppError(
        'detector.too_few_entities',
        `only ${table.entities.length} entities with >= ${tuning.minRequests} requests between ${iso(startMs)} and ${iso(endMs)}: nothing to train on`,
        { entities: table.entities.length },
      );
    }
    const d = detect(table, detectParams(tuning), { isFalsePositive: fp.test });
    await this.persist(d, tuning, 'ip_ja4', modelId, runId, startMs, endMs);
    const anomalies = d.results.filter((r) => r.is_anomaly);
    let ipLevel: LevelSummary | undefined;
    if (tuning.ipLevel) {
      const ipTable = await this.features(tuning, endMs, families, true);
      if (ipTable.entities.length >= 2) {
        // With cohort scoring (the default) whole IPs are judged on the behaviour features, with
        // their cohorts and NAT awareness (cohort/), exactly as `ja4ws detect --level ip` does.
        const di = tuning.cohortScoring
          ? detectWithCohorts(
              await loadCohortRows(this.store.client, {
                start: startMs,
                end: endMs,
                allowIps: tuning.allowlist.ips,
                allowCidrs: tuning.allowlist.cidrs,
                allowJa4: tuning.allowlist.ja4s,
                families,
              }),
              {
                ...detectParams(tuning),
                minRequests: tuning.minRequests,
                cohortMinIps: tuning.cohortMinIps,
                cohortScoring: true,
              },
              { isFalsePositive: (ip) => fp.test({ src_ip: ip, ja4: '' }) },
            )
          : detect(ipTable, detectParams(tuning), { isFalsePositive: fp.test });
        const ipModelId = `${modelId}-ip`;
        await this.persist(di, tuning, 'ip', ipModelId, runId, startMs, endMs);
        ipLevel = {
          modelId: ipModelId,
          entities: ipTable.entities.length,
          threshold: di.threshold,
          anomalies: flagged(di),
          suppressed: di.results.filter((r) => r.suppressed).length,
          histogram: di.histogram,
        };
      }
    }
    const suppressed = d.results.filter((r) => r.suppressed).length;
    this.counters.runs++;
    this.counters.lastRun = {
      at: iso(endMs),
      entities: table.entities.length,
      anomalies: anomalies.length,
      suppressed,
      durationMs: d.durationMs,
    };
    return {
      runId,
      modelId,
      windowStart: iso(startMs),
      windowEnd: iso(endMs),
      entities: table.entities.length,
      rowsTrained: d.rowsTrained,
      threshold: d.threshold,
      anomalies: flagged(d),
      suppressed,
      histogram: d.histogram,
      durationMs: d.durationMs,
      ...(ipLevel ? { ipLevel } : {}),
    };
  }

  /** One level's anomalies and its ml_models row; dedup tokens make a retried insert a no-op. */
  private async persist(
    d: Detection,
    tuning: Tuning,
    level: 'ip' | 'ip_ja4',
    modelId: string,
    runId: string,
    startMs: number,
    endMs: number,
  ): Promise<void> {
    const anomalies = d.results.filter((r) => r.is_anomaly);
    const endUs = endMs * 1000;
    if (anomalies.length > 0) {
      await this.store.insert(
        ML_DETECTED_ANOMALIES,
        anomalies.map((r) =>
          anomalyToRow({
            detectedAtUs: endUs,
            entityType: level,
            srcIp: r.src_ip,
            ja4: r.ja4,
            modelId,
            runId,
            score: r.score,
            threshold: d.threshold,
            features: r.features,
            reasons: r.reasons.map((x) => x.text),
          }),
        ),
        { dedupToken: `anomalies-${runId}-${level}` },
      );
    }
    const bins = d.histogram.counts.length;
    await this.store.insert(
      ML_MODELS,
      [
        {
          model_id: modelId,
          created_at: microsToDateTime64(this.clock() * 1000),
          params: JSON.stringify({ ...tuning, level }),
          // The forest itself is not stored: fitting is deterministic (seed + window), so the
          // parameters and the window reproduce it; storing ~2 MB every 5 minutes would not pay.
          model: JSON.stringify({
            kind: 'isolation-forest',
            offset: -d.threshold,
            medians: d.medians,
            seed: tuning.seed,
          }),
          features: 'cohorts' in d ? [...BEHAVIOUR_NAMES] : detectParams(tuning).features,
          rows_trained: d.rowsTrained,
          threshold: d.threshold,
          score_histogram: d.histogram.edges.map((e, i) => ({
            upper: Math.round((e + 1 / bins) * 1e6) / 1e6,
            count: d.histogram.counts[i]!,
          })),
          duration_ms: Math.round(d.durationMs),
          window_start: microsToDateTime64(startMs * 1000),
          window_end: microsToDateTime64(endUs),
        },
      ],
      { dedupToken: `model-${runId}-${level}` },
    );
  }

  /** Candidate parameters on the last window: who would be flagged, and what changes. Writes nothing. */
  async preview(candidateInput: unknown, opts: { now?: number } = {}): Promise<PreviewResult> {
    const endMs = minuteWindow(opts.now ?? this.clock(), 0).end;
    const { tuning: current } = await loadTuning(this.store);
    const merged =
      typeof candidateInput === 'object' && candidateInput !== null
        ? { ...current, ...candidateInput }
        : candidateInput;
    const candidate = parseTuning(merged);
    const fp = await loadFalsePositives(this.store);
    const families = await loadJa4Families(this.store.client);
    const cand = await this.features(candidate, endMs, families);
    const cur =
      candidate.windowMinutes === current.windowMinutes &&
      candidate.minRequests === current.minRequests &&
      JSON.stringify(candidate.allowlist) === JSON.stringify(current.allowlist)
        ? cand
        : await this.features(current, endMs, families);
    const run = (t: Tuning, table: FeatureTable) =>
      table.entities.length >= 2
        ? detect(table, detectParams(t), { isFalsePositive: fp.test })
        : undefined;
    const dc = run(candidate, cand);
    const du = run(current, cur);
    const now = dc ? flagged(dc) : [];
    const before = du ? flagged(du) : [];
    const beforeKeys = new Set(before.map(entityKey));
    const nowKeys = new Set(now.map(entityKey));
    return {
      tuning: candidate,
      windowStart: iso(endMs - candidate.windowMinutes * 60_000),
      windowEnd: iso(endMs),
      entities: cand.entities.length,
      threshold: dc?.threshold ?? Number.NaN,
      flagged: now,
      histogram: dc?.histogram ?? scoreHistogram([]),
      diff: {
        added: now.filter((e) => !beforeKeys.has(entityKey(e))),
        removed: before.filter((e) => !nowKeys.has(entityKey(e))),
        unchanged: now.filter((e) => beforeKeys.has(entityKey(e))).length,
        currentThreshold: du?.threshold ?? Number.NaN,
      },
    };
  }

  async feedback(input: unknown): Promise<{ anomalyUpdated: boolean }> {
    const parsed = FeedbackInput.safeParse(input);
    if (!parsed.success) {
      throw new AppError(
        'detector.feedback_invalid',
        `feedback: ${issuesMessage(parsed.error.issues, input)}`,
        { issues: parsed.error.issues, input },
      );
    }
    const res = await writeFeedback(this.store, parsed.data);
    this.counters.feedback[parsed.data.verdict]++;
    return res;
  }

  stats(): DetectorStats {
    return structuredClone(this.counters);
  }
}

export function parseTuning(input: unknown): Tuning {
  const parsed = Tuning.safeParse(input);
  if (!parsed.success) {
    throw new AppError(
      'detector.tuning_invalid',
      `tuning: ${issuesMessage(parsed.error.issues, input)}`,
      { issues: parsed.error.issues, input },
    );
  }
  return parsed.data;
}
