// The detector's operations, as plain async functions over a store: what the API layer, the
// scheduler and the CLI call. Each run reads the last window of http_logs, fits a fresh forest
// (the window is the training set; false positives left out), scores, and writes the anomalies
// and a model row. A preview does the same with candidate parameters and writes nothing.
import { randomUUID } from 'node:crypto';
import { previewDiff } from '../../../common/api/model-diff.js';
import type {
  EntityLevel,
  PreviewCohort,
  PreviewEntity,
  PreviewLevel,
} from '../../../common/api/model.js';
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
import { detectWithCohorts, type CohortDetection } from '../cohort/detect-cohort.js';
import { loadCohortRows, type CohortRows } from '../cohort/rows.js';
import { BEHAVIOUR_NAMES } from '../cohort/behaviour.js';
import type { Ja4FamilyRow } from '../features/ja4-families.js';
import { detect, scoreHistogram, type Detection, type Histogram } from '../run/detect.js';
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
  /** Both levels together. */
  entities: number;
  /** The (IP, JA4) level's; NaN when it has fewer than 2 entities. */
  threshold: number;
  flagged: PreviewEntity[];
  histogram: Histogram;
  /** Against the current (persisted) parameters on the same window, both levels. */
  diff: {
    added: PreviewEntity[];
    removed: PreviewEntity[];
    unchanged: number;
    currentThreshold: number;
  };
  levels: PreviewLevel[];
  cohorts: PreviewCohort[];
}

/**
 * Entities a preview lists per level beyond those flagged (with reasons): enough to drag the
 * threshold well below the flagged tail with exact lists, small enough to send.
 */
export const PREVIEW_LISTED = 500;
const PREVIEW_COHORTS = 100;

/** One level's detection in a run or preview. */
interface LevelRun {
  level: EntityLevel;
  /** Entities the level's features table holds (a run's `entities`). */
  entities: number;
  d: Detection | CohortDetection;
}

type FalsePositives = Awaited<ReturnType<typeof loadFalsePositives>>;

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

const finiteOrNull = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n : null);

/** A level of a preview: the candidate's listed entities and what the current parameters flag. */
function previewLevel(level: EntityLevel, cand?: LevelRun, cur?: LevelRun): PreviewLevel {
  const tag = (e: FlaggedEntity): PreviewEntity => ({ ...e, level });
  const judged = (cand?.d.results ?? [])
    .filter((r) => !r.suppressed && r.score > 0)
    .sort((a, b) => b.score - a.score);
  const take = Math.max(PREVIEW_LISTED, judged.filter((r) => r.is_anomaly).length);
  const scored = judged.slice(0, take);
  return {
    level,
    entities: cand?.d.results.length ?? 0,
    threshold: finiteOrNull(cand?.d.threshold),
    currentThreshold: finiteOrNull(cur?.d.threshold),
    histogram: cand?.d.histogram ?? scoreHistogram([]),
    scored: scored.map((r) =>
      tag({ src_ip: r.src_ip, ja4: r.ja4, score: r.score, reasons: r.reasons.map((x) => x.text) }),
    ),
    // Everything unlisted scores at or below the last listed entity.
    floor: take < judged.length ? scored[scored.length - 1]!.score : 0,
    current: cur ? flagged(cur.d).map(tag) : [],
  };
}

/** The highest-scored cohorts, flagged or not: the view shows those above the threshold it shows. */
function topCohorts(run?: LevelRun): PreviewCohort[] {
  if (!run || !('cohorts' in run.d)) return [];
  return [...run.d.cohorts]
    .sort((a, b) => b.score - a.score)
    .slice(0, PREVIEW_COHORTS)
    .map((c) => ({
      kind: c.kind,
      ja4: c.ja4,
      detail: c.detail,
      ips: c.ips,
      score: c.score,
      reason: c.reason,
    }));
}

/** Window reads of one run or preview, each made once whichever parameters ask for it. */
class WindowReads {
  private readonly memo = new Map<string, Promise<unknown>>();
  private once<T>(key: unknown, read: () => Promise<T>): Promise<T> {
    const k = JSON.stringify(key);
    let p = this.memo.get(k) as Promise<T> | undefined;
    if (!p) this.memo.set(k, (p = read()));
    return p;
  }
  constructor(
    private readonly store: Store,
    readonly endMs: number,
    readonly families: readonly Ja4FamilyRow[],
  ) {}
  features(t: Tuning, perIp: boolean): Promise<FeatureTable> {
    const q = {
      perIp,
      start: this.endMs - t.windowMinutes * 60_000,
      end: this.endMs,
      minRequests: t.minRequests,
      allowIps: t.allowlist.ips,
      allowCidrs: t.allowlist.cidrs,
      allowJa4: t.allowlist.ja4s,
    };
    return this.once(['features', q], () =>
      computeFeatures(this.store.client, { ...q, families: this.families }),
    );
  }
  cohortRows(t: Tuning): Promise<CohortRows> {
    const q = {
      start: this.endMs - t.windowMinutes * 60_000,
      end: this.endMs,
      allowIps: t.allowlist.ips,
      allowCidrs: t.allowlist.cidrs,
      allowJa4: t.allowlist.ja4s,
    };
    return this.once(['cohorts', q], () =>
      loadCohortRows(this.store.client, { ...q, families: this.families }),
    );
  }
}

/**
 * Both levels of a run with `tuning`, exactly as a run scores them: a preview calls this too, so
 * what it shows is what applying would store. A level with fewer than 2 entities is left out.
 */
