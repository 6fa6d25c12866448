// Frame by frame against Debian's tshark 4.0.17: for every packet of every SSH connection in the
// reference captures and in fixtures/openssh-9.2-mtu576.pcap, our "SSH dissector sees this
// segment" decision must equal whether tshark's frame.protocols lists ssh. The live capture's
// JA4SSH values are also checked end to end against the Rust rule applied to tshark's output.
// Skipped (with the reason printed) when tshark is not installed.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/engine.js';
import { setSshSegmentListener } from '../engine/ssh-side.js';
import { readCaptureFile } from '../pcap/read-file.js';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import {
  describeWithReference,
  referenceDirCandidate,
} from '../../test-fixtures/reference-corpus.js';

const PCAPS = join(referenceDirCandidate, 'pcap');
const TSHARK = '/usr/bin/tshark';
/**
 * Nine OpenSSH 9.2 sessions (client and server in a network namespace whose loopback MTU is 576,
 * offloads off, so key-exchange packets span segments): curve25519, dh-gex, dh group14/16/18,
 * ecdh-nistp384; aes-ctr, aes-gcm, chacha20-poly1305, etm MACs, compression, a pty session, a
 * refused user and a rekeying transfer (RekeyLimit=20K). Recorded with tcpdump; the large plain
 * transfer stream was cut out with tshark to keep the file small.
 */
const LIVE = join(import.meta.dirname, 'fixtures/openssh-9.2-mtu576.pcap');
const SSH_CAPTURES = [
  'ssh-r.pcap',
  'ssh-scp-1050.pcap',
  'ssh.pcapng',
  'ssh2-malformed.pcap',
  'ssh2-moloch-crash.pcap',
  'ssh2.pcapng',
  'sshv1.pcap',
  'v6.pcap',
  'gre-sample.pcap',
  'tcpdump-geneve.pcap',
].map((f) => join(PCAPS, f));

interface Ours {
  ssh: boolean;
  len: number;
}

async function ourFrames(
  file: string,
  records: ConnectionRecord[] = [],
): Promise<Map<number, Ours>> {
  const out = new Map<number, Ours>();
  let frame = 0;
  setSshSegmentListener((e) => out.set(frame, { ssh: e.ssh, len: e.payloadLen }));
  try {
    const engine = createEngine({ onRecord: (r) => records.push(r) });
    for await (const p of readCaptureFile(file)) {
      frame++;
      engine.push(p);
    }
    engine.finish();
  } finally {
    setSshSegmentListener(null);
  }
  return out;
}

