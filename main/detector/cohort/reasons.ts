// Plain words for the IP forest's features, a lifting cohort, and what NAT awareness saw.
import { againstMedian, formatValue } from '../run/reasons.js';
import { BEHAVIOUR, type BehaviourName } from './behaviour.js';
import type { Cohort } from './cohorts.js';

const PHRASE: Record<BehaviourName, (v: string) => string> = {
  requests_per_person: (v) => `${v} requests per person behind this IP`,
  paths_per_person: (v) => `${v} distinct paths per person`,
  asset_share: (v) => `${v} of requests for page assets`,
  no_cookie_share: (v) => `${v} of requests without cookies`,
  ratio_4xx: (v) => `${v} of responses 4xx`,
  auth_share: (v) => `${v} of requests to login/auth paths`,
  auth_refused_share: (v) => `${v} of requests are refused logins (4xx on login/auth paths)`,
  interval_cv: (v) => `inter-request interval variation ${v}`,
  mean_headers: (v) => `${v} request headers on average`,
  no_accept_language_share: (v) => `${v} of requests without Accept-Language`,
  http1_share: (v) => `${v} of requests over HTTP/1.x`,
  ua_mismatch_share: (v) => `${v} of requests claim a browser the JA4 is not`,
  inconsistent_pairs: (v) => `${v} browser User-Agents on a JA4 that is not that browser`,
};

const pct = (v: number) => `${Math.round(v * 100)}%`;
const short = (s: string, n = 48) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function behaviourReason(name: BehaviourName, value: number, median: number): string {
  const spec = BEHAVIOUR.find((f) => f.name === name)!;
  return againstMedian(spec.kind, PHRASE[name](formatValue(spec.kind, value)), value, median);
}

/** "one of 212 IPs sharing JA4 t13d… posting to /login with 96% 4xx". */
export function cohortReason(c: Cohort, minRequests: number): string {
  const who =
    c.kind === 'ja4'
      ? `JA4 ${c.ja4}`
      : c.kind === 'ja4_ua'
        ? `JA4 ${c.ja4} with User-Agent "${short(c.detail)}"`
        : `JA4 ${c.ja4} on ${c.detail} paths`;
  const p = c.pool;
  const r = Math.max(1, p.requests);
  let what: string;
  if (p.auth / r >= 0.5) {
    const verb = p.authPosts >= p.auth / 2 ? 'posting to' : 'requesting';
    what = `${verb} ${short(c.topPath, 40)} with ${pct(p.auth > 0 ? p.auth4xx / p.auth : 0)} 4xx`;
  } else {
    what = `${formatValue('count', c.medianRequests)} requests each, ${pct(c.topPathShare)} to ${short(c.topPath, 40)}, ${pct(p.noCookie / r)} without cookies, ${pct(p.asset / r)} assets`;
  }
  const small =
    c.smallIpShare > 0 ? ` (${pct(c.smallIpShare)} of them under ${minRequests} requests)` : '';
  return `one of ${formatValue('count', c.ips)} IPs sharing ${who}${small}, ${what}`;
}

/** NAT awareness in words: people behind one address, or one client posing as many. */
export function natReason(consistentPairs: number, inconsistent: number, ja4s: number): string {
  if (inconsistent >= 2)
    return `rotates ${inconsistent} browser User-Agents over ${ja4s === 1 ? 'one JA4' : `${ja4s} JA4s`} that ${ja4s === 1 ? 'is' : 'are'} not that browser: one client posing as many`;
  return `${consistentPairs} consistent browser pairs (User-Agent agrees with JA4) behind this IP: judged as ${consistentPairs} people behind NAT`;
}
