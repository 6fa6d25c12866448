// JA4X over every certificate of the plaintext (TLS <= 1.2) handshakes in the reference captures:
// Certificate messages reassembled by tshark (tls/fixtures/certificates.jsonl), split by
// splitCertificateMessage, fingerprinted per certificate and compared in chain order with the Rust
// records' ja4x lists (and the Wireshark plugin's ja4x_r where it printed one).
import { expect, it } from 'vitest';
import { describeWithReference, hasReferenceCorpus } from '../../test-fixtures/reference-corpus.js';
import { splitCertificateMessage } from '../tls/certificate.js';
import { expected, fixture, flowKey, handshakeMessages } from '../tls/fixtures/load.js';
import { bytesToHex, hexToBytes } from '../util/hex.js';
import { ja4x } from './ja4x.js';

describeWithReference('JA4X against expected.jsonl', () => {
  const exp = hasReferenceCorpus ? expected() : [];
  const perFlow = new Map<string, { ja4x: string[]; ja4x_r: string[] }>();
  let plaintextMessages = 0;
  for (const row of fixture('certificates')) {
    const k = flowKey({
      pcap: row.pcap,
      src: row.dst,
      src_port: row.dst_port,
      dst: row.src,
      dst_port: row.src_port,
    });
    const acc = perFlow.get(k) ?? { ja4x: [], ja4x_r: [] };
    const split = handshakeMessages(row)
      .filter((m) => m.type === 11)
      .flatMap((m) => splitCertificateMessage(m.body));
    if (split.length > 0) plaintextMessages++;
    // TLS 1.3 certificates are encrypted on the wire: there the fixture carries the DER that
    // tshark decrypted with the capture's embedded secrets.
    const ders = split.length > 0 ? split : (row.ders ?? []).map(hexToBytes);
    if (split.length > 0 && row.transport === 'tcp')
      expect(
        split.map((d) => bytesToHex(d)),
        `${row.pcap} frame ${row.frame}`,
      ).toEqual(row.ders);
    for (const der of ders) {
      const r = ja4x(der);
      acc.ja4x.push(r.ja4x);
      acc.ja4x_r.push(r.ja4x_r);
    }
    perFlow.set(k, acc);
  }

  it('equals the Rust ja4x list of every stream that has one', () => {
    let streams = 0;
    let certs = 0;
    for (const e of exp.filter((x) => x.source === 'rust' && Array.isArray(x.ja4x))) {
      const got = perFlow.get(flowKey(e));
      expect(got?.ja4x, flowKey(e)).toEqual(e.ja4x);
      streams++;
      certs += (e.ja4x as string[]).length;
    }
    expect(streams).toBeGreaterThanOrEqual(10);
    expect(plaintextMessages).toBeGreaterThanOrEqual(10);
    expect(certs).toBeGreaterThanOrEqual(20);
  });

  it('ja4x_r equals the Wireshark plugin raw lists for the same certificates', () => {
    const allRaw = new Set([...perFlow.values()].flatMap((v) => v.ja4x_r));
    let compared = 0;
    for (const e of exp.filter((x) => x.source === 'wireshark' && Array.isArray(x.ja4x_r))) {
      for (const r of e.ja4x_r as string[]) {
        expect(allRaw.has(r), `${e.pcap} ${r}`).toBe(true);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(10);
  });
});
