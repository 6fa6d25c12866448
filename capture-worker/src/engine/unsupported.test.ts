// Every layer the engine stops at is counted by name in stats.unsupported (what `--stats` prints
// and /metrics exports), beside the reason kind in decodeErrors. The values come from the frames
// built here (the registries: IEEE EtherTypes, IANA protocol numbers, tcpdump link types).
import { describe, expect, it } from 'vitest';
import { A4, B4, ether, ipv4 } from '../../test-fixtures/packets.js';
import { createEngine } from './engine.js';

function run(frames: [link: number, data: Uint8Array][]) {
  const engine = createEngine({ onRecord: () => {} });
  for (const [linkType, data] of frames)
    engine.push({ tsSec: 1, tsNsec: 0, linkType, origLen: data.length, data });
  engine.finish();
  return engine.stats();
}

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('unsupported layers are counted by name', () => {
  it('EtherType, IP protocol, link type, PPP protocol, IP version, MPLS payload', () => {
    const arp = ether(0x0806, new Uint8Array(28));
    const lldp = ether(0x88cc, new Uint8Array(30));
    const sctp = ether(0x0800, ipv4(A4, B4, 132, new Uint8Array(12)));
    // PPPoE session carrying PPP protocol 0x003d (multilink): not followed.
    const pppoe = ether(0x8864, bytes(0x11, 0, 0, 1, 0, 4, 0x00, 0x3d, 0, 0));
    const mplsOdd = ether(
      0x8847,
      bytes(0, 0x01, 0x41, 0x40, 0x50, ...new Array<number>(40).fill(0)),
    );
    const s = run([
      [1, arp],
      [1, arp],
      [1, lldp],
      [1, sctp],
      [147, new Uint8Array(20)],
      [1, pppoe],
      [101, bytes(0x50, ...new Array<number>(30).fill(0))],
      [1, mplsOdd],
    ]);
    expect(s.unsupported).toEqual({
      ethertype_0x0806: 2,
      ethertype_0x88cc: 1,
      ip_proto_132: 1,
      link_type_147: 1,
      ppp_proto_0x003d: 1,
      ip_version_5: 1,
      mpls_payload_nibble_5: 1,
    });
    // The reason kinds add up to the same packets.
    expect(s.decodeErrors).toEqual({
      not_ip: 5,
      unsupported_ip_proto: 1,
      unsupported_link: 1,
      unsupported_ppp_proto: 1,
    });
  });

  it('what is decoded or recognised is not counted as unsupported', () => {
    const pppoeDiscovery = ether(0x8863, new Uint8Array(20));
    const mplsAch = ether(
      0x8847,
      bytes(0, 0x01, 0x41, 0x40, 0x10, 0, 0, 7, ...new Array<number>(24).fill(0)),
    );
    const s = run([
      [1, pppoeDiscovery],
      [1, mplsAch],
    ]);
    expect(s.unsupported).toEqual({});
    expect(s.seen).toMatchObject({ pppoe_discovery: 1, mpls_pw_ach: 1 });
  });
});
