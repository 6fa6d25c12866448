import { z } from 'zod';
import { operation } from './operation.js';

/** One TLS handshake as the investigation views show it. Times are ISO-8601 UTC strings. */
export const HandshakeRow = z.object({
  ts: z.string(),
  sensor: z.string(),
  src: z.string(),
  src_port: z.number().int(),
  dst: z.string(),
  dst_port: z.number().int(),
  tls_server_name: z.string(),
  ja4: z.string(),
  ja4s: z.string(),
  ja3: z.string(),
});
export type HandshakeRow = z.infer<typeof HandshakeRow>;

export const handshakesRecent = operation({
  summary: 'The most recent TLS handshakes, newest first',
  input: z
    .object({
      limit: z.number().int().min(1).max(1000).default(100),
    })
    .strict(),
  output: z.object({ rows: z.array(HandshakeRow) }),
});
