// Wall-clock time with nanosecond steps for sources that give no capture timestamp: one
// Date.now() anchor plus the monotonic hrtime delta, so stamps never go backwards when the
// system clock is adjusted while capturing.
import type { RawPacket } from '../pcap/packet.js';

export class ArrivalClock {
  private readonly baseNs: bigint;
  private readonly hrBase: bigint;
  constructor() {
    this.baseNs = BigInt(Date.now()) * 1_000_000n;
    this.hrBase = process.hrtime.bigint();
  }
  stamp(p: Pick<RawPacket, 'tsSec' | 'tsNsec'>): void {
    const ns = this.baseNs + (process.hrtime.bigint() - this.hrBase);
    p.tsSec = Number(ns / 1_000_000_000n);
    p.tsNsec = Number(ns % 1_000_000_000n);
  }
}
