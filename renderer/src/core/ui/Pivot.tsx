// Every value naming an IP, JA4, SNI, host or User-Agent is a pivot: a link to the view that
// answers "what else about this value".
import { JA4_PATTERN } from '../../../../common/api/fingerprint-profile.js';
import { hrefFor } from '../router/store.js';

export type PivotKind = 'ip' | 'ja4' | 'ja3' | 'sni' | 'host' | 'ua' | 'path';

/**
 * `also`: filters the pivot adds to (the IP whose profile it sits on, the search on screen): a
 * path pivot on 203.0.113.7's profile searches that path FROM that IP. Profiles (IP, full JA4)
 * are about one value and take none.
 */
export function pivotHref(
  kind: PivotKind,
  value: string,
  also: Record<string, string> = {},
): string {
  switch (kind) {
    case 'ip':
      return hrefFor('ip', { ip: value });
    case 'ja4':
      return JA4_PATTERN.test(value)
        ? hrefFor('fingerprint', { ja4: value })
        : hrefFor('search', { ...also, ja4: value });
    case 'ja3':
      return hrefFor('search', { ...also, ja3: value });
    case 'sni':
      return hrefFor('search', { ...also, sni: value });
    case 'host':
      return hrefFor('search', { ...also, source: 'requests', host: value });
    case 'ua':
      return hrefFor('search', { ...also, source: 'requests', user_agent: value });
    case 'path':
      return hrefFor('search', { ...also, source: 'requests', path: value });
  }
}

const titles: Record<PivotKind, string> = {
  ip: 'Open the profile of this IP',
  ja4: 'Open the profile of this fingerprint',
  ja3: 'Search for this JA3',
  sni: 'Search for this server name',
  host: 'Search requests to this host',
  ua: 'Search requests with this User-Agent',
  path: 'Search requests for this path',
};

export function Pivot({
  kind,
  value,
  label,
  also,
}: {
  kind: PivotKind;
  value: string;
  label?: string;
  also?: Record<string, string>;
}) {
  if (value === '') return <span className="muted">—</span>;
  const mono = kind === 'ip' || kind === 'ja4' || kind === 'ja3';
  return (
    <a
      className={`pivot${mono ? ' mono' : ''}`}
      href={pivotHref(kind, value, also)}
      title={
        also && Object.keys(also).length > 0 && kind !== 'ip'
          ? `${titles[kind]}, within ${Object.values(also).join(', ')}`
          : titles[kind]
      }
      data-pivot={kind}
    >
      {label ?? value}
    </a>
  );
}
