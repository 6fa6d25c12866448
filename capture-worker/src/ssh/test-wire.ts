// Byte builders for SSH test conversations (RFC 4251 §5 types, RFC 4253 §6 packets), shared by the
// segment-model tests. Test-only: nothing in the engine imports it.
import { concat } from '../../test-fixtures/packets.js';

export const cat = concat;

export const ascii = (s: string): Uint8Array => new Uint8Array([...s].map((c) => c.charCodeAt(0)));

export const u32 = (n: number): Uint8Array =>
  new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);

/** An SSH `string`: uint32 length, then the bytes. */
export const str = (b: Uint8Array | string): Uint8Array => {
  const v = typeof b === 'string' ? ascii(b) : b;
  return cat(u32(v.length), v);
};

/** An SSH-2 binary packet in the clear (RFC 4253 §6, block size 8). */
export function pkt(payload: Uint8Array): Uint8Array {
  let pad = 8 - ((5 + payload.length) % 8);
  if (pad < 4) pad += 8;
  return cat(u32(1 + payload.length + pad), new Uint8Array([pad]), payload, new Uint8Array(pad));
}
