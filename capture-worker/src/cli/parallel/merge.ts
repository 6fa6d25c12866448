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
import type { HoledWriter } from './lines.js';
import { LINE_COLS, STREAM_COLS, type Report } from './messages.js';

/** A stream number a thread took: at key `key`, `seq`-th at that key; `global` once known. */
interface Taken {
  key: number;
  seq: number;
  global: number;
}

interface Pending {
  key: number;
  first: Taken;
  head: string;
  tail: string;
}

interface Queued {
  taken: Taken;
  transport: number;
}

export class ThreadMerge {
  /** Per thread: what it has reported up to (key). */
  private readonly done: number[];
  /** Per thread, per transport (0 tcp, 1 udp): its local numbers in order (index = local number). */
  private readonly taken: Taken[][][];
  /** Per thread: numbers reported and not yet given a global number, in key order. */
  private readonly queue: Queued[][];
  private readonly queueHead: number[];
  private readonly next = [0, 0];
  private pending: Pending[] = [];
  /** Records written so far. */
  records = 0;

  constructor(
    threads: number,
    private readonly out: HoledWriter,
  ) {
    this.done = new Array<number>(threads).fill(-1);
    this.taken = Array.from({ length: threads }, () => [[], []]);
    this.queue = Array.from({ length: threads }, () => []);
    this.queueHead = new Array<number>(threads).fill(0);
  }

  /** A thread's report: the numbers it took and the records it emitted, all with keys <= done. */
  add(thread: number, r: Report): void {
    const q = this.queue[thread] as Queued[];
    const taken = this.taken[thread] as Taken[][];
    const s = r.streams;
    for (let i = 0; i < s.length; i += STREAM_COLS) {
      const t: Taken = { key: s[i + 2] as number, seq: s[i + 3] as number, global: -1 };
      const transport = s[i] as number;
      (taken[transport] as Taken[])[s[i + 1] as number] = t;
      q.push({ taken: t, transport });
    }
    const l = r.lines;
    for (let i = 0, at = 0; i < l.length; i += LINE_COLS) {
      const stream = l[i + 2] as number;
      const first = (taken[l[i + 1] as number] as Taken[])[stream];
      if (first === undefined)
        throw new Error(`thread ${thread}: a record of unknown stream ${stream}`);
      const end = at + (l[i + 3] as number);
      const hole = at + (l[i + 4] as number);
      this.pending.push({
        key: l[i] as number,
        first,
        head: r.text.slice(at, hole),
        tail: r.text.slice(hole + (l[i + 5] as number), end),
      });
      at = end;
    }
    this.done[thread] = r.done;
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
    ready.sort((a, b) => a.key - b.key || a.first.key - b.first.key || a.first.seq - b.first.seq);
    for (const p of ready) {
      if (p.first.global < 0) throw new Error('a record of an unnumbered stream');
      this.out.write(p.head, p.first.global, p.tail);
      this.records++;
    }
  }

  /** Gives global numbers, in key order across threads, to every number with key <= upTo. */
  private number(upTo: number): void {
    for (;;) {
      let best = -1;
      let bestQ: Queued | undefined;
      for (let w = 0; w < this.queue.length; w++) {
        const q = (this.queue[w] as Queued[])[this.queueHead[w] as number];
        if (q === undefined || q.taken.key > upTo) continue;
        if (
          bestQ === undefined ||
          q.taken.key < bestQ.taken.key ||
          (q.taken.key === bestQ.taken.key && q.taken.seq < bestQ.taken.seq)
        ) {
          best = w;
          bestQ = q;
        }
      }
      if (bestQ === undefined) break;
      this.queueHead[best] = (this.queueHead[best] as number) + 1;
      bestQ.taken.global = (this.next[bestQ.transport] as number)++;
    }
    // Drop what was consumed now and then, so the queues do not keep the whole file.
    for (let w = 0; w < this.queue.length; w++) {
      const h = this.queueHead[w] as number;
      if (h > 4096) {
        this.queue[w] = (this.queue[w] as Queued[]).slice(h);
        this.queueHead[w] = 0;
      }
    }
  }
}
