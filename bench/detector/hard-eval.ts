// Issue 20's evaluation: the harder scenario (tools/traffic-gen/hard-scenario.ts) through
// `ja4ws detect`'s path per IP with cohorts (the same code as the command), against the simple
// scikit-learn per-IP baseline on eleven features, both scored on every IP with a request in the
// window. Per IP: ROC-AUC, precision at recall 0.95, precision and recall of the flags, recall per
// bot kind and false positives per kind of people.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateHardScenario, ipLabels } from '../../tools/traffic-gen/hard-scenario.js';
import type { GeneratedEvent } from '../../tools/traffic-gen/actors.js';
import { DEFAULT_DETECT_PARAMS, DEFAULT_MIN_REQUESTS } from '../../main/detector/defaults.js';
import { detectOffline } from '../../main/detector/offline/detect-offline.js';
import { pathClass } from '../../main/detector/cohort/path-class.js';
import { rocAuc } from '../../main/detector/util/stats.js';

export interface Side {
  auc: number;
  precisionAtRecall95: number;
  flagged: number;
  precision: number;
  recall: number;
  /** Bot kind -> [flagged, n]. */
  recallByKind: Record<string, [number, number]>;
  /** People kind -> [flagged, n]. */
  flaggedPeople: Record<string, [number, number]>;
}

export interface HardEvaluation {
  seed: number;
  events: number;
  ips: number;
  bots: number;
  ours: Side;
  baseline: Side;
  detectMs: number;
}

/** Precision at the first rank where recall reaches `target` (ties broken against us). */
export function precisionAtRecall(
  scores: readonly number[],
  isBot: readonly boolean[],
  target: number,
): number {
  const total = isBot.filter(Boolean).length;
  const idx = scores
    .map((_, i) => i)
    .sort((a, b) => scores[b]! - scores[a]! || Number(isBot[a]) - Number(isBot[b]));
  let tp = 0;
  for (let k = 0; k < idx.length; k++) {
    if (isBot[idx[k]!]) tp++;
    if (tp >= target * total) {
      // Every entity tied with the k-th score is taken too.
      const s = scores[idx[k]!]!;
      let j = k;
      while (j + 1 < idx.length && scores[idx[j + 1]!] === s) j++;
      const tpAll = idx.slice(0, j + 1).filter((i) => isBot[i]).length;
      return tpAll / (j + 1);
    }
  }
  return 0;
}

function side(scores: number[], flags: boolean[], isBot: boolean[], kinds: string[]): Side {
  const recallByKind: Record<string, [number, number]> = {};
  const flaggedPeople: Record<string, [number, number]> = {};
  kinds.forEach((k, i) => {
    const m = isBot[i] ? recallByKind : flaggedPeople;
    m[k] ??= [0, 0];
    m[k][1]++;
    if (flags[i]) m[k][0]++;
  });
  const flagged = flags.filter(Boolean).length;
  const tp = flags.filter((f, i) => f && isBot[i]).length;
  return {
    auc: rocAuc(scores, isBot),
    precisionAtRecall95: precisionAtRecall(scores, isBot, 0.95),
    flagged,
    precision: flagged > 0 ? tp / flagged : 0,
    recall: tp / isBot.filter(Boolean).length,
    recallByKind,
    flaggedPeople,
  };
}

const BROWSER_UA = /Chrome\/|Firefox\/|Safari\//;

