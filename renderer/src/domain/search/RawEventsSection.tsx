// The IP's own events, newest first: requests (or handshakes) as the search shows them, a click
// opening everything stored about one; "search all" opens the full result in Search.
import { useMemo, useState } from 'react';
import type { SearchSource } from '../../../../common/api/search.js';
import { formatCount } from '../../core/format/format.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { hrefFor } from '../../core/router/store.js';
import type { TimeWindow } from '../../core/time/ranges.js';
import { QueryState } from '../../core/ui/States.js';
import { defaultColumnsFor } from './columns.js';
import { ResultsTable } from './ResultsTable.js';

const LIMIT = 200;

export function RawEventsSection({
  filter,
  window,
  title = 'Raw events',
}: {
  /** The profile's own value: { ip } or { ja4 }. */
  filter: { ip: string } | { ja4: string };
  window: TimeWindow;
  title?: string;
}) {
  const [source, setSource] = useState<SearchSource>('requests');
  const input = useMemo(
    () => ({ window, source, filters: filter, limit: LIMIT }),
    [window, source, filter],
  );
  const q = useApiQuery('search.query', input);
  return (
    <section className="card" aria-labelledby="raw-events">
      <h2 id="raw-events">{title}</h2>
      <div className="results-bar">
        <fieldset className="inline">
          <legend className="visually-hidden">Events</legend>
          {(['requests', 'handshakes'] as const).map((s) => (
            <label key={s}>
              <input
                type="radio"
                name="raw-source"
                checked={source === s}
                onChange={() => setSource(s)}
              />{' '}
              {s === 'requests' ? 'Requests' : 'Handshakes'}
            </label>
          ))}
        </fieldset>
        {q.data ? (
          <span role="status">
            {q.data.total > q.data.rows.length
              ? `Newest ${formatCount(q.data.rows.length)} of ${formatCount(q.data.total)}`
              : `${formatCount(q.data.total)} ${source}`}
          </span>
        ) : null}
        <a href={hrefFor('search', { ...filter, source })}>Search all of them</a>
      </div>
      <QueryState q={q} what={`the ${source}`}>
        {(r) =>
          r.rows.length === 0 ? (
            <p className="muted">No {source} in this time range.</p>
          ) : (
            <ResultsTable
              rows={r.rows}
              columns={defaultColumnsFor(source).filter((c) => !(c in filter) || c === 'ja4')}
              source={source}
              label={`${title}: ${source}`}
              also={filter}
            />
          )
        }
      </QueryState>
    </section>
  );
}
