// OpenVPN control-channel packets (OpenVPN 2.x wire format, ssl_pkt.h / reliable.c): opcode and
// key id in the first byte, the sender's 8-byte session id, then with --tls-auth an HMAC and an
// 8-byte replay id (packet id + time), an ACK array (count, ids, the peer's session id), the
// message packet id and, for P_CONTROL_V1, a piece of the TLS byte stream. With --tls-crypt the
// part after the replay id is encrypted and authenticated: nothing of the TLS can be read.
// Pure; never throws; returns undefined for bytes that do not fit the layout.

export const Op = {
  CONTROL_HARD_RESET_CLIENT_V1: 1,
  CONTROL_HARD_RESET_SERVER_V1: 2,
  CONTROL_SOFT_RESET_V1: 3,
  CONTROL_V1: 4,
  ACK_V1: 5,
  DATA_V1: 6,
  CONTROL_HARD_RESET_CLIENT_V2: 7,
  CONTROL_HARD_RESET_SERVER_V2: 8,
  DATA_V2: 9,
  CONTROL_HARD_RESET_CLIENT_V3: 10,
  CONTROL_WKC_V1: 11,
} as const;

/** tls-auth HMAC sizes tried, by --auth digest: none, MD5, SHA1, SHA224, SHA256, SHA384, SHA512. */
export const HMAC_SIZES = [0, 16, 20, 28, 32, 48, 64] as const;

export interface ControlPacket {
  op: number;
  /** Message packet id (absent for P_ACK_V1: -1). */
  msgId: number;
  /** TLS bytes carried (P_CONTROL_V1), a view into the input. */
  payload: Uint8Array;
}

function u32(d: Uint8Array, o: number): number {
  return (
    (((d[o] as number) << 24) |
      ((d[o + 1] as number) << 16) |
      ((d[o + 2] as number) << 8) |
      (d[o + 3] as number)) >>>
    0
  );
}

export function opcode(p: Uint8Array): number {
  return p.length > 0 ? (p[0] as number) >> 3 : -1;
}

/** A control packet, given the tls-auth HMAC size (0 without tls-auth). */
export function parseControl(p: Uint8Array, hmac: number): ControlPacket | undefined {
  const op = opcode(p);
  if (op < 1 || op > 11 || op === Op.DATA_V1 || op === Op.DATA_V2) return undefined;
  let o = 9 + (hmac > 0 ? hmac + 8 : 0);
  if (p.length < o + 1) return undefined;
  const acks = p[o] as number;
  if (acks > 8) return undefined; // OpenVPN sends at most 8 (RELIABLE_ACK_SIZE)
  o += 1 + acks * 4 + (acks > 0 ? 8 : 0);
  if (op === Op.ACK_V1)
    return o <= p.length ? { op, msgId: -1, payload: p.subarray(o, o) } : undefined;
  if (p.length < o + 4) return undefined;
  const msgId = u32(p, o);
  o += 4;
  return { op, msgId, payload: p.subarray(o) };
}

/**
 * The tls-auth HMAC size that makes the client's first packet (a hard reset, message id 0, no
 * ACKs, nothing after it but OpenVPN 2.6's early-negotiation TLV) parse; undefined when none
 * does, which for a hard reset means --tls-crypt (or not OpenVPN).
 */
export function detectHmac(first: Uint8Array): number | undefined {
  if (opcode(first) !== Op.CONTROL_HARD_RESET_CLIENT_V2) return undefined;
  for (const h of HMAC_SIZES) {
    const c = parseControl(first, h);
    if (c === undefined || c.msgId !== 0) continue;
    const at = 9 + (h > 0 ? h + 8 : 0);
    if (first[at] !== 0) continue;
    const rest = c.payload;
    // Nothing, or TLVs of 4-byte headers (early negotiation: type 0x0001, length 2).
    if (rest.length === 0 || (rest.length >= 4 && rest[0] === 0 && rest[1] === 1)) return h;
  }
  return undefined;
}

/** Whether a UDP payload (or a TCP packet after its length) can be the client's first packet. */
export function looksLikeHardReset(p: Uint8Array): boolean {
  const op = opcode(p);
  return (
    (op === Op.CONTROL_HARD_RESET_CLIENT_V2 || op === Op.CONTROL_HARD_RESET_CLIENT_V3) &&
    ((p[0] as number) & 7) === 0 &&
    p.length >= 14 &&
    p.length <= 1600
  );
}
