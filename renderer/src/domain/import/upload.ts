// Upload of a capture file to the daemon (HTTP only): the body is the file itself, streamed by the
// browser, never read into memory here. The desktop imports by path instead (import.start).
import { ImportJob, uploadCapturePath, uploadNameHeader } from '../../../../common/api/import.js';

export async function uploadCapture(file: File): Promise<ImportJob> {
  const res = await fetch(uploadCapturePath, {
    method: 'POST',
    headers: {
      'content-type': 'application/octet-stream',
      [uploadNameHeader]: encodeURIComponent(file.name),
    },
    body: file,
  });
  const body = (await res.json().catch(() => undefined)) as
    { job?: unknown; error?: { message?: string } } | undefined;
  if (!res.ok) throw new Error(body?.error?.message ?? `upload failed: HTTP ${res.status}`);
  return ImportJob.parse(body?.job);
}
