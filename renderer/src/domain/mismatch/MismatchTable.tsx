// Fleet-wide: which (JA4, User-Agent) pairs claim a browser the TLS is not, most requests first.
// "Search these requests" opens Search with the mismatch filter, the same judgement.
import { useMemo } from 'react';
import { formatCount } from '../../core/format/format.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { hrefFor } from '../../core/router/store.js';
import type { TimeWindow } from '../../core/time/ranges.js';
import { Pivot } from '../../core/ui/Pivot.js';
import { QueryState } from '../../core/ui/States.js';
import { ScrollBox } from '../../core/ui/ScrollBox.js';

const family: Record<string, string> = {
  chrome: 'Chrome',
  firefox: 'Firefox',
  safari: 'Safari',
  tool: 'a tool or library',
};

export function MismatchTable({ window, limit = 20 }: { window: TimeWindow; limit?: number }) {
  const input = useMemo(() => ({ window, limit }), [window, limit]);
  const q = useApiQuery('mismatch.list', input);
  return (
    <section className="card" aria-labelledby="mismatch-title">
      <h2 id="mismatch-title">User-Agent claims a browser the JA4 is not</h2>
      <QueryState q={q} what="the mismatches">
        {(r) =>
          r.total === 0 ? (
            <p className="muted">
              No mismatch among {formatCount(r.checked)} (JA4, User-Agent) pairs in this range.
            </p>
          ) : (
            <>
              <p role="status">
                {formatCount(r.total)} mismatched pairs ({formatCount(r.requests)} requests) of{' '}
                {formatCount(r.checked)} pairs seen
                {r.pairs.length < r.total
                  ? `; the ${r.pairs.length} with most requests:`
                  : ':'}{' '}
                <a href={hrefFor('search', { source: 'requests', mismatch: 'yes' })}>
                  search these requests
                </a>
              </p>
              <ScrollBox label="Mismatched pairs">
                <table className="grid fixed sticky-first" aria-label="Mismatched pairs">
                  <colgroup>
                    <col style={{ width: '19.5rem' }} />
                    <col style={{ width: '11rem' }} />
                    <col style={{ width: '6rem' }} />
                    <col />
                    <col style={{ width: '6rem' }} />
                    <col style={{ width: '5rem' }} />
                  </colgroup>
                  <thead>
                    <tr>
                      <th scope="col">JA4</th>
                      <th scope="col">JA4 is</th>
                      <th scope="col">UA claims</th>
                      <th scope="col">User-Agent</th>
                      <th scope="col" className="num">
                        Requests
                      </th>
                      <th scope="col" className="num">
                        IPs
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.pairs.map((p) => (
                      <tr key={`${p.ja4}|${p.user_agent}`}>
                        <td>
                          <Pivot kind="ja4" value={p.ja4} />
                        </td>
                        <td title={p.ja4_label || undefined}>
                          {p.ja4_label || family[p.ja4_family] || p.ja4_family}
                        </td>
                        <td>{family[p.ua_claims] ?? p.ua_claims}</td>
                        <td title={p.user_agent}>
                          <Pivot kind="ua" value={p.user_agent} also={{ ja4: p.ja4 }} />
                        </td>
                        <td className="num">{formatCount(p.requests)}</td>
                        <td className="num">{formatCount(p.ips)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollBox>
            </>
          )
        }
      </QueryState>
    </section>
  );
}
