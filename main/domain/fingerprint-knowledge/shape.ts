// The readable part of a JA4 (its `a` section and the cipher hash `b`): protocol, TLS version,
// SNI, cipher and extension counts, ALPN. Family inference compares these when the exact JA4 is
// not in the knowledge base (infer.ts).
export interface Ja4Shape {
  /** t (TCP), q (QUIC), d (DTLS). */
  proto: string;
  /** 13, 12, ... as in the JA4. */
  version: string;
  /** d: an SNI was sent; i: none. */
  sni: string;
  ciphers: number;
  extensions: number;
  /** The ALPN's first and last characters ('00' for none). */
  alpn: string;
  /** Cipher hash (JA4_b). */
  b: string;
  /** Extension + signature-algorithm hash (JA4_c). */
  c: string;
}

const SHAPE =
  /^([tqd])([0-9a-z]{2})([di])(\d{2})(\d{2})([0-9A-Za-z]{2})_([0-9a-f]{12})_([0-9a-f]{12})$/;

export function ja4Shape(ja4: string): Ja4Shape | null {
  const m = SHAPE.exec(ja4);
  if (!m) return null;
  return {
    proto: m[1]!,
    version: m[2]!,
    sni: m[3]!,
    ciphers: Number(m[4]),
    extensions: Number(m[5]),
    alpn: m[6]!,
    b: m[7]!,
    c: m[8]!,
  };
}
