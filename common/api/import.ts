import { z } from 'zod';
import { operation } from './operation.js';

export const ImportJob = z.object({
  id: z.string(),
  file: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  totalBytes: z.number(),
  bytesRead: z.number(),
  packets: z.number(),
  connections: z.number(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Seconds left, estimated from the rate so far; null until it can be estimated. */
  secondsLeft: z.number().nullable(),
  /** Why the job failed, or what part of the file could not be read (rows before it are kept). */
  error: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;

export const importJobs = operation({
  summary: 'Capture-file imports: queued, running and recent, with progress',
  input: z.object({}).strict(),
  output: z.object({ jobs: z.array(ImportJob) }),
});

export const importStart = operation({
  summary:
    'Import a capture file that is already on the machine running the daemon or desktop (inside an allowed import folder)',
  input: z.object({ path: z.string().min(1).max(4096) }).strict(),
  output: z.object({ job: ImportJob }),
});

/** Upload route (HTTP only): POST with the file as the body, its name in the header below. */
export const uploadCapturePath = '/api/v1/upload/capture';
export const uploadNameHeader = 'x-file-name';
