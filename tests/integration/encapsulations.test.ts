// Issue 18's encapsulations on committed captures (capture-worker/test-fixtures/encapsulation/
// README.md): real Linux fragmentation and NFLOG, and real TLS packets wrapped in PPPoE, PPTP GRE,
// GTP-U, L2TPv2, 802.11/radiotap, 6in4 and 4in6 by tools/decode-fixtures/encapsulations.py, and in
// MPLS, Ethernet pseudowires (with and without control word) and L2TPv3 by mpls-l2tpv3.py.
// tshark dissects every layer (its protocol stacks are saved) and its JA3/JA3S are the oracle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintFile } from '../support/fingerprint-file.js';

const FIX = join(import.meta.dirname, '../../capture-worker/test-fixtures/encapsulation');

interface Saved {
  frames: number;
  stacks: Record<string, number>;
  rows: Record<string, string>[];
}

const cases: [name: string, stack: string, seen: Record<string, number>][] = [
  ['pppoe', 'pppoes:ppp:ip', { pppoe_discovery: 5, ppp_control: 1 }],
  ['pptp-gre', 'gre:ppp:ip', { pptp_gre_ack: 1, ppp_control: 1 }],
  ['gtpu', 'gtp:ipv6', { gtp_control: 1 }],
  ['l2tp', 'l2tp:ppp:ip', { l2tp_control: 1 }],
  ['radiotap', 'radiotap:wlan_radio:wlan:llc:ip', { wlan_management: 1, wlan_encrypted: 1 }],
  ['6in4', 'ip:ipv6:tcp', {}],
  ['4in6', 'ipv6:ip:tcp', {}],
  ['nflog', 'nflog:ip:tcp', {}],
  ['frag-v4-server-side', 'ip:data', {}],
  ['frag-v4-client-side', 'ip:data', {}],
  ['frag-v6', 'ipv6.fraghdr', { ip_fragment_duplicate: 3 }],
  // tools/decode-fixtures/mpls-l2tpv3.py: label stacks, Ethernet pseudowires, L2TPv3.
  ['mpls-ip', 'mpls:ip:tcp', { mpls: 20 }],
  ['mpls-pw-cw', 'pwethcw:eth:ethertype:ip:tcp', { mpls_pw: 20, mpls_pw_ach: 1 }],
  ['mpls-pw-nocw', 'pwethnocw:eth:ethertype:ip:tcp', { mpls_pw: 20 }],
  ['l2tpv3-ip', 'ip:l2tp:ethertype:ip:tcp', { l2tpv3: 21, l2tp_control: 1 }],
  ['l2tpv3-udp', 'udp:l2tp:ethertype:ip:tcp', { l2tpv3: 21, l2tp_control: 1 }],
];

describe('encapsulations (issue 18): JA3/JA3S equal tshark through every layer', () => {
  for (const [name, stack, seen] of cases) {
    it(name, async () => {
      const saved = JSON.parse(readFileSync(join(FIX, `${name}.tshark.json`), 'utf8')) as Saved;
      // The fixture really has the layers (tshark's protocol stacks).
      expect(Object.keys(saved.stacks).some((s) => s.includes(stack))).toBe(true);
      const { records, stats } = await fingerprintFile(join(FIX, `${name}.pcap`));
      const hellos = saved.rows.filter((r) => r['tls.handshake.type'] === '1');
      const servers = saved.rows.filter((r) => r['tls.handshake.type'] === '2');
      expect(hellos.length).toBeGreaterThan(0);
      expect(records).toHaveLength(hellos.length);
      for (const row of hellos) {
        const rec = records.find((r) => r.src_port === Number(row['tcp.srcport']));
        expect(rec?.ja3, `${name} client port ${row['tcp.srcport']}`).toBe(
          row['tls.handshake.ja3'],
        );
      }
      for (const row of servers) {
        const rec = records.find(
          (r) => r.dst_port === Number(row['tcp.srcport']) && r.ja3s === row['tls.handshake.ja3s'],
        );
        expect(rec?.ja4s, `${name} server ${row['tcp.srcport']}`).toBeDefined();
      }
      expect(records.every((r) => r.ja3s !== undefined && r.ja4s !== undefined)).toBe(true);
      // Nothing undecodable; recognised non-IP frames are counted by name, not as errors.
      expect(stats.decodeErrors).toEqual({});
      expect(stats.parseErrors).toEqual({});
      for (const [k, v] of Object.entries(seen)) expect(stats.seen[k], k).toBe(v);
    });
  }

  it('layers and reassembly are counted by name', async () => {
    const layer = async (f: string) => (await fingerprintFile(join(FIX, `${f}.pcap`))).stats.seen;
    expect((await layer('pppoe')).pppoe).toBe(35);
    expect((await layer('gtpu')).gtpu).toBeGreaterThan(0);
    expect((await layer('radiotap')).wlan).toBeGreaterThan(0);
    expect((await layer('nflog')).nflog).toBeGreaterThan(0);
    expect((await layer('6in4')).ipv6_in_ip).toBeGreaterThan(0);
    const f4 = await layer('frag-v4-client-side');
    expect(f4.ipv4_reassembled).toBeGreaterThan(0);
    const f6 = await layer('frag-v6');
    expect(f6.ipv6_reassembled).toBe(3);
  });
});
