import { z } from 'zod';
import { isIpText } from './ip-address.js';
import { operation } from './operation.js';
import { SearchSource } from './search.js';
import { instantRangeProblem } from './time-range.js';

const ip = z.string().max(64).refine(isIpText, 'an IPv4 or IPv6 address');
const port = z.number().int().min(0).max(65_535);

/** One stored field, shown as text (arrays joined, empty fields left out). */
export const DetailField = z.object({ name: z.string(), value: z.string() });
export type DetailField = z.infer<typeof DetailField>;

export const eventDetail = operation({
  summary:
    'Everything stored about one search row: the request (all headers in wire order, JA4H) and the handshake of its connection (JA4, JA4S, JA4T, JA4L, JA4X, JA3), every field',
  input: z
    .object({
      source: SearchSource,
      /** The row's time, ISO-8601 UTC with microseconds, as search.query returned it. */
      ts: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/, 'an ISO-8601 UTC time')
        .superRefine((s, ctx) => {
          // The pattern lets 2026-02-30 through; the date must exist and be in range.
          const ms = Date.parse(s);
          const real =
            Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 19) === s.slice(0, 19);
          const problem = real ? instantRangeProblem(s, ms) : 'not a real date and time';
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      src: ip,
      src_port: port,
      dst: ip,
      dst_port: port,
    })
    .strict(),
  output: z.object({
    /** The request row (http_logs), absent for a handshake row. */
    request: z.array(DetailField).nullable(),
    headers: z.array(z.tuple([z.string(), z.string()])),
    /** The connection's handshake (tls_handshakes), absent when none was captured. */
    handshake: z.array(DetailField).nullable(),
  }),
});
