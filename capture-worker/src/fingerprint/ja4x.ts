// JA4X — X.509 certificate fingerprint (spec §5): hash12 of issuer attribute-type OIDs, subject
// attribute-type OIDs and extension OIDs, each as hex of the DER content bytes, `,`-joined.
// Empty sections are twelve zeros (Rust, C). `ja4x_r` prints the three lists.
// License: JA4X is part of JA4+, FoxIO License 1.1 (non-commercial; see docs/fingerprints.md).
import { BytesMemo } from '../util/bytes-memo.js';
import { DigestMemo } from '../util/digest-memo.js';
import { hash12 } from '../util/hash.js';
import { certificateOids, type CertificateOids } from '../x509/certificate.js';

export interface Ja4xResult {
  ja4x: string;
  ja4x_r: string;
}

/**
 * hash12 of each OID list by its text (see DigestMemo): issuers share their name layouts, so the
 * lists repeat across certificates too. Exported for the benchmarks.
 */
export const ja4xDigestMemo = new DigestMemo();

const listHash = (list: string): string => ja4xDigestMemo.of(list, () => hash12(list)).digest;

export function ja4xFromOids(o: CertificateOids): Ja4xResult {
  const i = o.issuer.join(',');
  const s = o.subject.join(',');
  const e = o.extensions.join(',');
  return {
    ja4x: `${listHash(i)}_${listHash(s)}_${listHash(e)}`,
    ja4x_r: `${i}_${s}_${e}`,
  };
}

/** JA4X by certificate bytes (see BytesMemo); exported for the benchmarks. */
export const ja4xMemo = new BytesMemo<Ja4xResult>();

const fromDer = (der: Uint8Array): Ja4xResult => ja4xFromOids(certificateOids(der));

/**
 * JA4X of one DER certificate. Throws ParseError('x509_parse') for malformed DER (nothing is
 * held for it). A certificate seen before is not parsed again: servers send the same chain on
 * every connection.
 */
export function ja4x(der: Uint8Array): Ja4xResult {
  return ja4xMemo.of(der, fromDer);
}
