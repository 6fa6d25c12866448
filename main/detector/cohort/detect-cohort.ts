// IP-level detection with cohorts and NAT awareness (issue 20). One forest is fitted on the
// behaviour vectors (behaviour.ts) of the IPs with at least `minRequests` requests. Every cohort
// of at least `cohortMinIps` IPs (cohorts.ts) is pooled into one vector and scored by the same
// forest, so a botnet whose members send 2 requests each is judged on its 400. An IP's score is
// the larger of its own and that of the cohorts it belongs to (at least half of its requests fall
// in the cohort, cohorts.ts), so every IP of a flagged cohort is lifted, and IPs under the minimum are scored
// through their cohort instead of dropped (0 when they belong to none).
import { IsolationForest } from '../iforest/forest.js';
import type { Matrix } from '../iforest/matrix.js';
import { median } from '../util/stats.js';
import {
  scoreHistogram,
  topCutoff,
  type DetectParams,
  type Detection,
  type EntityResult,
  type ExplainOptions,
} from '../run/detect.js';
import { forestReasons, type Reason } from '../run/reasons.js';
import { BEHAVIOUR, BEHAVIOUR_NAMES, CV_COL, type BehaviourName, type Pool } from './behaviour.js';
import { buildCohorts, ipPools, type Cohort } from './cohorts.js';
import { behaviourReason, cohortReason, natReason } from './reasons.js';
import type { CohortRows } from './rows.js';

export interface CohortParams extends Omit<DetectParams, 'features'> {
  minRequests: number;
  /** Cohorts with fewer IPs are not scored. */
  cohortMinIps: number;
  /** false: IPs alone (no cohort lift, IPs under the minimum are not scored). */
  cohortScoring: boolean;
}

export interface CohortDetection extends Detection {
  cohorts: ScoredCohort[];
}

export interface ScoredCohort extends Cohort {
  score: number;
  flagged: boolean;
  reason: string;
}

/** Consistent browser pairs from which NAT awareness speaks in the reasons. */
const NAT_PAIRS = 3;

/**
 * Sub-sample size of the IP forest when the tuning says 'auto'. A distributed bot is a dense
 * cluster of near-identical IPs (a residential-proxy scraper's 80-150 exits, half of them above
 * min-requests and so in the training set): with ψ = 256 each tree samples ~25 of them, they shield
 * one another from isolation (masking) and the cohort scored like a person (0.49). Small
 * sub-samples are Liu, Ting & Zhou's remedy for masking (2008, section 3); 32 was chosen on the
 * development seeds (docs/detector.md).
 */
export const COHORT_SAMPLES = 32;
/**
 * The score above which an IP is flagged when contamination is 'auto' and no threshold is set.
 * With ψ = 32 the ordinary people's scores reach a little higher than with 256 (c(ψ) is shorter);
 * 0.55 was chosen on the development seeds as 0.5 is for scikit-learn's ψ = 256.
 */
export const COHORT_AUTO_THRESHOLD = 0.55;

/** Model space: CV imputed, volumes floored at `floors` (BEHAVIOUR `high`), counts as log1p. */
function toModel(rows: readonly number[][], cvFill: number, floors: readonly number[]): Matrix {
  const cols = BEHAVIOUR.length;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((v, r) =>
    v.forEach((x, c) => {
      const spec = BEHAVIOUR[c]!;
      let val = c === CV_COL && !Number.isFinite(x) ? cvFill : x;
      if ('high' in spec && spec.high) val = Math.max(val, floors[c]!);
      data[r * cols + c] = spec.log ? Math.log1p(Math.max(0, val)) : val;
    }),
  );
  return { rows: rows.length, cols, data };
}

