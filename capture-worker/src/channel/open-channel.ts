// A worker's end of the framed channel to main: fd 3 is a pipe from the supervisor; a file or
// /dev/null (benchmarks, by hand) works too. Shared by the capture and correlation workers.
import { createWriteStream, fstatSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Writable } from 'node:stream';

export function openChannel(fd: number): Writable {
  const st = fstatSync(fd);
  if (st.isFIFO() || st.isSocket()) return new Socket({ fd, readable: false, writable: true });
  return createWriteStream('', { fd, autoClose: false });
}
