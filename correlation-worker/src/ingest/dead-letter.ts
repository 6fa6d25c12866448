// Bad lines kept for inspection: one JSON object per line (when, where from, why, and the line
// itself, base64 when it is not UTF-8), in a file bounded by size and rotated to .1, .2, ...
// Writes are synchronous: bad input is rare, and a crash must not lose the evidence.
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { isUtf8 } from 'node:buffer';
import type { BadInput } from './bad-input.js';

export interface DeadLetterOptions {
  path: string;
  /** Size of one file before it rotates. */
  maxBytes: number;
  /** Rotated files kept besides the live one. */
  files: number;
}

export class DeadLetter {
  private fd: number | undefined;
  private size = 0;
  written = 0;
  errors = 0;

  constructor(private readonly opts: DeadLetterOptions) {}

  write(source: string, bad: BadInput, line: Buffer, totalBytes = line.length): void {
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      source,
      kind: bad.kind,
      error: bad.message,
      bytes: totalBytes,
    };
    if (bad.field !== undefined) entry.field = bad.field;
    if (totalBytes > line.length) entry.truncated = true;
    if (isUtf8(line)) entry.line = line.toString('utf8');
    else entry.line_base64 = line.toString('base64');
    const data = Buffer.from(JSON.stringify(entry) + '\n');
    try {
      if (this.fd !== undefined && this.size + data.length > this.opts.maxBytes && this.size > 0)
        this.rotate();
      const fd = this.open();
      writeSync(fd, data);
      this.size += data.length;
      this.written++;
    } catch {
      // A full disk must not take ingest down; the counter says what was lost.
      this.errors++;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): number {
    if (this.fd === undefined) {
      mkdirSync(dirname(this.opts.path), { recursive: true });
      this.fd = openSync(this.opts.path, 'a', 0o640);
      this.size = fstatSync(this.fd).size;
      if (this.size >= this.opts.maxBytes) {
        this.rotate();
        return this.open();
      }
    }
    return this.fd;
  }

  private rotate(): void {
    this.close();
    const p = this.opts.path;
    if (this.opts.files <= 0) {
      rmSync(p, { force: true });
    } else {
      rmSync(`${p}.${this.opts.files}`, { force: true });
      for (let i = this.opts.files - 1; i >= 1; i--) renameQuiet(`${p}.${i}`, `${p}.${i + 1}`);
      renameQuiet(p, `${p}.1`);
    }
    this.size = 0;
  }
}

function renameQuiet(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
