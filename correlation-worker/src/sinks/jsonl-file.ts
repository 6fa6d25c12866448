import { mkdirSync, createWriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { StreamSink } from './stream-sink.js';

/** Appends one JSON object per line to a file (created with its directory, mode 0640). */
export function jsonlFileSink<T>(path: string, maxBufferedBytes?: number): StreamSink<T> {
  mkdirSync(dirname(path), { recursive: true });
  return new StreamSink<T>(
    `jsonl:${path}`,
    createWriteStream(path, { flags: 'a', mode: 0o640 }),
    maxBufferedBytes,
  );
}
