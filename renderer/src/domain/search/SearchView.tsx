import { useMemo, useState } from 'react';
import type { ExportFormat, SearchFilters } from '../../../../common/api/search.js';
import { downloadFile } from '../../core/api/files.js';
import { formatCount } from '../../core/format/format.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { useRouter } from '../../core/router/store.js';
import { useTimeWindow } from '../../core/time/store.js';
import { Empty, QueryState } from '../../core/ui/States.js';
import { StoredRange } from '../../core/ui/StoredRange.js';
import { ColumnChooser } from './ColumnChooser.js';
import { DownloadPcap, rowConnectionId } from '../pcap/index.js';
import { ExportBlocklist } from '../blocklist/index.js';
import { filterFields, SearchForm } from './SearchForm.js';
import { ResultsTable } from './ResultsTable.js';
import { useColumnsFor } from './store.js';

export const SEARCH_LIMIT = 5000;

export function SearchView() {
  const params = useRouter((s) => s.route.params);
  const setParams = useRouter((s) => s.setParams);
  const window = useTimeWindow();
  const source = params.source === 'requests' ? 'requests' : 'handshakes';
  const shown = useColumnsFor(source);
  const filters = useMemo(() => {
    const f: Record<string, string> = {};
    for (const field of filterFields) if (params[field.id]) f[field.id] = params[field.id]!;
    if (params.mismatch === 'yes' && source === 'requests') f.mismatch = 'yes';
    return f as SearchFilters;
  }, [params, source]);
  const query = useMemo(() => ({ window, source, filters }) as const, [window, source, filters]);
  const input = useMemo(() => ({ ...query, limit: SEARCH_LIMIT }), [query]);
  const q = useApiQuery('search.query', input);
  const [exporting, setExporting] = useState<string>('');
  // What the export adds to the shown columns (request searches only).
  const [extras, setExtras] = useState<{ query: boolean; ja4h: boolean }>({
    query: true,
    ja4h: true,
  });

  const doExport = async (format: ExportFormat) => {
    setExporting(`Exporting ${format.toUpperCase()}…`);
    try {
      const columns = [
        ...shown,
        ...(source === 'requests' && extras.query ? (['query'] as const) : []),
        ...(source === 'requests' && extras.ja4h ? (['ja4h'] as const) : []),
      ];
      const r = await downloadFile('search.export', { ...query, columns, format });
      setExporting(
        r.saved ? `Saved ${r.path} (${formatCount(r.bytes)} bytes).` : 'Export cancelled.',
      );
    } catch (err) {
      setExporting(`Export failed: ${(err as Error).message}`);
    }
  };
  return (
    <section aria-labelledby="search-title" className="view">
      <h1 id="search-title">Search</h1>
      <SearchForm params={params} onSearch={setParams} />
      <QueryState q={q} what="search results">
        {(r) =>
          r.rows.length === 0 ? (
            <Empty>
              <p>No {source} match these filters in this time range.</p>
              <p>
                Widen the time range, remove a filter, or use <code>*</code> wildcards.
              </p>
              <StoredRange window={window} />
            </Empty>
          ) : (
            <>
              <div className="results-bar">
                <p role="status">
                  {r.total > r.rows.length
                    ? `Showing the newest ${formatCount(r.rows.length)} of ${formatCount(r.total)} matching ${resultNoun(source)}; export for all of them.`
                    : `${formatCount(r.total)} matching ${resultNoun(source)}.`}
                </p>
                <ColumnChooser source={source} />
                {source === 'requests' ? (
                  <fieldset className="inline export-extras">
                    <legend>Export also</legend>
                    <label>
                      <input
                        type="checkbox"
                        checked={extras.query}
                        onChange={(e) => setExtras({ ...extras, query: e.target.checked })}
                      />{' '}
                      query string
                    </label>
                    <label>
                      <input
                        type="checkbox"
                        checked={extras.ja4h}
                        onChange={(e) => setExtras({ ...extras, ja4h: e.target.checked })}
                      />{' '}
                      JA4H
                    </label>
                  </fieldset>
                ) : null}
                <button type="button" onClick={() => void doExport('csv')}>
                  Export CSV
                </button>
                <button type="button" onClick={() => void doExport('json')}>
                  Export JSON
                </button>
                {source === 'handshakes' ? (
                  <DownloadPcap
                    selection={{ conn: r.rows.slice(0, 1000).map(rowConnectionId) }}
                    label="Download pcap of these connections"
                  />
                ) : null}
                <ExportBlocklist source={{ kind: 'search', search: query }} />
                {exporting ? (
                  <span className="muted" role="status">
                    {exporting}
                  </span>
                ) : null}
              </div>
              <ResultsTable
                rows={r.rows}
                columns={shown}
                source={source}
                also={filters as Record<string, string>}
              />
            </>
          )
        }
      </QueryState>
    </section>
  );
}

/**
 * What the total counts. The requests source is the correlated events: every request, plus one row
 * for each TLS connection that carried none (correlation 'handshake-only'), so the label says so
 * (issue 16: every number says what its label says; the lab checks this total against the truth).
 */
function resultNoun(source: string): string {
  return source === 'requests' ? 'requests (and TLS connections that carried none)' : source;
}
