// A plain (not virtualized) table from column definitions, for small status tables: the Sensors
// view's cards and the Fleet card wrote the same thead and cell markup by hand, five times over
// (the duplicates tool reported them). Numeric columns align right; a row can be flagged (the
// theme's flag tint and bar) and carry data attributes.
import type { ReactNode } from 'react';
import { ScrollBox } from './ScrollBox.js';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned figures. */
  num?: boolean;
  /** Extra cell class: 'mono', 'wrap'. */
  className?: string;
  title?: (row: T) => string | undefined;
}

export function DataTable<T>({
  label,
  columns,
  rows,
  rowKey,
  flag,
  rowProps,
  scroll = false,
}: {
  label: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string;
  /** Rows that need a look (a stopped worker, a failed job). */
  flag?: (row: T) => boolean;
  /** Anything else a row carries (data attributes for tests and styles). */
  rowProps?: (row: T) => Record<string, string>;
  /** Wide tables scroll sideways inside their card instead of widening the page. */
  scroll?: boolean;
}) {
  const table = (
    <table className="grid" aria-label={label}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.header} scope="col" className={c.num ? 'num' : undefined}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr
            key={rowKey(r, i)}
            className={flag?.(r) ? 'flag' : undefined}
            {...(rowProps ? rowProps(r) : {})}
          >
            {columns.map((c) => (
              <td
                key={c.header}
                className={[c.num ? 'num' : '', c.className ?? ''].join(' ').trim() || undefined}
                title={c.title?.(r)}
              >
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return scroll ? <ScrollBox label={label}>{table}</ScrollBox> : table;
}