async function detectLevels(
  reads: WindowReads,
  tuning: Tuning,
  fp: FalsePositives,
  explainTop = 0,
): Promise<{ pairEntities: number; pair?: LevelRun; ip?: LevelRun }> {
  const table = await reads.features(tuning, false);
  const pair: LevelRun | undefined =
    table.entities.length >= 2
      ? {
          level: 'ip_ja4',
          entities: table.entities.length,
          d: detect(table, detectParams(tuning), { isFalsePositive: fp.test }, { explainTop }),
        }
      : undefined;
  if (!tuning.ipLevel) return { pairEntities: table.entities.length, ...(pair ? { pair } : {}) };
  const ipTable = await reads.features(tuning, true);
  let ip: LevelRun | undefined;
  if (ipTable.entities.length >= 2) {
    // With cohort scoring (the default) whole IPs are judged on the behaviour features, with
    // their cohorts and NAT awareness (cohort/), exactly as `ja4ws detect --level ip` does.
    const d = tuning.cohortScoring
      ? detectWithCohorts(
          await reads.cohortRows(tuning),
          {
            ...detectParams(tuning),
            minRequests: tuning.minRequests,
            cohortMinIps: tuning.cohortMinIps,
            cohortScoring: true,
          },
          { isFalsePositive: (addr) => fp.test({ src_ip: addr, ja4: '' }) },
          { explainTop },
        )
      : detect(ipTable, detectParams(tuning), { isFalsePositive: fp.test }, { explainTop });
    ip = { level: 'ip', entities: ipTable.entities.length, d };
  }
  return {
    pairEntities: table.entities.length,
    ...(pair ? { pair } : {}),
    ...(ip ? { ip } : {}),
  };
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

  /** `endMs` must be a whole minute (minuteWindow): the features come from per-minute aggregates. */
  private async runOnce(endMs: number, givenRunId?: string): Promise<RunSummary> {
    const { tuning } = await loadTuning(this.store);
    const reads = new WindowReads(this.store, endMs, await loadJa4Families(this.store.client));
    const fp = await loadFalsePositives(this.store);
    this.counters.falsePositivesKnown = fp.count;
    const startMs = endMs - tuning.windowMinutes * 60_000;
    const runId = givenRunId ?? randomUUID();
    const modelId = `iforest-${iso(endMs)}-${runId.slice(0, 8)}`;
    const { pairEntities, pair, ip } = await detectLevels(reads, tuning, fp);
    if (!pair) {
      throw new AppError(
        'detector.too_few_entities',
        `only ${pairEntities} entities with >= ${tuning.minRequests} requests between ${iso(startMs)} and ${iso(endMs)}: nothing to train on`,
        { entities: pairEntities },
      );
    }
    const d = pair.d;
    await this.persist(d, tuning, 'ip_ja4', modelId, runId, startMs, endMs);
    const anomalies = d.results.filter((r) => r.is_anomaly);
    let ipLevel: LevelSummary | undefined;
    if (ip) {
      const ipModelId = `${modelId}-ip`;
      await this.persist(ip.d, tuning, 'ip', ipModelId, runId, startMs, endMs);
      ipLevel = {
        modelId: ipModelId,
        entities: ip.entities,
        threshold: ip.d.threshold,
        anomalies: flagged(ip.d),
        suppressed: ip.d.results.filter((r) => r.suppressed).length,
        histogram: ip.d.histogram,
      };
    }
    const suppressed = d.results.filter((r) => r.suppressed).length;
    this.counters.runs++;
    this.counters.lastRun = {
      at: iso(endMs),
      entities: pair.entities,
      anomalies: anomalies.length,
      suppressed,
      durationMs: d.durationMs,
    };
    return {
      runId,
      modelId,
      windowStart: iso(startMs),
      windowEnd: iso(endMs),
      entities: pair.entities,
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

  /**
   * Candidate parameters on the last window, both levels and the cohort pass exactly as a run with
   * them would score (detectLevels), against the current parameters on the same window. Writes
   * nothing.
   */
  async preview(candidateInput: unknown, opts: { now?: number } = {}): Promise<PreviewResult> {
    const endMs = minuteWindow(opts.now ?? this.clock(), 0).end;
    const { tuning: current } = await loadTuning(this.store);
    const merged =
      typeof candidateInput === 'object' && candidateInput !== null
        ? { ...current, ...candidateInput }
        : candidateInput;
    const candidate = parseTuning(merged);
    const fp = await loadFalsePositives(this.store);
    const reads = new WindowReads(this.store, endMs, await loadJa4Families(this.store.client));
    // Reasons for the entities listed beyond the flagged ones; a few extra for the false
    // positives, which take a rank but are never listed.
    const cand = await detectLevels(reads, candidate, fp, PREVIEW_LISTED + fp.count);
    const cur = await detectLevels(reads, current, fp);
    const levels = [
      previewLevel('ip_ja4', cand.pair, cur.pair),
      ...(cand.ip || cur.ip ? [previewLevel('ip', cand.ip, cur.ip)] : []),
    ];
    const diff = previewDiff(levels);
    const all = [cand.pair, cand.ip].flatMap((l) => (l ? l.d.results.map((r) => r.score) : []));
    return {
      tuning: candidate,
      windowStart: iso(endMs - candidate.windowMinutes * 60_000),
      windowEnd: iso(endMs),
      entities: all.length,
      threshold: cand.pair?.d.threshold ?? Number.NaN,
      flagged: diff.flagged,
      histogram: scoreHistogram(all),
      diff: {
        added: diff.added,
        removed: diff.removed,
        unchanged: diff.unchanged,
        currentThreshold: cur.pair?.d.threshold ?? Number.NaN,
      },
      levels,
      cohorts: topCohorts(cand.ip),
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
