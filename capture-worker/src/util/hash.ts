// Hash helpers shared by the fingerprint modules. crypto.hash (Node >= 20.12) is the one-shot
// form: no Hash object per call, which matters at several hashes per ClientHello.
import { hash } from 'node:crypto';

const EMPTY12 = '000000000000';

/** SHA-256 of the UTF-8 string, lowercase hex. */
export function sha256Hex(s: string): string {
  return hash('sha256', s, 'hex');
}

/** JA4 "truncated hash": first 12 hex chars of SHA-256; the empty string maps to twelve zeros (spec §1). */
export function hash12(s: string): string {
  return s.length === 0 ? EMPTY12 : hash('sha256', s, 'hex').slice(0, 12);
}

/** MD5 of the UTF-8 string, lowercase hex (JA3/JA3S). */
export function md5Hex(s: string): string {
  return hash('md5', s, 'hex');
}
