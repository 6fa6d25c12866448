// Upload of a capture file to the daemon (HTTP only): the body is the file itself, streamed by the
// browser, never read into memory here. XMLHttpRequest rather than fetch: only it reports upload
// progress, which a large capture needs. The desktop imports by path instead (import.start).
import { ImportJob, uploadCapturePath, uploadNameHeader } from '../../../../common/api/import.js';

export function uploadCapture(
  file: File,
  onProgress?: (sent: number, total: number) => void,
): Promise<ImportJob> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', uploadCapturePath);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader(uploadNameHeader, encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new Error('the upload did not reach the daemon'));
    xhr.onload = () => {
      let body: { job?: unknown; error?: { message?: string } } | undefined;
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        body = undefined;
      }
      if (xhr.status < 200 || xhr.status >= 300)
        reject(new Error(body?.error?.message ?? `upload failed: HTTP ${xhr.status}`));
      else resolve(ImportJob.parse(body?.job));
    };
    xhr.send(file);
  });
}
