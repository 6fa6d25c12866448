// Capture upload for the browser UI: the body is streamed to a file in the imports folder (never
// held in memory) with a size cap, then queued as an import job that deletes the file when done.
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, unlinkSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { ImportJob } from '../../../common/api/import.js';
import { uploadNameHeader } from '../../../common/api/import.js';
import type { ImportJobs } from '../../domain/import/jobs.js';
import { HttpError } from './body.js';

export async function receiveUpload(
  req: IncomingMessage,
  jobs: ImportJobs,
  dir: string,
  maxBytes: number,
): Promise<ImportJob> {
  const rawName = String(req.headers[uploadNameHeader] ?? 'upload.pcap');
  let decoded = rawName;
  try {
    decoded = decodeURIComponent(rawName);
  } catch {
    // A malformed %-escape is kept as typed: the name is only a label.
  }
  const name = decoded.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || 'upload.pcap';
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > maxBytes)
    throw new HttpError(
      413,
      'upload.too_large',
      `upload of ${declared} bytes exceeds the limit of ${maxBytes}`,
    );
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.upload-${randomUUID()}`);
  let size = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes)
        done(
          new HttpError(413, 'upload.too_large', `upload exceeds the limit of ${maxBytes} bytes`),
        );
      else done(null, chunk);
    },
  });
  try {
    await pipeline(req, cap, createWriteStream(tmp, { mode: 0o600 }));
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing written
    }
    throw err instanceof HttpError
      ? err
      : new HttpError(400, 'upload.aborted', `upload did not complete: ${(err as Error).message}`);
  }
  if (size === 0) {
    unlinkSync(tmp);
    throw new HttpError(400, 'upload.empty', 'the uploaded file is empty');
  }
  const final = join(dir, `${randomUUID()}-${name}`);
  renameSync(tmp, final);
  return jobs.enqueue(final, name, true);
}
