// Differential test against Debian's tshark 4.0.17: seeded random SSH conversations (SSH-1 and
// SSH-2 with every key-exchange family, host key and signature types, MAC/cipher choices, bad
// length fields, random segmentation, lost / reordered / retransmitted segments, keep-alives) are
// written to one pcap; our per-segment decision must equal tshark's frame.protocols frame by
// frame. Skipped (reason printed) without /usr/bin/tshark.
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

const TSHARK = '/usr/bin/tshark';
const CONVERSATIONS = 150;
let seed = 20261124;
const rnd = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x80000000;
};
const ri = (a: number, b: number): number => a + Math.floor(rnd() * (b - a + 1));
const pick = <T>(xs: T[]): T => xs[ri(0, xs.length - 1)]!;
const rbytes = (n: number): Uint8Array => {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = ri(0, 255);
  return b;
};
function maybeBadLen(b: Uint8Array): Uint8Array {
  if (rnd() < 0.04) {
    const x = b.slice();
    const at = ri(0, Math.max(0, x.length - 4));
    x.set(u32(pick([0, 1, 0xffff, 0x7fffffff, 0xffffffff, ri(0, 5000), 2021161080])), at);
    return x;
  }
  return b;
}
const KEX = [
  'diffie-hellman-group-exchange-sha256',
  'diffie-hellman-group14-sha256',
  'curve25519-sha256',
  'ecdh-sha2-nistp256',
  'diffie-hellman-group1-sha1',
  'sntrup761x25519-sha512@openssh.com',
];
const ENC = ['aes128-ctr', 'aes256-gcm@openssh.com', 'chacha20-poly1305@openssh.com', 'aes256-ctr'];
const MAC = [
  'hmac-sha2-256',
  'hmac-sha1',
  'hmac-sha2-512-etm@openssh.com',
  'umac-64@openssh.com',
  'hmac-md5',
];
function kexinit(kex: string, enc: string, mac: string): Uint8Array {
  const lists = [
    kex + (rnd() < 0.3 ? ',ext-info-c' : ''),
    'ssh-rsa,ssh-ed25519',
    enc,
    enc,
    mac,
    mac,
    'none',
    'none',
    '',
    '',
  ];
  return pkt(cat(new Uint8Array([20]), rbytes(16), ...lists.map((l) => str(l)), new Uint8Array(5)));
}
function hostkey(): Uint8Array {
  const t = pick(['ssh-rsa', 'ssh-dss', 'ecdsa-sha2-nistp256', 'ssh-ed25519', 'x-unknown']);
  let body: Uint8Array;
  if (t === 'ssh-rsa') body = cat(str(rbytes(3)), str(rbytes(ri(60, 260))));
  else if (t === 'ssh-dss')
    body = cat(str(rbytes(64)), str(rbytes(20)), str(rbytes(64)), str(rbytes(64)));
  else if (t.startsWith('ecdsa')) body = cat(str('nistp256'), str(rbytes(65)));
  else if (t === 'ssh-ed25519') body = str(rbytes(32));
  else body = rbytes(ri(0, 40));
  return str(maybeBadLen(cat(str(t), body)));
}
function sig(): Uint8Array {
  const t = pick(['ssh-rsa', 'rsa-sha2-512', 'ssh-ed25519', 'ecdsa-sha2-nistp256']);
  return str(maybeBadLen(cat(str(t), str(rbytes(ri(32, 256))))));
}
type Msg = ['c' | 's', Uint8Array];
function conversationMsgs(): Msg[] {
  const msgs: Msg[] = [];
  const v = rnd();
  const v1 = v < 0.12;
  const cb = v1 ? 'SSH-1.5-cli\n' : v < 0.2 ? 'SSH-1.99-cli\r\n' : 'SSH-2.0-OpenSSH_9.0\r\n';
  const sb = v1 ? 'SSH-1.5-srv\n' : 'SSH-2.0-OpenSSH_7.4\r\n';
  const sFirst = rnd() < 0.7;
  if (sFirst) msgs.push(['s', ascii((rnd() < 0.1 ? 'hello there\r\n' : '') + sb)]);
  msgs.push(['c', ascii(cb)]);
  if (!sFirst) msgs.push(['s', ascii(sb)]);
  if (v1) {
    for (let i = 0; i < ri(2, 12); i++) {
      const plen = rnd() < 0.1 ? ri(0, 70000) : ri(1, 300);
      const padding = 8 - (plen % 8);
      msgs.push([pick(['c', 's']), cat(u32(plen), rbytes(padding), rbytes(Math.min(plen, 5000)))]);
    }
    return msgs;
  }
  const kex = pick(KEX);
  const enc = pick(ENC);
  const mac = pick(MAC);
  msgs.push(['c', maybeBadLen(kexinit(kex, enc, mac))]);
  msgs.push(['s', maybeBadLen(kexinit(rnd() < 0.8 ? kex : pick(KEX), enc, mac))]);
  const fam = kex.includes('exchange')
    ? 'gex'
    : kex.includes('curve') || kex.includes('ecdh')
      ? 'ecdh'
      : 'dh';
  if (fam === 'gex') {
    msgs.push(['c', pkt(cat(new Uint8Array([34]), u32(2048), u32(4096), u32(8192)))]);
    msgs.push(['s', pkt(cat(new Uint8Array([31]), str(rbytes(257)), str(rbytes(1))))]);
    msgs.push(['c', pkt(cat(new Uint8Array([32]), str(rbytes(ri(1, 300)))))]);
    msgs.push(['s', pkt(cat(new Uint8Array([33]), hostkey(), str(rbytes(ri(1, 300))), sig()))]);
  } else {
    msgs.push(['c', pkt(cat(new Uint8Array([30]), str(maybeBadLen(rbytes(ri(1, 300))))))]);
    msgs.push(['s', pkt(cat(new Uint8Array([31]), hostkey(), str(rbytes(ri(1, 300))), sig()))]);
  }
  const nk = pkt(new Uint8Array([21]));
  if (rnd() < 0.5) {
    const last = msgs.pop()!;
    msgs.push([last[0], cat(last[1], nk)]);
  } else msgs.push(['s', nk]);
  msgs.push(['c', nk]);
  for (let i = 0; i < ri(0, 15); i++)
    msgs.push([pick(['c', 's']), rbytes(pick([ri(1, 8), ri(16, 100), ri(100, 1500)]))]);
  return msgs;
}
type P = { dir: 0 | 1; seq: number; ack: number; flags: number; data: Uint8Array };
function packets(msgs: Msg[]): P[] {
  // Concatenate per-direction streams in message order, then cut into random segments, coalescing
  // consecutive same-direction messages sometimes.
  const out: P[] = [];
  const seq = [ri(0, 0xffffffff), ri(0, 0xffffffff)];
  const e = new Uint8Array(0);
  out.push({ dir: 0, seq: (seq[0]! - 1) >>> 0, ack: 0, flags: 0x02, data: e });
  out.push({ dir: 1, seq: (seq[1]! - 1) >>> 0, ack: seq[0]!, flags: 0x12, data: e });
  out.push({ dir: 0, seq: seq[0]!, ack: seq[1]!, flags: 0x10, data: e });
  let i = 0;
  while (i < msgs.length) {
    const who = msgs[i]![0];
    let buf = msgs[i]![1];
    i++;
    while (i < msgs.length && msgs[i]![0] === who && rnd() < 0.5) {
      buf = cat(buf, msgs[i]![1]);
      i++;
    }
    const d: 0 | 1 = who === 'c' ? 0 : 1;
    const o = d === 0 ? 1 : 0;
    let at = 0;
    while (at < buf.length) {
      const n =
        rnd() < 0.5
          ? buf.length - at
          : Math.min(buf.length - at, ri(1, Math.max(1, buf.length - at)));
      const data = buf.subarray(at, at + n);
      const mode = rnd();
      if (mode < 0.03) {
        // lost: never sent
      } else if (mode < 0.06 && out.length > 3 && out[out.length - 1]!.dir === d) {
        const prev = out.pop()!;
        out.push({ dir: d, seq: seq[d]!, ack: seq[o]!, flags: 0x18, data });
        out.push(prev);
      } else {
        out.push({ dir: d, seq: seq[d]!, ack: seq[o]!, flags: pick([0x18, 0x18, 0x10]), data });
      }
      if (rnd() < 0.02)
        out.push({
          dir: d,
          seq: (seq[d]! + n - 1) >>> 0,
          ack: seq[o]!,
          flags: 0x10,
          data: rbytes(ri(0, 1)),
        });
      if (rnd() < 0.03) out.push({ dir: d, seq: seq[d]!, ack: seq[o]!, flags: 0x18, data }); // retransmission
      seq[d] = (seq[d]! + n) >>> 0;
      at += n;
      if (rnd() < 0.6) out.push({ dir: o, seq: seq[o]!, ack: seq[d]!, flags: 0x10, data: e });
    }
  }
  out.push({ dir: 0, seq: seq[0]!, ack: seq[1]!, flags: 0x11, data: e });
  out.push({ dir: 1, seq: seq[1]!, ack: (seq[0]! + 1) >>> 0, flags: 0x11, data: e });
  return out;
}

