// File operations in the desktop's remote mode: the daemon has the store, main has the dialogs,
// so main relays the bytes. A download streams from the daemon's response into the file chosen in
// the save dialog (asked once the daemon has accepted the input and named the file); an upload
// streams each file chosen in the open dialog as the body of one call. The output is the one an
// HTTP caller puts together (common/api/file-output.ts), so the renderer cannot tell the modes apart.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import {
  contract,
  type DownloadName,
  type OperationName,
  type UploadName,
} from '../../../common/api/contract.js';
import { attachmentName, downloadOutput, uploadOutput } from '../../../common/api/file-output.js';
import type { HttpApiClient } from '../../../common/api/http-client.js';
import { dialogFiles, fileSink, type FileDialogs } from './dialog-files.js';

export async function relayFile(
  remote: HttpApiClient,
  name: OperationName,
  input: unknown,
  dialogs: FileDialogs,
): Promise<unknown> {
  return contract[name].file?.direction === 'upload'
    ? relayUpload(remote, name as UploadName, dialogs)
    : relayDownload(remote, name as DownloadName, input, dialogs);
}

async function relayDownload(
  remote: HttpApiClient,
  name: DownloadName,
  input: unknown,
  dialogs: FileDialogs,
) {
  const res = await remote.download(name, input as never);
  const path = await dialogs.savePath(attachmentName(res.headers, name));
  if (path === undefined || res.body === null) {
    await res.body?.cancel();
    return downloadOutput(name, res.headers, { saved: false, path: '', bytes: 0 });
  }
  const out = await fileSink(path);
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
      await out.write(chunk);
    await out.end();
  } catch (err) {
    await out.abort();
    throw err;
  }
  return downloadOutput(name, res.headers, { saved: true, path, bytes: out.bytes });
}

async function relayUpload(remote: HttpApiClient, name: UploadName, dialogs: FileDialogs) {
  const files = await dialogFiles(dialogs).upload.files();
  const outputs = [];
  for (const f of files) {
    const body = Readable.toWeb(createReadStream(f.path)) as ReadableStream<Uint8Array>;
    outputs.push(await remote.upload(name, { name: f.name, body: body as never }));
  }
  return uploadOutput(name, outputs);
}
