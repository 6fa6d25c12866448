// Packets on demand (issue 24): a selection of connections -> one pcapng. `pcap.plan` says what
// the file would hold (per connection: packets, truncation, what is missing and why); `pcap.file`
// is the file (HTTP: streamed; desktop: main writes it where the user says in a save dialog).
import { z } from 'zod';
import { parseConnectionId } from '../events/connection-id.js';
import { isCidrText, isIpText } from './ip-address.js';
import { FileSaved, operation } from './operation.js';
import { TimeWindow } from './time-range.js';

export const ConnectionIdText = z
  .string()
  .max(128)
  .refine((s) => parseConnectionId(s) !== null, {
    message:
      'a connection id is src|src_port|dst|dst_port|start_us (as the connection detail shows it)',
  });

export const PcapSelection = z
  .object({
    /** Connection ids; the others narrow nothing then. */
    conn: z.array(ConnectionIdText).min(1).max(1000).optional(),
    /** Either side's address, or a CIDR block. */
    ip: z
      .string()
      .trim()
      .max(64)
      .refine((s) => isIpText(s) || isCidrText(s), {
        message: 'expected an IPv4/IPv6 address or a CIDR block such as 10.0.0.0/8',
      })
      .optional(),
    ja4: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_*]{1,64}$/, 'a JA4 holds letters, digits and "_" (use * as a wildcard)')
      .optional(),
    /** Connections that started in this window (required with ip/ja4). */
    window: TimeWindow.optional(),
    limit: z.number().int().min(1).max(10_000).default(1000),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.conn === undefined && s.ip === undefined && s.ja4 === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['conn'],
        message: 'name connections (conn) or an ip/ja4',
      });
    else if (s.conn === undefined && s.window === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['window'],
        message: 'ip/ja4 need a time window (from, to)',
      });
  });
export type PcapSelection = z.output<typeof PcapSelection>;
export type PcapSelectionInput = z.input<typeof PcapSelection>;

export const PcapConnection = z.object({
  id: z.string(),
  sensor: z.string(),
  ja4: z.string(),
  packets: z.number().int(),
  /** Packets of the connection that the file does not hold (cap, full queue/disk, deleted, moved file). */
  truncated: z.boolean(),
  /** Why, in words (also the connection's comment in the file); '' when complete. */
  note: z.string(),
});
export type PcapConnection = z.infer<typeof PcapConnection>;

export const PcapPlan = z.object({
  connections: z.array(PcapConnection),
  packets: z.number().int(),
  truncated: z.number().int(),
  /** Connections without any packet (not captured, deleted by the retention, source file moved). */
  unavailable: z.number().int(),
});
export type PcapPlan = z.infer<typeof PcapPlan>;

export const pcapPlan = operation({
  summary:
    'What the pcapng of a selection of connections holds: packets, truncation, what is missing',
  input: PcapSelection,
  output: PcapPlan,
});

/** Response headers of the download: the plan's counts, for the caller to show truncation. */
export const pcapHeaders = {
  connections: 'x-ja4ws-connections',
  packets: 'x-ja4ws-packets',
  truncated: 'x-ja4ws-truncated',
  unavailable: 'x-ja4ws-unavailable',
} as const;

export const pcapFile = operation({
  summary:
    'The pcapng of a selection of connections. HTTP: the response is the file, streamed, with the counts in x-ja4ws-* headers. Desktop: main writes it to a file chosen in a save dialog',
  file: {
    direction: 'download',
    contentTypes: ['application/x-pcapng'],
    summary: pcapHeaders,
  },
  input: PcapSelection,
  output: FileSaved.extend({
    connections: z.number().int(),
    packets: z.number().int(),
    truncated: z.number().int(),
    unavailable: z.number().int(),
  }),
});
