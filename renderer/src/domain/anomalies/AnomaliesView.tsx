// The triage queue: highest score first, reasons in words, state per anomaly, bulk actions.
import { useMemo, useState } from 'react';
import type { Anomaly, AnomalyState } from '../../../../common/api/anomalies.js';
import { api } from '../../core/api/client.js';
import { formatCount } from '../../core/format/format.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { useRouter } from '../../core/router/store.js';
import { useTimeWindow } from '../../core/time/store.js';
import { Pivot } from '../../core/ui/Pivot.js';
import { Empty, QueryState } from '../../core/ui/States.js';
import { Time } from '../../core/ui/Time.js';
import { keyOf, stateLabels } from './key.js';

const STATES = Object.keys(stateLabels) as AnomalyState[];
const id = (a: Anomaly) => `${a.src_ip}|${a.ja4}|${a.detected_at}|${a.model_id}`;

export function AnomaliesView() {
  const params = useRouter((s) => s.route.params);
  const setParams = useRouter((s) => s.setParams);
  const window = useTimeWindow();
  const states = useMemo(
    () =>
      (params.states ?? 'new,investigating')
        .split(',')
        .filter((s): s is AnomalyState => (STATES as string[]).includes(s)),
    [params.states],
  );
  const input = useMemo(
    () => ({ from: window.from, to: window.to, states, limit: 500 }),
    [window, states],
  );
  const q = useApiQuery('anomalies.list', input);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState('');

  const toggleState = (s: AnomalyState) => {
    const next = states.includes(s) ? states.filter((x) => x !== s) : [...states, s];
    setParams({ states: next.join(',') || undefined });
    setSelected(new Set());
  };
  const apply = async (list: Anomaly[], state: AnomalyState) => {
    if (list.length === 0) return;
    setMessage(`Marking ${list.length} as ${stateLabels[state]}…`);
    try {
      const r = await api().call('anomalies.setState', { keys: list.map(keyOf), state });
      setMessage(`${formatCount(r.updated)} marked ${stateLabels[state].toLowerCase()}.`);
      setSelected(new Set());
      q.reload();
    } catch (err) {
      setMessage(`Could not change the state: ${(err as Error).message}`);
    }
  };
  return (
    <section aria-labelledby="anomalies-title" className="view">
      <h1 id="anomalies-title">Anomalies</h1>
      <fieldset className="state-filter">
        <legend>Show states</legend>
        {STATES.map((s) => (
          <label key={s}>
            <input type="checkbox" checked={states.includes(s)} onChange={() => toggleState(s)} />{' '}
            {stateLabels[s]}
            {q.data?.counts[s] !== undefined ? (
              <span className="muted"> ({formatCount(q.data.counts[s])})</span>
            ) : null}
          </label>
        ))}
      </fieldset>
      <QueryState q={q} what="the anomalies">
        {(r) => {
          const chosen = r.anomalies.filter((a) => selected.has(id(a)));
          if (r.anomalies.length === 0)
            return (
              <Empty>
                <p>No anomalies in these states in this time range.</p>
                <p>
                  Widen the time range, show more states, or run the detector from the Model view.
                </p>
              </Empty>
            );
          return (
            <>
              <div className="results-bar" role="toolbar" aria-label="Bulk actions">
                <span>{chosen.length} selected</span>
                {STATES.map((s) => (
                  <button
                    key={s}
                    type="button"
                    disabled={chosen.length === 0}
                    onClick={() => void apply(chosen, s)}
                  >
                    Mark {stateLabels[s].toLowerCase()}
                  </button>
                ))}
                {message ? <span role="status">{message}</span> : null}
              </div>
              <div className="table-scroll">
                <table className="grid" aria-label="Triage queue">
                  <thead>
                    <tr>
                      <th scope="col">
                        <input
                          type="checkbox"
                          aria-label="Select all"
                          checked={chosen.length === r.anomalies.length}
                          onChange={(e) =>
                            setSelected(e.target.checked ? new Set(r.anomalies.map(id)) : new Set())
                          }
                        />
                      </th>
                      <th scope="col" className="num">
                        Score
                      </th>
                      <th scope="col">Client IP</th>
                      <th scope="col">JA4</th>
                      <th scope="col">Why</th>
                      <th scope="col">State</th>
                      <th scope="col">Detected</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.anomalies.map((a) => (
                      <tr key={id(a)}>
                        <td>
                          <input
                            type="checkbox"
                            aria-label={`Select ${a.src_ip} ${a.ja4}`}
                            checked={selected.has(id(a))}
                            onChange={(e) => {
                              const next = new Set(selected);
                              if (e.target.checked) next.add(id(a));
                              else next.delete(id(a));
                              setSelected(next);
                            }}
                          />
                        </td>
                        <td className="num">
                          {a.score.toFixed(3)}{' '}
                          <span className="muted">/ {a.threshold.toFixed(3)}</span>
                        </td>
                        <td>
                          <Pivot kind="ip" value={a.src_ip} />
                        </td>
                        <td>
                          {a.ja4 ? (
                            <Pivot kind="ja4" value={a.ja4} />
                          ) : (
                            <span className="muted">whole IP</span>
                          )}
                        </td>
                        <td className="wrap">{a.reasons.join('; ')}</td>
                        <td>{stateLabels[a.state]}</td>
                        <td>
                          <Time iso={a.detected_at} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