function capture(): { conv: number; p: P }[] {
  const all: { conv: number; p: P }[] = [];
  for (let c = 0; c < CONVERSATIONS; c++)
    for (const p of packets(conversationMsgs())) all.push({ conv: c, p });
  return all;
}

function rawPackets(all: { conv: number; p: P }[]): RawPacket[] {
  const C = [10, 0, 0, 1];
  const S = [10, 0, 0, 2];
  return all.map(({ conv, p }, i) => {
    const cport = 20000 + conv;
    const [src, dst, sp, dp] = p.dir === 0 ? [C, S, cport, 22] : [S, C, 22, cport];
    const data = ether(0x0800, ipv4(src, dst, 6, tcp(sp, dp, p.seq, p.ack, p.flags, p.data)));
    // 1 ms apart: the handshake ACK comes 2 ms after the SYN (tshark's first RTT).
    return {
      tsSec: 1_700_000_000 + Math.floor(i / 1000),
      tsNsec: (i % 1000) * 1_000_000,
      linkType: 1,
      origLen: data.length,
      data,
    };
  });
}

const haveTshark = existsSync(TSHARK);
if (!haveTshark) console.log(`ssh differential test skipped: ${TSHARK} is not installed`);

describe.skipIf(!haveTshark)('SSH segment model vs tshark on random conversations', () => {
  it('decides every segment as tshark does', () => {
    const all = capture();
    const raw = rawPackets(all);
    const dir = mkdtempSync(join(tmpdir(), 'ssh-diff-'));
    let theirs: boolean[];
    try {
      const file = join(dir, 'random.pcap');
      writePcap(file, raw);
      const text = execFileSync(TSHARK, ['-r', file, '-T', 'fields', '-e', 'frame.protocols'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        maxBuffer: 1 << 28,
      });
      theirs = text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split(':').includes('ssh'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(theirs.length).toBe(all.length);
    const models = new Map<number, SshSegmentModel>();
    const diffs: string[] = [];
    let ssh = 0;
    let notSsh = 0;
    all.forEach(({ conv, p }, i) => {
      let m = models.get(conv);
      if (m === undefined) {
        m = new SshSegmentModel(1, { firstRttUs: 2000 });
        models.set(conv, m);
      }
      const r = raw[i] as RawPacket;
      const ours = m.packet(
        p.dir,
        p.seq,
        p.ack,
        p.flags,
        64240,
        r.tsSec * 1e6 + r.tsNsec / 1000,
        p.data,
        0,
        p.data.length,
      );
      if (ours) ssh++;
      else if (p.data.length > 0) notSsh++;
      if (ours !== theirs[i])
        diffs.push(`frame ${i + 1} (conversation ${conv}): tshark ${theirs[i]}, ours ${ours}`);
    });
    expect(diffs).toEqual([]);
    // The generator must exercise both answers a lot.
    expect(ssh).toBeGreaterThan(1000);
    expect(notSsh).toBeGreaterThan(100);
  });
});
