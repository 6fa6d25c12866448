import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  A4,
  A6,
  B4,
  B6,
  concat,
  ether,
  ipv4,
  ipv6,
  tcp,
  udp,
} from '../../test-fixtures/packets.js';
import { capturePath, tsharkView } from '../../test-fixtures/captures.js';
import { readCaptureFile } from '../pcap/read-file.js';
import { ipToString } from './address.js';
import { decodePacket } from './decode.js';
import { DecodedPacket } from './decoded-packet.js';
import { parseTcpOptions } from './tcp-options.js';
const SYN = 0x02;

function dec(link: number, data: Uint8Array): { err: string | null; d: DecodedPacket } {
  const d = new DecodedPacket();
  return { err: decodePacket(link, data, d), d };
}

describe('decodePacket', () => {
  const seg = tcp(40000, 443, 1000, 0, SYN, new Uint8Array([1, 2, 3]), [2, 4, 5, 0xb4, 1, 3, 3, 8]);

  it('Ethernet + 802.1Q + QinQ + IPv4 + TCP: addresses, ports, flags, options, payload', () => {
    const { err, d } = dec(1, ether(0x0800, ipv4(A4, B4, 6, seg, { ttl: 57 }), [0x88a8, 0x8100]));
    expect(err).toBeNull();
    expect([
      ipToString(d.data, d.srcOff, 4),
      ipToString(d.data, d.dstOff, 4),
      d.srcPort,
      d.dstPort,
    ]).toEqual(['10.0.0.1', '10.0.0.2', 40000, 443]);
    expect([d.tcpFlags, d.seq, d.ttl, d.outerTtl, d.payloadLen, [...d.payload()]]).toEqual([
      SYN,
      1000,
      57,
      57,
      3,
      [1, 2, 3],
    ]);
    expect(parseTcpOptions(d.data, d.optOff, d.optLen)).toEqual({
      kinds: [2, 1, 3],
      mss: 1460,
      wscale: 8,
    });
  });

  it('Linux cooked v1 and v2, raw IP, BSD null loopback (both byte orders)', () => {
    const ip = ipv4(A4, B4, 6, seg);
    const sll = concat(new Uint8Array(14), new Uint8Array([0x08, 0x00]), ip);
    const sll2 = concat(new Uint8Array([0x08, 0x00]), new Uint8Array(18), ip);
    expect(dec(113, sll).err).toBeNull();
    expect(dec(276, sll2).err).toBeNull();
    expect(dec(101, ip).err).toBeNull();
    expect(dec(0, concat(new Uint8Array([2, 0, 0, 0]), ip)).err).toBeNull();
    expect(dec(0, concat(new Uint8Array([0, 0, 0, 2]), ip)).err).toBeNull();
    expect(dec(0, concat(new Uint8Array([30, 0, 0, 0]), ipv6(A6, B6, 6, seg))).err).toBeNull();
  });

  it('IPv6 with hop-by-hop and destination-options headers; RFC 5952 text', () => {
    const ext = (next: number): Uint8Array => new Uint8Array([next, 0, 0, 0, 0, 0, 0, 0]);
    const { err, d } = dec(101, ipv6(A6, B6, 0, concat(ext(60), ext(6), seg), 55));
    expect(err).toBeNull();
    expect([
      ipToString(d.data, d.srcOff, 6),
      ipToString(d.data, d.dstOff, 6),
      d.ttl,
      d.dstPort,
    ]).toEqual(['2001:db8::1', '2001:db8:1::2', 55, 443]);
  });

  it('counts fragments and other non-decodable packets by kind instead of throwing', () => {
    expect(dec(1, ether(0x0800, ipv4(A4, B4, 6, seg, { frag: 0x2000 }))).err).toBe('ip_fragment');
    expect(dec(1, ether(0x0800, ipv4(A4, B4, 6, seg, { frag: 0x0010 }))).err).toBe('ip_fragment');
    expect(dec(1, ether(0x0806, new Uint8Array(28))).err).toBe('not_ip');
    expect(dec(1, ether(0x0800, ipv4(A4, B4, 1, new Uint8Array(8)))).err).toBe(
      'unsupported_ip_proto',
    );
    expect(dec(1, new Uint8Array(10)).err).toBe('truncated_link');
    expect(dec(147, new Uint8Array(10)).err).toBe('unsupported_link');
    expect(dec(101, ipv4(A4, B4, 6, new Uint8Array(10))).err).toBe('truncated_tcp');
  });

  it('VXLAN and Geneve built by hand reach the inner TCP flow', () => {
    const inner = ether(0x0800, ipv4(B4, A4, 6, seg));
    const vx = dec(
      101,
      ipv4(
        A4,
        B4,
        17,
        udp(5555, 4789, concat(new Uint8Array([0x08, 0, 0, 0, 0, 0, 1, 0]), inner)),
        { ttl: 200 },
      ),
    );
    expect([
      vx.err,
      vx.d.tunnels,
      ipToString(vx.d.data, vx.d.srcOff, 4),
      vx.d.outerTtl,
      vx.d.ttl,
    ]).toEqual([null, 1, '10.0.0.2', 200, 64]);
    const gen = dec(
      101,
      ipv4(
        A4,
        B4,
        17,
        udp(5555, 6081, concat(new Uint8Array([0, 0, 0x65, 0x58, 0, 0, 1, 0]), inner)),
      ),
    );
    expect([gen.err, gen.d.tunnels, gen.d.dstPort]).toEqual([null, 1, 443]);
    // Not VXLAN (flags byte wrong): stays a plain UDP datagram.
    const plain = dec(101, ipv4(A4, B4, 17, udp(5555, 4789, new Uint8Array(40))));
    expect([plain.err, plain.d.proto, plain.d.tunnels]).toEqual([null, 17, 0]);
  });

  // Real curl <-> nginx TLS traffic wrapped by tools/wrap-capture.ts; tshark's view of each file
  // (recorded beside it) is the oracle for how many frames there are and what the inner flow is.
  it.each([
    ['tunnel-vlan.pcap', 0],
    ['tunnel-qinq.pcap', 0],
    ['tunnel-gre.pcap', 1],
    ['tunnel-erspan.pcap', 1],
    ['tunnel-vxlan.pcap', 1],
    ['tunnel-geneve.pcap', 1],
    ['tunnel-gre-vxlan.pcap', 2],
  ])(
    'encapsulated capture %s: every frame decodes to the inner TCP flow tshark sees, through %i tunnel layer(s)',
    async (file, layers) => {
      const view = tsharkView(file);
      const hello = view.hellos.find((h) => h.type === 'client')!;
      const d = new DecodedPacket();
      let tcpPkts = 0;
      let helloFlows = 0;
      for await (const p of readCaptureFile(capturePath(file))) {
        expect(decodePacket(p.linkType, p.data, d)).toBeNull();
        expect([d.proto, d.tunnels]).toEqual([6, layers]);
        tcpPkts++;
        const src = ipToString(d.data, d.srcOff, 4);
        const dst = ipToString(d.data, d.dstOff, 4);
        if (src === hello.src && d.srcPort === hello.src_port) {
          expect([dst, d.dstPort]).toEqual([hello.dst, hello.dst_port]);
          helloFlows++;
        }
      }
      expect(tcpPkts).toBe(view.frames);
      expect(helloFlows).toBeGreaterThan(3);
    },
  );

  it('never throws on random or truncated frames (property)', () => {
    const d = new DecodedPacket();
    const good = ether(
      0x0800,
      ipv4(
        A4,
        B4,
        17,
        udp(
          1,
          4789,
          concat(new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0]), ether(0x86dd, ipv6(A6, B6, 6, seg))),
        ),
      ),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 12, 101, 108, 113, 228, 229, 276),
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.integer({ min: 0, max: good.length }).map((n) => good.subarray(0, n)),
        ),
        (link, bytes) => {
          const err = decodePacket(link, bytes, d);
          if (err === null) expect(d.payloadOff + d.payloadLen).toBeLessThanOrEqual(bytes.length);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
