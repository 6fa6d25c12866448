// The desktop's file channel: IPC carries values, not streams, so main asks the user where with
// a dialog and reads or writes the file itself. The dialogs are injected (Electron's in
// main/shell/electron/dialogs.ts), so this is tested without Electron.
import { open, stat, unlink } from 'node:fs/promises';
import { basename } from 'node:path';
import { ApiError } from '../../../common/api/api-error.js';
import type { FileChannel, FileSink } from '../../core/file-transfer.js';

export interface FileDialogs {
  /** Where to save a file of this suggested name; undefined when the user cancelled. */
  savePath(suggestedName: string): Promise<string | undefined>;
  /** The files the user chose to open; [] when cancelled. */
  openPaths(): Promise<string[]>;
}

export function dialogFiles(dialogs: FileDialogs): FileChannel {
  return {
    download: {
      async open({ name }) {
        const path = await dialogs.savePath(name);
        return path === undefined ? undefined : fileSink(path);
      },
    },
    upload: {
      async files() {
        const paths = await dialogs.openPaths();
        for (const p of paths) {
          const s = await stat(p).catch(() => undefined);
          if (!s?.isFile())
            throw new ApiError('invalid', 'import.not_file', `${p} is not a readable file`);
        }
        return paths.map((path) => ({ path, name: basename(path), removeAfter: false }));
      },
    },
  };
}

/** A file opened for writing (owner-only), removed again if the transfer fails half-way. */
export async function fileSink(path: string): Promise<FileSink> {
  const fh = await open(path, 'w', 0o600);
  let bytes = 0;
  return {
    path,
    get bytes() {
      return bytes;
    },
    async write(chunk) {
      const r = typeof chunk === 'string' ? await fh.write(chunk) : await fh.write(chunk);
      bytes += r.bytesWritten;
    },
    end: () => fh.close(),
    async abort() {
      await fh.close().catch(() => undefined);
      await unlink(path).catch(() => undefined);
    },
  };
}
