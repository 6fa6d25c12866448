// The pipes of a supervised worker process, wired the same way for the capture and the correlation
// workers: frames from it on fd 3 (a frame that does not decode is handed to `onBadFrame`), its
// stdin for frames to it (write errors ignored: the pipe's end is what tells the worker main is
// gone), and the last lines of its stderr, which usually say why it ended.
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { AppError } from '../../common/util/errors.js';
import { FrameDecoder } from '../../capture-worker/src/channel/frame.js';

const STDERR_TAIL = 20;

/** Wires `child`'s pipes; returns its stderr tail (the last 20 lines), kept up to date. */
export function wireWorkerPipes(
  child: ChildProcess,
  onFrame: (payload: Buffer) => void,
  onBadFrame: (err: AppError) => void,
): string[] {
  const decoder = new FrameDecoder(onFrame, onBadFrame);
  const frames = child.stdio[3] as Readable;
  frames.on('data', (chunk: Buffer) => decoder.push(chunk));
  frames.on('error', () => undefined);
  child.stdin!.on('error', () => undefined);
  const tail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    tail.push(line);
    if (tail.length > STDERR_TAIL) tail.shift();
  });
  return tail;
}

/** "<worker> killed by SIGKILL: <last stderr lines>" or "... exited with code N ...". */
export function describeExit(
  worker: string,
  code: number | null,
  signal: NodeJS.Signals | null,
  stderrTail: readonly string[],
): string {
  const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
  return `${worker} ${how}${stderrTail.length ? `: ${stderrTail.slice(-3).join(' ')}` : ''}`;
}
