// Hand-built frames for unit tests: Ethernet / IPv4 / IPv6 / TCP / UDP with just enough header
// fields right for the decoder (checksums are left zero: nothing here verifies them).

export function ipv4(
  src: number[],
  dst: number[],
  proto: number,
  payload: Uint8Array,
  opts: { ttl?: number; frag?: number } = {},
): Uint8Array {
  const b = new Uint8Array(20 + payload.length);
  b[0] = 0x45;
  b[2] = b.length >> 8;
  b[3] = b.length & 0xff;
  b[6] = (opts.frag ?? 0x4000) >> 8; // DF
  b[7] = (opts.frag ?? 0x4000) & 0xff;
  b[8] = opts.ttl ?? 64;
  b[9] = proto;
  b.set(src, 12);
  b.set(dst, 16);
  b.set(payload, 20);
  return b;
}

export function ipv6(
  src: number[],
  dst: number[],
  next: number,
  payload: Uint8Array,
  hop = 64,
): Uint8Array {
  const b = new Uint8Array(40 + payload.length);
  b[0] = 0x60;
  b[4] = payload.length >> 8;
  b[5] = payload.length & 0xff;
  b[6] = next;
  b[7] = hop;
  b.set(src, 8);
  b.set(dst, 24);
  b.set(payload, 40);
  return b;
}

export function tcp(
  sport: number,
  dport: number,
  seq: number,
  ack: number,
  flags: number,
  payload: Uint8Array = new Uint8Array(0),
  options: number[] = [],
  window = 64240,
): Uint8Array {
  const optLen = (options.length + 3) & ~3;
  const h = 20 + optLen;
  const b = new Uint8Array(h + payload.length);
  const v = new DataView(b.buffer);
  v.setUint16(0, sport);
  v.setUint16(2, dport);
  v.setUint32(4, seq >>> 0);
  v.setUint32(8, ack >>> 0);
  b[12] = (h / 4) << 4;
  b[13] = flags;
  v.setUint16(14, window);
  b.set(options, 20);
  b.set(payload, h);
  return b;
}

export function udp(sport: number, dport: number, payload: Uint8Array): Uint8Array {
  const b = new Uint8Array(8 + payload.length);
  const v = new DataView(b.buffer);
  v.setUint16(0, sport);
  v.setUint16(2, dport);
  v.setUint16(4, b.length);
  b.set(payload, 8);
  return b;
}

export function ether(type: number, payload: Uint8Array, vlans: number[] = []): Uint8Array {
  const b = new Uint8Array(14 + vlans.length * 4 + payload.length);
  let p = 12;
  for (const tpid of vlans) {
    b[p] = tpid >> 8;
    b[p + 1] = tpid & 0xff;
    b[p + 3] = 7; // VLAN id
    p += 4;
  }
  b[p] = type >> 8;
  b[p + 1] = type & 0xff;
  b.set(payload, p + 2);
  return b;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const A4 = [10, 0, 0, 1];
export const B4 = [10, 0, 0, 2];
export const A6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
export const B6 = [0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
