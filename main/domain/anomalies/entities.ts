// The triage queue by entity. The detector writes one anomaly row per entity per run; an analyst
// judges the entity (this address, this address with this fingerprint), not one run of it. An
// entity's state is its newest triage: the newest run row an analyst moved off 'new' (row
// versions are microsecond clocks) or its newest analyst_feedback verdict, whichever is later.
// Later runs that flag it again stay under that state (counted as "seen again since"); a false
// positive is not flagged again at all (the detector's suppression).
import type { ClickHouseClient } from '@clickhouse/client';
import type {
  AnomalyEntity,
  AnomalyEntityKey,
  AnomalyState,
  EntitySort,
} from '../../../common/api/anomalies.js';
import type { DetectorService } from '../../detector/ops/service.js';
import { rows } from '../../core/sql-parts.js';
import { ML_DETECTED_ANOMALIES, versionEntityRuns } from '../../storage/rows/anomalies.js';
import { ANALYST_FEEDBACK } from '../../storage/rows/ml.js';
import { displayIp } from '../../storage/rows/ip.js';

export interface EntitiesInput {
  from?: string;
  to?: string;
  states?: AnomalyState[];
  level?: 'ip' | 'ip_ja4';
  text?: string;
  sort?: EntitySort;
  desc?: boolean;
  limit?: number;
}

const SPARK_RUNS = 24;

// Stored column names stay unaliased inside (an alias named like a column would shadow it).
const entitiesSql = `
  WITH runs AS (
    SELECT entity_type, src_ip, ja4, detected_at, model_id,
           argMax(score, version) AS run_score, argMax(threshold, version) AS run_threshold,
           argMax(reasons, version) AS run_reasons, argMax(state, version) AS run_state,
           max(version) AS v
    FROM ${ML_DETECTED_ANOMALIES}
    WHERE detected_at >= parseDateTime64BestEffort({from:String}, 6, 'UTC')
      AND detected_at <= parseDateTime64BestEffort({to:String}, 6, 'UTC')
      AND ({level:String} = '' OR entity_type = {level:String})
    GROUP BY entity_type, src_ip, ja4, detected_at, model_id
  ),
  ents AS (
    SELECT entity_type, src_ip, ja4,
           argMax(run_score, detected_at) AS e_score,
           argMax(run_threshold, detected_at) AS e_threshold,
           argMax(run_reasons, detected_at) AS e_reasons,
           count() AS e_runs,
           min(detected_at) AS e_first, max(detected_at) AS e_last,
           arraySort(x -> x.1, groupArray((toUnixTimestamp64Micro(detected_at), run_score))) AS hist,
           argMaxIf(toString(run_state), v, run_state != 'new') AS row_state,
           maxIf(v, run_state != 'new') AS row_v
    FROM runs
    GROUP BY entity_type, src_ip, ja4
  ),
  fb AS (
    SELECT src_ip, ja4, toString(argMax(verdict, created_at)) AS fb_state,
           toUInt64(toUnixTimestamp64Micro(max(created_at))) AS fb_v
    FROM ${ANALYST_FEEDBACK}
    GROUP BY src_ip, ja4
  ),
  judged AS (
    SELECT ents.*,
           multiIf(fb.fb_state != '' AND fb.fb_v > ents.row_v, fb.fb_state,
                   ents.row_state != '', ents.row_state, 'new') AS e_state,
           if(e_state = 'new', toUInt64(0), greatest(ents.row_v, fb.fb_v)) AS e_state_v
    FROM ents LEFT JOIN fb ON fb.src_ip = ents.src_ip AND fb.ja4 = ents.ja4
  )
  SELECT * FROM judged
  WHERE {text:String} = ''
     OR positionCaseInsensitive(
          concat(IPv6NumToString(src_ip), ' ', ja4, ' ', arrayStringConcat(e_reasons, ' ')),
          {text:String}) > 0`;

// Sort keys come from the contract's enum, never from the caller's text.
const orderBy: Record<EntitySort, string> = {
  score: 'e_score',
  last: 'e_last',
  runs: 'e_runs',
  ip: 'src_ip',
};

