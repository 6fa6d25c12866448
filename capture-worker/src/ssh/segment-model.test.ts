// The SSH segment model on small hand-built conversations. Each scenario states which payload
// segments tshark 4.0.17's SSH dissector sees; when /usr/bin/tshark exists the same conversation
// is also written as a pcap and tshark's frame.protocols must agree.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ether, ipv4, tcp } from '../../test-fixtures/packets.js';
import type { RawPacket } from '../pcap/packet.js';
import { writePcap } from '../../../tools/split-hello.js';
import { SshSegmentModel } from './segment-model.js';
import { ascii, cat, pkt, str, u32 } from './test-wire.js';

const SYN = 0x02;
const ACK = 0x10;
const PSH_ACK = 0x18;
const C = [10, 0, 0, 1];
const S = [10, 0, 0, 2];
const CPORT = 40000;
const TSHARK = '/usr/bin/tshark';

type Seg = ['c' | 's', Uint8Array];

function kexinit(kex: string): Uint8Array {
  const lists = [
    kex,
    'ssh-rsa',
    'aes128-ctr',
    'aes128-ctr',
    'hmac-sha2-256',
    'hmac-sha2-256',
    'none',
    'none',
    '',
    '',
  ];
  return pkt(
    cat(
      new Uint8Array([20]),
      new Uint8Array(16).fill(7),
      ...lists.map((l) => str(l)),
      new Uint8Array(5),
    ),
  );
}

const NEWKEYS = pkt(new Uint8Array([21]));

/** SSH_MSG_KEX_DH_GEX_REPLY with an RSA host key whose `n` length can be made absurd. */
function gexReply(nLength?: number): Uint8Array {
  const n = new Uint8Array(64).fill(0x55);
  const nField = nLength === undefined ? str(n) : cat(u32(nLength), n);
  const key = cat(str('ssh-rsa'), str(new Uint8Array([1, 0, 1])), nField);
  const sig = cat(str('ssh-rsa'), str(new Uint8Array(64).fill(9)));
  return pkt(cat(new Uint8Array([33]), str(key), str(new Uint8Array(64).fill(3)), str(sig)));
}

const encrypted = (n: number, first = 0x7f): Uint8Array =>
  new Uint8Array(n).fill(0x42).fill(first, 0, 1);

/** Packets of a whole conversation: handshake, the segments (each ACKed), FINs. */
function conversation(
  segs: Seg[],
): { dir: 0 | 1; seq: number; ack: number; flags: number; data: Uint8Array }[] {
  const out: { dir: 0 | 1; seq: number; ack: number; flags: number; data: Uint8Array }[] = [];
  const seq = [1000, 5000];
  const empty = new Uint8Array(0);
  out.push({ dir: 0, seq: seq[0]! - 1, ack: 0, flags: SYN, data: empty });
  out.push({ dir: 1, seq: seq[1]! - 1, ack: seq[0]!, flags: SYN | ACK, data: empty });
  out.push({ dir: 0, seq: seq[0]!, ack: seq[1]!, flags: ACK, data: empty });
  for (const [who, data] of segs) {
    const d: 0 | 1 = who === 'c' ? 0 : 1;
    const o = d === 0 ? 1 : 0;
    out.push({ dir: d, seq: seq[d]!, ack: seq[o]!, flags: PSH_ACK, data });
    seq[d] = seq[d]! + data.length;
    out.push({ dir: o, seq: seq[o]!, ack: seq[d]!, flags: ACK, data: empty });
  }
  return out;
}

/** Our decision per payload segment, in order. */
function model(segs: Seg[]): boolean[] {
  const m = new SshSegmentModel(1);
  const out: boolean[] = [];
  for (const [i, p] of conversation(segs).entries()) {
    const saw = m.packet(
      p.dir,
      p.seq,
      p.ack,
      p.flags,
      64240,
      i * 1_000_000,
      p.data,
      0,
      p.data.length,
    );
    if (p.data.length > 0) out.push(saw);
  }
  return out;
}

