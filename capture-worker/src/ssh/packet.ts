// SSH binary packets before encryption starts (RFC 4253 §6): uint32 packet_length, byte
// padding_length, payload, padding (no MAC yet). Resumable like the TLS splitters. After
// SSH_MSG_NEWKEYS the stream is encrypted and this framing no longer applies: stop there.
// Errors: ParseError('ssh_parse') only.
import { ParseError } from '../util/parse-error.js';

export const SSH_MSG_KEXINIT = 20;
export const SSH_MSG_NEWKEYS = 21;

export interface SshPacket {
  readonly messageType: number;
  /** View into the input: the payload (message type byte included). */
  readonly payload: Uint8Array;
  readonly offset: number;
}

export interface SshPacketSplit {
  readonly packets: SshPacket[];
  readonly consumed: number;
  /** Bytes beyond the input's end that complete the next packet; 0 on a boundary. */
  readonly needed: number;
  /** True once SSH_MSG_NEWKEYS was seen: bytes after `consumed` are encrypted. */
  readonly encrypted: boolean;
}

/** RFC 4253 §6.1: implementations must handle 35000-byte packets; we refuse more. */
export const MAX_SSH_PACKET = 35000;

export function splitSshPackets(
  buf: Uint8Array,
  opts: { maxPacketLength?: number } = {},
): SshPacketSplit {
  const max = opts.maxPacketLength ?? MAX_SSH_PACKET;
  const packets: SshPacket[] = [];
  let pos = 0;
  while (true) {
    const rem = buf.length - pos;
    if (rem === 0) return { packets, consumed: pos, needed: 0, encrypted: false };
    if (rem < 5) return { packets, consumed: pos, needed: 5 - rem, encrypted: false };
    const len =
      (((buf[pos] as number) << 24) >>> 0) +
      (((buf[pos + 1] as number) << 16) |
        ((buf[pos + 2] as number) << 8) |
        (buf[pos + 3] as number));
    const pad = buf[pos + 4] as number;
    if (len > max)
      throw new ParseError('ssh_parse', `packet_length ${len} over the ${max}-byte cap`, {
        offset: pos,
        field: 'packet_length',
      });
    if (len < pad + 2)
      throw new ParseError(
        'ssh_parse',
        `packet_length ${len} too small for padding ${pad} and a message type`,
        { offset: pos, field: 'packet_length' },
      );
    if (rem < 4 + len) return { packets, consumed: pos, needed: 4 + len - rem, encrypted: false };
    const payload = buf.subarray(pos + 5, pos + 4 + len - pad);
    const messageType = payload[0] as number;
    packets.push({ messageType, payload, offset: pos });
    pos += 4 + len;
    if (messageType === SSH_MSG_NEWKEYS)
      return { packets, consumed: pos, needed: 0, encrypted: true };
  }
}
