// Shared by the detector benchmarks: generate a labelled scenario, run offline detection, score it.
import { writeFileSync } from 'node:fs';
import { generateScenario } from '../../tools/traffic-gen/scenario.js';
import {
  DEFAULT_DETECT_PARAMS,
  DEFAULT_MIN_REQUESTS,
  DEFAULT_WINDOW_MS,
} from '../../main/detector/defaults.js';
import { detectOffline } from '../../main/detector/offline/detect-offline.js';
import type { DetectParams } from '../../main/detector/run/detect.js';
import { precisionAtK, rocAuc } from '../../main/detector/util/stats.js';

export interface Evaluation {
  seed: number;
  events: number;
  entities: number;
  bots: number;
  auc: number;
  precisionAtBots: number;
  precisionAt20: number;
  flagged: number;
  flaggedBots: number;
  missedKinds: Record<string, number>;
}

export async function evaluateSeed(
  seed: number,
  params: Partial<DetectParams> = {},
): Promise<Evaluation> {
  const { events, labels } = generateScenario({ seed });
  const path = `/tmp/ja4ws-eval-${process.pid}-${seed}.jsonl`;
  writeFileSync(path, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const res = await detectOffline({
    eventsPath: path,
    params: { ...DEFAULT_DETECT_PARAMS, ...params },
    windowMs: DEFAULT_WINDOW_MS,
    minRequests: DEFAULT_MIN_REQUESTS,
  });
  const d = res.detection!;
  const label = new Map(labels.map((l) => [`${l.src_ip}|${l.ja4}`, l]));
  const scored = d.results.filter((r) => label.has(`${r.src_ip}|${r.ja4}`));
  const isBot = scored.map((r) => label.get(`${r.src_ip}|${r.ja4}`)!.label === 'bot');
  const scores = scored.map((r) => r.score);
  const bots = isBot.filter(Boolean).length;
  const missedKinds: Record<string, number> = {};
  scored.forEach((r, i) => {
    const l = label.get(`${r.src_ip}|${r.ja4}`)!;
    if (isBot[i] && !r.is_anomaly) missedKinds[l.kind] = (missedKinds[l.kind] ?? 0) + 1;
  });
  return {
    seed,
    events: events.length,
    entities: scored.length,
    bots,
    auc: rocAuc(scores, isBot),
    precisionAtBots: precisionAtK(scores, isBot, bots),
    precisionAt20: precisionAtK(scores, isBot, 20),
    flagged: scored.filter((r) => r.is_anomaly).length,
    flaggedBots: scored.filter((r, i) => r.is_anomaly && isBot[i]).length,
    missedKinds,
  };
}
