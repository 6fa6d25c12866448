import { z } from 'zod';
import { isCidrText, isIpText } from './ip-address.js';
import { FileSaved, operation } from './operation.js';
import { TimeWindow } from './time-range.js';

/** Characters a wildcard filter may not hold: none (values are data); only length is limited. */
const text = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} must not be empty (leave it out to match everything)`)
    .max(2048, `${what} is longer than 2048 characters`);

export const SearchFilters = z
  .object({
    /** One address (client or server side) or a CIDR block. */
    ip: z
      .string()
      .max(64, 'an address or CIDR block is at most 64 characters')
      .trim()
      .refine((s) => isIpText(s) || isCidrText(s), {
        message: 'expected an IPv4/IPv6 address or a CIDR block such as 10.0.0.0/8',
      })
      .optional(),
    /** A whole JA4, or a pattern with `*` wildcards per section: t13d*_8daaf6152771_*. */
    ja4: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_*]{1,64}$/, 'a JA4 holds letters, digits and "_" (use * as a wildcard)')
      .optional(),
    ja3: z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F*]{1,32}$/, 'a JA3 is 32 hex digits (use * as a wildcard)')
      .optional(),
    sni: text('sni').optional(),
    host: text('host').optional(),
    path: text('path').optional(),
    user_agent: text('user_agent').optional(),
    /** 404, or a class: 4xx. */
    status: z
      .string()
      .trim()
      .regex(/^[1-5](\d\d|xx)$/i, 'a status is a code such as 404 or a class such as 4xx')
      .optional(),
    sensor: text('sensor').optional(),
    /** "yes": only requests whose User-Agent claims a browser the JA4 is not (mismatch.list). */
    mismatch: z.enum(['yes']).optional(),
  })
  .strict();
export type SearchFilters = z.infer<typeof SearchFilters>;

/** Filters that only requests carry (http_logs), refused on handshakes with a message. */
export const requestOnlyFilters = ['host', 'path', 'user_agent', 'status', 'mismatch'] as const;

export const SearchSource = z.enum(['handshakes', 'requests']);
export type SearchSource = z.infer<typeof SearchSource>;

export function requestFiltersNeedRequests(
  q: { source: SearchSource; filters: SearchFilters },
  ctx: z.RefinementCtx,
): void {
  if (q.source !== 'handshakes') return;
  for (const f of requestOnlyFilters) {
    if (q.filters[f] !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['filters', f],
        message: `${f} is a request field: search source "requests" to filter on it`,
      });
  }
}

/** Fields an export may hold beyond the table's: the request's query string and JA4H. */
export const exportOnlyColumns = ['query', 'ja4h'] as const;
export const ExportColumn = z.enum([
  'ts',
  'sensor',
  'src',
  'src_port',
  'dst',
  'dst_port',
  'sni',
  'alpn',
  'tls_version',
  'tls_upgrade',
  'ja4',
  'ja4s',
  'ja3',
  'method',
  'host',
  'path',
  'status',
  'user_agent',
  'correlation',
  ...exportOnlyColumns,
]);
export type ExportColumn = z.infer<typeof ExportColumn>;

/** One result row; request fields are empty for handshakes. Times ISO-8601 UTC. */
export const SearchRow = z.object({
  ts: z.string(),
  sensor: z.string(),
  src: z.string(),
  src_port: z.number().int(),
  dst: z.string(),
  dst_port: z.number().int(),
  sni: z.string(),
  alpn: z.string(),
  tls_version: z.string(),
  ja4: z.string(),
  ja4s: z.string(),
  ja3: z.string(),
  /** What the connection spoke before its TLS (smtp_starttls, socks5, http_connect...); '' when none. */
  tls_upgrade: z.string(),
  method: z.string(),
  host: z.string(),
  path: z.string(),
  status: z.number().int(),
  user_agent: z.string(),
  correlation: z.string(),
});
export type SearchRow = z.infer<typeof SearchRow>;
export const searchColumns = Object.keys(SearchRow.shape) as (keyof SearchRow)[];

export const searchQuery = operation({
  summary: 'Handshakes or requests matching filters in a time window, newest first',
  input: z
    .object({
      window: TimeWindow,
      source: SearchSource.default('handshakes'),
      filters: SearchFilters.default({}),
      limit: z.number().int().min(1).max(10_000).default(1000),
    })
    .strict()
    .superRefine(requestFiltersNeedRequests),
  output: z.object({
    rows: z.array(SearchRow),
    /** Matching rows in total; more than rows.length means export for the full result. */
    total: z.number(),
  }),
});

export const ExportFormat = z.enum(['csv', 'json']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** What an export takes: the search without a row limit, the columns to write and the format. */
export const SearchQuery = z
  .object({
    window: TimeWindow,
    source: SearchSource.default('handshakes'),
    filters: SearchFilters.default({}),
    /** In this order; absent = every table column (the historical export). */
    columns: z.array(ExportColumn).min(1).max(40).optional(),
    /** Over HTTP also `?format=` (the route's first form); the body's wins. */
    format: ExportFormat.default('csv'),
  })
  .strict()
  .superRefine(requestFiltersNeedRequests);
export type SearchQuery = z.infer<typeof SearchQuery>;
export type SearchQueryInput = z.input<typeof SearchQuery>;

export const searchExport = operation({
  summary:
    'The full result of a search as CSV (formula-safe) or JSON. HTTP: the response is the file, streamed. Desktop: main writes it to a file chosen in a save dialog',
  file: { direction: 'download', contentTypes: ['text/csv', 'application/json'] },
  input: SearchQuery,
  output: FileSaved,
});
