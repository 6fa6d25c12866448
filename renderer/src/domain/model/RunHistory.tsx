// The runs, newest first; one run stores a row per level it scored, each labelled.
import type { OperationOutput } from '../../../../common/api/contract.js';
import { formatCount, formatMs } from '../../core/format/format.js';
import type { QueryResult } from '../../core/query/useApiQuery.js';
import { QueryState } from '../../core/ui/States.js';
import { Time } from '../../core/ui/Time.js';
import { LEVEL_NAMES } from './level-names.js';

type Runs = OperationOutput<'model.runs'>;

export function RunHistory({ q }: { q: QueryResult<Runs> }) {
  return (
    <section className="card" aria-labelledby="runs-title">
      <h2 id="runs-title">Run history</h2>
      <QueryState q={q} what="the run history">
        {(r) =>
          r.runs.length === 0 ? (
            <p className="muted">No run yet. Apply parameters or wait for the schedule.</p>
          ) : (
            <div className="table-scroll">
              <table className="grid" aria-label="Run history">
                <thead>
                  <tr>
                    <th scope="col">Run</th>
                    <th scope="col">Level</th>
                    <th scope="col">Window</th>
                    <th scope="col" className="num">
                      Entities trained
                    </th>
                    <th scope="col" className="num">
                      Threshold
                    </th>
                    <th scope="col" className="num">
                      Anomalies
                    </th>
                    <th scope="col" className="num">
                      Duration
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.runs.map((x) => (
                    <tr key={x.model_id} className={x.level === 'ip' ? 'run-level-ip' : undefined}>
                      <td>
                        <Time iso={x.created_at} />
                      </td>
                      <td>{LEVEL_NAMES[x.level]}</td>
                      <td>
                        <Time iso={x.window_start} /> – <Time iso={x.window_end} />
                      </td>
                      <td className="num">{formatCount(x.rows_trained)}</td>
                      <td className="num">{x.threshold.toFixed(3)}</td>
                      <td className="num">{formatCount(x.anomalies)}</td>
                      <td className="num">{formatMs(x.duration_ms)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </section>
  );
}
