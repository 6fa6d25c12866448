// How many threads `ja4ws fingerprint --threads N` starts for a run. Each thread beyond the first
// is a second V8 that compiles the engine and warms up on its own (~0.6 CPU s here), and the
// threads live for the whole run (every file of it). On the handshake benchmark
// (docs/handshake-heavy-speed.md, sixth session) two threads on 39 MB took 0.71-0.89x the time of
// one, and even two separate processes on the file's two halves only 1.01x; on 78 MB two threads
// were 1.00x, on 195 MB 1.17x. So a thread is started only for each MIN_BYTES_PER_THREAD of
// input: below that it costs more than it saves. Input that is not a regular file (a FIFO) has no
// size to go by: the count asked for stands.
import { statSync } from 'node:fs';

export const MIN_BYTES_PER_THREAD = 40_000_000;

/** A file's size, 0 when it cannot be read (the run reports that file), undefined for a pipe. */
export function inputSize(file: string): number | undefined {
  try {
    const s = statSync(file);
    return s.isFile() ? s.size : undefined;
  } catch {
    return 0;
  }
}

/** Threads for files of these sizes when `asked` were asked for: at least 1, at most `asked`. */
export function threadsFor(asked: number, sizes: readonly (number | undefined)[]): number {
  if (asked <= 1 || sizes.some((s) => s === undefined)) return Math.max(1, asked);
  const total = sizes.reduce<number>((a, s) => a + (s ?? 0), 0);
  return Math.max(1, Math.min(asked, Math.floor(total / MIN_BYTES_PER_THREAD)));
}
