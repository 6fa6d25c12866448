// `ja4ws fingerprint --threads N`: N threads fingerprint one file, this (reader) thread and N - 1
// worker threads, each with an engine of its own for the flows route.ts gives it (share.ts). The
// reader reads the file and hands every chunk, before parsing it, to every worker, which parses
// the same bytes itself: a copy of a 1 MiB chunk costs far less than copying each packet into
// per-worker batches, and every thread meets every packet, as the sweep schedule needs. Workers
// write their records as text (lines.ts); merge.ts numbers the streams across threads and puts
// the lines in the single-thread run's order. Reading waits while a worker has more than
// MAX_IN_FLIGHT chunks unanswered, so a slower thread holds memory to a few chunks.
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EngineStats } from '../../engine/stats.js';
import { forEachPacket } from '../../pcap/read-file.js';
import type { FingerprintFileResult } from '../fingerprint-files.js';
import type { FileOptions, FileRunner } from '../file-runner.js';
import type { OutputFormat } from '../output.js';
import { addStats } from '../summary.js';
import { afterWorkerStart } from '../young-generation.js';
import { holedWriter, type HoledWriter } from './lines.js';
import { ThreadMerge } from './merge.js';
import { WORKER_FLAG, type FromWorker, type ToWorker } from './messages.js';
import { Share } from './share.js';

const MAX_IN_FLIGHT = 4;

function startWorker(entry: string): Worker {
  const workerData = { [WORKER_FLAG]: true };
  if (!entry.endsWith('.ts')) return new Worker(entry, { workerData });
  // From source (tests, `node --import tsx`): on Node 20 a worker does not get tsx's hooks.
  const url = JSON.stringify(pathToFileURL(entry).href);
  return new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${url}); })`,
    { eval: true, workerData },
  );
}

/** This thread and N - 1 worker threads, started once, fingerprinting one file at a time. */
export class FingerprintThreads {
  private readonly workers: Worker[];
  /** The current file's handler of each worker's messages (and of a worker's crash). */
  private onMessage: (i: number, m: FromWorker) => void = () => {};
  private broken: Error | undefined;
  private closing = false;

  /** `entry`: a module that calls runWorker in a worker thread (main/cli/fingerprint-main). */
  constructor(
    readonly threads: number,
    entry: string,
  ) {
    this.workers = Array.from({ length: threads - 1 }, () => startWorker(entry));
    this.workers.forEach((w, i) => {
      w.on('message', (m: FromWorker) => this.onMessage(i, m));
      // A worker's start puts V8's young-generation growth back (young-generation.ts).
      w.once('online', afterWorkerStart);
      w.on('error', (e) => {
        this.broken ??= e;
        this.onMessage(i, { kind: 'failed', message: e.message });
      });
      // A worker that ends without an error event (process.exit in it) would leave a file waiting.
      w.on('exit', (code) => {
        if (this.closing) return;
        this.broken ??= new Error(`fingerprint worker ${i + 1} exited (code ${code})`);
        this.onMessage(i, { kind: 'failed', message: `exited (code ${code})` });
      });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** Writes the file's records to `out` as the single-thread run writes them. */
  async fingerprintFile(
    file: string,
    opts: FileOptions,
    out: HoledWriter,
  ): Promise<FingerprintFileResult> {
    if (this.broken !== undefined) throw this.broken;
    const workers = this.workers;
    const merge = new ThreadMerge(this.threads, out);
    const begin = { ja4plus: opts.ja4plus, pcap: basename(file), format: opts.format };
    const own = new Share({ ...begin, share: 0, shares: this.threads });
    let posted = 0;
    const answered = workers.map(() => 0);
    const met = workers.map(() => -1);
    const stats: EngineStats[] = [];
    let finished = 0;
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    let allDone!: () => void;
    const done = new Promise<void>((resolve) => (allDone = resolve));
    if (workers.length === 0) allDone();
    this.onMessage = (i, m) => {
      if (m.kind === 'events') {
        answered[i] = (answered[i] as number) + 1;
        merge.add(i + 1, m);
      } else if (m.kind === 'finished') {
        merge.add(i + 1, m);
        stats[i] = m.stats;
        met[i] = m.packets;
        if (++finished === workers.length) allDone();
      } else {
        failure ??= new Error(`fingerprint worker ${i + 1}: ${m.message}`);
        this.broken ??= failure;
        allDone();
      }
      wake?.();
    };
    workers.forEach((w, i) =>
      w.postMessage({ kind: 'begin', ...begin, share: i + 1, shares: this.threads } as ToWorker),
    );
    let error: unknown;
    try {
      await forEachPacket(file, (p) => own.packet(p), {
        onTlsKeyLog: (text) => own.engine.addTlsKeyLog(text),
        onRawChunk: (chunk) => {
          posted++;
          for (const w of workers) {
            // A copy each: the reader parses `chunk` meanwhile, and a transfer leaves no copy.
            const bytes = new Uint8Array(chunk);
            w.postMessage({ kind: 'chunk', bytes } satisfies ToWorker, [bytes.buffer]);
          }
        },
        onChunk: async (bytesRead, packets) => {
          merge.add(0, own.take());
          await opts.onProgress?.({ bytesRead, packets, records: merge.records });
          while (failure === undefined && answered.some((a) => posted - a > MAX_IN_FLIGHT))
            await new Promise<void>((r) => (wake = r));
          wake = undefined;
          if (failure !== undefined) throw failure;
        },
      });
    } catch (e) {
      error = e;
    }
    if (failure === undefined) {
      for (const w of workers) w.postMessage({ kind: 'end' } satisfies ToWorker);
      merge.add(0, own.finish());
      await done;
    }
    this.onMessage = () => {};
    if (failure === undefined) {
      const off = met.findIndex((m) => m !== own.packets);
      if (off >= 0)
        failure = new Error(
          `fingerprint worker ${off + 1} met ${met[off]} packets of ${file}, the reader ${own.packets}`,
        );
    }
    if (failure !== undefined) throw failure;
    const res: FingerprintFileResult = {
      file,
      records: merge.records,
      stats: stats.reduce(addStats, own.engine.stats()),
    };
    if (error !== undefined) res.error = error;
    return res;
  }
}

/** A FileRunner (file-runner.ts) over `threads` threads, writing to `out`. */
export function threadsRunner(
  threads: number,
  entry: string,
  format: OutputFormat,
  out: (s: string) => void,
): FileRunner {
  const pool = new FingerprintThreads(threads, entry);
  const writer = holedWriter(format, out);
  return {
    run: (file, opts) => pool.fingerprintFile(file, opts, writer),
    end: () => writer.end(),
    close: () => pool.close(),
  };
}
