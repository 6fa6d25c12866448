// SHA-256 (FIPS 180-4) compression in JavaScript, for HMAC with precomputed key states (RFC 2104).
// Why not node:crypto: a QUIC Initial key derivation is nine HMACs over inputs of under one block,
// and each `crypto.hash` call costs ~0.8 µs of binding overhead (two per HMAC, 18 per connection),
// more than the compression itself. With the pads' states computed once per key, an HMAC of a short
// message is two compressions and no allocation (docs/handshake-heavy-speed.md has the figures).
// Checked against createHmac in quic.test.ts.

const K = Int32Array.of(
  0x428a2f98,
  0x71374491,
  0xb5c0fbcf,
  0xe9b5dba5,
  0x3956c25b,
  0x59f111f1,
  0x923f82a4,
  0xab1c5ed5,
  0xd807aa98,
  0x12835b01,
  0x243185be,
  0x550c7dc3,
  0x72be5d74,
  0x80deb1fe,
  0x9bdc06a7,
  0xc19bf174,
  0xe49b69c1,
  0xefbe4786,
  0x0fc19dc6,
  0x240ca1cc,
  0x2de92c6f,
  0x4a7484aa,
  0x5cb0a9dc,
  0x76f988da,
  0x983e5152,
  0xa831c66d,
  0xb00327c8,
  0xbf597fc7,
  0xc6e00bf3,
  0xd5a79147,
  0x06ca6351,
  0x14292967,
  0x27b70a85,
  0x2e1b2138,
  0x4d2c6dfc,
  0x53380d13,
  0x650a7354,
  0x766a0abb,
  0x81c2c92e,
  0x92722c85,
  0xa2bfe8a1,
  0xa81a664b,
  0xc24b8b70,
  0xc76c51a3,
  0xd192e819,
  0xd6990624,
  0xf40e3585,
  0x106aa070,
  0x19a4c116,
  0x1e376c08,
  0x2748774c,
  0x34b0bcb5,
  0x391c0cb3,
  0x4ed8aa4a,
  0x5b9cca4f,
  0x682e6ff3,
  0x748f82ee,
  0x78a5636f,
  0x84c87814,
  0x8cc70208,
  0x90befffa,
  0xa4506ceb,
  0xbef9a3f7,
  0xc67178f2,
);

const IV = Int32Array.of(
  0x6a09e667,
  0xbb67ae85,
  0x3c6ef372,
  0xa54ff53a,
  0x510e527f,
  0x9b05688c,
  0x1f83d9ab,
  0x5be0cd19,
);

const W = new Int32Array(64);

/** One compression of the 64 bytes at `b[off]` into the eight-word state `st`. */
export function compress(st: Int32Array, b: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++) {
    const j = off + 4 * i;
    W[i] =
      ((b[j] as number) << 24) |
      ((b[j + 1] as number) << 16) |
      ((b[j + 2] as number) << 8) |
      (b[j + 3] as number);
  }
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15] as number;
    const y = W[i - 2] as number;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = ((W[i - 16] as number) + s0 + (W[i - 7] as number) + s1) | 0;
  }
  let a = st[0] as number;
  let b1 = st[1] as number;
  let c = st[2] as number;
  let d = st[3] as number;
  let e = st[4] as number;
  let f = st[5] as number;
  let g = st[6] as number;
  let h = st[7] as number;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + (K[i] as number) + (W[i] as number)) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b1) ^ (a & c) ^ (b1 & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b1;
    b1 = a;
    a = (t1 + t2) | 0;
  }
  st[0] = ((st[0] as number) + a) | 0;
  st[1] = ((st[1] as number) + b1) | 0;
  st[2] = ((st[2] as number) + c) | 0;
  st[3] = ((st[3] as number) + d) | 0;
  st[4] = ((st[4] as number) + e) | 0;
  st[5] = ((st[5] as number) + f) | 0;
  st[6] = ((st[6] as number) + g) | 0;
  st[7] = ((st[7] as number) + h) | 0;
}

/** The states after the key's inner (0x36) and outer (0x5c) pad blocks. */
export interface HmacKey {
  inner: Int32Array;
  outer: Int32Array;
}

const BLOCK = 64;
const pad = new Uint8Array(BLOCK);

/** Precomputes HMAC-SHA256 for a key of at most one block (every key here: salts, secrets). */
export function hmacKey(key: Uint8Array): HmacKey {
  if (key.length > BLOCK) throw new RangeError('HMAC key longer than one SHA-256 block');
  const inner = IV.slice();
  const outer = IV.slice();
  pad.fill(0x36);
  for (let i = 0; i < key.length; i++) pad[i] = (key[i] as number) ^ 0x36;
  compress(inner, pad, 0);
  pad.fill(0x5c);
  for (let i = 0; i < key.length; i++) pad[i] = (key[i] as number) ^ 0x5c;
  compress(outer, pad, 0);
  return { inner, outer };
}

const st = new Int32Array(8);
const tail = new Uint8Array(2 * BLOCK);

/** Finishes a message of `total` bytes whose unprocessed rest is `data[from..]` (< 64 bytes). */
function finish(s: Int32Array, data: Uint8Array, from: number, total: number): void {
  const rest = data.length - from;
  tail.fill(0);
  for (let i = 0; i < rest; i++) tail[i] = data[from + i] as number;
  tail[rest] = 0x80;
  const n = rest + 9 <= BLOCK ? BLOCK : 2 * BLOCK;
  const bits = total * 8;
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  tail[n - 8] = hi >>> 24;
  tail[n - 7] = (hi >>> 16) & 0xff;
  tail[n - 6] = (hi >>> 8) & 0xff;
  tail[n - 5] = hi & 0xff;
  tail[n - 4] = lo >>> 24;
  tail[n - 3] = (lo >>> 16) & 0xff;
  tail[n - 2] = (lo >>> 8) & 0xff;
  tail[n - 1] = lo & 0xff;
  compress(s, tail, 0);
  if (n > BLOCK) compress(s, tail, BLOCK);
}

function writeState(s: Int32Array, dst: Uint8Array, at: number): void {
  for (let i = 0; i < 8; i++) {
    const w = s[i] as number;
    dst[at + 4 * i] = w >>> 24;
    dst[at + 4 * i + 1] = (w >>> 16) & 0xff;
    dst[at + 4 * i + 2] = (w >>> 8) & 0xff;
    dst[at + 4 * i + 3] = w & 0xff;
  }
}

const innerDigest = new Uint8Array(32);

/** HMAC-SHA256 of `data` under `k`, its 32 bytes written at `dst[at]`. */
export function hmacInto(k: HmacKey, data: Uint8Array, dst: Uint8Array, at: number): void {
  st.set(k.inner);
  let p = 0;
  for (; p + BLOCK <= data.length; p += BLOCK) compress(st, data, p);
  finish(st, data, p, BLOCK + data.length);
  writeState(st, innerDigest, 0);
  st.set(k.outer);
  finish(st, innerDigest, 0, BLOCK + 32);
  writeState(st, dst, at);
}
