// The entities of a search, for a blocklist: its distinct client addresses and/or whole JA4s,
// busiest first, with how many of the search's rows each stands for. Same filters and window as
// the Search view (search/operations.ts builds the WHERE once for both).
import type { ClickHouseClient } from '@clickhouse/client';
import { type BlockTarget, WHOLE_JA4 } from '../../../common/api/blocklist.js';
import type { SearchFilters, SearchSource } from '../../../common/api/search.js';
import type { TimeWindow } from '../../../common/api/time-range.js';
import { num, rows, showIp } from '../../core/sql-parts.js';
import { SOURCE_TABLE } from '../search/filters.js';
import { pairsFor, searchSql } from '../search/operations.js';

/** One rule holds at most this many entities of each kind; a search with more keeps the busiest. */
export const MAX_TARGETS = 5000;

export interface SearchTargets {
  window: TimeWindow;
  source?: SearchSource;
  filters?: SearchFilters;
  block?: 'ips' | 'ja4s' | 'both';
}

export async function searchTargets(
  ch: ClickHouseClient,
  s: SearchTargets,
): Promise<{ targets: BlockTarget[]; truncated: boolean }> {
  const source = s.source ?? 'handshakes';
  const block = s.block ?? 'ips';
  const { params, where } = searchSql(s, false, await pairsFor(ch, s));
  const distinct = async (expr: string) =>
    (
      await rows<{ value: string; n: unknown }>(
        ch,
        `SELECT ${expr} AS value, count() AS n FROM ${SOURCE_TABLE[source]} AS e
         WHERE ${where} GROUP BY value HAVING value != '' ORDER BY n DESC, value
         LIMIT {max:UInt32}`,
        { ...params, max: MAX_TARGETS + 1 },
      )
    ).map((r) => ({ value: r.value, n: num(r.n) }));
  const ips = block === 'ja4s' ? [] : await distinct(showIp('e.src_ip'));
  // A search may hold partial or odd JA4s (imports); only whole ones make a rule.
  const ja4s = block === 'ips' ? [] : await distinct('toString(e.ja4)');
  const truncated = ips.length > MAX_TARGETS || ja4s.length > MAX_TARGETS;
  const note = (n: number) =>
    `${n} matching ${source === 'requests' ? 'request' : 'handshake'}${n === 1 ? '' : 's'}`;
  return {
    truncated,
    targets: [
      ...ips.slice(0, MAX_TARGETS).map((r) => ({ ip: r.value, note: note(r.n) })),
      ...ja4s
        .slice(0, MAX_TARGETS)
        .filter((r) => WHOLE_JA4.test(r.value))
        .map((r) => ({ ja4: r.value, note: note(r.n) })),
    ],
  };
}