/** tshark's decision per payload segment, from a pcap of the same conversation. */
function tshark(segs: Seg[]): boolean[] {
  const dir = mkdtempSync(join(tmpdir(), 'ssh-model-'));
  try {
    const file = join(dir, 'c.pcap');
    const pkts: RawPacket[] = conversation(segs).map((p, i) => {
      const [src, dst, sp, dp] = p.dir === 0 ? [C, S, CPORT, 22] : [S, C, 22, CPORT];
      const data = ether(0x0800, ipv4(src, dst, 6, tcp(sp, dp, p.seq, p.ack, p.flags, p.data)));
      return { tsSec: 1_700_000_000 + i, tsNsec: 0, linkType: 1, origLen: data.length, data };
    });
    writePcap(file, pkts);
    const text = execFileSync(
      TSHARK,
      ['-r', file, '-Y', 'tcp.len > 0', '-T', 'fields', '-e', 'frame.protocols'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    return text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split(':').includes('ssh'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CB = ascii('SSH-2.0-OpenSSH_8.9\r\n');
const SB = ascii('SSH-2.0-OpenSSH_7.4\r\n');
const GEX = 'diffie-hellman-group-exchange-sha256';

const SCENARIOS: { name: string; segs: Seg[]; expected: boolean[] }[] = [
  {
    // The banner's desegmentation request wraps around (C arithmetic), so the banner's tail is
    // dissected afresh and the version stays unknown: the KEXINIT is shown as "encrypted".
    name: 'banner split across two segments',
    segs: [
      ['s', SB],
      ['c', ascii('SSH-2.0-Op')],
      ['c', ascii('enSSH_8.9\r\n')],
      ['c', kexinit(GEX)],
    ],
    expected: [true, true, true, true],
  },
  {
    // A 3-segment KEXINIT: the middle segment only continues the MSP; the last one completes it
    // and its trailing NEWKEYS is dissected from the same segment.
    name: 'MSP completion with trailing bytes',
    segs: (() => {
      const k = kexinit(GEX);
      return [
        ['s', SB],
        ['c', CB],
        ['c', k.subarray(0, 40)],
        ['c', k.subarray(40, 90)],
        ['c', cat(k.subarray(90), NEWKEYS)],
        ['c', encrypted(64)],
      ] as Seg[];
    })(),
    expected: [true, true, true, false, true, true],
  },
  {
    // After NEWKEYS everything is encrypted: no length is read, so no MSP.
    name: 'NEWKEYS then encrypted',
    segs: [
      ['s', SB],
      ['c', CB],
      ['c', kexinit(GEX)],
      ['s', kexinit(GEX)],
      ['s', cat(gexReply(), NEWKEYS)],
      ['s', encrypted(48)],
      ['s', encrypted(80)],
    ],
    expected: [true, true, true, true, true, true, true],
  },
  {
    // The absurd mpint length aborts the dissector before NEWKEYS: the server never leaves
    // key exchange, its first encrypted segment is read as a huge packet (MSP), the next one
    // only continues it (ssh2-malformed.pcap frames 14/19/21).
    name: 'malformed key exchange aborts before NEWKEYS',
    segs: [
      ['s', SB],
      ['c', CB],
      ['c', kexinit(GEX)],
      ['s', kexinit(GEX)],
      ['s', cat(gexReply(2021161080), NEWKEYS)],
      ['s', encrypted(48, 0x10)],
      ['s', encrypted(80)],
    ],
    expected: [true, true, true, true, true, true, false],
  },
  {
    // SSH-1 asks for 4 bytes too few (length field left out): the PDU "completes" 4 bytes early,
    // its last 4 bytes are then read as a new (huge) length, and that MSP swallows the following
    // segments (sshv1.pcap frames 68/70).
    name: 'SSH-1 framing',
    segs: (() => {
      const p1 = cat(u32(10), new Uint8Array(6), new Uint8Array(10).fill(1)); // 20 bytes
      const p2 = cat(u32(3), new Uint8Array(5), new Uint8Array(3).fill(2)); // 12 bytes
      return [
        ['s', ascii('SSH-1.5-srv\n')],
        ['c', ascii('SSH-1.5-cli\n')],
        ['s', p1.subarray(0, 12)],
        ['s', cat(p1.subarray(12), p2)],
        ['s', cat(p2, p2)],
        ['s', p2],
      ] as Seg[];
    })(),
    expected: [true, true, true, true, false, false],
  },
];

describe('SshSegmentModel scenarios', () => {
  it.each(SCENARIOS)('$name', ({ segs, expected }) => {
    expect(model(segs)).toEqual(expected);
  });

  it.skipIf(!existsSync(TSHARK)).each(SCENARIOS)('tshark agrees: $name', ({ segs, expected }) => {
    expect(tshark(segs)).toEqual(expected);
  });
});
