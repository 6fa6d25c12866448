// "The User-Agent claims a browser the JA4 is not", fleet-wide: every (JA4, User-Agent) pair of
// the window from the per-minute aggregate, judged in TypeScript by the same words the IP profile
// uses (ip-profile/ua-family.ts), so the filter, the table and the profile's verdict agree.
import type { ClickHouseClient } from '@clickhouse/client';
import type { MismatchPair } from '../../../common/api/mismatch.js';
import type { TimeWindow } from '../../../common/api/time-range.js';
import { isoTs, num, rows } from '../../core/sql-parts.js';
import { knownLabels } from '../fingerprint-profile/known-labels.js';
import { fingerprintFamily, uaFamily } from '../ip-profile/ua-family.js';

/** More distinct pairs than this in one window is refused rather than judged partly. */
export const MAX_PAIRS = 200_000;

const BROWSERS = new Set(['chrome', 'firefox', 'safari']);

export async function mismatchedPairs(
  ch: ClickHouseClient,
  window: TimeWindow,
): Promise<{ pairs: MismatchPair[]; checked: number }> {
  const found = await rows<{
    ja4: string;
    user_agent: string;
    requests: unknown;
    ips: unknown;
    first_seen: string;
    last_seen: string;
  }>(
    ch,
    `SELECT ja4, user_agent, sum(requests) AS requests, uniqMerge(src_ips) AS ips,
            ${isoTs('minMerge(first_seen)')} AS first_seen, ${isoTs('maxMerge(last_seen)')} AS last_seen
     FROM agg_ja4_ua_1m
     WHERE minute >= toStartOfMinute(parseDateTime64BestEffort({from:String}, 6, 'UTC'))
       AND minute < parseDateTime64BestEffort({to:String}, 6, 'UTC')
       AND user_agent != ''
     GROUP BY ja4, user_agent
     LIMIT {max:UInt32}`,
    { from: window.from, to: window.to, max: MAX_PAIRS },
  );
  const labels = await knownLabels(
    ch,
    'ja4',
    found.map((r) => r.ja4),
  );
  const pairs: MismatchPair[] = [];
  for (const r of found) {
    const claims = uaFamily(r.user_agent);
    if (!BROWSERS.has(claims)) continue;
    const label = labels.get(r.ja4) ?? '';
    const family = fingerprintFamily(r.ja4, label);
    if (family === 'other' || family === claims) continue;
    pairs.push({
      ja4: r.ja4,
      ja4_label: label,
      ja4_family: family,
      user_agent: r.user_agent,
      ua_claims: claims,
      requests: num(r.requests),
      ips: num(r.ips),
      first_seen: r.first_seen,
      last_seen: r.last_seen,
    });
  }
  pairs.sort((a, b) => b.requests - a.requests || a.ja4.localeCompare(b.ja4));
  return { pairs, checked: found.length };
}

export async function listMismatches(
  ch: ClickHouseClient,
  input: { window: TimeWindow; limit?: number },
): Promise<{ pairs: MismatchPair[]; total: number; requests: number; checked: number }> {
  const { pairs, checked } = await mismatchedPairs(ch, input.window);
  return {
    pairs: pairs.slice(0, input.limit ?? 500),
    total: pairs.length,
    requests: pairs.reduce((a, p) => a + p.requests, 0),
    checked,
  };
}
