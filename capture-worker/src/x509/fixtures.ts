// Test helper: a tiny DER encoder to build certificates with chosen attribute and extension OIDs.
import { hexToBytes } from '../util/hex.js';

export function tlv(tag: number, content: ArrayLike<number>): number[] {
  const c = Array.from(content);
  const n = c.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return [tag, ...len, ...c];
}

const oid = (hex: string): number[] => tlv(0x06, hexToBytes(hex));
const name = (oids: string[][]): number[] =>
  tlv(
    0x30,
    oids.flatMap((rdn) =>
      tlv(
        0x31,
        rdn.flatMap((o) => tlv(0x30, [...oid(o), ...tlv(0x0c, [0x78])])),
      ),
    ),
  );

/** A structurally valid certificate (the signature is junk: JA4X never checks it). */
export function buildCertificate(o: {
  issuer: string[][];
  subject: string[][];
  extensions?: string[];
  version?: boolean;
}): Uint8Array {
  const algo = tlv(0x30, [...oid('2a864886f70d01010b'), 0x05, 0x00]);
  const validity = tlv(0x30, [
    ...tlv(
      0x17,
      Array.from('250101000000Z', (c) => c.charCodeAt(0)),
    ),
    ...tlv(
      0x17,
      Array.from('260101000000Z', (c) => c.charCodeAt(0)),
    ),
  ]);
  const spki = tlv(0x30, [...algo, ...tlv(0x03, [0, 1, 2, 3])]);
  const exts = o.extensions
    ? tlv(
        0xa3,
        tlv(
          0x30,
          o.extensions.flatMap((e) =>
            tlv(0x30, [...oid(e), ...tlv(0x01, [0xff]), ...tlv(0x04, [0x30, 0x00])]),
          ),
        ),
      )
    : [];
  const tbs = tlv(0x30, [
    ...(o.version === false ? [] : tlv(0xa0, tlv(0x02, [2]))),
    ...tlv(0x02, [1, 2, 3]),
    ...algo,
    ...name(o.issuer),
    ...validity,
    ...name(o.subject),
    ...spki,
    ...exts,
  ]);
  return Uint8Array.from(tlv(0x30, [...tbs, ...algo, ...tlv(0x03, [0, 9, 9])]));
}
