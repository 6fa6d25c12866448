// One thread's part of a file under `ja4ws fingerprint --threads N`: every thread (the reader too)
// meets every packet of the file in order, counts it, and hands the engine only the packets of its
// flows (route.ts); all of them sweep after the same packets at the same times (FileClock), as one
// engine would. What the engine does is kept with the key of the moment it happened (messages.ts)
// and taken as a Report: the stream numbers it took, and its records as holed lines (lines.ts).
import type { Transport } from '../../../../common/events/connection.js';
import { createEngine, type Engine } from '../../engine/engine.js';
import type { RawPacket } from '../../pcap/packet.js';
import { FileClock } from '../fingerprint-files.js';
import type { OutputFormat } from '../output.js';
import { holedEncoder } from './lines.js';
import { FINISH_KEY, type Report } from './messages.js';
import { workerOf } from './route.js';

const TRANSPORT: Record<Transport, number> = { tcp: 0, udp: 1 };

export interface ShareOptions {
  ja4plus: boolean;
  pcap: string;
  format: OutputFormat;
  /** This thread's number among `shares` (the reader is 0). */
  share: number;
  shares: number;
}

export class Share {
  readonly engine: Engine;
  private readonly clock = new FileClock();
  private readonly share: number;
  private readonly shares: number;
  /** Index of the last packet met. */
  private idx = -1;
  private key = 0;
  private seq = 0;
  private streams: number[] = [];
  private lines: number[] = [];
  private text = '';
  records = 0;

  constructor(o: ShareOptions) {
    this.share = o.share;
    this.shares = o.shares;
    const encode = holedEncoder(o.format);
    this.engine = createEngine({
      ja4plus: o.ja4plus,
      pcap: o.pcap,
      sweepEvery: 0,
      onRecord: (r) => {
        const [line, at, len] = encode(r);
        this.records++;
        this.lines.push(this.key, TRANSPORT[r.transport], r.stream, line.length, at, len);
        this.text += line;
      },
      onStreamNumber: (transport, stream) =>
        this.streams.push(TRANSPORT[transport], stream, this.key, this.seq++),
    });
  }

  /** Packets met so far (every packet of the file, not only this thread's). */
  get packets(): number {
    return this.idx + 1;
  }

  packet(p: RawPacket): void {
    const i = ++this.idx;
    if (workerOf(p.linkType, p.data, this.shares) === this.share) {
      this.key = 2 * i;
      this.seq = 0;
      this.engine.push(p);
    }
    if (this.clock.sweepAfter(p)) {
      this.key = 2 * i + 1;
      this.seq = 0;
      this.engine.sweepAt(this.clock.nowUs);
    }
  }

  /** What happened since the last take; everything up to the sweep after the last packet met. */
  take(): Report {
    const r: Report = {
      streams: Float64Array.from(this.streams),
      lines: Float64Array.from(this.lines),
      text: this.text,
      done: 2 * this.idx + 1,
    };
    this.streams = [];
    this.lines = [];
    this.text = '';
    return r;
  }

  /** Ends the engine; the last report covers every key. */
  finish(): Report {
    this.key = FINISH_KEY;
    this.seq = 0;
    this.engine.finish();
    return { ...this.take(), done: FINISH_KEY };
  }
}
