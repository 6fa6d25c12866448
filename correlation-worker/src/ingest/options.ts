// Ingest settings (sockets, log files, dead letters). The lead's configuration embeds this
// schema; defaults give root the /run/ja4ws sockets and anyone else sockets in the data directory.
import { join } from 'node:path';
import { z } from 'zod';

export const LogFileOptions = z
  .object({
    path: z.string().min(1),
    /** Request logs (nginx, caddy, jsonl) or other sensors' logs (interop/: zeek, suricata, cloudflare, aws-waf). */
    format: z.enum([
      'nginx',
      'caddy',
      'apache',
      'jsonl',
      'zeek',
      'suricata',
      'cloudflare',
      'aws-waf',
    ]),
    /** Sensor label of the records from an interop log (default: the format). */
    sensor: z.string().min(1).max(256).optional(),
    pollMs: z.number().int().min(10).default(250),
    startAt: z.enum(['start', 'end']).default('end'),
    /** Server address for logs that do not carry it (Caddy). */
    dst_ip: z.string().optional(),
    dst_port: z.number().int().min(0).max(65535).optional(),
  })
  .strict();
export type LogFileOptions = z.infer<typeof LogFileOptions>;

export const IngestOptions = z
  .object({
    /** Default /run/ja4ws/http.socket as root, else <dataDir>/http.socket. `false` turns it off. */
    httpSocket: z.union([z.string().min(1), z.literal(false)]).optional(),
    networkSocket: z.union([z.string().min(1), z.literal(false)]).optional(),
    socketMode: z.number().int().min(0).max(0o777).default(0o660),
    /** Group (name or gid) of the socket files, e.g. the web server's group. */
    socketGroup: z.union([z.string().min(1), z.number().int().nonnegative()]).optional(),
    maxLineBytes: z
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024)
      .default(64 * 1024),
    /** Open connections per socket; at the cap the idlest (>= 1 s idle) is closed for a new one. */
    maxConnections: z.number().int().positive().default(256),
    /** A connection that sends nothing this long is closed (writers reconnect); 0 = never. */
    idleTimeoutMs: z.number().int().nonnegative().default(120_000),
    /** At shutdown, how long to keep reading what connected writers already sent. */
    drainMs: z.number().int().nonnegative().max(30_000).default(2_000),
    /**
     * Bytes of rows that may wait in the pipe from the correlation worker to main before the
     * sockets stop being read (the lines wait in the kernel instead, nothing is dropped).
     */
    mainPipeBytes: z
      .number()
      .int()
      .min(1024)
      .max(256 * 1024 * 1024)
      .default(8 * 1024 * 1024),
    files: z.array(LogFileOptions).default([]),
    deadLetter: z
      .object({
        /** Default <dataDir>/dead-letter/ingest.jsonl. */
        path: z.string().optional(),
        maxBytes: z
          .number()
          .int()
          .min(4096)
          .default(16 * 1024 * 1024),
        files: z.number().int().min(0).max(100).default(3),
      })
      .strict()
      .default({ maxBytes: 16 * 1024 * 1024, files: 3 }),
    logRate: z
      .object({
        perInterval: z.number().int().positive().default(10),
        intervalMs: z.number().int().positive().default(10_000),
      })
      .strict()
      .default({ perInterval: 10, intervalMs: 10_000 }),
  })
  .strict();
export type IngestOptions = z.infer<typeof IngestOptions>;
export type IngestOptionsInput = z.input<typeof IngestOptions>;

export interface SocketPaths {
  http: string | false;
  network: string | false;
  deadLetter: string;
}

/**
 * The directory for sockets when the daemon does not choose one: /run/ja4ws as root, else the data
 * directory. The daemon passes its own (main/daemon/paths.ts: one directory per data directory).
 */
export function defaultSocketDir(dataDir: string, isRoot = process.getuid?.() === 0): string {
  return isRoot ? '/run/ja4ws' : dataDir;
}

export function resolvePaths(
  opts: IngestOptions,
  dataDir: string,
  socketDir = defaultSocketDir(dataDir),
): SocketPaths {
  return {
    http: opts.httpSocket ?? join(socketDir, 'http.socket'),
    network: opts.networkSocket ?? join(socketDir, 'network.socket'),
    deadLetter: opts.deadLetter.path ?? join(dataDir, 'dead-letter', 'ingest.jsonl'),
  };
}
