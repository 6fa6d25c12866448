// Virtualized: only the rows in view (plus a few) are in the DOM, so thousands of rows scroll
// smoothly; spacer rows keep the scrollbar true and the table semantics native. Headers sort the
// loaded rows and can be dragged wider; the first column stays in view when scrolling sideways;
// a row opens everything stored about it (DetailPane).
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type MouseEvent, useMemo, useRef, useState } from 'react';
import type { SearchRow, SearchSource } from '../../../../common/api/search.js';
import { Pivot } from '../../core/ui/Pivot.js';
import type { SortState } from '../../core/ui/SortHeader.js';
import { Time } from '../../core/ui/Time.js';
import { SpacerRow } from '../../core/ui/SpacerRow.js';
import { DetailPane } from '../event-detail/DetailPane.js';
import { type ColumnId, columnDefs } from './columns.js';
import { useSearchColumns } from './store.js';

const ROW = 30;

function Cell({ row, id, also }: { row: SearchRow; id: ColumnId; also?: Record<string, string> }) {
  const def = columnDefs.find((d) => d.id === id)!;
  const v = row[id];
  if (id === 'ts') return <Time iso={row.ts} ms />;
  if (def.pivot && typeof v === 'string')
    return <Pivot kind={def.pivot} value={v} {...(also ? { also } : {})} />;
  if (id === 'status') return <>{row.status === 0 ? '' : row.status}</>;
  return <>{String(v)}</>;
}

function compare(a: SearchRow, b: SearchRow, id: ColumnId): number {
  const x = a[id];
  const y = b[id];
  return typeof x === 'number' && typeof y === 'number'
    ? x - y
    : String(x).localeCompare(String(y));
}

export function ResultsTable({
  rows,
  columns,
  source = 'handshakes',
  label = 'Search results',
  also,
}: {
  rows: SearchRow[];
  columns: ColumnId[];
  source?: SearchSource;
  label?: string;
  /** Filters the cells' pivots add to (the search or profile on screen). */
  also?: Record<string, string>;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const widths = useSearchColumns((s) => s.widths);
  const setWidth = useSearchColumns((s) => s.setWidth);
  const [sort, setSort] = useState<SortState<ColumnId>>({ key: 'ts', desc: true });
  const [open, setOpen] = useState<SearchRow | undefined>();
  const sorted = useMemo(() => {
    if (sort.key === 'ts' && sort.desc) return rows; // as the server sent them
    const out = [...rows].sort((a, b) => compare(a, b, sort.key));
    return sort.desc ? out.reverse() : out;
  }, [rows, sort]);
  const v = useVirtualizer({
    count: sorted.length,
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
  const activate = (row: SearchRow) => (e: MouseEvent | KeyboardEvent) => {
    if ((e.target as HTMLElement).closest('a, button, input')) return;
    if ('key' in e && e.key !== 'Enter') return;
    setOpen(row);
  };
  const startResize = (id: ColumnId, startWidth: number) => (e: React.PointerEvent) => {
    e.preventDefault();
    const x0 = e.clientX;
    const move = (ev: PointerEvent) => setWidth(id, startWidth + ev.clientX - x0);
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  return (
    <div className={open ? 'with-detail' : undefined}>
      <div
        className="virtual-scroll"
        ref={scroller}
        tabIndex={0}
        aria-label={`${label}, scrollable`}
      >
        <table
          className="grid fixed sticky-first"
          aria-label={label}
          aria-rowcount={rows.length + 1}
        >
          <colgroup>
            {defs.map((d) => (
              <col key={d.id} style={{ width: widths[d.id] ?? d.width }} />
            ))}
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              {defs.map((d) => {
                const active = sort.key === d.id;
                return (
                  <th
                    key={d.id}
                    scope="col"
                    className={d.numeric ? 'num resizable' : 'resizable'}
                    aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                  >
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() =>
                        setSort({
                          key: d.id,
                          desc: active ? !sort.desc : d.id === 'ts' || !!d.numeric,
                        })
                      }
                    >
                      {d.label}
                      <span aria-hidden="true" className="sort-arrow">
                        {active ? (sort.desc ? '▼' : '▲') : '↕'}
                      </span>
                    </button>
                    <span
                      className="col-resize"
                      aria-hidden="true"
                      title="Drag to resize"
                      onPointerDown={startResize(d.id, widths[d.id] ?? d.width)}
                    />
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            <SpacerRow height={top} cols={defs.length} />
            {items.map((it) => {
              const row = sorted[it.index]!;
              return (
                <tr
                  key={it.index}
                  aria-rowindex={it.index + 2}
                  aria-selected={open === row}
                  className="clickable"
                  tabIndex={0}
                  title="Open everything stored about this event"
                  style={{ height: ROW }}
                  onClick={activate(row)}
                  onKeyDown={activate(row)}
                >
                  {defs.map((d) => (
                    <td
                      key={d.id}
                      className={
                        d.id === 'ja4' || d.id === 'ja3' || d.id === 'ja4s'
                          ? 'mono'
                          : d.numeric
                            ? 'num'
                            : undefined
                      }
                    >
                      <Cell row={row} id={d.id} {...(also ? { also } : {})} />
                    </td>
                  ))}
                </tr>
              );
            })}
            <SpacerRow height={bottom} cols={defs.length} />
          </tbody>
        </table>
      </div>
      {open ? <DetailPane row={open} source={source} onClose={() => setOpen(undefined)} /> : null}
    </div>
  );
}
