// Import jobs run inside the process that owns the store, one at a time in arrival order, and
// report progress for the Import view. A damaged file still stores what it could read.
import { randomUUID } from 'node:crypto';
import { statSync, unlinkSync } from 'node:fs';
import { basename } from 'node:path';
import type { ImportJob } from '../../../common/api/import.js';
import { errorMessage } from '../../../common/util/errors.js';
import type { Logger } from '../../core/log.js';
import type { Store } from '../../storage/store.js';
import type { TableWriters } from '../../storage/writer/table-writers.js';
import { isCaptureFile } from '../../../correlation-worker/src/interop/read-logs.js';
import { importLogFiles } from './log-import.js';
import { importCaptureFile } from './operations.js';

interface Job extends ImportJob {
  path: string;
  removeAfter: boolean;
}

export class ImportJobs {
  private readonly jobs: Job[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly opts: {
      ja4plus: boolean;
      log: Logger;
      keep?: number;
      /** Where each import's packet references go (<dataDir>/packets/imports). */
      packetRefsDir?: string;
      /** The tables' writers (the pipeline's): imports go through them, spool and all. */
      writers?: TableWriters;
    },
  ) {}

  /** Queue a file. `removeAfter` deletes it when done (uploads). */
  enqueue(path: string, name = basename(path), removeAfter = false): ImportJob {
    const job: Job = {
      id: randomUUID(),
      file: name,
      path,
      removeAfter,
      state: 'queued',
      totalBytes: statSync(path).size,
      bytesRead: 0,
      packets: 0,
      connections: 0,
      startedAt: null,
      finishedAt: null,
      secondsLeft: null,
      error: null,
      dataFrom: null,
      dataTo: null,
    };
    this.jobs.push(job);
    while (
      this.jobs.length > (this.opts.keep ?? 50) &&
      this.jobs[0]!.state !== 'running' &&
      this.jobs[0]!.state !== 'queued'
    )
      this.jobs.shift();
    this.running ??= this.drain();
    return view(job);
  }

  list(): ImportJob[] {
    return this.jobs.map(view).reverse();
  }

  /** Resolves when every queued job has finished. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      for (let job = this.next(); job; job = this.next()) await this.run(job);
    } finally {
      this.running = undefined;
    }
  }

  private next(): Job | undefined {
    return this.jobs.find((j) => j.state === 'queued');
  }

  private async run(job: Job): Promise<void> {
    job.state = 'running';
    const started = Date.now();
    job.startedAt = new Date(started).toISOString();
    try {
      if (!(await isCaptureFile(job.path))) return await this.runLog(job);
      const r = await importCaptureFile(this.store, job.path, {
        ja4plus: this.opts.ja4plus,
        ...(this.opts.packetRefsDir ? { packetRefsDir: this.opts.packetRefsDir } : {}),
        ...(this.opts.writers ? { writers: this.opts.writers } : {}),
        sensor: `import:${job.file}`,
        onProgress: (p) => {
          job.bytesRead = Math.min(job.totalBytes, p.bytesRead);
          job.packets = p.packets;
          job.connections = p.records;
          const elapsed = (Date.now() - started) / 1000;
          const rate = job.bytesRead / Math.max(elapsed, 0.001);
          job.secondsLeft =
            elapsed > 0.5 && rate > 0 ? Math.max(0, (job.totalBytes - job.bytesRead) / rate) : null;
        },
      });
      job.packets = r.packets;
      job.connections = r.records;
      // A file read only in part shows how far it got, not a full bar.
      if (!r.error) job.bytesRead = job.totalBytes;
      job.state = r.error ? 'failed' : 'done';
      job.error = r.error ? this.shown(job, errorMessage(r.error)) : null;
      if (r.firstUs !== undefined && r.lastUs !== undefined) {
        job.dataFrom = new Date(Math.floor(r.firstUs / 1000)).toISOString();
        job.dataTo = new Date(Math.ceil(r.lastUs / 1000) + 1).toISOString();
      }
    } catch (err) {
      job.state = 'failed';
      job.error = this.shown(job, errorMessage(err));
      this.opts.log.warn({ file: job.file, err: job.error }, 'import failed');
    } finally {
      job.secondsLeft = 0;
      job.finishedAt = new Date().toISOString();
      if (job.removeAfter) {
        try {
          unlinkSync(job.path);
        } catch {
          // Already gone: nothing to clean up.
        }
      }
    }
  }

  /** A log file: read as the format it is detected as, errors by line. */
  private async runLog(job: Job): Promise<void> {
    const r = await importLogFiles(this.store, [job.path], {
      ja4plus: this.opts.ja4plus,
      ...(this.opts.writers ? { writers: this.opts.writers } : {}),
      sensor: `import:${job.file}`,
      onProgress: (p) => {
        job.bytesRead = Math.min(job.totalBytes, p.bytesRead);
        job.packets = 0;
        job.connections = p.events;
      },
    });
    const f = r.files[0];
    job.format = f?.detection?.description ?? null;
    job.connections = r.records + r.requests;
    job.badLines = r.badLines;
    if (f?.error !== undefined) {
      // The bar stops where the reader stopped (a file in no known format: where detection gave
      // up), never a full bar that reads as success.
      job.state = 'failed';
      job.error = f.error.replace(job.path, job.file);
    } else {
      job.bytesRead = job.totalBytes;
      job.state = 'done';
      const shown = r.errors.map((e) => `line ${e.line}: ${e.message}`).slice(0, 3);
      job.error =
        r.badLines > 0
          ? `${r.badLines} bad line${r.badLines === 1 ? '' : 's'} skipped (${shown.join('; ')}${r.badLines > shown.length ? '; ...' : ''})`
          : null;
    }
  }

  /**
   * An error as the analyst sees it: the daemon's own path of the file (an upload's spool name
   * in the import folder) is replaced by the name they gave it.
   */
  private shown(job: Job, message: string): string {
    return message.split(job.path).join(job.file);
  }
}

function view(j: Job): ImportJob {
  const { path: _path, removeAfter: _r, ...rest } = j;
  return { ...rest };
}
