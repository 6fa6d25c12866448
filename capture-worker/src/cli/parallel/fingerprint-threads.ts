// `ja4ws fingerprint --threads N`: this (reader) thread parses each capture and deals the packets
// out by flow (route.ts) to N worker threads, each running an engine; merge.ts numbers the
// streams across them and puts the records in the single-thread run's order. The workers start
// once per run and get a fresh engine per file ('begin'). Batches go out per worker and for all
// of them after every chunk read and before every sweep; the reading waits while a worker has
// more than MAX_IN_FLIGHT reports owed, so a slow engine holds memory to a few batches.
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ConnectionRecord } from '../../../../common/events/connection.js';
import type { EngineStats } from '../../engine/stats.js';
import type { RawPacket } from '../../pcap/packet.js';
import { forEachPacket } from '../../pcap/read-file.js';
import { FileClock, type FileProgress, type FingerprintFileResult } from '../fingerprint-files.js';
import { addStats } from '../summary.js';
import { ThreadMerge } from './merge.js';
import { WORKER_FLAG, type FromWorker, type ToWorker } from './messages.js';
import { workerOf } from './route.js';

const MAX_BATCH_BYTES = 1 << 20;
const MAX_IN_FLIGHT = 8;

/** One worker's packets not yet posted: META numbers per packet, the bytes end to end. */
class Outbox {
  meta: number[] = [];
  bytes = new Uint8Array(MAX_BATCH_BYTES + 65536);
  len = 0;
  posted = 0;
  answered = 0;

  add(idx: number, p: RawPacket): void {
    if (this.len + p.data.length > this.bytes.length) {
      const next = new Uint8Array(Math.max(this.bytes.length * 2, this.len + p.data.length));
      next.set(this.bytes.subarray(0, this.len));
      this.bytes = next;
    }
    this.bytes.set(p.data, this.len);
    this.len += p.data.length;
    this.meta.push(idx, p.tsSec, p.tsNsec, p.linkType, p.origLen, p.data.length);
  }
}

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

export interface ThreadFileOptions {
  ja4plus: boolean;
  /** Called after each chunk read; a returned promise holds the reading (stdout backpressure). */
  onProgress?: (p: FileProgress) => Promise<void> | void;
}

/** N worker threads, started once, fingerprinting one file at a time. close() when done. */
export class FingerprintThreads {
  private readonly workers: Worker[];
  /** The current file's handler of each worker's messages (and of a worker's crash). */
  private onMessage: (i: number, m: FromWorker) => void = () => {};
  private broken: Error | undefined;

  /** `entry`: a module that calls runWorker in a worker thread (main/cli/fingerprint-main). */
  constructor(
    readonly threads: number,
    entry: string,
  ) {
    this.workers = Array.from({ length: threads }, () => startWorker(entry));
    this.workers.forEach((w, i) => {
      w.on('message', (m: FromWorker) => this.onMessage(i, m));
      w.on('error', (e) => {
        this.broken ??= e;
        this.onMessage(i, { kind: 'failed', message: e.message });
      });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  async fingerprintFile(
    file: string,
    opts: ThreadFileOptions,
    onRecord: (r: ConnectionRecord) => void,
  ): Promise<FingerprintFileResult> {
    if (this.broken !== undefined) throw this.broken;
    const n = this.threads;
    const workers = this.workers;
    let records = 0;
    const merge = new ThreadMerge(n, (r) => {
      records++;
      onRecord(r);
    });
    const boxes = workers.map(() => new Outbox());
    let stats: EngineStats | undefined;
    let finished = 0;
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    let allDone!: () => void;
    const done = new Promise<void>((resolve) => (allDone = resolve));
    this.onMessage = (i, m) => {
      const box = boxes[i] as Outbox;
      if (m.kind === 'events') {
        box.answered++;
        merge.add(i, m.streams, m.records, m.done);
      } else if (m.kind === 'finished') {
        merge.add(i, m.streams, m.records, Infinity);
        stats = addStats(stats, m.stats);
        if (++finished === n) allDone();
      } else {
        failure ??= new Error(`fingerprint worker ${i}: ${m.message}`);
        this.broken ??= failure;
        allDone();
      }
      wake?.();
    };

    const post = (i: number, m: ToWorker, transfer?: ArrayBuffer[]) => {
      (boxes[i] as Outbox).posted += m.kind === 'batch' || m.kind === 'sweep' ? 1 : 0;
      (workers[i] as Worker).postMessage(m, transfer);
    };
    const send = (i: number, upTo: number) => {
      const box = boxes[i] as Outbox;
      const meta = Float64Array.from(box.meta);
      const data = box.bytes.slice(0, box.len);
      box.meta = [];
      box.len = 0;
      post(i, { kind: 'batch', meta, data, upTo }, [meta.buffer, data.buffer]);
    };
    const sendAll = (upTo: number) => {
      for (let i = 0; i < n; i++) send(i, upTo);
    };

    for (let i = 0; i < n; i++)
      post(i, { kind: 'begin', ja4plus: opts.ja4plus, pcap: basename(file) });
    let idx = -1;
    const clock = new FileClock();
    let error: unknown;
    try {
      await forEachPacket(
        file,
        (p) => {
          idx++;
          const w = workerOf(p.linkType, p.data, n);
          const box = boxes[w] as Outbox;
          box.add(idx, p);
          if (box.len >= MAX_BATCH_BYTES) send(w, idx);
          if (clock.sweepAfter(p)) {
            sendAll(idx);
            for (let i = 0; i < n; i++) post(i, { kind: 'sweep', after: idx, nowUs: clock.nowUs });
          }
        },
        {
          onTlsKeyLog: (text) => {
            sendAll(idx);
            for (let i = 0; i < n; i++) post(i, { kind: 'keylog', text });
          },
          onChunk: async (bytesRead, packets) => {
            sendAll(idx);
            await opts.onProgress?.({ bytesRead, packets, records });
            while (
              failure === undefined &&
              boxes.some((b) => b.posted - b.answered > MAX_IN_FLIGHT)
            )
              await new Promise<void>((r) => (wake = r));
            wake = undefined;
            if (failure !== undefined) throw failure;
          },
        },
      );
    } catch (e) {
      error = e;
    }
    if (failure === undefined) {
      sendAll(idx);
      for (let i = 0; i < n; i++) post(i, { kind: 'finish' });
      await done;
    }
    this.onMessage = () => {};
    if (failure !== undefined) throw failure;
    const res: FingerprintFileResult = { file, records, stats: stats as EngineStats };
    if (error !== undefined) res.error = error;
    return res;
  }
}
