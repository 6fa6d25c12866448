// Follows an access log by polling, through both rotation styles:
// - rename (logrotate default, nginx USR1 reopen): the path gets a new inode; the old file is read
//   to its end first, then the new one from its start;
// - copytruncate: same inode, size drops below our offset; reading restarts at 0. Lines written
//   between logrotate's copy and its truncate are lost — that is copytruncate's own race.
// Hand-written because the npm tail packages either watch with fs.watch (unreliable on some
// filesystems and lossy across renames) or buffer unbounded lines.
import { open, stat, type FileHandle } from 'node:fs/promises';
import { LineSplitter, type LineSink } from './line-splitter.js';

export interface FileTailOptions {
  path: string;
  pollMs: number;
  /** Where to begin in a file that exists at start: 'end' (like tail -F) or 'start'. */
  startAt: 'start' | 'end';
  maxLineBytes: number;
}

export interface FileTailStats {
  rotations: number;
  truncations: number;
  read_errors: number;
}

const CHUNK = 64 * 1024;

export class FileTail {
  readonly stats: FileTailStats = { rotations: 0, truncations: 0, read_errors: 0 };
  private fh: FileHandle | undefined;
  private ino = -1;
  private offset = 0;
  private splitter: LineSplitter;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private first = true;
  private paused = false;
  private readonly buf = Buffer.allocUnsafe(CHUNK);

  constructor(
    private readonly opts: FileTailOptions,
    private readonly sink: LineSink,
  ) {
    this.splitter = new LineSplitter(opts.maxLineBytes, sink);
  }

  start(): void {
    this.timer ??= setInterval(() => void this.poll(), this.opts.pollMs);
    this.timer.unref();
    void this.poll();
  }

  /** Stop reading (the file keeps growing; reading resumes where it stopped). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    void this.poll();
  }

  /** One pass: read what is new, following a rotation. Concurrent calls share one pass. */
  poll(): Promise<void> {
    if (this.paused) return this.polling ?? Promise.resolve();
    this.polling ??= this.pass().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
    await this.fh?.close();
    this.fh = undefined;
  }

  private async pass(): Promise<void> {
    try {
      let st;
      try {
        st = await stat(this.opts.path);
      } catch {
        st = undefined;
      }
      if (this.fh && (st === undefined || st.ino !== this.ino)) {
        // Renamed away: finish the old file, then switch.
        await this.readToEnd();
        this.splitter.end();
        await this.fh.close();
        this.fh = undefined;
        if (st !== undefined) this.stats.rotations++;
      }
      if (st === undefined) {
        this.first = false;
        return;
      }
      if (!this.fh) {
        this.fh = await open(this.opts.path, 'r');
        this.ino = st.ino;
        this.offset = this.first && this.opts.startAt === 'end' ? st.size : 0;
        this.splitter = new LineSplitter(this.opts.maxLineBytes, this.sink);
      } else if (st.size < this.offset) {
        this.stats.truncations++;
        this.offset = 0;
        this.splitter = new LineSplitter(this.opts.maxLineBytes, this.sink);
      }
      this.first = false;
      await this.readToEnd();
    } catch {
      this.stats.read_errors++;
    }
  }

  private async readToEnd(): Promise<void> {
    const fh = this.fh;
    if (!fh) return;
    while (true) {
      const { bytesRead } = await fh.read(this.buf, 0, CHUNK, this.offset);
      if (bytesRead === 0) return;
      this.offset += bytesRead;
      this.splitter.push(this.buf.subarray(0, bytesRead));
    }
  }
}
