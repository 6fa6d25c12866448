// The configuration, validated once at start-up. Every key has a default so that an empty file
// (or none) gives a working local daemon on the embedded store.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

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
    /** Largest accepted request body, bytes. */
    maxBodyBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  })
  .strict();

export const StoreConfig = z
  .object({
    kind: z.enum(['embedded', 'remote']).default('embedded'),
    url: z.url().optional(),
    user: z.string().default('default'),
    password: z.string().default(''),
    database: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a ClickHouse identifier').default('ja4ws'),
    cluster: z.string().optional(),
  })
  .strict()
  .refine((s) => s.kind !== 'remote' || s.url !== undefined, {
    message: 'store.url is required when store.kind is "remote"',
    path: ['url'],
  });

export const Config = z
  .object({
    dataDir: z.string().min(1).default(defaultDataDir),
    logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    daemon: DaemonConfig.default(() => DaemonConfig.parse({})),
    store: StoreConfig.default(() => StoreConfig.parse({})),
    fingerprints: z
      .object({
        /** Off: only JA4 (TLS client) and JA3 are computed, the BSD-licensed methods. */
        ja4plus: z.boolean().default(true),
      })
      .strict()
      .default({ ja4plus: true }),
  })
  .strict();

export type Config = z.infer<typeof Config>;
export type DaemonConfig = z.infer<typeof DaemonConfig>;
export type StoreConfig = z.infer<typeof StoreConfig>;

/** Keys whose values never appear in output. */
export const secretKeys: ReadonlySet<string> = new Set(['store.password', 'daemon.tlsKey']);
