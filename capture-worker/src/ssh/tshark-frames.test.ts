// Frame by frame against Debian's tshark 4.0.17: for every packet of every SSH connection in the
// reference captures, our "SSH dissector sees this segment" decision must equal whether tshark's
// frame.protocols lists ssh. Skipped (with the reason printed) when tshark is not installed.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/engine.js';
import { setSshSegmentListener } from '../engine/ssh-side.js';
import { readCaptureFile } from '../pcap/read-file.js';

const PCAPS = join(import.meta.dirname, '../../../../shared/testdata/ja4-reference/pcap');
const TSHARK = '/usr/bin/tshark';
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
];

interface Ours {
  ssh: boolean;
  len: number;
}

async function ourFrames(file: string): Promise<Map<number, Ours>> {
  const out = new Map<number, Ours>();
  let frame = 0;
  setSshSegmentListener((e) => out.set(frame, { ssh: e.ssh, len: e.payloadLen }));
  try {
    const engine = createEngine({ onRecord: () => undefined });
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

function tsharkFrames(file: string): Map<number, { ssh: boolean; len: number }> {
  const text = execFileSync(
    TSHARK,
    [
      '-r',
      file,
      '-Y',
      'tcp',
      '-T',
      'fields',
      '-e',
      'frame.number',
      '-e',
      'tcp.len',
      '-e',
      'frame.protocols',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
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

describe.skipIf(!haveTshark)('SSH segments vs tshark 4.0.17 frame.protocols', () => {
  it.each(SSH_CAPTURES)(
    '%s: every SSH-connection packet classified as tshark does',
    async (name) => {
      const file = join(PCAPS, name);
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
        if (t.ssh && !ours.has(frame))
          diffs.push(`frame ${frame}: tshark ssh, not seen by our model`);
      expect(diffs).toEqual([]);
      expect(sshFrames).toBeGreaterThan(5);
    },
  );
});
