// File operations from the UI (common/api/operation.ts, FileTransfer). In the desktop the call
// goes over IPC and main shows the save or open dialog and moves the file itself; in a browser
// the daemon streams a download, which the browser saves, and an upload's body is the file.
import {
  contract,
  type DownloadName,
  type OperationInput,
  type OperationOutput,
  operationPath,
  type UploadName,
} from '../../../../common/api/contract.js';
import { attachmentName, downloadOutput } from '../../../../common/api/file-output.js';
import { ApiCallError, HttpApiClient } from '../../../../common/api/http-client.js';
import { type Operation, uploadNameHeader } from '../../../../common/api/operation.js';
import { api, authAware, noteWrite } from './client.js';

export const inDesktop = (): boolean => typeof window !== 'undefined' && !!window.ja4wsBridge;

/** The desktop's save dialog or the browser's download: either way the operation's output. */
export async function downloadFile<N extends DownloadName>(
  name: N,
  input: OperationInput<N>,
): Promise<OperationOutput<N>> {
  if (inDesktop()) return api().call(name, input);
  // No token header: the session cookie (core/auth/session.ts) goes with every same-origin call.
  const res = await authAware(
    new HttpApiClient(window.location.origin, () => undefined).download(name, input),
  );
  const file = attachmentName(res.headers, name);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return downloadOutput(name, res.headers, { saved: true, path: file, bytes: blob.size });
}

/**
 * Desktop: main's open dialog chooses the files (`files` is not used). Browser: each file is the
 * body of one call, sent by XMLHttpRequest rather than fetch because only it reports upload
 * progress, which a large capture needs.
 */
export async function uploadFiles<N extends UploadName>(
  name: N,
  files: readonly File[],
  onProgress?: (file: File, sent: number, total: number) => void,
): Promise<OperationOutput<N>[]> {
  if (inDesktop()) return [await api().call(name, {} as OperationInput<N>)];
  const out: OperationOutput<N>[] = [];
  for (const f of files) out.push(await authAware(xhrUpload(name, f, onProgress)));
  return out;
}

function xhrUpload<N extends UploadName>(
  name: N,
  file: File,
  onProgress?: (file: File, sent: number, total: number) => void,
): Promise<OperationOutput<N>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', operationPath(name));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader(uploadNameHeader, encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) =>
      onProgress?.(file, e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new Error('the upload did not reach the daemon'));
    xhr.onload = () => {
      let body: { error?: { code?: string; message?: string } } | undefined;
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        body = undefined;
      }
      if (xhr.status < 200 || xhr.status >= 300)
        reject(
          new ApiCallError(
            xhr.status,
            body?.error?.code ?? 'http.status',
            body?.error?.message ?? `upload failed: HTTP ${xhr.status}`,
          ),
        );
      else {
        noteWrite(name);
        resolve((contract[name] as Operation).output.parse(body) as OperationOutput<N>);
      }
    };
    xhr.send(file);
  });
}