/** tshark's tab-separated `fields` of every TCP frame of `file`, one line per frame. */
function tcpFields(file: string, fields: string[]): string {
  return execFileSync(
    TSHARK,
    ['-r', file, '-Y', 'tcp', '-T', 'fields', ...fields.flatMap((f) => ['-e', f])],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
}

function tsharkFrames(file: string): Map<number, { ssh: boolean; len: number }> {
  const text = tcpFields(file, ['frame.number', 'tcp.len', 'frame.protocols']);
  const m = new Map<number, { ssh: boolean; len: number }>();
  for (const line of text.split('\n')) {
    const [f, len, protos] = line.split('\t');
    if (!f || protos === undefined) continue;
    m.set(Number(f), {
      ssh: protos.split(':').includes('ssh'),
      len: Number((len ?? '0').split(',').pop()),
    });
  }
  return m;
}

const haveTshark = existsSync(TSHARK);
if (!haveTshark) console.log(`ssh frame comparison skipped: ${TSHARK} is not installed`);

async function classifiedAsTshark(file: string): Promise<void> {
  const ours = await ourFrames(file);
  const theirs = tsharkFrames(file);
  const diffs: string[] = [];
  let sshFrames = 0;
  for (const [frame, o] of ours) {
    const t = theirs.get(frame);
    if (t === undefined) {
      diffs.push(`frame ${frame}: not a TCP frame for tshark`);
      continue;
    }
    if (o.ssh) sshFrames++;
    if (t.ssh !== o.ssh || t.len !== o.len)
      diffs.push(
        `frame ${frame}: tshark ssh=${t.ssh} len=${t.len}, ours ssh=${o.ssh} len=${o.len}`,
      );
  }
  // Every frame tshark shows as SSH must be one we looked at.
  for (const [frame, t] of theirs)
    if (t.ssh && !ours.has(frame)) diffs.push(`frame ${frame}: tshark ssh, not seen by our model`);
  expect(diffs).toEqual([]);
  expect(sshFrames).toBeGreaterThan(5);
}

describeWithReference('SSH segments of the reference captures vs tshark 4.0.17', () => {
  it.skipIf(!haveTshark).each(SSH_CAPTURES)(
    '%s: every SSH-connection packet classified as tshark does',
    classifiedAsTshark,
  );
});

describe.skipIf(!haveTshark)('SSH segments vs tshark 4.0.17 frame.protocols', () => {
  it('fixtures/openssh-9.2-mtu576.pcap: every SSH-connection packet classified as tshark does', () =>
    classifiedAsTshark(LIVE));

  it('live OpenSSH sessions: ja4ssh equals the Rust rule applied to tshark', async () => {
    const records: ConnectionRecord[] = [];
    await ourFrames(LIVE, records);
    const expected = rustRule(LIVE);
    const ours = new Map(records.filter((r) => r.ja4ssh).map((r) => [r.src_port, r.ja4ssh]));
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(expected));
    expect(expected.size).toBe(9);
  });
});

/**
 * The Rust tool's JA4SSH from tshark fields: per TCP stream, a packet with an ssh layer is an SSH
 * packet (mode of tcp.len per direction, ties to the smallest), any other with flags exactly ACK
 * an ACK; windows of 200 SSH packets, the last partial one included. Keyed by client port.
 */
function rustRule(file: string): Map<number, string[]> {
  const text = tcpFields(file, [
    'tcp.stream',
    'tcp.srcport',
    'tcp.len',
    'tcp.flags',
    'frame.protocols',
  ]);
  interface W {
    client: number;
    lens: [Map<number, number>, Map<number, number>];
    n: [number, number];
    acks: [number, number];
    values: string[];
  }
  const mode = (m: Map<number, number>): number => {
    let best = 0;
    let count = 0;
    for (const [k, v] of m) if (v > count || (v === count && k < best)) [best, count] = [k, v];
    return best;
  };
  const emit = (w: W): void => {
    w.values.push(
      `c${mode(w.lens[0])}s${mode(w.lens[1])}_c${w.n[0]}s${w.n[1]}_c${w.acks[0]}s${w.acks[1]}`,
    );
    w.lens = [new Map(), new Map()];
    w.n = [0, 0];
    w.acks = [0, 0];
  };
  const streams = new Map<string, W>();
  for (const line of text.split('\n')) {
    const [stream, sport, len, flags, protos] = line.split('\t');
    if (stream === undefined || protos === undefined) continue;
    let w = streams.get(stream);
    if (w === undefined) {
      w = {
        client: Number(sport),
        lens: [new Map(), new Map()],
        n: [0, 0],
        acks: [0, 0],
        values: [],
      };
      streams.set(stream, w);
    }
    const d = Number(sport) === w.client ? 0 : 1;
    if (protos.split(':').includes('ssh')) {
      w.lens[d].set(Number(len), (w.lens[d].get(Number(len)) ?? 0) + 1);
      w.n[d]++;
      if (w.n[0] + w.n[1] === 200) emit(w);
    } else if (Number(flags) === 0x10) {
      w.acks[d]++;
    }
  }
  const out = new Map<number, string[]>();
  for (const w of streams.values()) {
    if (w.n[0] + w.n[1] > 0) emit(w);
    if (w.values.length > 0) out.set(w.client, w.values);
  }
  return out;
}
