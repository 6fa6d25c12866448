// JA4SSH: every TCP segment of an SSH connection (after its banner was seen) feeds the window
// accumulator; client = the SYN sender (else the first-seen side).
import { Ja4SshAccumulator } from '../fingerprint/ja4ssh.js';
import type { DecodedPacket } from '../decode/decoded-packet.js';
import type { Flow } from './flow.js';

const ACK = 0x10;

export function sshSegment(flow: Flow, dir: 0 | 1, d: DecodedPacket, window: number): void {
  let acc = flow.ssh as Ja4SshAccumulator | null;
  if (acc === null) return;
  const clientDir = flow.synDir >= 0 ? flow.synDir : 0;
  if (!(acc instanceof Ja4SshAccumulator)) {
    acc = new Ja4SshAccumulator({ windowSize: window });
    flow.ssh = acc;
    // Bare ACKs seen before the banner belong to the first window (the handshake's final ACK).
    for (const dir2 of [0, 1] as const) {
      for (let i = 0; i < flow.preAcks[dir2]; i++)
        acc.push(dir2 === clientDir ? 'client' : 'server', 0, true);
    }
  }
  const v = acc.push(dir === clientDir ? 'client' : 'server', d.payloadLen, d.tcpFlags === ACK);
  if (v !== undefined) flow.record.ja4ssh = acc.values;
}

export function sshFinish(flow: Flow): void {
  const acc = flow.ssh;
  if (acc instanceof Ja4SshAccumulator) {
    const vals = acc.finish();
    if (vals.length > 0) flow.record.ja4ssh = vals;
  }
}
