// A column header that sorts: a button inside the <th>, aria-sort on the header, the arrow shown.
// Clicking the sorted column flips the direction; another column starts in its natural direction.
import type { ReactNode } from 'react';

export interface SortState<K extends string> {
  key: K;
  desc: boolean;
}

export function SortHeader<K extends string>({
  id,
  sort,
  onSort,
  children,
  firstDesc = true,
  className,
}: {
  id: K;
  sort: SortState<K>;
  onSort: (next: SortState<K>) => void;
  children: ReactNode;
  /** Direction of the first click (numbers and times: highest first). */
  firstDesc?: boolean;
  className?: string;
}) {
  const active = sort.key === id;
  return (
    <th
      scope="col"
      className={className}
      aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}
    >
      <button
        type="button"
        className="sort-button"
        onClick={() => onSort({ key: id, desc: active ? !sort.desc : firstDesc })}
      >
        {children}
        <span aria-hidden="true" className="sort-arrow">
          {active ? (sort.desc ? '▼' : '▲') : '↕'}
        </span>
      </button>
    </th>
  );
}