interface EntityRow {
  entity_type: 'ip' | 'ip_ja4';
  src_ip: string;
  ja4: string;
  score: number | string;
  threshold: number | string;
  reasons: string[];
  runs: number | string;
  first_at: string;
  last_at: string;
  spark: (number | string)[];
  state: AnomalyState;
  runs_since_state: number | string;
}

export async function listEntities(
  ch: ClickHouseClient,
  input: EntitiesInput,
): Promise<{ entities: AnomalyEntity[]; total: number; counts: Record<string, number> }> {
  const params = {
    from: input.from ?? new Date(Date.now() - 30 * 86_400_000).toISOString(),
    to: input.to ?? new Date(Date.now() + 60_000).toISOString(),
    level: input.level ?? '',
    text: input.text?.trim() ?? '',
    states: input.states ?? [],
    limit: input.limit ?? 5000,
  };
  const dir = input.desc === false ? 'ASC' : 'DESC';
  const sort = orderBy[input.sort ?? 'score'];
  const [found, counts] = await Promise.all([
    rows<EntityRow>(
      ch,
      `SELECT toString(entity_type) AS entity_type, IPv6NumToString(src_ip) AS src_ip, ja4,
              e_score AS score, e_threshold AS threshold, e_reasons AS reasons, e_runs AS runs,
              toString(e_first) AS first_at, toString(e_last) AS last_at,
              arrayMap(x -> x.2, arraySlice(hist, -${SPARK_RUNS})) AS spark,
              e_state AS state,
              if(e_state = 'new', 0, arrayCount(x -> x.1 > e_state_v, hist)) AS runs_since_state
       FROM (${entitiesSql})
       WHERE empty({states:Array(String)}) OR has({states:Array(String)}, e_state)
       ORDER BY ${sort} ${dir}, e_last DESC, src_ip, ja4
       LIMIT {limit:UInt32}`,
      params,
    ),
    rows<{ state: string; n: string | number }>(
      ch,
      `SELECT e_state AS state, count() AS n FROM (${entitiesSql}) GROUP BY state`,
      params,
    ),
  ]);
  const byState = Object.fromEntries(counts.map((c) => [c.state, Number(c.n)]));
  const total = Object.entries(byState)
    .filter(([s]) => params.states.length === 0 || (params.states as string[]).includes(s))
    .reduce((a, [, n]) => a + n, 0);
  return {
    entities: found.map((r) => ({
      entity_type: r.entity_type,
      src_ip: displayIp(r.src_ip),
      ja4: r.ja4,
      score: Number(r.score),
      threshold: Number(r.threshold),
      reasons: r.reasons,
      runs: Number(r.runs),
      first_at: isoOf(r.first_at),
      last_at: isoOf(r.last_at),
      spark: r.spark.map(Number),
      state: r.state,
      runs_since_state: Number(r.runs_since_state),
    })),
    total,
    counts: byState,
  };
}

function isoOf(stored: string): string {
  return `${stored.replace(' ', 'T')}Z`;
}

let lastVersion = 0;
/** Microseconds, strictly increasing in this process: a later triage always wins argMax. */
function nextVersion(): number {
  lastVersion = Math.max(lastVersion + 1, Date.now() * 1000);
  return lastVersion;
}

/**
 * Sets the state of every run of each entity (all time, not just the range on screen). True and
 * false positive also go through the detector's feedback, one verdict per entity (no run named),
 * which is what suppresses a false positive in later runs.
 */
export async function setEntityState(
  ch: ClickHouseClient,
  detector: DetectorService,
  input: {
    entities: AnomalyEntityKey[];
    state: 'investigating' | 'true_positive' | 'false_positive';
    analyst?: string;
    note?: string;
  },
): Promise<{ entities: number; runs: number }> {
  if (input.state !== 'investigating')
    for (const e of input.entities)
      await detector.feedback({
        src_ip: e.src_ip,
        ja4: e.entity_type === 'ip' ? '' : e.ja4,
        verdict: input.state,
        analyst: input.analyst ?? 'analyst',
        note: input.note ?? '',
      });
  const runs = await versionEntityRuns(ch, input.entities, input.state, nextVersion());
  return { entities: input.entities.length, runs };
}
