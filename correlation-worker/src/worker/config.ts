// The correlation worker's configuration: one JSON argument (`--config '<json>'`) that main
// builds from its own validated configuration. The ingest and correlator sections are parsed
// again by their own schemas inside the worker, so a worker never runs on settings it did not
// check.
import { z } from 'zod';
import { issuesMessage } from '../../../common/util/zod-issues.js';
import { AppError } from '../../../common/util/errors.js';
import { configArgText, configArgv } from '../../../common/util/config-arg.js';

export const CorrelationWorkerConfig = z
  .object({
    dataDir: z.string().min(1),
    socketDir: z.string().min(1).optional(),
    ingest: z.record(z.string(), z.unknown()).default({}),
    correlator: z.record(z.string(), z.unknown()).default({}),
    journal: z
      .object({
        enabled: z.boolean(),
        dir: z.string().min(1),
        fsyncMs: z.number().int().positive(),
        checkpointMs: z.number().int().positive(),
        segmentBytes: z.number().int().positive(),
        maxBytes: z.number().int().positive(),
      })
      .strict(),
    /** How often counters go to main (ms); also the heartbeat main watches. */
    statsMs: z.number().int().min(20).max(10_000).default(250),
    /** Above this many bytes waiting in the pipe to main, the sockets stop being read. */
    maxPipeBytes: z
      .number()
      .int()
      .positive()
      .default(8 * 1024 * 1024),
  })
  .strict();
export type CorrelationWorkerConfig = z.infer<typeof CorrelationWorkerConfig>;
export type CorrelationWorkerConfigInput = z.input<typeof CorrelationWorkerConfig>;

export function correlationWorkerArgs(c: CorrelationWorkerConfigInput): string[] {
  return configArgv(c);
}

export function parseCorrelationWorkerArgs(argv: string[]): CorrelationWorkerConfig {
  const text = configArgText(argv);
  if (text === undefined)
    throw new AppError('correlation.bad_config', 'correlation worker: --config <json> is missing');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppError('correlation.bad_config', `correlation worker: --config is not JSON`, {
      cause: String(err),
    });
  }
  const r = CorrelationWorkerConfig.safeParse(json);
  if (!r.success)
    throw new AppError(
      'correlation.bad_config',
      `correlation worker: invalid configuration: ${issuesMessage(r.error.issues, json)}`,
    );
  return r.data;
}
