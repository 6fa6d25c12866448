// The progress line of one capture among several (`fingerprint` and `import` read a list of files):
// bytes and counts run on across the files, so a person sees one total, not one per file.
import { basename } from 'node:path';
import type { ProgressState } from '../util/progress/progress.js';

/** What the files read before this one added up to. */
export interface FilesSoFar {
  bytes: number;
  packets: number;
  records: number;
}

/** How far into one file the reader is. */
export interface FileSoFar {
  bytesRead: number;
  packets: number;
  records: number;
}

export function fileStep(
  file: string,
  before: FilesSoFar,
  total: number,
  p: FileSoFar,
): ProgressState {
  return {
    step: basename(file),
    done: before.bytes + p.bytesRead,
    total,
    unit: 'bytes',
    counts: [
      ['packets', before.packets + p.packets],
      ['connections', before.records + p.records],
    ],
  };
}
