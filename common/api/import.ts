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
  /** For a log file: the format it was read as ("Zeek ssl.log (TSV)", "Suricata eve.json"...). */
  format: z.string().nullable().optional(),
  /** For a log file: lines that could not be read (the first are named in `error`). */
  badLines: z.number().optional(),
  /** The capture time the imported records span (ISO), to open the views there; null until done. */
  dataFrom: z.string().nullable(),
  dataTo: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;

export const importJobs = operation({
  summary: 'Imports of capture files and logs: queued, running and recent, with progress',
  input: z.object({}).strict(),
  output: z.object({ jobs: z.array(ImportJob) }),
});

export const importStart = operation({
  write: true,
  summary:
    'Import a capture file or a log (Zeek, Suricata eve.json, Cloudflare Logpush, AWS WAF, nginx/Caddy/Apache JSON; plain or gzip) that is already on the machine running the daemon or desktop (inside an allowed import folder)',
  input: z.object({ path: z.string().min(1).max(4096) }).strict(),
  output: z.object({ job: ImportJob }),
});

export const importUpload = operation({
  summary:
    "Import capture files or logs from the analyst's machine. HTTP: the request body is the file (application/octet-stream, streamed, its name URI-encoded in the x-file-name header). Desktop: main asks for the files with an open dialog and reads them where they are",
  write: true,
  file: { direction: 'upload' },
  input: z.object({}).strict(),
  /** One job per file; none when the dialog was cancelled. */
  output: z.object({ jobs: z.array(ImportJob) }),
});
