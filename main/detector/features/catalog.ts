// The detector's features: one entry per column the feature SQL returns, with how it is shown in
// an explanation. Why each one separates bots from people is in docs/detector.md.
export type FeatureKind = 'count' | 'share' | 'ratio' | 'number';

export interface FeatureSpec {
  readonly name: string;
  readonly kind: FeatureKind;
  /** Counts spread over orders of magnitude; the forest sees log1p(v) so splits are not all spent on the tail. */
  readonly log: boolean;
  /** Plain words for a value, e.g. "342 requests in the peak minute". */
  readonly phrase: (v: string) => string;
}

export const FEATURES = [
  { name: 'requests', kind: 'count', log: true, phrase: (v) => `${v} requests in the window` },
  { name: 'peak_rpm', kind: 'count', log: true, phrase: (v) => `${v} requests in the peak minute` },
  { name: 'distinct_paths', kind: 'count', log: true, phrase: (v) => `${v} distinct paths` },
  { name: 'path_entropy', kind: 'number', log: false, phrase: (v) => `path entropy ${v} bits` },
  { name: 'ratio_4xx', kind: 'share', log: false, phrase: (v) => `${v} of responses 4xx` },
  { name: 'ratio_5xx', kind: 'share', log: false, phrase: (v) => `${v} of responses 5xx` },
  {
    name: 'ip_distinct_ja4',
    kind: 'count',
    log: false,
    phrase: (v) => `${v} distinct JA4s from this IP`,
  },
  {
    name: 'ua_distinct',
    kind: 'count',
    log: false,
    phrase: (v) => `${v} distinct User-Agents from this IP and JA4`,
  },
  {
    name: 'ja4_ua_distinct',
    kind: 'count',
    log: true,
    phrase: (v) => `${v} distinct User-Agents on this JA4 overall`,
  },
  {
    name: 'ua_mismatch_share',
    kind: 'share',
    log: false,
    phrase: (v) => `${v} of requests claim a browser the JA4 is not`,
  },
  {
    name: 'mean_headers',
    kind: 'number',
    log: false,
    phrase: (v) => `${v} request headers on average`,
  },
  {
    name: 'no_accept_language_share',
    kind: 'share',
    log: false,
    phrase: (v) => `${v} of requests without Accept-Language`,
  },
  {
    name: 'no_cookie_share',
    kind: 'share',
    log: false,
    phrase: (v) => `${v} of requests without cookies`,
  },
  {
    name: 'http1_share',
    kind: 'share',
    log: false,
    phrase: (v) => `${v} of requests over HTTP/1.x`,
  },
  {
    name: 'interval_cv',
    kind: 'ratio',
    log: false,
    phrase: (v) => `inter-request interval variation ${v}`,
  },
  {
    name: 'handshake_only_share',
    kind: 'share',
    log: false,
    phrase: (v) => `${v} of TLS handshakes sent no request`,
  },
  {
    name: 'recurrence_days',
    kind: 'count',
    log: false,
    phrase: (v) => `seen on ${v} of the last 30 days`,
  },
] as const satisfies readonly FeatureSpec[];

export type FeatureName = (typeof FEATURES)[number]['name'];
export const FEATURE_NAMES: readonly FeatureName[] = FEATURES.map((f) => f.name);

export function featureSpec(name: string): FeatureSpec | undefined {
  return FEATURES.find((f) => f.name === name);
}
