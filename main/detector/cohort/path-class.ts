// Path classes a cohort is cut by (JA4 + path class): what a request is for, not which page. Kept
// to a few coarse classes so a botnet that posts to the login form from 200 addresses forms one
// group, whatever the exact URL. The SQL and the TypeScript forms must agree (path-class.test.ts).
export type PathClass = 'auth' | 'asset' | 'api' | 'search' | 'page';

export const AUTH_RE =
  '(?i)(login|logon|signin|sign-in|sign_in|auth|password|passwd|session|token|signup|register)';
export const ASSET_RE =
  '(?i)(^/static/|^/assets/|\\.(js|mjs|css|png|jpe?g|gif|svg|webp|avif|ico|woff2?|ttf|map)$)';

/** The class of a path, in SQL (ClickHouse re2 regular expressions). */
export const pathClassSql = (path: string): string => `multiIf(
        match(${path}, '${AUTH_RE}'), 'auth',
        match(${path}, '${ASSET_RE.replace(/\\/g, '\\\\')}'), 'asset',
        startsWith(${path}, '/api/'), 'api',
        match(${path}, '(?i)search'), 'search',
        'page')`;

const auth = new RegExp(AUTH_RE.replace('(?i)', ''), 'i');
const asset = new RegExp(ASSET_RE.replace('(?i)', ''), 'i');

export function pathClass(path: string): PathClass {
  if (auth.test(path)) return 'auth';
  if (asset.test(path)) return 'asset';
  if (path.startsWith('/api/')) return 'api';
  if (/search/i.test(path)) return 'search';
  return 'page';
}
