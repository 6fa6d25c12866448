// `import.upload` over HTTP: the body is streamed to a file in the imports folder (never held in
// memory) with a size cap; the import job it becomes deletes the file when done.
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, unlinkSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { uploadNameHeader } from '../../../common/api/operation.js';
import type { UploadedFile } from '../../core/file-transfer.js';
import { HttpError } from './body.js';

export async function receiveUpload(
  req: IncomingMessage,
  dir: string,
  maxBytes: number,
): Promise<UploadedFile> {
  // A JSON body is a call that took the upload for an ordinary operation, not a file.
  if ((req.headers['content-type'] ?? '').startsWith('application/json'))
    throw new HttpError(
      415,
      'body.type',
      'an upload is the file itself as the body (application/octet-stream), its name in the x-file-name header',
    );
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
  return { path: final, name, removeAfter: true };
}
