// `ja4ws detect --events <correlated.jsonl> --out <scores.jsonl>`: offline evaluation. Progress
// (lines read, then the feature query and the fit) and the closing summary go to stderr; bad
// input lines and an empty result are explained there too, with the option that would help.
import { statSync } from 'node:fs';
import { Command } from 'commander';
import { z } from 'zod';
import { examples } from '../../../capture-worker/src/cli/help.js';
import {
  formatBytes,
  formatCount,
  formatElapsed,
} from '../../../capture-worker/src/util/progress/format.js';
import { Reporter } from '../../../capture-worker/src/util/progress/reporter.js';
import { AppError, ExitCode } from '../../../common/util/errors.js';
import { issuesMessage, optionName } from '../../../common/util/zod-issues.js';
import { DEFAULT_DETECT_PARAMS, DEFAULT_MIN_REQUESTS } from '../defaults.js';
import { detectOffline } from '../offline/detect-offline.js';
import { parseDuration } from '../util/duration.js';
import { explainEmpty } from './empty-result.js';

const Flags = z.object({
  events: z.string().min(1),
  out: z.string().min(1),
  window: z.string().transform((s, ctx): number | 'all' => {
    if (s === 'all') return 'all';
    const ms = parseDuration(s);
    if (ms === undefined)
      ctx.addIssue({
        code: 'custom',
        message: "expected a duration like 90s, 30m, 1h or 2d, or 'all'",
      });
    return ms ?? 0;
  }),
  minRequests: z.coerce.number().int().min(1),
  trees: z.coerce.number().int().min(1).max(10_000),
  sampleSize: z.union([z.literal('auto'), z.coerce.number().int().min(2)]),
  contamination: z.union([z.literal('auto'), z.coerce.number().gt(0).max(0.5)]),
  threshold: z.coerce.number().gt(0).lt(1).optional(),
  seed: z.coerce.number().int().min(0),
  level: z.enum(['ip_ja4', 'ip']),
  cohorts: z.boolean(),
  cohortMinIps: z.coerce.number().int().min(2),
});

