// libpcap in process through the `cap` addon (optional dependency). Measured limits, reported in
// the hello message so nobody mistakes them for ours: the packet event has no capture timestamp
// (we stamp arrival time in JS), the addon always opens the interface promiscuous with snaplen
// 65535, and it has no pcap_stats binding, so kernel drops are unknown (null, not zero).
import { createRequire } from 'node:module';
import { AppError, errorMessage } from '../../../common/util/errors.js';
import type { RawPacket } from '../pcap/packet.js';
import { linkTypeFromCapName } from './linktype.js';
import { IfaceDropCounter } from './netdev.js';
import { classifyOpenError } from './open-error.js';
import { ArrivalClock } from './arrival-clock.js';
import type {
  CaptureOptions,
  PacketSource,
  SourceCounters,
  SourceHandlers,
  SourceInfo,
} from './types.js';

interface CapHandle {
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  close(): void;
  on(event: 'packet', cb: (nbytes: number, truncated: boolean) => void): void;
}
interface CapModule {
  Cap: new () => CapHandle;
}

/** The addon's fixed snaplen (pcap_set_snaplen(65535) in its binding). */
const CAP_SNAPLEN = 65535;

const failedHandles: CapHandle[] = [];

export function loadCap(
  require: (id: string) => unknown = createRequire(import.meta.url),
): CapModule {
  try {
    return require('cap') as CapModule;
  } catch (err) {
    throw new AppError(
      'capture.cap_missing',
      `the packet source "cap" needs the optional npm package \`cap\` built against libpcap, and it did not load (${errorMessage(err)}). ` +
        'Install libpcap-dev (apt-get install libpcap-dev) and run `npm install cap` (or `npm rebuild cap`), or use --source tcpdump.',
      { cause: errorMessage(err) },
      { cause: err },
    );
  }
}

export class CapSource implements PacketSource {
  readonly name = 'cap' as const;
  private handle: CapHandle | undefined;
  private readonly buffer: Buffer;
  private readonly drops: IfaceDropCounter;

  constructor(private readonly opts: CaptureOptions) {
    this.buffer = Buffer.alloc(CAP_SNAPLEN);
    this.drops = new IfaceDropCounter(opts.iface);
  }

  async start(h: SourceHandlers): Promise<SourceInfo> {
    const { Cap } = loadCap();
    const cap = new Cap();
    let linkName: string;
    try {
      linkName = cap.open(this.opts.iface, this.opts.filter, this.opts.bufferBytes, this.buffer);
    } catch (err) {
      // After a failed open the addon's destructor would uv_poll_stop an uninitialised handle
      // (measured: segfault when the object is reused or collected), so it is kept alive.
      failedHandles.push(cap);
      throw classifyOpenError(errorMessage(err), this.opts, 'cap');
    }
    const linkType = linkTypeFromCapName(linkName);
    if (linkType === undefined) {
      cap.close();
      throw new AppError(
        'capture.link_type',
        `interface ${this.opts.iface}: unsupported link type "${linkName}"`,
        {
          iface: this.opts.iface,
          linkName,
        },
      );
    }
    this.handle = cap;
    const clock = new ArrivalClock();
    const snaplen = Math.min(this.opts.snaplen, CAP_SNAPLEN);
    const pkt: RawPacket = { tsSec: 0, tsNsec: 0, linkType, origLen: 0, data: this.buffer };
    cap.on('packet', (nbytes) => {
      clock.stamp(pkt);
      // The addon reports the captured length only; the wire length is lost when it truncated.
      pkt.origLen = nbytes;
      pkt.data = this.buffer.subarray(0, Math.min(nbytes, snaplen));
      h.packet(pkt);
    });
    const notes = [
      'cap: no capture timestamp in the packet event; times are when JavaScript saw the packet',
      'cap: kernel drop counters are not exposed by the addon (no pcap_stats); only interface drops from /proc/net/dev',
    ];
    if (!this.opts.promisc)
      notes.push(
        'cap: the addon always opens the interface in promiscuous mode; promisc=false is not honoured',
      );
    if (this.opts.snaplen < CAP_SNAPLEN)
      notes.push(
        `cap: kernel snaplen is fixed at ${CAP_SNAPLEN}; packets are cut to ${snaplen} in the worker`,
      );
    return { linkType, timestamps: 'arrival', promiscActual: true, snaplen, notes };
  }

  counters(): SourceCounters {
    return { kernelReceived: null, kernelDrops: null, ifaceDrops: this.drops.read() };
  }

  async stop(): Promise<void> {
    this.handle?.close();
    this.handle = undefined;
  }
}
