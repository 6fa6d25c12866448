// Packet store configuration (issue 24), part of the capture worker's configuration
// (`capture.worker.packets`). Main fills in `dir` (<dataDir>/packets/<interface>).
import { z } from 'zod';
import { isCidrText, isIpText } from '../../../common/api/ip-address.js';

const MiB = 1024 * 1024;

export const PacketStoreOptions = z
  .object({
    /** Off: no packet is kept (fingerprinting is unaffected). */
    enabled: z.boolean().default(true),
    /** Directory of this worker's segments; empty = no store (main sets it). */
    dir: z.string().default(''),
    /** Captured bytes kept per direction of each connection (frames, headers included). */
    perDirectionBytes: z
      .number()
      .int()
      .min(0)
      .max(1024 * MiB)
      .default(64 * 1024),
    /** Connections kept whole (no per-direction cap): by address or CIDR of either side, or JA4. */
    full: z
      .object({
        ips: z
          .array(
            z.string().refine((s) => isIpText(s) || isCidrText(s), {
              message: 'expected an IPv4/IPv6 address or a CIDR block such as 10.0.0.0/8',
            }),
          )
          .max(10_000)
          .default([]),
        ja4s: z
          .array(
            z
              .string()
              .regex(/^[a-z0-9_]{1,64}$/, 'a JA4 such as t13d1516h2_8daaf6152771_e5627efa2ab1'),
          )
          .max(10_000)
          .default([]),
      })
      .strict()
      .prefault({}),
    /** Size cap of the whole store (segments + indexes); the oldest segments go first. */
    maxBytes: z
      .number()
      .int()
      .min(4 * MiB)
      .default(2 * 1024 * MiB),
    /** One segment file's size; the store rotates to a new one beyond it. */
    segmentBytes: z
      .number()
      .int()
      .min(64 * 1024)
      .max(1024 * MiB)
      .default(64 * MiB),
    /** Segments last written longer ago than this are deleted; 0 = kept until the cap. */
    retentionHours: z.number().min(0).default(168),
    /** Bytes waiting for the disk at most; packets beyond it are dropped from the store (counted). */
    queueBytes: z
      .number()
      .int()
      .min(64 * 1024)
      .default(32 * MiB),
    /** How often written packets become visible in the index. */
    flushMs: z.number().int().min(10).max(60_000).default(1000),
  })
  .strict()
  .refine((o) => o.maxBytes >= 2 * o.segmentBytes, {
    message: 'maxBytes must hold at least two segments (2 x segmentBytes)',
    path: ['maxBytes'],
  });
export type PacketStoreOptions = z.infer<typeof PacketStoreOptions>;
export type PacketStoreOptionsInput = z.input<typeof PacketStoreOptions>;
