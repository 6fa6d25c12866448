// A minimal pcapng writer (issue 24): one section, one interface per link type (nanosecond
// timestamps, if_tsresol 9), Enhanced Packet Blocks with an optional comment. Enough for
// Wireshark/tshark and for our own reader; the blocks are built by hand because they are a few
// dozen bytes of fixed layout (pcapng draft, sections 4.1, 4.2, 4.3).
export interface PcapngPacket {
  tsSec: number;
  tsNsec: number;
  linkType: number;
  origLen: number;
  data: Uint8Array;
}

const enc = new TextEncoder();
const MAX_OPTION = 65_532;

function pad4(n: number): number {
  return (n + 3) & ~3;
}

/** Options (code, UTF-8 text) followed by opt_endofopt; empty list -> no bytes at all. */
function options(list: [number, Uint8Array][]): Buffer {
  if (list.length === 0) return Buffer.alloc(0);
  const size = list.reduce((a, [, v]) => a + 4 + pad4(v.length), 0) + 4;
  const b = Buffer.alloc(size);
  let p = 0;
  for (const [code, v] of list) {
    b.writeUInt16LE(code, p);
    b.writeUInt16LE(v.length, p + 2);
    b.set(v, p + 4);
    p += 4 + pad4(v.length);
  }
  return b; // the last 4 bytes stay zero: opt_endofopt
}

function text(s: string): Uint8Array {
  const b = enc.encode(s);
  if (b.length <= MAX_OPTION) return b;
  // Cut on a character boundary so the comment stays valid UTF-8.
  let end = MAX_OPTION;
  while (end > 0 && ((b[end] as number) & 0xc0) === 0x80) end--;
  return b.subarray(0, end);
}

function block(type: number, body: Buffer): Buffer {
  const len = 12 + body.length;
  const b = Buffer.alloc(len);
  b.writeUInt32LE(type, 0);
  b.writeUInt32LE(len, 4);
  body.copy(b, 8);
  b.writeUInt32LE(len, len - 4);
  return b;
}

export class PcapngWriter {
  private readonly ifaces = new Map<number, number>();
  packets = 0;
  bytes = 0;

  constructor(
    private readonly out: (b: Buffer) => void,
    comments: readonly string[] = [],
    app = 'ja4ws',
  ) {
    const head = Buffer.alloc(16);
    head.writeUInt32LE(0x1a2b3c4d, 0);
    head.writeUInt16LE(1, 4);
    head.writeUInt16LE(0, 6);
    head.writeBigInt64LE(-1n, 8); // section length unknown (streamed)
    const opts = options([
      ...comments.map((c): [number, Uint8Array] => [1, text(c)]),
      [4, text(app)],
    ]);
    this.emit(block(0x0a0d0d0a, Buffer.concat([head, opts])));
  }

  private emit(b: Buffer): void {
    this.bytes += b.length;
    this.out(b);
  }

  private iface(linkType: number): number {
    let id = this.ifaces.get(linkType);
    if (id !== undefined) return id;
    id = this.ifaces.size;
    this.ifaces.set(linkType, id);
    const head = Buffer.alloc(8);
    head.writeUInt16LE(linkType, 0);
    head.writeUInt32LE(262_144, 4);
    this.emit(block(1, Buffer.concat([head, options([[9, Uint8Array.of(9)]])])));
    return id;
  }

  packet(p: PcapngPacket, comment?: string): void {
    const id = this.iface(p.linkType);
    const ts = BigInt(p.tsSec) * 1_000_000_000n + BigInt(p.tsNsec);
    const cap = p.data.length;
    const head = Buffer.alloc(20);
    head.writeUInt32LE(id, 0);
    head.writeUInt32LE(Number(ts >> 32n), 4);
    head.writeUInt32LE(Number(ts & 0xffffffffn), 8);
    head.writeUInt32LE(cap, 12);
    head.writeUInt32LE(Math.max(p.origLen, cap), 16);
    const data = Buffer.alloc(pad4(cap));
    data.set(p.data, 0);
    const opts = options(comment === undefined ? [] : [[1, text(comment)]]);
    this.emit(block(6, Buffer.concat([head, data, opts])));
    this.packets++;
  }
}
