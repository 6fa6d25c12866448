// What runs one file of `ja4ws fingerprint` and writes its records: this thread
// (fingerprint-run.ts) or the file split across threads (parallel/fingerprint-threads.ts). Its own
// file so that the threaded runner, loaded only for `--threads`, needs nothing from the command.
import type { FileProgress, FingerprintFileResult } from './fingerprint-files.js';
import type { OutputFormat } from './output.js';

/** How each file is run and its records written: on this thread, or split across threads. */
export interface FileRunner {
  run(file: string, opts: FileOptions): Promise<FingerprintFileResult>;
  /** After the last file (the table is written then). */
  end(): void;
  close(): Promise<void>;
}

export interface FileOptions {
  ja4plus: boolean;
  format: OutputFormat;
  /** Called after each chunk read; a returned promise holds the reading (stdout backpressure). */
  onProgress?: (p: FileProgress) => Promise<void> | void;
}
