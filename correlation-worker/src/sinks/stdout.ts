import type { Writable } from 'node:stream';
import { StreamSink } from './stream-sink.js';

/** JSON lines on stdout (logs go to stderr, so the two never mix). Never closes stdout. */
export function stdoutSink<T>(out: Writable = process.stdout): StreamSink<T> {
  return new StreamSink<T>('stdout', out, 16 * 1024 * 1024, false);
}
