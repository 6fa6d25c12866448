// Search's own state: which columns the analyst shows for each source, and their widths
// (remembered per browser). The filters themselves live in the URL so a search can be shared.
import { create } from 'zustand';
import type { SearchSource } from '../../../../common/api/search.js';
import { type ColumnId, columnDefs, defaultColumnsFor } from './columns.js';

const KEY = 'ja4ws.search.columns.v2';
type Chosen = Record<SearchSource, ColumnId[]>;

const defaults = (): Chosen => ({
  requests: defaultColumnsFor('requests'),
  handshakes: defaultColumnsFor('handshakes'),
});

function load(): { chosen: Chosen; widths: Partial<Record<ColumnId, number>> } {
  const out = { chosen: defaults(), widths: {} as Partial<Record<ColumnId, number>> };
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as {
      chosen?: Partial<Record<SearchSource, unknown>>;
      widths?: Record<string, unknown>;
    } | null;
    for (const s of ['requests', 'handshakes'] as const) {
      const list = saved?.chosen?.[s];
      if (Array.isArray(list)) {
        const ids = list.filter((c): c is ColumnId => columnDefs.some((d) => d.id === c));
        if (ids.length > 0) out.chosen[s] = ids;
      }
    }
    for (const [k, v] of Object.entries(saved?.widths ?? {}))
      if (columnDefs.some((d) => d.id === k) && typeof v === 'number' && v >= 40 && v <= 2000)
        out.widths[k as ColumnId] = v;
  } catch {
    /* fall back to the defaults */
  }
  return out;
}

function save(state: { chosen: Chosen; widths: Partial<Record<ColumnId, number>> }): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(state));
  } catch {
    /* private mode: kept for this page only */
  }
}

export const useSearchColumns = create<{
  chosen: Chosen;
  widths: Partial<Record<ColumnId, number>>;
  toggle: (source: SearchSource, c: ColumnId) => void;
  setWidth: (c: ColumnId, px: number) => void;
  reset: () => void;
}>((set, get) => ({
  ...load(),
  toggle: (source, c) => {
    const cur = get().chosen[source];
    const next = cur.includes(c)
      ? cur.filter((x) => x !== c)
      : columnDefs.map((d) => d.id).filter((id) => id === c || cur.includes(id));
    if (next.length === 0) return;
    const chosen = { ...get().chosen, [source]: next };
    save({ chosen, widths: get().widths });
    set({ chosen });
  },
  setWidth: (c, px) => {
    const widths = { ...get().widths, [c]: Math.round(Math.min(2000, Math.max(40, px))) };
    save({ chosen: get().chosen, widths });
    set({ widths });
  },
  reset: () => {
    try {
      localStorage.removeItem(KEY);
    } catch {
      /* ignore */
    }
    set({ chosen: defaults(), widths: {} });
  },
}));

/** The columns shown for a source (request-only columns never on handshakes). */
export function useColumnsFor(source: SearchSource): ColumnId[] {
  const chosen = useSearchColumns((s) => s.chosen[source]);
  return chosen.filter(
    (c) => source === 'requests' || !columnDefs.find((d) => d.id === c)!.requestOnly,
  );
}
