// One list of entities a preview names (newly flagged, no longer flagged), every row shown: its
// heading's count is the number of rows below it.
import type { PreviewEntity } from '../../../../common/api/model.js';
import { type Column, DataTable } from '../../core/ui/DataTable.js';
import { Pivot } from '../../core/ui/Pivot.js';
import { LEVEL_NAMES } from './level-names.js';

const columns: Column<PreviewEntity>[] = [
  { header: 'Level', cell: (f) => LEVEL_NAMES[f.level] },
  { header: 'IP', cell: (f) => <Pivot kind="ip" value={f.src_ip} /> },
  {
    header: 'JA4',
    cell: (f) =>
      f.ja4 ? <Pivot kind="ja4" value={f.ja4} /> : <span className="muted">every JA4</span>,
  },
  { header: 'Score', num: true, cell: (f) => f.score.toFixed(3) },
  { header: 'Why', className: 'wrap', cell: (f) => f.reasons.join('; ') },
];

export function FlaggedList({ title, list }: { title: string; list: PreviewEntity[] }) {
  const name = `${title} (${list.length})`;
  return (
    <section className="card flagged-list" aria-label={name}>
      <h3>{name}</h3>
      {list.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <DataTable
          label={title}
          columns={columns}
          rows={list}
          rowKey={(f) => `${f.level}|${f.src_ip}|${f.ja4}`}
          scroll
        />
      )}
    </section>
  );
}
