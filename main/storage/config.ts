// Store configuration: embedded chDB on a data directory (the default) or a ClickHouse server
// (optionally a cluster) by URL. Validated with zod so a bad value names its key path.
import { z } from 'zod';

/** Retention in days. Changing it never edits a migration: `migrate up` re-applies it with
 * ALTER TABLE ... MODIFY TTL (see docs/storage.md, "Retention"). */
export const RetentionConfig = z.object({
  rawDays: z.number().int().min(1).max(36500).default(30),
  aggregateDays: z.number().int().min(1).max(36500).default(365),
});
export type RetentionConfig = z.infer<typeof RetentionConfig>;

const databaseName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'a database name: letters, digits and _ (not starting with a digit)',
  );

const common = {
  database: databaseName.default('ja4ws'),
  retention: RetentionConfig.default({ rawDays: 30, aggregateDays: 365 }),
  /** Override where migrations/*.sql are read from (tests, packaged builds). */
  migrationsDir: z.string().min(1).optional(),
};

export const EmbeddedStoreConfig = z.object({
  kind: z.literal('embedded'),
  /** Directory holding chDB's data; created when missing. One process owns it at a time. */
  dataDir: z.string().min(1),
  ...common,
});
export type EmbeddedStoreConfig = z.infer<typeof EmbeddedStoreConfig>;

export const RemoteTlsConfig = z.object({
  /** PEM files. With cert+key the client authenticates with a certificate (mutual TLS). */
  caCertFile: z.string().min(1),
  certFile: z.string().min(1).optional(),
  keyFile: z.string().min(1).optional(),
});
export type RemoteTlsConfig = z.infer<typeof RemoteTlsConfig>;

export const RemoteStoreConfig = z.object({
  kind: z.literal('remote'),
  url: z.url({ protocol: /^https?$/ }),
  username: z.string().default('default'),
  password: z.string().default(''),
  tls: RemoteTlsConfig.optional(),
  /** Cluster name from the server's remote_servers; makes migrations emit ON CLUSTER,
   * Replicated* engines and Distributed tables (docs/cluster.md). */
  cluster: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/)
    .optional(),
  requestTimeoutMs: z.number().int().positive().default(30_000),
  /** Open even when the server does not answer (the writer spools until it does). */
  openWhenUnreachable: z.boolean().default(false),
  ...common,
});
export type RemoteStoreConfig = z.infer<typeof RemoteStoreConfig>;

export const StoreConfig = z.discriminatedUnion('kind', [EmbeddedStoreConfig, RemoteStoreConfig]);
export type StoreConfig = z.infer<typeof StoreConfig>;
export type StoreConfigInput = z.input<typeof StoreConfig>;
