// JA4X — X.509 certificate fingerprint (spec §5): hash12 of issuer attribute-type OIDs, subject
// attribute-type OIDs and extension OIDs, each as hex of the DER content bytes, `,`-joined.
// Empty sections are twelve zeros (Rust, C). `ja4x_r` prints the three lists.
// License: JA4X is part of JA4+, FoxIO License 1.1 (non-commercial; see docs/fingerprints.md).
import { hash12 } from '../util/hash.js';
import { certificateOids, type CertificateOids } from '../x509/certificate.js';

export interface Ja4xResult {
  ja4x: string;
  ja4x_r: string;
}

export function ja4xFromOids(o: CertificateOids): Ja4xResult {
  const i = o.issuer.join(',');
  const s = o.subject.join(',');
  const e = o.extensions.join(',');
  return { ja4x: `${hash12(i)}_${hash12(s)}_${hash12(e)}`, ja4x_r: `${i}_${s}_${e}` };
}

/** JA4X of one DER certificate. Throws ParseError('x509_parse') for malformed DER. */
export function ja4x(der: Uint8Array): Ja4xResult {
  return ja4xFromOids(certificateOids(der));
}
