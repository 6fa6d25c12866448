// AES-128 encryption of one block (FIPS 197) in JavaScript, for QUIC header protection
// (RFC 9001 §5.4.3: the mask is AES-ECB of a 16-byte sample, once per packet). Why not
// node:crypto: a Cipher object costs ~2.4 µs to make and ~1.5 µs per `update` of one block, many
// times the block itself; the expanded key here is made once per key set and a block is ~40 table
// look-ups. Encryption only (header protection never decrypts). Checked against OpenSSL's
// aes-128-ecb and the FIPS 197 vector in quic.test.ts.

const SBOX = new Uint8Array(256);
// T-tables: SubBytes, ShiftRows' byte and MixColumns' column for each byte position, as in
// FIPS 197 §5.2's "32-bit processors" note.
const T0 = new Int32Array(256);
const T1 = new Int32Array(256);
const T2 = new Int32Array(256);
const T3 = new Int32Array(256);

{
  // The S-box from the multiplicative inverse in GF(2^8) and the affine map, walking the
  // generator 3 and its inverse together (no table typed in by hand).
  let p = 1;
  let q = 1;
  do {
    p = (p ^ (p << 1) ^ (p & 0x80 ? 0x1b : 0)) & 0xff;
    q ^= q << 1;
    q ^= q << 2;
    q ^= q << 4;
    q &= 0xff;
    if (q & 0x80) q ^= 0x09;
    const r = (x: number, s: number): number => ((x << s) | (x >> (8 - s))) & 0xff;
    SBOX[p] = q ^ r(q, 1) ^ r(q, 2) ^ r(q, 3) ^ r(q, 4) ^ 0x63;
  } while (p !== 1);
  SBOX[0] = 0x63;
  for (let i = 0; i < 256; i++) {
    const s = SBOX[i] as number;
    const s2 = ((s << 1) ^ (s & 0x80 ? 0x1b : 0)) & 0xff;
    const s3 = s2 ^ s;
    const t = (s2 << 24) | (s << 16) | (s << 8) | s3;
    T0[i] = t;
    T1[i] = (t >>> 8) | (t << 24);
    T2[i] = (t >>> 16) | (t << 16);
    T3[i] = (t >>> 24) | (t << 8);
  }
}

function subWord(w: number): number {
  return (
    ((SBOX[w >>> 24] as number) << 24) |
    ((SBOX[(w >>> 16) & 0xff] as number) << 16) |
    ((SBOX[(w >>> 8) & 0xff] as number) << 8) |
    (SBOX[w & 0xff] as number)
  );
}

/** The 44-word key schedule of a 16-byte AES-128 key. */
export function aes128Key(key: Uint8Array): Int32Array {
  if (key.length !== 16) throw new RangeError('AES-128 key must be 16 bytes');
  const w = new Int32Array(44);
  for (let i = 0; i < 4; i++)
    w[i] =
      ((key[4 * i] as number) << 24) |
      ((key[4 * i + 1] as number) << 16) |
      ((key[4 * i + 2] as number) << 8) |
      (key[4 * i + 3] as number);
  let rcon = 1;
  for (let i = 4; i < 44; i++) {
    let t = w[i - 1] as number;
    if (i % 4 === 0) {
      t = subWord((t << 8) | (t >>> 24)) ^ (rcon << 24);
      rcon = ((rcon << 1) ^ (rcon & 0x80 ? 0x1b : 0)) & 0xff;
    }
    w[i] = (w[i - 4] as number) ^ t;
  }
  return w;
}

function word(b: Uint8Array, o: number): number {
  return (
    ((b[o] as number) << 24) |
    ((b[o + 1] as number) << 16) |
    ((b[o + 2] as number) << 8) |
    (b[o + 3] as number)
  );
}

function put(dst: Uint8Array, o: number, v: number): void {
  dst[o] = v >>> 24;
  dst[o + 1] = (v >>> 16) & 0xff;
  dst[o + 2] = (v >>> 8) & 0xff;
  dst[o + 3] = v & 0xff;
}

/** Encrypts the 16 bytes at `src[at]` under the schedule `w` into `dst[0..16]`. */
export function aes128EncryptBlock(
  w: Int32Array,
  src: Uint8Array,
  at: number,
  dst: Uint8Array,
): void {
  let s0 = word(src, at) ^ (w[0] as number);
  let s1 = word(src, at + 4) ^ (w[1] as number);
  let s2 = word(src, at + 8) ^ (w[2] as number);
  let s3 = word(src, at + 12) ^ (w[3] as number);
  for (let r = 1; r < 10; r++) {
    const k = 4 * r;
    const t0 =
      (T0[s0 >>> 24] as number) ^
      (T1[(s1 >>> 16) & 0xff] as number) ^
      (T2[(s2 >>> 8) & 0xff] as number) ^
      (T3[s3 & 0xff] as number) ^
      (w[k] as number);
    const t1 =
      (T0[s1 >>> 24] as number) ^
      (T1[(s2 >>> 16) & 0xff] as number) ^
      (T2[(s3 >>> 8) & 0xff] as number) ^
      (T3[s0 & 0xff] as number) ^
      (w[k + 1] as number);
    const t2 =
      (T0[s2 >>> 24] as number) ^
      (T1[(s3 >>> 16) & 0xff] as number) ^
      (T2[(s0 >>> 8) & 0xff] as number) ^
      (T3[s1 & 0xff] as number) ^
      (w[k + 2] as number);
    const t3 =
      (T0[s3 >>> 24] as number) ^
      (T1[(s0 >>> 16) & 0xff] as number) ^
      (T2[(s1 >>> 8) & 0xff] as number) ^
      (T3[s2 & 0xff] as number) ^
      (w[k + 3] as number);
    s0 = t0;
    s1 = t1;
    s2 = t2;
    s3 = t3;
  }
  const last = (a: number, b: number, c: number, d: number, k: number): number =>
    (((SBOX[a >>> 24] as number) << 24) |
      ((SBOX[(b >>> 16) & 0xff] as number) << 16) |
      ((SBOX[(c >>> 8) & 0xff] as number) << 8) |
      (SBOX[d & 0xff] as number)) ^
    k;
  put(dst, 0, last(s0, s1, s2, s3, w[40] as number));
  put(dst, 4, last(s1, s2, s3, s0, w[41] as number));
  put(dst, 8, last(s2, s3, s0, s1, w[42] as number));
  put(dst, 12, last(s3, s0, s1, s2, w[43] as number));
}
