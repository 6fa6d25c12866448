// The JA4X inputs from a DER certificate: attribute-type OIDs of issuer and subject (every
// attribute of every RDN, in order) and extension OIDs (in order), each as lowercase hex of the
// OID's DER content bytes. Values are never read. Errors: ParseError('x509_parse') only.
import { bytesToHex } from '../util/hex.js';
import { ParseError } from '../util/parse-error.js';
import { Tag, expectTlv, readTlv, type Tlv } from './der.js';

export interface CertificateOids {
  readonly issuer: string[];
  readonly subject: string[];
  readonly extensions: string[];
}

/** Attribute-type OIDs of a Name (SEQUENCE OF SET OF AttributeTypeAndValue). */
function nameOids(der: Uint8Array, name: Tlv, field: string): string[] {
  const out: string[] = [];
  let p = name.start;
  while (p < name.end) {
    const rdn = expectTlv(der, p, name.end, Tag.set, `${field}.rdn`);
    let q = rdn.start;
    while (q < rdn.end) {
      const atv = expectTlv(der, q, rdn.end, Tag.sequence, `${field}.attribute`);
      const oid = expectTlv(der, atv.start, atv.end, Tag.oid, `${field}.attribute.type`);
      out.push(bytesToHex(der, oid.start, oid.end));
      q = atv.end;
    }
    p = rdn.end;
  }
  return out;
}

function extensionOids(der: Uint8Array, wrapper: Tlv): string[] {
  const seq = expectTlv(der, wrapper.start, wrapper.end, Tag.sequence, 'extensions');
  const out: string[] = [];
  let p = seq.start;
  while (p < seq.end) {
    const ext = expectTlv(der, p, seq.end, Tag.sequence, 'extension');
    const oid = expectTlv(der, ext.start, ext.end, Tag.oid, 'extension.extnID');
    out.push(bytesToHex(der, oid.start, oid.end));
    p = ext.end;
  }
  return out;
}

export function certificateOids(der: Uint8Array): CertificateOids {
  const cert = expectTlv(der, 0, der.length, Tag.sequence, 'certificate');
  const tbs = expectTlv(der, cert.start, cert.end, Tag.sequence, 'tbsCertificate');
  let p = tbs.start;
  let t = readTlv(der, p, tbs.end, 'tbsCertificate.version');
  if (t.tag === Tag.context0) {
    p = t.end;
    t = readTlv(der, p, tbs.end, 'tbsCertificate.serialNumber');
  }
  if (t.tag !== Tag.integer) {
    throw new ParseError('x509_parse', 'serialNumber is not an INTEGER', {
      offset: t.offset,
      field: 'tbsCertificate.serialNumber',
    });
  }
  p = t.end;
  p = expectTlv(der, p, tbs.end, Tag.sequence, 'tbsCertificate.signature').end;
  const issuer = expectTlv(der, p, tbs.end, Tag.sequence, 'tbsCertificate.issuer');
  p = expectTlv(der, issuer.end, tbs.end, Tag.sequence, 'tbsCertificate.validity').end;
  const subject = expectTlv(der, p, tbs.end, Tag.sequence, 'tbsCertificate.subject');
  p = expectTlv(der, subject.end, tbs.end, Tag.sequence, 'tbsCertificate.subjectPublicKeyInfo').end;
  let extensions: string[] = [];
  // Optional [1] issuerUniqueID, [2] subjectUniqueID, [3] extensions.
  while (p < tbs.end) {
    const opt = readTlv(der, p, tbs.end, 'tbsCertificate.optional');
    if (opt.tag === Tag.context3) extensions = extensionOids(der, opt);
    p = opt.end;
  }
  return {
    issuer: nameOids(der, issuer, 'issuer'),
    subject: nameOids(der, subject, 'subject'),
    extensions,
  };
}
