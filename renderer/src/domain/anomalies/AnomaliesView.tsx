// The triage queue: one row per flagged entity (an IP, or an IP with one JA4) with its latest
// score and reasons, how often runs flagged it and its score history; a verdict covers the entity
// (every run, and later runs inherit it). Filters and sort live in the URL.
import { useCallback, useMemo, useState } from 'react';
import type { AnomalyEntity, EntitySort } from '../../../../common/api/anomalies.js';
import { api } from '../../core/api/client.js';
import { formatCount } from '../../core/format/format.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { useRouter } from '../../core/router/store.js';
import { useTimeWindow } from '../../core/time/store.js';
import type { SortState } from '../../core/ui/SortHeader.js';
import { Empty, QueryState } from '../../core/ui/States.js';
import { ExportBlocklist, selectionTargets } from '../blocklist/index.js';
import { EntityFilters } from './EntityFilters.js';
import { EntityTable } from './EntityTable.js';
import { entityId, stateLabels } from './key.js';
import { filtersOf } from './params.js';

const ACTIONS = ['investigating', 'true_positive', 'false_positive'] as const;
const LIMIT = 10_000;

export function AnomaliesView() {
  const params = useRouter((s) => s.route.params);
  const setParams = useRouter((s) => s.setParams);
  const window = useTimeWindow();
  const filters = useMemo(() => filtersOf(params), [params]);
  const input = useMemo(
    () => ({
      from: window.from,
      to: window.to,
      states: filters.states,
      ...(filters.level ? { level: filters.level } : {}),
      ...(filters.text ? { text: filters.text } : {}),
      sort: filters.sort,
      desc: filters.desc,
      limit: LIMIT,
    }),
    [window, filters],
  );
  const q = useApiQuery('anomalies.entities', input);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState('');
  const change = useCallback(
    (p: Record<string, string | undefined>) => {
      setParams(p);
      setSelected(new Set());
    },
    [setParams],
  );
  const onSort = (s: SortState<EntitySort>) =>
    change({ sort: s.key, dir: s.desc ? 'desc' : 'asc' });
  const onSelect = (ids: string[], on: boolean) => {
    const next = new Set(selected);
    for (const id of ids)
      if (on) next.add(id);
      else next.delete(id);
    setSelected(next);
  };
  const apply = async (list: AnomalyEntity[], state: (typeof ACTIONS)[number]) => {
    if (list.length === 0) return;
    setMessage(`Marking ${list.length} as ${stateLabels[state].toLowerCase()}…`);
    try {
      const r = await api().call('anomalies.setEntityState', {
        entities: list.map((e) => ({ entity_type: e.entity_type, src_ip: e.src_ip, ja4: e.ja4 })),
        state,
      });
      setMessage(
        `${formatCount(r.entities)} ${r.entities === 1 ? 'entity' : 'entities'} (${formatCount(r.runs)} ${r.runs === 1 ? 'run' : 'runs'}) marked ${stateLabels[state].toLowerCase()}.`,
      );
      setSelected(new Set());
      q.reload();
    } catch (err) {
      setMessage(`Could not change the state: ${(err as Error).message}`);
    }
  };
  return (
    <section aria-labelledby="anomalies-title" className="view">
      <h1 id="anomalies-title">Anomalies</h1>
      <EntityFilters filters={filters} counts={q.data?.counts} onChange={change} />
      <QueryState q={q} what="the anomalies">
        {(r) => {
          const chosen = r.entities.filter((e) => selected.has(entityId(e)));
          return (
            <>
              <div className="results-bar" role="toolbar" aria-label="Bulk actions">
                <span role="status" className="queue-count">
                  {r.entities.length < r.total
                    ? `Showing the first ${formatCount(r.entities.length)} of ${formatCount(r.total)} entities (narrow the filters to reach the rest)`
                    : `${formatCount(r.total)} ${r.total === 1 ? 'entity' : 'entities'}`}
                </span>
                <span>{formatCount(chosen.length)} selected</span>
                {ACTIONS.map((s) => (
                  <button
                    key={s}
                    type="button"
                    disabled={chosen.length === 0}
                    onClick={() => void apply(chosen, s)}
                  >
                    Mark {stateLabels[s].toLowerCase()}
                  </button>
                ))}
                <ExportBlocklist
                  source={{ kind: 'selection', targets: (what) => selectionTargets(chosen, what) }}
                  disabled={chosen.length === 0}
                />
                {message ? <span role="status">{message}</span> : null}
              </div>
              {r.entities.length === 0 ? (
                <Empty>
                  <p>No flagged entity matches these filters in this time range.</p>
                  <p>
                    Widen the time range, show more states, clear the filter, or run the detector
                    from the Model view.
                  </p>
                </Empty>
              ) : (
                <EntityTable
                  entities={r.entities}
                  selected={selected}
                  onSelect={onSelect}
                  sort={{ key: filters.sort, desc: filters.desc }}
                  onSort={onSort}
                />
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
