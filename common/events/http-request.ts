// The HTTP request event: one JSON line per request on http.socket, written by the web server
// (Apache module, the Node middleware `ja4ws/http-logger`) or derived from nginx/Caddy access logs.
// The correlator joins it to the TLS handshake of its connection; docs/ingest.md carries the JSON
// Schema generated from this definition (the descriptions below end up in it).
import { z } from 'zod';

const Port = z.number().int().min(0).max(65535);
/** 2100-01-01T00:00:00Z in seconds: the latest request time accepted. */
const MAX_TIME_S = 4_102_444_800;
export const IpAddress = z.union([z.ipv4(), z.ipv6()]);

/** One request header as sent: [name in its original case, value]. */
export const HeaderPair = z.tuple([z.string().min(1).max(256), z.string().max(16_384)]);

export const HttpRequestEvent = z.object({
  time: z
    .union([
      z.iso
        .datetime({ offset: true })
        .max(64)
        .refine((t) => (/[.,](\d+)/.exec(t)?.[1]?.length ?? 0) <= 9, 'at most 9 fraction digits')
        .refine((t) => Date.parse(t) < MAX_TIME_S * 1000, 'before 2100-01-01'),
      // Seconds since 1970 up to 2100: 1e308 or a millisecond count sent as seconds is a mistake.
      z.number().nonnegative().lt(MAX_TIME_S, 'Unix epoch seconds before 2100-01-01'),
    ])
    .describe(
      'When the request started: RFC 3339 (fractional seconds kept to the microsecond) or Unix epoch seconds',
    ),
  src_ip: IpAddress.describe(
    'Client address as the server saw it; IPv4-mapped IPv6 (::ffff:a.b.c.d) is unmapped',
  ),
  src_port: Port.describe('Client port'),
  dst_ip: IpAddress.optional().describe(
    'Server address; recommended (without it the join uses the client pair only)',
  ),
  dst_port: Port.optional().describe('Server port; recommended'),
  method: z.string().min(1).max(32),
  scheme: z.enum(['http', 'https']).optional(),
  host: z.string().max(1024).optional().describe('Host header or :authority'),
  path: z
    .string()
    .max(65_536)
    .describe('Request path without the query string, as received (not decoded)'),
  query: z.string().max(65_536).optional().describe("Query string without the leading '?'"),
  http_version: z
    .string()
    .regex(/^(HTTP\/)?[0-9](\.[0-9])?$/i)
    .describe("'1.0', '1.1', '2', '3', with or without the 'HTTP/' prefix"),
  status: z
    .number()
    .int()
    .min(0)
    .max(999)
    .optional()
    .describe('Response status; 0 when no response was sent'),
  bytes_in: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('Bytes received from the client for this request'),
  bytes_out: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('Bytes sent to the client for this request'),
  duration_ms: z
    .number()
    .nonnegative()
    .max(31 * 86_400_000, 'at most 31 days')
    .optional()
    .describe('Time from request start to the end of the response'),
  headers: z
    .array(HeaderPair)
    .max(512)
    .describe(
      'Request headers as [name, value] in the order the client sent them (order matters for JA4H)',
    ),
  header_order: z
    .enum(['wire', 'configured', 'sorted'])
    .optional()
    .describe(
      "How far to trust the header order: 'wire' (as sent; default), 'configured' (the set and order of an nginx log_format), 'sorted' (Caddy). JA4H from anything but 'wire' is not comparable with a JA4H seen on the wire",
    ),
  source: z.string().max(256).optional().describe('Which server or log produced the event'),
});
export type HttpRequestEvent = z.infer<typeof HttpRequestEvent>;

/** A validated request with its time as microseconds and addresses in canonical form. */
export type HttpRequest = Omit<HttpRequestEvent, 'time'> & {
  /** Request start, microseconds since the Unix epoch. */
  ts_us: number;
};
