// Shared by the detector benchmarks: generate a labelled scenario, run offline detection (the
// same path as `ja4ws detect`), and measure how well the scores separate bots from people.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateScenario } from '../../tools/traffic-gen/scenario.js';
import {
  DEFAULT_DETECT_PARAMS,
  DEFAULT_MIN_REQUESTS,
  DEFAULT_WINDOW_MS,
} from '../../main/detector/defaults.js';
import { modelMatrix } from '../../main/detector/features/compute.js';
import { detectOffline } from '../../main/detector/offline/detect-offline.js';
import type { DetectParams } from '../../main/detector/run/detect.js';
import { precisionAtK, rocAuc } from '../../main/detector/util/stats.js';

export interface Evaluation {
  seed: number;
  events: number;
  entities: number;
  bots: number;
  auc: number;
  /** scikit-learn's IsolationForest on the very same feature matrix (same trees), for reference. */
  sklearnAuc: number;
  precisionAt10: number;
  precisionAt50: number;
  /** Precision at k = number of bots (= R-precision). */
  precisionAtBots: number;
  flagged: number;
  flaggedBots: number;
  /** Bots per kind: how many, how many flagged. */
  byKind: Record<string, { n: number; flagged: number }>;
  detectMs: number;
}

export async function evaluateSeed(
  seed: number,
  params: Partial<DetectParams> = {},
): Promise<Evaluation> {
  const { events, labels } = generateScenario({ seed });
  const path = `/tmp/ja4ws-eval-${process.pid}-${seed}.jsonl`;
  writeFileSync(path, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const p = { ...DEFAULT_DETECT_PARAMS, ...params };
  const t0 = performance.now();
  const res = await detectOffline({
    eventsPath: path,
    params: p,
    windowMs: DEFAULT_WINDOW_MS,
    minRequests: DEFAULT_MIN_REQUESTS,
  });
  const detectMs = performance.now() - t0;
  rmSync(path);
  const d = res.detection!;
  const label = new Map(labels.map((l) => [`${l.src_ip}|${l.ja4}`, l]));
  // Every scored entity has a label (entities below the minimum request count are not scored).
  const isBot = d.results.map((r) => label.get(`${r.src_ip}|${r.ja4}`)?.label === 'bot');
  const scores = d.results.map((r) => r.score);
  const bots = isBot.filter(Boolean).length;
  const byKind: Record<string, { n: number; flagged: number }> = {};
  d.results.forEach((r) => {
    const l = label.get(`${r.src_ip}|${r.ja4}`);
    const kind = l?.kind ?? 'unlabelled';
    byKind[kind] ??= { n: 0, flagged: 0 };
    byKind[kind].n++;
    if (r.is_anomaly) byKind[kind].flagged++;
  });
  return {
    seed,
    events: events.length,
    entities: d.results.length,
    bots,
    auc: rocAuc(scores, isBot),
    sklearnAuc: sklearnAuc(modelMatrix(res.table, p.features), isBot, p.nEstimators, p.seed),
    precisionAt10: precisionAtK(scores, isBot, 10),
    precisionAt50: precisionAtK(scores, isBot, 50),
    precisionAtBots: precisionAtK(scores, isBot, bots),
    flagged: d.results.filter((r) => r.is_anomaly).length,
    flaggedBots: d.results.filter((r, i) => r.is_anomaly && isBot[i]).length,
    byKind,
    detectMs,
  };
}

function sklearnAuc(
  x: { rows: number; cols: number; data: Float64Array },
  isBot: boolean[],
  trees: number,
  seed: number,
): number {
  const base = `/tmp/ja4ws-skauc-${process.pid}`;
  writeFileSync(`${base}.f64`, Buffer.from(x.data.buffer, x.data.byteOffset, x.data.byteLength));
  writeFileSync(
    `${base}.u8`,
    Uint8Array.from(isBot, (b) => (b ? 1 : 0)),
  );
  try {
    const script = fileURLToPath(new URL('./sklearn-auc.py', import.meta.url));
    const out = execFileSync(
      '/usr/bin/python3',
      [
        script,
        `${base}.f64`,
        String(x.rows),
        String(x.cols),
        `${base}.u8`,
        String(trees),
        String(seed),
      ],
      {
        encoding: 'utf8',
      },
    );
    return (JSON.parse(out) as { auc: number }).auc;
  } finally {
    rmSync(`${base}.f64`, { force: true });
    rmSync(`${base}.u8`, { force: true });
  }
}
