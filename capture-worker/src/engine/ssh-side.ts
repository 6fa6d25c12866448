// JA4SSH: once a connection showed an SSH banner, every later TCP packet goes through the model
// of tshark's SSH dissection (ssh/segment-model.ts). A segment tshark's SSH dissector sees is an
// SSH packet (counted by its TCP length); any other packet whose flags are exactly ACK is an ACK,
// with or without payload (the Rust reference's rule). Counting goes on after FIN/RST until the
// record is emitted. Client = the SYN sender (else the first-seen side).
import { Ja4SshAccumulator } from '../fingerprint/ja4ssh.js';
import { SshSegmentModel } from '../ssh/segment-model.js';
import type { DecodedPacket } from '../decode/decoded-packet.js';
import type { Flow } from './flow.js';

const ACK = 0x10;
const SSH_PORT = 22;

class SshSide {
  readonly acc: Ja4SshAccumulator;
  readonly model: SshSegmentModel;
  readonly clientDir: 0 | 1;
  overflowsSeen = 0;

  constructor(acc: Ja4SshAccumulator, model: SshSegmentModel, clientDir: 0 | 1) {
    this.acc = acc;
    this.model = model;
    this.clientDir = clientDir;
  }
}

/** Receives each SSH-connection packet's decision (tests compare them with tshark frame by frame). */
export type SshSegmentListener = (e: {
  stream: number;
  dir: 0 | 1;
  payloadLen: number;
  flags: number;
  ssh: boolean;
}) => void;

let listener: SshSegmentListener | null = null;

/** Debug hook: set (or clear with null) the per-packet decision listener. */
export function setSshSegmentListener(l: SshSegmentListener | null): void {
  listener = l;
}

/** tshark tells client from server by the SSH port; without it, the SYN sender is the client. */
function serverDirection(dir: 0 | 1, d: DecodedPacket, clientDir: 0 | 1): 0 | 1 {
  const other = dir === 0 ? 1 : 0;
  if (d.srcPort === SSH_PORT && d.dstPort !== SSH_PORT) return dir;
  if (d.dstPort === SSH_PORT && d.srcPort !== SSH_PORT) return other;
  return clientDir === 0 ? 1 : 0;
}

/**
 * One TCP packet of a connection known to carry SSH. Returns how many multi-segment PDUs went
 * past the model's buffer cap with this packet (the engine counts them).
 */
export function sshSegment(
  flow: Flow,
  dir: 0 | 1,
  d: DecodedPacket,
  window: number,
  nowUs: number,
): number {
  let side = flow.ssh as SshSide | null;
  if (side === null) return 0;
  if (!(side instanceof SshSide)) {
    const clientDir: 0 | 1 = flow.synDir === 1 ? 1 : 0;
    const acc = new Ja4SshAccumulator({ windowSize: window });
    const firstRttUs = flow.synUs >= 0 && flow.ackUs >= 0 ? flow.ackUs - flow.synUs : 0;
    const model = new SshSegmentModel(serverDirection(dir, d, clientDir), { firstRttUs });
    side = new SshSide(acc, model, clientDir);
    flow.ssh = side;
    // Bare ACKs seen before the banner belong to the first window (the handshake's final ACK).
    for (const dir2 of [0, 1] as const) {
      for (let i = 0; i < flow.preAcks[dir2]; i++)
        acc.push(dir2 === clientDir ? 'client' : 'server', 0, true);
    }
  }
  const isSsh = side.model.packet(
    dir,
    d.seq,
    d.ack,
    d.tcpFlags,
    d.window,
    nowUs,
    d.data,
    d.payloadOff,
    d.payloadLen,
  );
  if (listener !== null)
    listener({ stream: flow.stream, dir, payloadLen: d.payloadLen, flags: d.tcpFlags, ssh: isSsh });
  const v = side.acc.push(
    dir === side.clientDir ? 'client' : 'server',
    isSsh ? d.payloadLen : 0,
    !isSsh && d.tcpFlags === ACK,
  );
  if (v !== undefined) flow.record.ja4ssh = side.acc.values;
  const overflows = side.model.overflows;
  if (overflows === side.overflowsSeen) return 0;
  const over = overflows - side.overflowsSeen;
  side.overflowsSeen = overflows;
  return over;
}

export function sshFinish(flow: Flow): void {
  const side = flow.ssh;
  if (side instanceof SshSide) {
    const vals = side.acc.finish();
    if (vals.length > 0) flow.record.ja4ssh = vals;
  }
}
