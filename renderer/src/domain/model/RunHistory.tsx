// The runs, newest first; one run stores a row per level it scored, each labelled.
import type { OperationOutput } from '../../../../common/api/contract.js';
import { formatCount, formatMs } from '../../core/format/format.js';
import type { QueryResult } from '../../core/query/useApiQuery.js';
import { type Column, DataTable } from '../../core/ui/DataTable.js';
import { QueryState } from '../../core/ui/States.js';
import { Time } from '../../core/ui/Time.js';
import { LEVEL_NAMES } from './level-names.js';

type Runs = OperationOutput<'model.runs'>;
type Run = Runs['runs'][number];

const columns: Column<Run>[] = [
  { header: 'Run', cell: (x) => <Time iso={x.created_at} /> },
  { header: 'Level', cell: (x) => LEVEL_NAMES[x.level] },
  {
    header: 'Window',
    cell: (x) => (
      <>
        <Time iso={x.window_start} /> – <Time iso={x.window_end} />
      </>
    ),
  },
  { header: 'Entities trained', num: true, cell: (x) => formatCount(x.rows_trained) },
  { header: 'Threshold', num: true, cell: (x) => x.threshold.toFixed(3) },
  { header: 'Anomalies', num: true, cell: (x) => formatCount(x.anomalies) },
  { header: 'Duration', num: true, cell: (x) => formatMs(x.duration_ms) },
];

export function RunHistory({ q }: { q: QueryResult<Runs> }) {
  return (
    <section className="card" aria-labelledby="runs-title">
      <h2 id="runs-title">Run history</h2>
      <QueryState q={q} what="the run history">
        {(r) =>
          r.runs.length === 0 ? (
            <p className="muted">No run yet. Apply parameters or wait for the schedule.</p>
          ) : (
            <DataTable
              label="Run history"
              columns={columns}
              rows={r.runs}
              rowKey={(x) => x.model_id}
              rowProps={(x) => ({ 'data-level': x.level })}
              scroll
            />
          )
        }
      </QueryState>
    </section>
  );
}
