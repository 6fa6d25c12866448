// The reader thread's side of `ja4ws fingerprint --threads N`: stream numbers across threads and
// the order of the records.
//
// Stream numbers are tshark's (per transport, in order of the flow's first packet, one more per
// SOCKS tunnel when it is recognised). Each engine numbers its own flows; as every thread meets
// the packets in file order, the numbers all threads took, merged by key (packet index, then order
// within the packet), are the numbers one engine would have taken: the global number of a local
// one is its rank in that merge. A number is final once every thread has reported past its key.
//
// Records go out in key order of the moment they were emitted (a port reuse during a packet, the
// sweep after a packet, the end), and within one moment in order of their flows' first packets.
// That is the single-thread run's order too: the CLI sweeps every FILE_SWEEP_EVERY packets of the
// file in both, and one engine emits a sweep's records in the order its flows opened. So the
// output is the same bytes for any number of threads (tests/integration/fingerprint-threads).
import type { ConnectionRecord, Transport } from '../../../../common/events/connection.js';
import type { KeyedRecord, StreamTaken } from './messages.js';

interface Taken {
  key: number;
  seq: number;
  global: number;
}

interface Pending {
  key: number;
  worker: number;
  record: ConnectionRecord;
}

export class ThreadMerge {
  /** Per worker: what it has reported up to (key); Infinity once finished. */
  private readonly done: number[];
  /** Per worker, per transport: its local numbers in order (index = local number). */
  private readonly taken: Record<Transport, Taken[]>[];
  /** Per worker: numbers reported and not yet given a global number, in key order. */
  private readonly queue: StreamTaken[][];
  private readonly queueHead: number[];
  private readonly next: Record<Transport, number> = { tcp: 0, udp: 0 };
  private pending: Pending[] = [];

  constructor(
    workers: number,
    private readonly out: (r: ConnectionRecord) => void,
  ) {
    this.done = new Array<number>(workers).fill(-1);
    this.taken = Array.from({ length: workers }, () => ({ tcp: [], udp: [] }));
    this.queue = Array.from({ length: workers }, () => []);
    this.queueHead = new Array<number>(workers).fill(0);
  }

  /** A worker's report: the numbers it took and the records it emitted, all with keys <= done. */
  add(worker: number, streams: StreamTaken[], records: KeyedRecord[], done: number): void {
    const q = this.queue[worker] as StreamTaken[];
    for (const s of streams) {
      q.push(s);
      (this.taken[worker] as Record<Transport, Taken[]>)[s.transport][s.stream] = {
        key: s.key,
        seq: s.seq,
        global: -1,
      };
    }
    for (const r of records) this.pending.push({ key: r.key, worker, record: r.record });
    this.done[worker] = done;
    this.advance();
  }

  private advance(): void {
    const upTo = Math.min(...this.done);
    this.number(upTo);
    const ready: Pending[] = [];
    const rest: Pending[] = [];
    for (const p of this.pending) (p.key <= upTo ? ready : rest).push(p);
    if (ready.length === 0) return;
    this.pending = rest;
    const first = (p: Pending) => this.takenOf(p.worker, p.record);
    ready.sort((a, b) => {
      if (a.key !== b.key) return a.key - b.key;
      const fa = first(a);
      const fb = first(b);
      return fa.key - fb.key || fa.seq - fb.seq;
    });
    for (const p of ready) {
      const t = first(p);
      if (t.global < 0)
        throw new Error(`stream ${p.record.stream} of worker ${p.worker} unnumbered`);
      p.record.stream = t.global;
      this.out(p.record);
    }
  }

  private takenOf(worker: number, r: ConnectionRecord): Taken {
    const t = (this.taken[worker] as Record<Transport, Taken[]>)[r.transport][r.stream];
    if (t === undefined) throw new Error(`record of unknown stream ${r.transport} ${r.stream}`);
    return t;
  }

  /** Gives global numbers, in key order across workers, to every number with key <= upTo. */
  private number(upTo: number): void {
    for (;;) {
      let best = -1;
      let bestS: StreamTaken | undefined;
      for (let w = 0; w < this.queue.length; w++) {
        const s = (this.queue[w] as StreamTaken[])[this.queueHead[w] as number];
        if (s === undefined || s.key > upTo) continue;
        if (
          bestS === undefined ||
          s.key < bestS.key ||
          (s.key === bestS.key && s.seq < bestS.seq)
        ) {
          best = w;
          bestS = s;
        }
      }
      if (bestS === undefined) break;
      this.queueHead[best] = (this.queueHead[best] as number) + 1;
      const t = (this.taken[best] as Record<Transport, Taken[]>)[bestS.transport][
        bestS.stream
      ] as Taken;
      t.global = this.next[bestS.transport]++;
    }
    // Drop what was consumed now and then, so the queues do not keep the whole file.
    for (let w = 0; w < this.queue.length; w++) {
      const h = this.queueHead[w] as number;
      if (h > 4096) {
        this.queue[w] = (this.queue[w] as StreamTaken[]).slice(h);
        this.queueHead[w] = 0;
      }
    }
  }
}
