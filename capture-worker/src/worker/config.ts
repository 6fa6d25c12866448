// Worker configuration: what the supervisor passes on the command line, validated with zod so a
// bad value is reported as a fatal error naming the option, never a crash loop.
import { z } from 'zod';
import { PacketSourceName } from '../../../common/events/worker.js';
import { PacketStoreOptions } from '../packet-store/options.js';
import { CONFIG_FLAG, configArgText, configArgv } from '../../../common/util/config-arg.js';
import { INPUT_UNKNOWN, issuesMessage } from '../../../common/util/zod-issues.js';

export const DEFAULT_FILTER = 'tcp port 443 or tcp port 80 or udp port 443';

export const WorkerConfig = z
  .object({
    source: PacketSourceName.default('tcpdump'),
    /** Interface, `any`, or a capture file path for the `file` source; empty = default-route interface. */
    iface: z.string().default(''),
    filter: z.string().default(DEFAULT_FILTER),
    snaplen: z.number().int().min(64).max(262144).default(262144),
    bufferBytes: z
      .number()
      .int()
      .min(64 * 1024)
      .max(2 * 1024 * 1024 * 1024)
      .default(32 * 1024 * 1024),
    promisc: z.boolean().default(true),
    sensor: z.string().min(1).default('local'),
    statsIntervalMs: z.number().int().min(100).max(600_000).default(5000),
    maxQueuedEvents: z.number().int().min(1).max(10_000_000).default(10_000),
    maxQueuedBytes: z
      .number()
      .int()
      .min(64 * 1024)
      .default(16 * 1024 * 1024),
    /** Engine flow table cap (concurrent flows); the oldest flow is evicted and counted beyond it. */
    maxFlows: z.number().int().min(1).default(262_144),
    /** RSS the worker should stay under; exceeding it is reported (the supervisor sets V8's heap limit from it). */
    memoryCapMb: z.number().int().min(64).default(1024),
    /** Off: only the BSD-licensed JA4 (TLS client) and JA3 are computed (see README licensing). */
    ja4plus: z.boolean().default(true),
    tcpdumpPath: z.string().default('tcpdump'),
    /** User tcpdump switches to after opening the interface (only when the worker runs as root). */
    dropUser: z.string().default('tcpdump'),
    skipPrivilegeCheck: z.boolean().default(false),
    /** The packet store (issue 24): first bytes of every connection, for `ja4ws pcap`. */
    packets: PacketStoreOptions.prefault({}),
  })
  .strict();
export type WorkerConfig = z.infer<typeof WorkerConfig>;
export type WorkerConfigInput = z.input<typeof WorkerConfig>;

/** The worker takes its whole configuration as one JSON argument (common/util/config-arg.ts). */
export function workerArgs(cfg: WorkerConfigInput): string[] {
  return configArgv(cfg);
}

export function parseWorkerArgs(argv: string[]): WorkerConfig {
  const raw = configArgText(argv);
  let json: unknown = {};
  if (raw !== undefined) {
    try {
      json = JSON.parse(raw);
    } catch (e) {
      throw new z.ZodError([
        {
          code: 'custom',
          path: [CONFIG_FLAG],
          message: `not JSON: ${(e as Error).message}`,
          input: raw,
        },
      ]);
    }
  }
  const parsed = WorkerConfig.safeParse(json);
  if (parsed.success) return parsed.data;
  inputOf.set(parsed.error, json);
  throw parsed.error;
}

/** The input each failed parse saw, so its error can show the offending values. */
const inputOf = new WeakMap<z.ZodError, unknown>();

export function describeConfigError(err: z.ZodError): string {
  return issuesMessage(err.issues, inputOf.has(err) ? inputOf.get(err) : INPUT_UNKNOWN);
}
