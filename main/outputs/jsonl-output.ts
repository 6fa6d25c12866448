// JSON lines to a file, rotated by size and by age: path -> path.1 -> ... -> path.N (dropped),
// like logrotate's default numbering, so the usual shippers (Filebeat, Vector, the Splunk
// forwarder) follow it.
import { mkdirSync } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import type { JsonlOutput as JsonlConfig } from './config.js';
import { eventJson, type OutputEvent } from './event.js';
import { QueuedOutput } from './queued-output.js';

type Config = z.infer<typeof JsonlConfig>;

export class JsonlOutput extends QueuedOutput<OutputEvent> {
  private fh: FileHandle | undefined;
  private size = 0;
  private openedAt = 0;
  rotations = 0;

  constructor(
    name: string,
    private readonly c: Config,
    private readonly now: () => number = Date.now,
  ) {
    super(name, 'jsonl', c.maxQueue);
    mkdirSync(dirname(c.path), { recursive: true });
  }

  protected async send(batch: OutputEvent[]): Promise<void> {
    const fh = await this.file();
    const text = batch.map((e) => JSON.stringify(eventJson(e)) + '\n').join('');
    await fh.write(text);
    this.size += Buffer.byteLength(text);
  }

  private tooOld(): boolean {
    return this.c.maxAgeSeconds > 0 && this.now() - this.openedAt >= this.c.maxAgeSeconds * 1000;
  }

  private async file(): Promise<FileHandle> {
    // Rotated before a write, so the current file always exists once something was written.
    if (this.fh && this.size > 0 && (this.size >= this.c.maxBytes || this.tooOld()))
      await this.rotate();
    if (!this.fh) {
      this.fh = await open(this.c.path, 'a', 0o640);
      this.size = (await stat(this.c.path)).size;
      this.openedAt = this.now();
    }
    return this.fh;
  }

  private async rotate(): Promise<void> {
    await this.fh?.close();
    this.fh = undefined;
    const p = this.c.path;
    await rm(`${p}.${this.c.files}`, { force: true });
    for (let i = this.c.files - 1; i >= 1; i--) {
      await rename(`${p}.${i}`, `${p}.${i + 1}`).catch(() => undefined);
    }
    await rename(p, `${p}.1`);
    this.rotations++;
  }

  protected override async shutdown(): Promise<void> {
    await this.fh?.close();
    this.fh = undefined;
  }
}

export class StdoutOutput extends QueuedOutput<OutputEvent> {
  constructor(
    name: string,
    maxQueue: number,
    private readonly out: NodeJS.WritableStream = process.stdout,
  ) {
    super(name, 'stdout', maxQueue);
  }

  protected async send(batch: OutputEvent[]): Promise<void> {
    const text = batch.map((e) => JSON.stringify(eventJson(e)) + '\n').join('');
    await new Promise<void>((resolve, reject) =>
      this.out.write(text, (err) => (err ? reject(err) : resolve())),
    );
  }
}
