// Blocklists and WAF rules from the UI (issue 23): the entities an analyst selected in the triage
// queue, or those of the current search, rendered as an nginx map, an HAProxy ACL file, a
// Cloudflare custom-rule expression or an AWS WAF rule, each entry with its expiry. The same
// renderers as `ja4ws blocklist` (main/blocklists/render.ts).
import { z } from 'zod';
import { isIpText } from './ip-address.js';
import { FileSaved, operation } from './operation.js';
import { requestFiltersNeedRequests, SearchFilters, SearchSource } from './search.js';
import { TimeWindow } from './time-range.js';

export const BlocklistFormat = z.enum(['nginx', 'haproxy', 'cloudflare', 'aws-waf']);
export type BlocklistFormat = z.infer<typeof BlocklistFormat>;

/** What each format is called and its file carries, for the download. */
export const BLOCKLIST_FILES: Record<
  BlocklistFormat,
  { label: string; extension: string; type: string }
> = {
  nginx: { label: 'nginx map', extension: 'nginx.conf', type: 'text/plain' },
  haproxy: { label: 'HAProxy ACL', extension: 'haproxy.acl', type: 'text/plain' },
  cloudflare: { label: 'Cloudflare expression', extension: 'cloudflare.txt', type: 'text/plain' },
  'aws-waf': { label: 'AWS WAF rule (JSON)', extension: 'aws-waf.json', type: 'application/json' },
};

/**
 * The file's name says until when it holds (a Cloudflare expression has no room for comments):
 * ja4ws-block-until-2026-12-08T1300Z.nginx.conf. No colon, which some file systems refuse.
 */
export function blocklistFileName(format: BlocklistFormat, expires: string): string {
  const until = expires.slice(0, 16).replace(':', '');
  return `ja4ws-block-until-${until}Z.${BLOCKLIST_FILES[format].extension}`;
}

/** A whole JA4 (a_b_c): what a rule can match. Imports may store partial or odd values. */
export const WHOLE_JA4 = /^[tqd]\d{2}[di]\d{4}[0-9a-z]{2}_[0-9a-f]{12}_[0-9a-f]{12}$/;

const JA4 = z.string().regex(WHOLE_JA4, 'a whole JA4 fingerprint');

export const BlockTarget = z
  .object({
    ip: z.string().max(64).refine(isIpText, 'an IPv4 or IPv6 address').optional(),
    ja4: JA4.optional(),
    /** Why (score, reasons): a comment where the format has them. */
    note: z.string().max(200).optional(),
  })
  .strict()
  .refine((t) => t.ip !== undefined || t.ja4 !== undefined, 'an ip or a ja4');
export type BlockTarget = z.infer<typeof BlockTarget>;

/** What to block: a selection, or the entities of a search. */
export const BlocklistRequest = z
  .object({
    format: BlocklistFormat,
    ttl_hours: z.number().int().min(1).max(8760).default(24),
    /** The selection (e.g. the triage queue's selected entities). */
    targets: z.array(BlockTarget).min(1).max(5000).optional(),
    /** Or: the distinct client addresses and/or JA4s of a search. */
    search: z
      .object({
        window: TimeWindow,
        source: SearchSource.default('handshakes'),
        filters: SearchFilters.default({}),
        block: z.enum(['ips', 'ja4s', 'both']).default('ips'),
      })
      .strict()
      .superRefine(requestFiltersNeedRequests)
      .optional(),
  })
  .strict()
  .refine((i) => (i.targets === undefined) !== (i.search === undefined), {
    message: 'give either targets or search, not both',
    path: ['targets'],
  });

/** What a blocklist holds, whichever way it is delivered. */
const BlocklistSummary = z.object({
  format: BlocklistFormat,
  filename: z.string(),
  ips: z.number(),
  ja4s: z.number(),
  expires: z.string(),
  /** More entities matched the search than one rule holds; the busiest were kept. */
  truncated: z.boolean(),
  /** E.g. a JA4 the knowledge base knows as a browser: blocking it blocks its every user. */
  warnings: z.array(z.string()),
});

export const blocklistExport = operation({
  summary:
    'A blocklist or WAF rule (nginx map, HAProxy ACL, Cloudflare expression, AWS WAF rule) for the given entities or for those of a search, each entry expiring after ttl_hours; the file as text in the answer',
  input: BlocklistRequest,
  output: BlocklistSummary.extend({ media_type: z.string(), content: z.string() }),
});

/** Response headers of blocklist.file over HTTP: what the file holds (file-output.ts, toHeader). */
export const blocklistHeaders = {
  format: 'x-ja4ws-format',
  filename: 'x-ja4ws-filename',
  ips: 'x-ja4ws-ips',
  ja4s: 'x-ja4ws-ja4s',
  expires: 'x-ja4ws-expires',
  truncated: 'x-ja4ws-truncated',
  warnings: 'x-ja4ws-warnings',
} as const;

export const blocklistFile = operation({
  summary:
    'The blocklist.export file itself. HTTP: the response is the file, with what it holds in x-ja4ws-* headers. Desktop: main writes it to a file chosen in a save dialog',
  file: {
    direction: 'download',
    contentTypes: ['text/plain', 'application/json'],
    summary: blocklistHeaders,
  },
  input: BlocklistRequest,
  output: BlocklistSummary.extend(FileSaved.shape),
});
