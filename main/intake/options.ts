// Durable intake and disk-full settings (the `durability` section of the configuration).
import { z } from 'zod';

export const JournalOptions = z
  .object({
    /** Journal socket lines, log-file lines and capture records before they are processed. */
    enabled: z.boolean().default(true),
    /**
     * Group commit: written records are fsync'd together this often (ms). Records are written to
     * the file as they arrive (one write per event-loop turn), so a killed process loses none of
     * them; a power cut or kernel crash loses at most this interval.
     */
    fsyncMs: z.number().int().min(5).max(10_000).default(100),
    /** How often the journal's checkpoint advances past what is durable in the store (ms). */
    checkpointMs: z.number().int().min(100).max(600_000).default(2_000),
    segmentBytes: z
      .number()
      .int()
      .min(64 * 1024)
      .default(64 * 1024 ** 2),
    /** Past this the journal stops taking records (counted) until the checkpoint frees space. */
    maxBytes: z
      .number()
      .int()
      .min(1024 ** 2)
      .default(2 * 1024 ** 3),
    /** Capture workers' connection records are journaled too (packets cannot be read twice). */
    capture: z.boolean().default(true),
  })
  .strict();

export const DiskOptions = z
  .object({
    /** Below this many free bytes on the data directory's disk, intake pauses (disk-full state). */
    minFreeBytes: z
      .number()
      .int()
      .nonnegative()
      .default(64 * 1024 ** 2),
    /** Intake resumes once this many bytes are free again (hysteresis; >= minFreeBytes). */
    resumeFreeBytes: z
      .number()
      .int()
      .nonnegative()
      .default(128 * 1024 ** 2),
    /** How often free space is measured (ms). */
    probeMs: z.number().int().min(50).max(60_000).default(500),
  })
  .strict();

export const DurabilityOptions = z
  .object({
    journal: JournalOptions.prefault({}),
    disk: DiskOptions.prefault({}),
  })
  .strict();
export type DurabilityOptions = z.infer<typeof DurabilityOptions>;
