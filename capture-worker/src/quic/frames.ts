// Frames of a decrypted Initial packet (RFC 9000 §19): only PADDING, PING, ACK, CRYPTO and
// CONNECTION_CLOSE may appear there. CRYPTO frames are returned with their stream offset.
import { QuicError } from './errors.js';
import { readVarint, type Cursor } from './varint.js';

export interface CryptoFrame {
  offset: number;
  data: Uint8Array;
}

export function cryptoFrames(p: Uint8Array): CryptoFrame[] {
  const out: CryptoFrame[] = [];
  const c: Cursor = { pos: 0 };
  const end = p.length;
  while (c.pos < end) {
    // PADDING runs fill most of an Initial (a client pads the datagram to 1200 bytes), often in
    // several runs between CRYPTO frames: skipped in one tight loop, not one varint read a byte.
    if (p[c.pos] === 0x00) {
      let i = c.pos + 1;
      while (i < end && p[i] === 0x00) i++;
      c.pos = i;
      continue;
    }
    const type = readVarint(p, c, end, 'frame type');
    switch (type) {
      case 0x00: // PADDING
      case 0x01: // PING
        break;
      case 0x02:
      case 0x03: {
        readVarint(p, c, end, 'ack.largest');
        readVarint(p, c, end, 'ack.delay');
        const n = readVarint(p, c, end, 'ack.range_count');
        readVarint(p, c, end, 'ack.first_range');
        if (n > end) throw new QuicError('quic_frame', 'ACK range count beyond the packet', c.pos);
        for (let i = 0; i < n; i++) {
          readVarint(p, c, end, 'ack.gap');
          readVarint(p, c, end, 'ack.range');
        }
        if (type === 0x03) for (let i = 0; i < 3; i++) readVarint(p, c, end, 'ack.ecn');
        break;
      }
      case 0x06: {
        const offset = readVarint(p, c, end, 'crypto.offset');
        const len = readVarint(p, c, end, 'crypto.length');
        if (c.pos + len > end)
          throw new QuicError('quic_frame', 'CRYPTO frame beyond the packet', c.pos);
        out.push({ offset, data: p.subarray(c.pos, c.pos + len) });
        c.pos += len;
        break;
      }
      case 0x1c:
      case 0x1d: {
        readVarint(p, c, end, 'close.error');
        if (type === 0x1c) readVarint(p, c, end, 'close.frame_type');
        const rl = readVarint(p, c, end, 'close.reason_length');
        if (c.pos + rl > end)
          throw new QuicError('quic_frame', 'CONNECTION_CLOSE reason beyond the packet', c.pos);
        c.pos += rl;
        break;
      }
      default:
        throw new QuicError(
          'quic_frame',
          `frame type 0x${type.toString(16)} not allowed in an Initial packet`,
          c.pos,
        );
    }
  }
  return out;
}
