// Detection quality on the labelled traffic generator: ROC-AUC and precision at k for the
// default scenario (seed 1) and two other seeds, with the default detector parameters.
//
//   npx tsx bench/detector/auc.bench.ts [seed ...]
import { cpus } from 'node:os';
import { evaluateSeed } from './eval-lib.js';

const seeds = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1, 2, 3];
const results = [];
for (const seed of seeds) results.push(await evaluateSeed(seed));
const round = (v: number) => Math.round(v * 10_000) / 10_000;
process.stdout.write(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: `${cpus().length} x ${cpus()[0]?.model ?? '?'} (shared)`,
      scenario:
        'tools/traffic-gen default: 600 human IPs (10% NAT), 8 scrapers, 6 credential stuffers, 8 curl-with-Chrome-UA, 6 low-and-slow, 40-IP botnet',
      results: results.map((r) => ({
        ...r,
        auc: round(r.auc),
        sklearnAuc: round(r.sklearnAuc),
        precisionAtBots: round(r.precisionAtBots),
        detectMs: Math.round(r.detectMs),
      })),
    },
    null,
    2,
  ) + '\n',
);