export function detectWithCohorts(
  rows: CohortRows,
  params: CohortParams,
  feedback: { isFalsePositive?: (ip: string) => boolean } = {},
  explain: ExplainOptions = {},
): CohortDetection {
  const t0 = performance.now();
  const fp = feedback.isFalsePositive ?? (() => false);
  const pools = ipPools(rows);
  const ips = [...pools.keys()].sort();
  const totals = new Map(ips.map((ip) => [ip, pools.get(ip)!.requests]));
  const eligible = ips.map((ip) => totals.get(ip)! >= params.minRequests);
  // A person's requests in this window: the median IP with one consistent browser pair.
  const single = ips.filter((ip, i) => eligible[i] && pools.get(ip)!.consistent.size === 1);
  const typical = single.length >= 10 ? median(single.map((ip) => totals.get(ip)!)) : 0;
  const vectors = ips.map((ip) => pools.get(ip)!.vector(typical));
  const trainIdx = ips.flatMap((ip, i) => (eligible[i] && !fp(ip) ? [i] : []));
  if (trainIdx.length < 2) {
    throw new RangeError(
      `need at least 2 IPs with >= ${params.minRequests} requests to train on, have ${trainIdx.length} (widen the window or lower min requests)`,
    );
  }
  const cvs = trainIdx.map((i) => vectors[i]![CV_COL]!).filter(Number.isFinite);
  const cvFill = cvs.length > 0 ? median(cvs) : 1;
  const floors = BEHAVIOUR.map((f, c) =>
    'high' in f && f.high ? median(trainIdx.map((i) => vectors[i]![c]!)) : -Infinity,
  );
  const x = toModel(vectors, cvFill, floors);
  const train = toModel(
    trainIdx.map((i) => vectors[i]!),
    cvFill,
    floors,
  );
  let model = IsolationForest.fit(train, {
    nEstimators: params.nEstimators,
    maxSamples:
      params.maxSamples === 'auto' ? Math.min(COHORT_SAMPLES, train.rows) : params.maxSamples,
    contamination: params.contamination,
    seed: params.seed,
  });
  if (params.threshold !== undefined) model = model.withOffset(-params.threshold);
  else if (params.contamination === 'auto') model = model.withOffset(-COHORT_AUTO_THRESHOLD);
  const threshold = -model.offset;
  const own = model.scoreSamples(x);
  const medians: Record<string, number> = {};
  BEHAVIOUR_NAMES.forEach((name, c) => {
    medians[name] = median(
      trainIdx.map((i) =>
        c === CV_COL && !Number.isFinite(vectors[i]![c]!) ? cvFill : vectors[i]![c]!,
      ),
    );
  });

  // Cohorts: pooled, scored by the same forest.
  const cohorts: ScoredCohort[] = [];
  if (params.cohortScoring) {
    const built = buildCohorts(rows, pools, params.minRequests, typical).filter(
      (c) => c.ips >= params.cohortMinIps,
    );
    const cx = toModel(
      built.map((c) => c.vector),
      cvFill,
      floors,
    );
    const cs = built.length > 0 ? model.scoreSamples(cx) : new Float64Array();
    built.forEach((c, i) => {
      const score = -cs[i]!;
      cohorts.push({
        ...c,
        score,
        flagged: score > threshold,
        reason: cohortReason(c, params.minRequests),
      });
    });
  }
  // Each IP's best cohort (by score) among those it belongs to. A cohort of people browsing
  // (cohorts.ts `browsing`) is scored and shown but lifts nobody: it is many people sharing a
  // popular browser build, not one client spread over addresses.
  const best = new Map<string, ScoredCohort>();
  for (const c of cohorts) {
    if (c.browsing) continue;
    for (const ip of c.members.keys()) {
      const b = best.get(ip);
      if (!b || c.score > b.score) best.set(ip, c);
    }
  }

  const scoreOf = (ip: string, r: number) => {
    const ownScore = eligible[r] ? -own[r]! : 0;
    const cohort = best.get(ip);
    const lifted = cohort !== undefined && cohort.score > ownScore;
    return { ownScore, cohort, lifted, score: lifted ? cohort.score : ownScore };
  };
  const cutoff = topCutoff(
    ips.map((ip, r) => scoreOf(ip, r).score),
    explain.explainTop ?? 0,
  );
  const results = ips.map((ip, r): EntityResult => {
    const pool = pools.get(ip)!;
    const { ownScore, cohort, lifted, score } = scoreOf(ip, r);
    const suppressed = fp(ip);
    const judged = !suppressed && (eligible[r] || lifted);
    const is_anomaly = judged && score > threshold;
    const features: Record<string, number> = {};
    BEHAVIOUR_NAMES.forEach((n, c) => (features[n] = vectors[r]![c]!));
    features.requests = pool.requests;
    features.consistent_pairs = pool.consistent.size;
    features.people = pool.people(typical);
    features.own_score = ownScore;
    if (cohort) {
      features.cohort_ips = cohort.ips;
      features.cohort_score = cohort.score;
    }
    const reasons: Reason[] = [];
    if (is_anomaly || (judged && score >= cutoff)) {
      if (lifted && cohort) {
        reasons.push({
          feature: `cohort_${cohort.kind}`,
          value: cohort.ips,
          median: 0,
          weight: 1,
          text: cohort.reason,
        });
      } else {
        reasons.push(
          ...forestReasons(model.forest, x, r, {
            names: BEHAVIOUR_NAMES,
            features,
            medians,
            text: (name, v, m) => behaviourReason(name as BehaviourName, v, m),
          }),
        );
      }
      const nat = natNote(pool);
      if (nat) reasons.push(nat);
    }
    return { src_ip: ip, ja4: '', score, is_anomaly, suppressed, reasons, features };
  });
  return {
    model,
    threshold,
    results,
    rowsTrained: trainIdx.length,
    histogram: scoreHistogram(results.map((r) => r.score)),
    medians,
    durationMs: performance.now() - t0,
    cohorts,
  };
}

function natNote(pool: Pool): Reason | undefined {
  const inconsistent = pool.inconsistent.size;
  const consistent = pool.consistent.size;
  if (inconsistent < 2 && consistent < NAT_PAIRS) return undefined;
  return {
    feature: inconsistent >= 2 ? 'inconsistent_pairs' : 'consistent_pairs',
    value: inconsistent >= 2 ? inconsistent : consistent,
    median: 0,
    weight: 0,
    text: natReason(consistent, inconsistent, pool.ja4s.size),
  };
}
