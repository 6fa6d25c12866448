// The HTTP request event: one JSON line per request on http.socket, written by the web server
// (Apache module, the Node middleware `ja4ws/http-logger`) or derived from nginx/Caddy access logs.
// The correlator joins it to the TLS handshake of its connection; docs/ingest.md carries the JSON
// Schema generated from this definition.
import { z } from 'zod';

const Port = z.number().int().min(0).max(65535);
export const IpAddress = z.union([z.ipv4(), z.ipv6()]);

/** One request header as sent: [name in its original case, value]. */
export const HeaderPair = z.tuple([z.string().min(1).max(256), z.string().max(16_384)]);

export const HttpRequestEvent = z.object({
  /** When the request started: RFC 3339 (fractional seconds allowed) or Unix epoch seconds. */
  time: z.union([z.iso.datetime({ offset: true }), z.number().nonnegative()]),
  /** Client address and port as the server saw them (IPv4-mapped IPv6 is accepted and unmapped). */
  src_ip: IpAddress,
  src_port: Port,
  /** Server address and port; recommended. Without them the join uses the client pair only. */
  dst_ip: IpAddress.optional(),
  dst_port: Port.optional(),
  method: z.string().min(1).max(32),
  scheme: z.enum(['http', 'https']).optional(),
  host: z.string().max(1024).optional(),
  /** Request path without the query string, as received (not decoded). */
  path: z.string().max(65_536),
  /** Query string without the leading '?'. */
  query: z.string().max(65_536).optional(),
  /** '1.0', '1.1', '2', '3', with or without the 'HTTP/' prefix. */
  http_version: z.string().regex(/^(HTTP\/)?[0-9](\.[0-9])?$/i),
  status: z.number().int().min(0).max(999).optional(),
  /** Bytes received from and sent to the client for this request. */
  bytes_in: z.number().int().nonnegative().optional(),
  bytes_out: z.number().int().nonnegative().optional(),
  duration_ms: z.number().nonnegative().optional(),
  /** Request headers in the order the client sent them (order matters for JA4H). */
  headers: z.array(HeaderPair).max(512),
  /**
   * How trustworthy the header order is: 'wire' (as sent; the default), 'configured' (the set and
   * order of an nginx log_format) or 'sorted' (Caddy logs headers sorted by name). JA4H from
   * anything but 'wire' is not comparable with a JA4H seen on the wire.
   */
  header_order: z.enum(['wire', 'configured', 'sorted']).optional(),
  /** Which server or log produced the event. */
  source: z.string().max(256).optional(),
});
export type HttpRequestEvent = z.infer<typeof HttpRequestEvent>;

/** A validated request with its time as microseconds and addresses in canonical form. */
export type HttpRequest = Omit<HttpRequestEvent, 'time'> & {
  /** Request start, microseconds since the Unix epoch. */
  ts_us: number;
};