/** The eleven per-IP features of the baseline, from the events themselves. */
export function baselineFeatures(
  events: readonly GeneratedEvent[],
  ips: readonly string[],
  start: number,
  end: number,
): Float64Array {
  interface Acc {
    n: number;
    paths: Set<string>;
    uas: Set<string>;
    ja4s: Set<string>;
    asset: number;
    noCookie: number;
    n4xx: number;
    times: number[];
    headers: number;
    browserNoH2: number;
  }
  const acc = new Map<string, Acc>();
  for (const e of events) {
    const ms = e.ts_us / 1000;
    if (!e.request || ms < start || ms >= end) continue;
    let a = acc.get(e.src_ip);
    if (!a)
      acc.set(
        e.src_ip,
        (a = {
          n: 0,
          paths: new Set(),
          uas: new Set(),
          ja4s: new Set(),
          asset: 0,
          noCookie: 0,
          n4xx: 0,
          times: [],
          headers: 0,
          browserNoH2: 0,
        }),
      );
    const q = e.request;
    const h = (name: string) => q.headers.find(([k]) => k.toLowerCase() === name)?.[1];
    const ua = h('user-agent') ?? '';
    a.n++;
    a.paths.add(q.path);
    a.uas.add(ua);
    a.ja4s.add(e.handshake?.ja4 ?? '');
    if (pathClass(q.path) === 'asset') a.asset++;
    if (h('cookie') === undefined) a.noCookie++;
    if ((q.status ?? 0) >= 400 && (q.status ?? 0) < 500) a.n4xx++;
    a.times.push(ms);
    a.headers += q.headers.length;
    if (BROWSER_UA.test(ua) && !/^[23]/.test(q.http_version)) a.browserNoH2++;
  }
  const cols = 11;
  const x = new Float64Array(ips.length * cols);
  ips.forEach((ip, r) => {
    const a = acc.get(ip);
    if (!a) return;
    const t = a.times.sort((p, q) => p - q);
    const gaps = t.slice(1).map((v, i) => (v - t[i]!) / 1000);
    const mean = gaps.length ? gaps.reduce((s, g) => s + g, 0) / gaps.length : 0;
    const sd = gaps.length
      ? Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length)
      : 0;
    const row = [
      a.n,
      a.paths.size,
      a.uas.size,
      a.ja4s.size,
      a.asset / a.n,
      a.noCookie / a.n,
      a.n4xx / a.n,
      mean,
      mean > 0 ? sd / mean : 0,
      a.headers / a.n,
      a.browserNoH2 / a.n,
    ];
    x.set(row, r * cols);
  });
  return x;
}

function sklearnBaseline(
  x: Float64Array,
  rows: number,
  seed: number,
): { scores: number[]; flagged: boolean[] } {
  const path = `/tmp/ja4ws-baseline-${process.pid}.f64`;
  writeFileSync(path, Buffer.from(x.buffer, x.byteOffset, x.byteLength));
  try {
    const script = fileURLToPath(new URL('./sklearn-baseline.py', import.meta.url));
    const out = execFileSync('/usr/bin/python3', [script, path, String(rows), '11', String(seed)], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      timeout: 300_000,
    });
    return JSON.parse(out) as { scores: number[]; flagged: boolean[] };
  } finally {
    rmSync(path, { force: true });
  }
}

export async function evaluateHardSeed(
  seed: number,
  opts: { cohortMinIps?: number } = {},
): Promise<HardEvaluation> {
  const { events, labels } = generateHardScenario(seed);
  const byIp = ipLabels(labels);
  const path = `/tmp/ja4ws-hard-${process.pid}-${seed}.jsonl`;
  writeFileSync(path, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const t0 = performance.now();
  let res;
  try {
    res = await detectOffline({
      eventsPath: path,
      params: DEFAULT_DETECT_PARAMS,
      windowMs: 3_600_000,
      minRequests: DEFAULT_MIN_REQUESTS,
      perIp: true,
      cohorts: { enabled: true, minIps: opts.cohortMinIps ?? 5 },
    });
  } finally {
    rmSync(path, { force: true });
  }
  const detectMs = performance.now() - t0;
  const d = res.detection!;
  const ips = d.results.map((r) => r.src_ip);
  const isBot = ips.map((ip) => byIp.get(ip)?.label === 'bot');
  const kinds = ips.map((ip) => byIp.get(ip)?.kind ?? 'unlabelled');
  const ours = side(
    d.results.map((r) => r.score),
    d.results.map((r) => r.is_anomaly),
    isBot,
    kinds,
  );
  const base = sklearnBaseline(
    baselineFeatures(events, ips, res.windowStart, res.windowEnd),
    ips.length,
    seed,
  );
  return {
    seed,
    events: events.length,
    ips: ips.length,
    bots: isBot.filter(Boolean).length,
    ours,
    baseline: side(base.scores, base.flagged, isBot, kinds),
    detectMs,
  };
}
