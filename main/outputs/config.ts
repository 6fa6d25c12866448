// The outputs section of the YAML: where correlated events and anomalies go besides the store.
// Each output has a bounded queue (maxQueue events); a slow or dead receiver fills it, and then
// events are dropped and counted instead of holding the pipeline back.
import { z } from 'zod';

export const OutputEventType = z.enum(['correlated', 'anomalies']);
export type OutputEventType = z.infer<typeof OutputEventType>;

const common = {
  /** Label in Sensors and the logs (default: kind and target). */
  name: z.string().min(1).max(64).optional(),
  events: z.array(OutputEventType).min(1).optional(),
  /** Only anomalies at or above this score (0..1) leave through this output. */
  minScore: z.number().min(0).max(1).default(0),
  maxQueue: z.number().int().min(1).max(1_000_000).default(10_000),
};

export const JsonlOutput = z
  .object({
    kind: z.literal('jsonl'),
    path: z.string().min(1),
    /** Rotate when the file reaches this size... */
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .default(100 * 1024 * 1024),
    /** ...or this age, whichever comes first; 0 = never by age. */
    maxAgeSeconds: z.number().int().nonnegative().default(86_400),
    /** Rotated files kept (path.1 newest ... path.N). */
    files: z.number().int().min(1).max(100).default(5),
    ...common,
  })
  .strict();

export const StdoutOutput = z.object({ kind: z.literal('stdout'), ...common }).strict();

export const SyslogOutput = z
  .object({
    kind: z.literal('syslog'),
    /** RFC 5424 with the event as JSON, or ArcSight CEF (carried in an RFC 5424 message). */
    format: z.enum(['rfc5424', 'cef']).default('rfc5424'),
    transport: z.enum(['udp', 'tcp', 'tls']).default('udp'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(514),
    /** TLS: PEM file of the CA that signed the receiver's certificate (default: the system's). */
    ca: z.string().optional(),
    /** TLS: the name the receiver's certificate must carry (default: host). */
    serverName: z.string().optional(),
    /** RFC 5424 facility number: 16 = local0. */
    facility: z.number().int().min(0).max(23).default(16),
    appName: z.string().min(1).max(48).default('ja4ws'),
    ...common,
  })
  .strict();

export const WebhookOutput = z
  .object({
    kind: z.literal('webhook'),
    url: z.url(),
    /** HMAC-SHA256 key: X-Ja4ws-Signature: sha256=hex(HMAC(secret, timestamp + "." + body)). */
    secret: z.string().min(16).optional(),
    /** 'slack': {text, ...} that Slack and Teams incoming webhooks accept; 'json': the event. */
    style: z.enum(['slack', 'json']).default('slack'),
    retries: z.number().int().min(0).max(20).default(5),
    backoffMs: z.number().int().min(1).max(600_000).default(1_000),
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    ...common,
  })
  .strict();

export const OutputConfig = z.discriminatedUnion('kind', [
  JsonlOutput,
  StdoutOutput,
  SyslogOutput,
  WebhookOutput,
]);
export type OutputConfig = z.infer<typeof OutputConfig>;
export type OutputConfigInput = z.input<typeof OutputConfig>;

/** Webhooks are for people: anomalies only unless told otherwise; the rest take both. */
export function eventsOf(c: OutputConfig): OutputEventType[] {
  return c.events ?? (c.kind === 'webhook' ? ['anomalies'] : ['correlated', 'anomalies']);
}

export function nameOf(c: OutputConfig): string {
  if (c.name) return c.name;
  switch (c.kind) {
    case 'jsonl':
      return `jsonl:${c.path}`;
    case 'stdout':
      return 'stdout';
    case 'syslog':
      return `syslog-${c.format}-${c.transport}:${c.host}:${c.port}`;
    case 'webhook':
      return `webhook:${new URL(c.url).host}`;
  }
}
