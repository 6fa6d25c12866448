// `ja4ws detect --events <correlated.jsonl> --out <scores.jsonl>`: offline evaluation.
import { Command } from 'commander';
import { z } from 'zod';
import { AppError, ExitCode } from '../../../common/util/errors.js';
import { DEFAULT_DETECT_PARAMS, DEFAULT_MIN_REQUESTS } from '../defaults.js';
import { detectOffline } from '../offline/detect-offline.js';
import { parseDuration } from '../util/duration.js';

const Flags = z.object({
  events: z.string().min(1),
  out: z.string().min(1),
  window: z.string().transform((s, ctx) => {
    const ms = parseDuration(s);
    if (ms === undefined)
      ctx.addIssue({ code: 'custom', message: `expected a duration like 30m or 1h, got '${s}'` });
    return ms ?? 0;
  }),
  minRequests: z.coerce.number().int().min(1),
  trees: z.coerce.number().int().min(1).max(10_000),
  sampleSize: z.union([z.literal('auto'), z.coerce.number().int().min(2)]),
  contamination: z.union([z.literal('auto'), z.coerce.number().gt(0).max(0.5)]),
  threshold: z.coerce.number().gt(0).lt(1).optional(),
  seed: z.coerce.number().int().min(0),
  level: z.enum(['ip_ja4', 'ip']),
});

export function detectCommand(): Command {
  return new Command('detect')
    .description(
      'offline bot detection: correlated request events (JSONL) in, one score line per (src_ip, ja4) out',
    )
    .requiredOption('--events <file>', 'correlated request events, JSON lines')
    .requiredOption('--out <file>', 'where to write the scores, JSON lines')
    .option('--window <duration>', 'window ending at the latest event', '1h')
    .option(
      '--min-requests <n>',
      'entities with fewer requests are not scored',
      String(DEFAULT_MIN_REQUESTS),
    )
    .option('--trees <n>', 'number of trees', String(DEFAULT_DETECT_PARAMS.nEstimators))
    .option('--sample-size <n|auto>', 'points per tree (auto = min(256, entities))', 'auto')
    .option(
      '--contamination <share|auto>',
      'share of entities to flag (auto = anomaly score above 0.5)',
      'auto',
    )
    .option(
      '--threshold <score>',
      'fixed anomaly-score threshold in (0, 1), instead of contamination',
    )
    .option('--level <ip_ja4|ip>', 'score (IP, JA4) pairs or whole IPs (ja4 "")', 'ip_ja4')
    .option(
      '--seed <n>',
      'random seed (same seed + same input = same scores)',
      String(DEFAULT_DETECT_PARAMS.seed),
    )
    .action(async (raw: Record<string, unknown>) => {
      const parsed = Flags.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        process.stderr.write(`ja4ws detect: --${String(issue.path[0] ?? '')}: ${issue.message}\n`);
        process.exitCode = ExitCode.usage;
        return;
      }
      const f = parsed.data;
      let res;
      try {
        res = await detectOffline({
          eventsPath: f.events,
          outPath: f.out,
          windowMs: f.window,
          minRequests: f.minRequests,
          perIp: f.level === 'ip',
          params: {
            ...DEFAULT_DETECT_PARAMS,
            nEstimators: f.trees,
            maxSamples: f.sampleSize,
            contamination: f.contamination,
            threshold: f.threshold,
            seed: f.seed,
          },
        });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new AppError(
            'detector.events_missing',
            `cannot read events file ${f.events}: no such file`,
            { path: f.events },
          );
        }
        throw err;
      }
      const { load, detection } = res;
      const badTotal = load.bad.json + load.bad.schema + load.bad.too_long;
      const lines = [
        `read ${load.lines} lines: ${load.loaded} events loaded, ${badTotal} bad (json ${load.bad.json}, schema ${load.bad.schema}, too long ${load.bad.too_long})`,
        ...load.examples.map((e) => `  line ${e.line}: ${e.kind}: ${e.error}`),
        detection
          ? `scored ${detection.results.length} entities, ${detection.results.filter((r) => r.is_anomaly).length} anomalies (threshold ${detection.threshold.toFixed(4)}) -> ${f.out}`
          : `fewer than 2 entities with >= ${f.minRequests} requests in the window: nothing scored, ${f.out} is empty`,
      ];
      process.stderr.write(lines.join('\n') + '\n');
    });
}
