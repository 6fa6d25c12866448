// The cohorts (IPs sharing a JA4, a JA4 + User-Agent or a JA4 + path class) the IP pass would
// flag at the threshold shown: every member IP is lifted to the cohort's score.
import type { PreviewCohort } from '../../../../common/api/model.js';
import { type Column, DataTable } from '../../core/ui/DataTable.js';
import { Pivot } from '../../core/ui/Pivot.js';

const KIND: Record<PreviewCohort['kind'], string> = {
  ja4: 'JA4',
  ja4_ua: 'JA4 + User-Agent',
  ja4_path: 'JA4 + path class',
};

const columns: Column<PreviewCohort>[] = [
  { header: 'Shared', cell: (c) => KIND[c.kind] },
  { header: 'JA4', cell: (c) => <Pivot kind="ja4" value={c.ja4} /> },
  {
    header: 'User-Agent or path class',
    className: 'wrap',
    cell: (c) => c.detail || <span className="muted">any</span>,
  },
  { header: 'IPs', num: true, cell: (c) => c.ips },
  { header: 'Score', num: true, cell: (c) => c.score.toFixed(3) },
  { header: 'Why', className: 'wrap', cell: (c) => c.reason },
];

export function CohortList({ cohorts }: { cohorts: PreviewCohort[] }) {
  const title = `Cohorts flagged (${cohorts.length})`;
  return (
    <section className="card" aria-label={title}>
      <h3>{title}</h3>
      {cohorts.length === 0 ? (
        <p className="muted">None: no group of IPs sharing a fingerprint scores above it.</p>
      ) : (
        <DataTable
          label="Cohorts flagged"
          columns={columns}
          rows={cohorts}
          rowKey={(c) => `${c.kind}|${c.ja4}|${c.detail}`}
          scroll
        />
      )}
    </section>
  );
}
