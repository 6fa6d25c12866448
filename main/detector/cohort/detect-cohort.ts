// IP-level detection with cohorts and NAT awareness (issue 20). One forest is fitted on the
// behaviour vectors (behaviour.ts) of the IPs with at least `minRequests` requests, a client
// spread over a cohort of addresses counting once (spreadCohorts). Every cohort
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
 * Sub-sample size of the IP forest when the tuning says 'auto'. With every spread cohort trained as
 * one sample (spreadCohorts), masking by a dense cluster of bot addresses is gone at the root, and a
 * larger sample sees more of the people; 128 was chosen on the development seeds 11-20 (96-160 did
 * as well, 32 and 256 worse: docs/detector.md).
 */
export const COHORT_SAMPLES = 128;
/**
 * The score above which an IP is flagged when contamination is 'auto' and no threshold is set.
 * Chosen on the development seeds 11-20 in the middle of the range (0.55-0.65) where flags kept
 * both precision and recall above 0.95 on every seed, as 0.5 is for scikit-learn's ψ = 256.
 */
export const COHORT_AUTO_THRESHOLD = 0.6;

/**
 * The cohorts whose addresses train the forest as one sample: every scored cohort but people
 * browsing (cohorts.ts `browsing`: many people on one popular browser build are many samples).
 * A residential-proxy scraper's 80-150 exits, half of them above min-requests, would otherwise
 * be a dense cluster in the training set that shields itself from isolation (masking, Liu, Ting &
 * Zhou 2008): each tree would sample a dozen of them and the cohort scored like a person. A single
 * address's scraper is one sample; the same scraper behind 120 addresses is one sample too.
 * A legitimate non-browser client on many addresses (a mobile app's own HTTP stack) is then one
 * sample as well and may be flagged as a cohort: allowlist its JA4 (allow_ja4).
 */
export function spreadCohorts(built: readonly Cohort[]): Cohort[] {
  return built.filter((c) => !c.browsing);
}

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
  const built = params.cohortScoring
    ? buildCohorts(rows, pools, params.minRequests, typical).filter(
        (c) => c.ips >= params.cohortMinIps,
      )
    : [];
  // One client, one training sample: the addresses of a spread cohort (not people browsing) are
  // one client's, so they train the forest as that cohort's typical member, once, not once per
  // address (see SPREAD_AS_ONE). Unless too few IPs would be left to learn people from.
  const spread = spreadCohorts(built);
  const spreadIps = new Set(spread.flatMap((c) => [...c.members.keys()]));
  const usable = ips.flatMap((ip, i) => (eligible[i] && !fp(ip) ? [i] : []));
  const alone = usable.filter((i) => !spreadIps.has(ips[i]!));
  const asOne = alone.length >= 2;
  const trainIdx = asOne ? alone : usable;
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
    [...trainIdx.map((i) => vectors[i]!), ...(asOne ? spread.map((c) => c.vector) : [])],
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
  if (built.length > 0) {
    const cx = toModel(
      built.map((c) => c.vector),
      cvFill,
      floors,
    );
    const cs = model.scoreSamples(cx);
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
  // The reason names the widest flagged cohort that says more than the JA4 (JA4 + User-Agent or
  // JA4 + path class): "one of 200 IPs posting to /account/login" says more than the JA4 they share
  // with a proxy scraper, and more than the 34 of them that drew one User-Agent.
  const best = new Map<string, ScoredCohort>();
  const named = new Map<string, ScoredCohort>();
  for (const c of cohorts) {
    if (c.browsing) continue;
    for (const ip of c.members.keys()) {
      const b = best.get(ip);
      if (!b || c.score > b.score) best.set(ip, c);
      const n = named.get(ip);
      if (c.flagged && (!n || namesBetter(c, n))) named.set(ip, c);
    }
  }

  const scoreOf = (ip: string, r: number) => {
    const ownScore = eligible[r] ? -own[r]! : 0;
    const top = best.get(ip);
    const lifted = top !== undefined && top.score > ownScore;
    return { ownScore, top, lifted, score: lifted ? top.score : ownScore };
  };
  const cutoff = topCutoff(
    ips.map((ip, r) => scoreOf(ip, r).score),
    explain.explainTop ?? 0,
  );
  const results = ips.map((ip, r): EntityResult => {
    const pool = pools.get(ip)!;
    const { ownScore, top, lifted, score } = scoreOf(ip, r);
    const cohort = named.get(ip) ?? top;
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
    rowsTrained: train.rows,
    histogram: scoreHistogram(results.map((r) => r.score)),
    medians,
    durationMs: performance.now() - t0,
    cohorts,
  };
}

/** Beyond the JA4 first, then more IPs, then the higher score. */
function namesBetter(a: ScoredCohort, b: ScoredCohort): boolean {
  const ka = a.kind === 'ja4' ? 0 : 1;
  const kb = b.kind === 'ja4' ? 0 : 1;
  if (ka !== kb) return ka > kb;
  return a.ips !== b.ips ? a.ips > b.ips : a.score > b.score;
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
