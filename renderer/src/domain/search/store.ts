// Search's own state: which columns the analyst shows (remembered per browser). The filters
// themselves live in the URL so a search can be shared.
import { create } from 'zustand';
import { type ColumnId, columnDefs, defaultColumns } from './columns.js';

const KEY = 'ja4ws.search.columns';

function load(): ColumnId[] {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as unknown;
    if (Array.isArray(saved)) {
      const ids = saved.filter((c): c is ColumnId => columnDefs.some((d) => d.id === c));
      if (ids.length > 0) return ids;
    }
  } catch {
    /* fall back to the defaults */
  }
  return defaultColumns;
}

export const useSearchColumns = create<{
  columns: ColumnId[];
  toggle: (c: ColumnId) => void;
  reset: () => void;
}>((set, get) => ({
  columns: load(),
  toggle: (c) => {
    const cur = get().columns;
    const next = cur.includes(c)
      ? cur.filter((x) => x !== c)
      : columnDefs.map((d) => d.id).filter((id) => id === c || cur.includes(id));
    if (next.length === 0) return;
    try {
      localStorage.setItem(KEY, JSON.stringify(next));
    } catch {
      /* ignore */
    }
    set({ columns: next });
  },
  reset: () => {
    try {
      localStorage.removeItem(KEY);
    } catch {
      /* ignore */
    }
    set({ columns: defaultColumns });
  },
}));
