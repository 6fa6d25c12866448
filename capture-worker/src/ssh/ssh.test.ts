// Banner, binary-packet framing and KEXINIT over the real SSH connections of the reference
// captures, checked against the Rust records' ssh_extras (HASSH, HASSH-server, banners, cipher).
import { describe, expect, it } from 'vitest';
import { describeWithReference } from '../../test-fixtures/reference-corpus.js';
import { hassh, hasshServer, negotiatedEncryption } from '../fingerprint/hassh.js';
import { expected, flowKey, readJsonl } from '../tls/fixtures/load.js';
import { hexToBytes } from '../util/hex.js';
import { ParseError } from '../util/parse-error.js';
import { assertTotal } from '../util/property.js';
import { parseSshBanner } from './banner.js';
import { parseKexInit, type KexInit } from './kexinit.js';
import { SSH_MSG_KEXINIT, splitSshPackets } from './packet.js';

interface Row {
  pcap: string;
  src: string;
  src_port: number;
  dst: string;
  dst_port: number;
  client: string;
  server: string;
}
const rows = readJsonl<Row>(new URL('./fixtures/ssh-streams.jsonl', import.meta.url).pathname);

function side(hex: string): { banner: string; kex: KexInit | undefined } {
  const bytes = hexToBytes(hex);
  const b = parseSshBanner(bytes)!;
  if (b.protoVersion.startsWith('1.') && b.protoVersion !== '1.99')
    return { banner: b.line, kex: undefined };
  const { packets } = splitSshPackets(bytes.subarray(b.length));
  const k = packets.find((p) => p.messageType === SSH_MSG_KEXINIT);
  return { banner: b.line, kex: k ? parseKexInit(k.payload) : undefined };
}

describeWithReference('SSH against the Rust ssh_extras', () => {
  it('banners, HASSH, HASSH-server and the negotiated cipher equal every Rust record', () => {
    const rust = new Map(
      expected()
        .filter((e) => e.source === 'rust' && e.ssh_extras)
        .map((e) => [flowKey(e), e.ssh_extras as Record<string, string>]),
    );
    let compared = 0;
    for (const row of rows) {
      const want = rust.get(flowKey(row))!;
      const c = side(row.client);
      const s = side(row.server);
      expect(c.banner).toBe(want.ssh_protocol_client);
      expect(s.banner).toBe(want.ssh_protocol_server);
      const got =
        c.kex && s.kex
          ? {
              hassh: hassh(c.kex).hassh,
              hassh_server: hasshServer(s.kex).hassh_server,
              enc: negotiatedEncryption(c.kex, s.kex),
            }
          : { hassh: 'null', hassh_server: 'null', enc: 'null' };
      expect(got, flowKey(row)).toEqual({
        hassh: want.hassh,
        hassh_server: want.hassh_server,
        enc: want.encryption_algorithm,
      });
      compared++;
    }
    expect(compared).toBe(12);
  });
});

describe('SSH parsers', () => {
  const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  it('banner: preamble lines, bare LF, incomplete and garbage input', () => {
    expect(parseSshBanner(enc('hello\r\nSSH-2.0-Foo_1 comment here\r\nxx'))).toEqual({
      line: 'SSH-2.0-Foo_1 comment here',
      protoVersion: '2.0',
      softwareVersion: 'Foo_1',
      comments: 'comment here',
      length: 35,
    });
    expect(parseSshBanner(enc('SSH-2.0-Foo'))).toBeUndefined();
    expect(() => parseSshBanner(enc('SSH-2.0\r\n'))).toThrow(ParseError);
    expect(() => parseSshBanner(enc('x'.repeat(300)))).toThrow(ParseError);
  });

  it('packets: needed bytes, NEWKEYS stops framing, bad lengths rejected', () => {
    const pkt = (type: number, body: number[], pad = 4) => [
      0,
      0,
      0,
      1 + 1 + body.length + pad,
      pad,
      type,
      ...body,
      ...new Array<number>(pad).fill(0),
    ];
    const bytes = Uint8Array.from([...pkt(20, [1, 2]), ...pkt(21, []), 9, 9, 9]);
    expect(splitSshPackets(bytes.subarray(0, 7))).toMatchObject({
      packets: [],
      consumed: 0,
      needed: 5,
    });
    const all = splitSshPackets(bytes);
    expect(all.packets.map((p) => p.messageType)).toEqual([20, 21]);
    expect(all).toMatchObject({ encrypted: true, consumed: bytes.length - 3 });
    expect(() => splitSshPackets(Uint8Array.from([0xff, 0, 0, 0, 4]))).toThrow(/cap/);
    expect(() => splitSshPackets(Uint8Array.from([0, 0, 0, 3, 4, 1, 1]))).toThrow(/too small/);
  });

  it('property: banner, packet splitter and KEXINIT throw only ParseError', () => {
    const clients = rows.slice(0, 4).map((r) => hexToBytes(r.client));
    assertTotal(
      (b) => parseSshBanner(b),
      clients.map((c) => c.subarray(0, 300)),
      (b) => (b ? b.line.length : 0),
      { factor: 1, constant: 0 },
    );
    const afterBanner = clients.map((c) => c.subarray(parseSshBanner(c)!.length));
    assertTotal(
      (b) => splitSshPackets(b),
      afterBanner,
      (s) => s.packets.length,
      { factor: 0.2, constant: 0 },
    );
    const kexPayloads = afterBanner.map(
      (b) => splitSshPackets(b).packets.find((p) => p.messageType === 20)!.payload,
    );
    assertTotal(
      (b) => parseKexInit(b),
      kexPayloads,
      (k) => k.kexAlgorithms.length + k.encryptionClientToServer.length,
      { factor: 1, constant: 0 },
    );
  });
});
