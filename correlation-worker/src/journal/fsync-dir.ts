// Makes a file's creation or rename in `dir` durable: the directory entry is only on disk once
// the directory itself is synced. Some file systems refuse fsync on a directory; then the entry
// is as durable as that file system makes it, which is all that can be done there.
import { closeSync, fsyncSync, openSync } from 'node:fs';

export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    fsyncSync(fd);
    closeSync(fd);
  } catch {
    /* not supported on every platform */
  }
}
