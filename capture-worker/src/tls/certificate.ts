// TLS 1.2 (and earlier) Certificate handshake message: certificate_list<0..2^24-1> of
// ASN.1Cert<1..2^24-1> (RFC 5246 §7.4.2). `tls13: true` reads the TLS 1.3 layout
// (certificate_request_context and per-entry extensions, RFC 8446 §4.4.2) for decrypted flows.
// Returns DER views into the body. Errors: ParseError('tls_parse') only.
import { ByteReader } from '../util/reader.js';

export function splitCertificateMessage(
  body: Uint8Array,
  opts: { tls13?: boolean } = {},
): Uint8Array[] {
  const r = new ByteReader(body, 'tls_parse');
  if (opts.tls13) r.vector(1, 'certificate.request_context');
  const len = r.u24('certificate_list.length');
  r.need(len, 'certificate_list');
  const list = new ByteReader(body, 'tls_parse', r.pos, r.pos + len);
  const out: Uint8Array[] = [];
  while (list.remaining > 0) {
    const [s, e] = list.vector(3, 'certificate.length');
    out.push(body.subarray(s, e));
    if (opts.tls13) list.vector(2, 'certificate.extensions');
  }
  return out;
}
