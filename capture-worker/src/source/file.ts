// Offline pcap/pcapng files through the same worker and decoding path as live capture. Packets
// are pulled one at a time, and every 1024 packets the loop waits for room in the channel: a file
// is never a reason to drop events, it is read as fast as main takes them.
import { readCaptureFile } from '../pcap/read-file.js';
import type {
  CaptureOptions,
  PacketSource,
  SourceCounters,
  SourceHandlers,
  SourceInfo,
} from './types.js';

export class FileSource implements PacketSource {
  readonly name = 'file' as const;
  private stopped = false;

  constructor(private readonly opts: CaptureOptions) {}

  async start(h: SourceHandlers): Promise<SourceInfo> {
    const it = readCaptureFile(this.opts.iface)[Symbol.asyncIterator]();
    // Read the first packet now so a missing or non-pcap file fails start() with its own error.
    const first = await it.next();
    const linkType = first.done ? 1 : first.value.linkType;
    const run = async (): Promise<void> => {
      let n = 0;
      try {
        if (!first.done) h.packet(first.value);
        while (!this.stopped) {
          const r = await it.next();
          if (r.done) break;
          h.packet(r.value);
          if (++n % 1024 === 0) await (h.room ? h.room() : new Promise((res) => setImmediate(res)));
        }
        if (this.stopped) await it.return?.(undefined);
        h.end();
      } catch (e) {
        h.end(e as Error);
      }
    };
    setImmediate(() => void run());
    return {
      linkType,
      timestamps: 'nanosecond',
      promiscActual: false,
      snaplen: this.opts.snaplen,
      notes: [],
    };
  }

  counters(): SourceCounters {
    return { kernelReceived: null, kernelDrops: null, ifaceDrops: null };
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }
}
