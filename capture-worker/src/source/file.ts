// Offline pcap/pcapng files through the same worker and decoding path as live capture. Packets
// are pulled one at a time, and the loop yields to the event loop regularly so stats and the
// channel keep flowing while a large file is read.
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
          if (++n % 4096 === 0) await new Promise((res) => setImmediate(res));
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
