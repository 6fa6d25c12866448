// The current route, read from location.hash and written back on navigation. Views read their
// filters from here, so the URL is the one source of truth for what is on screen.
import { create } from 'zustand';
import { formatHash, parseHash, type Route, sharedParams, type View } from './route.js';

interface RouterState {
  route: Route;
  navigate: (view: View, params?: Record<string, string | undefined>, keepShared?: boolean) => void;
  /** Replace some parameters of the current view (filters, time range). */
  setParams: (params: Record<string, string | undefined>) => void;
}

const initial = (): Route =>
  typeof window === 'undefined'
    ? { view: 'overview', params: {} }
    : parseHash(window.location.hash);

function clean(params: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

function write(route: Route): void {
  const hash = formatHash(route);
  if (window.location.hash !== hash) window.location.hash = hash;
}

export const useRouter = create<RouterState>((set, get) => ({
  route: initial(),
  navigate: (view, params = {}, keepShared = true) => {
    const shared: Record<string, string> = {};
    if (keepShared)
      for (const k of sharedParams) {
        const v = get().route.params[k];
        if (v !== undefined) shared[k] = v;
      }
    const route = { view, params: clean({ ...shared, ...params }) };
    set({ route });
    write(route);
  },
  setParams: (params) => {
    const cur = get().route;
    const route = { view: cur.view, params: clean({ ...cur.params, ...params }) };
    set({ route });
    write(route);
  },
}));

/** A link target for a view, carrying the current time range. */
export function hrefFor(view: View, params: Record<string, string> = {}): string {
  const cur = useRouter.getState().route.params;
  const shared: Record<string, string> = {};
  for (const k of sharedParams) if (cur[k] !== undefined) shared[k] = cur[k];
  return formatHash({ view, params: { ...shared, ...params } });
}

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    const next = parseHash(window.location.hash);
    if (formatHash(next) !== formatHash(useRouter.getState().route))
      useRouter.setState({ route: next });
  });
}