export function detectCommand(): Command {
  return new Command('detect')
    .description(
      'offline bot detection: request events (JSONL) in, one score line per (src_ip, ja4) or IP out',
    )
    .requiredOption(
      '--events <file>',
      "request events, JSON lines: correlated events (the correlator's JSONL sink) or flat events carrying fingerprints as fields (ja4, ja3, ...: CDN/WAF logs, JA4-enabled web servers); each line is recognised on its own",
    )
    .requiredOption('--out <file>', 'where to write the scores, JSON lines')
    .option(
      '--window <duration|all>',
      "window ending at the latest event ('all': every event)",
      '1h',
    )
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
      '--no-cohorts',
      'with --level ip: score IPs alone (no cohorts of IPs sharing a fingerprint; IPs under --min-requests not scored)',
    )
    .option('--cohort-min-ips <n>', 'with --level ip: a cohort needs this many IPs', '5')
    .option(
      '--seed <n>',
      'random seed (same seed + same input = same scores)',
      String(DEFAULT_DETECT_PARAMS.seed),
    )
    .option('-q, --quiet', 'no progress and no summary on stderr (bad lines and errors still show)')
    .addHelpText(
      'after',
      examples([
        ['ja4ws detect --events events.jsonl --out scores.jsonl', 'last hour of the events'],
        ['ja4ws detect --events e.jsonl --out s.jsonl --window 6h --min-requests 3', 'a wider net'],
        [
          'ja4ws detect --events e.jsonl --out s.jsonl --level ip --threshold 0.6',
          'whole IPs with their cohorts, fixed threshold',
        ],
        [
          'ja4ws detect --events waf.jsonl --out s.jsonl --level ip --window all',
          'a WAF export, whole file',
        ],
      ]),
    )
    .action(async (raw: Record<string, unknown>) => {
      const { quiet, ...rest } = raw;
      const parsed = Flags.safeParse(rest);
      if (!parsed.success) {
        process.stderr.write(
          `ja4ws detect: ${issuesMessage(parsed.error.issues, rest, { name: optionName, noun: 'option' }, '\nja4ws detect: ')}\n`,
        );
        process.exitCode = ExitCode.usage;
        return;
      }
      const f = parsed.data;
      const report = new Reporter({ label: 'detect', quiet: quiet === true });
      let total: number | undefined;
      try {
        total = statSync(f.events).size;
      } catch {
        total = undefined;
      }
      let res;
      try {
        res = await detectOffline({
          onProgress: (p) => {
            if (p.phase === 'load')
              report.update({
                step: 'reading events',
                done: p.bytesRead,
                total,
                unit: 'bytes',
                counts: [
                  ['lines', p.lines],
                  ['events', p.loaded],
                ],
              });
            else if (p.phase === 'features')
              report.update({ step: 'computing features', done: 0, unit: '' });
            else report.update({ step: 'fitting and scoring', done: p.entities, unit: 'entities' });
          },
          eventsPath: f.events,
          outPath: f.out,
          windowMs: f.window,
          minRequests: f.minRequests,
          perIp: f.level === 'ip',
          ...(f.level === 'ip' && f.cohorts
            ? { cohorts: { enabled: true, minIps: f.cohortMinIps } }
            : {}),
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
        report.finish();
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new AppError(
            'detector.events_missing',
            `cannot read events file ${f.events}: no such file (--events)`,
            { path: f.events },
          );
        }
        throw err;
      }
      report.finish();
      const { load, detection } = res;
      const badTotal = load.bad.json + load.bad.schema + load.bad.too_long;
      // Which input format was recognised. --quiet means no summary (the option's promise, and
      // tests/progress-tty hold it), so there it shows only when no format was: a problem.
      const recognised = load.formats.correlated + load.formats.flat;
      if (quiet !== true || recognised === 0)
        process.stderr.write(
          `ja4ws detect: recognised ${
            [
              load.formats.correlated > 0
                ? `${formatCount(load.formats.correlated)} correlated events`
                : '',
              load.formats.flat > 0
                ? `${formatCount(load.formats.flat)} flat request events with fingerprint fields (ja4, ja3, ...)`
                : '',
            ]
              .filter(Boolean)
              .join(' and ') || 'no event format'
          } in ${f.events}\n`,
        );
      // Bad lines are a problem with the input: shown even with --quiet.
      if (badTotal > 0) {
        report.warn(
          `${formatCount(badTotal)} bad lines skipped (json ${load.bad.json}, schema ${load.bad.schema}, too long ${load.bad.too_long}); the first ones:`,
        );
        for (const e of load.examples)
          process.stderr.write(`  line ${e.line}: ${e.kind}: ${e.error}\n`);
      }
      if (!detection) {
        for (const line of explainEmpty({
          result: res,
          eventsPath: f.events,
          windowText: String(rest.window),
          windowMs: f.window === 'all' ? Number.POSITIVE_INFINITY : f.window,
          minRequests: f.minRequests,
          perIp: f.level === 'ip',
        }))
          process.stderr.write(`${line.startsWith(' ') ? line : `ja4ws detect: ${line}`}\n`);
      }
      report.summary(
        [
          `read ${formatCount(load.lines)} lines (${formatBytes(total ?? 0)}): ${formatCount(load.loaded)} events loaded, ${formatCount(badTotal)} bad (json ${load.bad.json}, schema ${load.bad.schema}, too long ${load.bad.too_long})`,
          detection
            ? `scored ${formatCount(detection.results.length)} entities, ${formatCount(detection.results.filter((r) => r.is_anomaly).length)} anomalies (threshold ${detection.threshold.toFixed(4)}) -> ${f.out}`
            : `nothing scored, ${f.out} is empty`,
          `in ${formatElapsed(report.elapsedMs())}`,
        ].join('; '),
      );
    });
}
