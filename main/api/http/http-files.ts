// The HTTP binding's file channel: a download is the response (streamed, with backpressure), an
// upload is the request body (streamed into the import folder, upload.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toHeader } from '../../../common/api/file-output.js';
import type { FileChannel } from '../../core/file-transfer.js';
import { receiveUpload } from './upload.js';

export function httpFiles(
  req: IncomingMessage,
  res: ServerResponse,
  headers: Readonly<Record<string, string>>,
  upload: { dir: string; maxBytes: number },
  /** The operation's summary field -> response header (FileTransfer). */
  summaryHeaders: Readonly<Record<string, string>> = {},
): FileChannel {
  return {
    download: {
      async open(file) {
        const summary = Object.entries(file.summary ?? {}).map(([field, value]) => {
          const header = summaryHeaders[field];
          if (header === undefined) throw new Error(`${field} is not in the operation's summary`);
          return [header, toHeader(value)];
        });
        res.writeHead(200, {
          ...headers,
          ...Object.fromEntries(summary),
          'content-type': file.contentType,
          'content-disposition': `attachment; filename="${file.name}"`,
        });
        let bytes = 0;
        return {
          path: '',
          get bytes() {
            return bytes;
          },
          write(chunk) {
            bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
            if (res.write(chunk)) return Promise.resolve();
            return new Promise<void>((r) => res.once('drain', () => r()));
          },
          end: () => new Promise<void>((r) => res.end(r)),
          async abort() {
            res.destroy();
          },
        };
      },
    },
    upload: {
      files: async () => [await receiveUpload(req, upload.dir, upload.maxBytes)],
    },
  };
}
