// The URL carries the view and its filters: `#/<view>?<params>`. A copied link restores the view,
// its filters and the time range. The hash keeps routing client-side (the daemon serves one page,
// the desktop loads it from disk) with no router dependency.
export const views = [
  'overview',
  'live',
  'search',
  'ip',
  'fingerprint',
  'anomalies',
  'model',
  'sensors',
  'import',
  'sql',
  'settings',
] as const;
export type View = (typeof views)[number];

export interface Route {
  view: View;
  params: Record<string, string>;
}

const isView = (v: string): v is View => (views as readonly string[]).includes(v);

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const name = q < 0 ? body : body.slice(0, q);
  const params: Record<string, string> = {};
  new URLSearchParams(q < 0 ? '' : body.slice(q + 1)).forEach((v, k) => {
    if (k !== 'token') params[k] = v;
  });
  return { view: isView(name) ? name : 'overview', params };
}

export function formatHash(route: Route): string {
  const qs = new URLSearchParams(
    Object.entries(route.params).filter(([, v]) => v !== undefined && v !== ''),
  ).toString();
  return `#/${route.view}${qs ? `?${qs}` : ''}`;
}

/** Parameters that follow the analyst from view to view (the time range). */
export const sharedParams = ['range', 'from', 'to'] as const;
