// Virtualized: only the rows in view (plus a few) are in the DOM, so thousands of rows scroll
// smoothly; spacer rows keep the scrollbar true and the table semantics native.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { SearchRow } from '../../../../common/api/search.js';
import { Pivot } from '../../core/ui/Pivot.js';
import { Time } from '../../core/ui/Time.js';
import { type ColumnId, columnDefs } from './columns.js';

const ROW = 30;

function Cell({ row, id }: { row: SearchRow; id: ColumnId }) {
  const def = columnDefs.find((d) => d.id === id)!;
  const v = row[id];
  if (id === 'ts') return <Time iso={row.ts} ms />;
  if (def.pivot && typeof v === 'string') return <Pivot kind={def.pivot} value={v} />;
  if (id === 'status') return <>{row.status === 0 ? '' : row.status}</>;
  return <>{String(v)}</>;
}

export function ResultsTable({ rows, columns }: { rows: SearchRow[]; columns: ColumnId[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 12,
    // jsdom and first paint: assume a viewport so the first rows render before measuring.
    initialRect: { width: 1200, height: 600 },
  });
  const items = v.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = v.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const defs = columns.map((c) => columnDefs.find((d) => d.id === c)!);
  return (
    <div
      className="virtual-scroll"
      ref={scroller}
      tabIndex={0}
      aria-label="Search results, scrollable"
    >
      <table className="grid fixed" aria-label="Search results" aria-rowcount={rows.length + 1}>
        <colgroup>
          {defs.map((d) => (
            <col key={d.id} style={{ width: d.width }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {defs.map((d) => (
              <th key={d.id} scope="col">
                {d.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {top > 0 ? (
            <tr aria-hidden="true" style={{ height: top }}>
              <td colSpan={defs.length} />
            </tr>
          ) : null}
          {items.map((it) => {
            const row = rows[it.index]!;
            return (
              <tr key={it.index} aria-rowindex={it.index + 2} style={{ height: ROW }}>
                {defs.map((d) => (
                  <td
                    key={d.id}
                    className={
                      d.id === 'ja4' || d.id === 'ja3' || d.id === 'ja4s' ? 'mono' : undefined
                    }
                  >
                    <Cell row={row} id={d.id} />
                  </td>
                ))}
              </tr>
            );
          })}
          {bottom > 0 ? (
            <tr aria-hidden="true" style={{ height: bottom }}>
              <td colSpan={defs.length} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
