// The configuration, validated once at start-up. Every key has a default so that an empty file
// (or none) gives a working local daemon on the embedded store.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { OutputConfig } from '../outputs/config.js';
import { CorrelatorOptions } from '../../correlation-worker/src/correlate/options.js';
import { IngestOptions } from '../../correlation-worker/src/ingest/options.js';
import { DurabilityOptions } from '../intake/options.js';
import { WorkerConfig } from '../../capture-worker/src/worker/config.js';
import { InterfaceName } from '../../common/api/settings.js';
import { EmbeddedStoreConfig, RemoteStoreConfig, type StoreConfig } from '../storage/config.js';
import { ingestSocketProblem } from './socket-path.js';
import { DetectorOptions, FleetOptions, Role } from '../fleet/options.js';

export function defaultDataDir(): string {
  const xdg = process.env.XDG_DATA_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.local', 'share'), 'ja4ws');
}

const Port = z.number().int().min(0).max(65535);

export const DaemonConfig = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: Port.default(8477),
    /** PEM files; required for any non-loopback address unless insecureListen is set. */
    tlsCert: z.string().optional(),
    tlsKey: z.string().optional(),
    insecureListen: z.boolean().default(false),
    /** Extra Host header names the HTTP API answers to (a reverse proxy's public name); loopback
     * names and `host` are always allowed. Anything else gets 421 (DNS-rebinding guard). */
    allowedHosts: z
      .array(
        z
          .string()
          .max(253)
          .regex(
            /^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]+|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?)$/,
            'a host name (letters, digits, "-" and "." labels) or an IP address, without a port',
          ),
      )
      .max(64)
      .default([]),
    /** Largest accepted request body, bytes. */
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    /** Largest capture file accepted by the upload route, bytes. */
    maxUploadBytes: z
      .number()
      .int()
      .min(1024)
      .default(8 * 1024 * 1024 * 1024),
  })
  .strict();

/** The store section: the storage layer's own schema, with the embedded data directory optional
 * because it defaults to `<dataDir>/store`. */
export const StoreSection = z.preprocess(
  // `store: { retention: ... }` without a kind means the default, embedded store.
  (v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && !('kind' in v)
      ? { ...v, kind: 'embedded' }
      : v,
  z.discriminatedUnion('kind', [
    EmbeddedStoreConfig.extend({ dataDir: z.string().min(1).optional() }).strict(),
    RemoteStoreConfig.extend({
      /** A read-only ClickHouse user for the SQL console (recommended: a profile with readonly=1). */
      consoleUser: z.string().min(1).optional(),
      consolePassword: z.string().optional(),
    }).strict(),
  ]),
);

export const Config = z
  .object({
    dataDir: z.string().min(1).default(defaultDataDir),
    /** What this process is in a fleet: sensor, server or all (docs/cluster.md, "Fleet"). */
    role: Role.default('all'),
    fleet: FleetOptions.prefault({}),
    /** The detector's schedule and its lease on the shared store. */
    detector: DetectorOptions.prefault({}),
    logLevel: z
      .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
      .default('info'),
    daemon: DaemonConfig.default(() => DaemonConfig.parse({})),
    store: StoreSection.prefault({ kind: 'embedded' }),
    capture: z
      .object({
        /** One capture worker per entry; empty = no live capture (imports and ingest still work). */
        interfaces: z.array(InterfaceName).max(64).default([]),
        /** Settings for every worker (each worker's interface comes from `interfaces`). */
        worker: WorkerConfig.omit({ iface: true, ja4plus: true }).partial().strict().default({}),
      })
      .strict()
      .prefault({}),
    import: z
      .object({
        /** Folders `import.start` may read capture files from; default <dataDir>/imports (uploads land there too). */
        dirs: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
    /** HTTP request events and remote sensors' handshakes (UNIX sockets, log files). */
    ingest: IngestOptions.prefault({}),
    correlator: CorrelatorOptions.prefault({}),
    /** Where correlated events and anomalies go besides the store: JSONL, stdout, syslog, webhooks. */
    outputs: z.array(OutputConfig).default([]),
    /** Intake journal (crash replay) and disk-full handling. */
    durability: DurabilityOptions.prefault({}),
    desktop: z
      .object({
        /** local: the app runs the supervisor and store itself; remote: it is a client of a daemon. */
        mode: z.enum(['local', 'remote']).default('local'),
        remoteUrl: z.url({ protocol: /^https?$/ }).optional(),
        remoteToken: z.string().min(16).optional(),
        notifyMinScore: z.number().gt(0).lt(1).default(0.6),
      })
      .strict()
      .refine(
        (d) => d.mode === 'local' || (d.remoteUrl !== undefined && d.remoteToken !== undefined),
        {
          message: 'remote mode needs desktop.remoteUrl and desktop.remoteToken',
          path: ['remoteUrl'],
        },
      )
      .prefault({}),
    fingerprints: z
      .object({
        /** Off: only JA4 (TLS client) and JA3 are computed, the BSD-licensed methods. */
        ja4plus: z.boolean().default(true),
      })
      .strict()
      .default({ ja4plus: true }),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const p of roleProblems(c)) ctx.addIssue({ code: 'custom', ...p });
    for (const key of ['httpSocket', 'networkSocket'] as const) {
      const path = c.ingest[key];
      if (typeof path !== 'string') continue;
      const problem = ingestSocketProblem(path, c.dataDir);
      if (problem) ctx.addIssue({ code: 'custom', path: ['ingest', key], message: problem });
    }
  });

export type Config = z.infer<typeof Config>;

/** Combinations of role and the rest that cannot work, said with the fix. */
function roleProblems(c: {
  role: Role;
  fleet: FleetOptions;
  store: { kind: string };
  capture: { interfaces: string[] };
}): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  if (c.role === 'sensor' && c.store.kind !== 'remote') {
    out.push({
      path: ['store', 'kind'],
      message:
        'role sensor writes into a shared ClickHouse: set store.kind: remote with store.url (with the embedded store no server could read its rows)',
    });
  }
  if (c.role !== 'server' && c.fleet.serverSensor) {
    out.push({
      path: ['fleet', 'serverSensor'],
      message: `fleet.serverSensor is for role server; role ${c.role} always runs its sensor`,
    });
  }
  if (c.role === 'server' && !c.fleet.serverSensor && c.capture.interfaces.length > 0) {
    out.push({
      path: ['capture', 'interfaces'],
      message:
        'role server captures nothing unless fleet.serverSensor is true: set fleet.serverSensor: true, or remove capture.interfaces',
    });
  }
  return out;
}
export type DaemonConfig = z.infer<typeof DaemonConfig>;
export type StoreSection = z.infer<typeof StoreSection>;

/** Keys whose values never appear in output. */
export const secretKeys: ReadonlySet<string> = new Set([
  'store.password',
  'store.consolePassword',
  'daemon.tlsKey',
  'desktop.remoteToken',
]);

/** The storage layer's configuration for this program configuration. */
export function storeConfigOf(config: Config): StoreConfig {
  const s = config.store;
  if (s.kind === 'embedded') return { ...s, dataDir: s.dataDir ?? join(config.dataDir, 'store') };
  const { consoleUser: _u, consolePassword: _p, ...remote } = s;
  return remote;
}
