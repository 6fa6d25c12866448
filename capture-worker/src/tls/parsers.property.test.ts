// Property tests for the TLS parsers: random, truncated and mutated real inputs either parse
// (output bounded by input size, and the fingerprint functions accept the result) or throw
// ParseError — never anything else, never hang.
import { describe, it } from 'vitest';
import { ja3, ja3s } from '../fingerprint/ja3.js';
import { ja4All } from '../fingerprint/ja4.js';
import { ja4s } from '../fingerprint/ja4s.js';
import { hexToBytes } from '../util/hex.js';
import { assertTotal } from '../util/property.js';
import { splitCertificateMessage } from './certificate.js';
import { parseClientHello } from './client-hello.js';
import { fixture, handshakeMessages } from './fixtures/load.js';
import { splitHandshake } from './handshake.js';
import { splitRecords } from './records.js';
import { parseServerHello } from './server-hello.js';

const rows = fixture('hellos');
const pick = <T>(list: T[], n: number): T[] =>
  list.filter((_, i) => i % Math.max(1, Math.floor(list.length / n)) === 0).slice(0, n);
const tcpRows = pick(
  rows.filter((r) => r.transport === 'tcp'),
  12,
);
const messages = tcpRows.flatMap((r) => handshakeMessages(r));
const clientBodies = messages.filter((m) => m.type === 1).map((m) => m.body);
const serverBodies = messages.filter((m) => m.type === 2).map((m) => m.body);
const dtlsBodies = rows
  .filter((r) => r.transport === 'udp' && !r.quic)
  .flatMap((r) =>
    handshakeMessages(r)
      .filter((m) => m.type === 1)
      .map((m) => m.body),
  );
const payloads = tcpRows.map((r) => hexToBytes(r.hex));
const certBodies = fixture('certificates')
  .filter((r) => r.transport === 'tcp')
  .flatMap((r) => handshakeMessages(r))
  .filter((m) => m.type === 11)
  .slice(0, 3)
  .map((m) => m.body);

describe('TLS parsers never throw anything but ParseError', () => {
  it('parseClientHello (TLS)', () => {
    assertTotal(
      (b) => {
        const ch = parseClientHello(b);
        ja4All(ch, { protocol: 't' });
        ja3(ch);
        return ch;
      },
      clientBodies,
      (ch) =>
        ch.cipherSuites.length +
        ch.extensions.length +
        ch.alpn.length +
        ch.signatureAlgorithms.length +
        ch.supportedGroups.length,
      { factor: 1, constant: 0 },
    );
  });

  it('parseClientHello (DTLS)', () => {
    assertTotal(
      (b) => parseClientHello(b, { dtls: true }),
      dtlsBodies,
      (ch) => ch.cipherSuites.length + ch.extensions.length,
      { factor: 1, constant: 0 },
      150,
    );
  });

  it('parseServerHello', () => {
    assertTotal(
      (b) => {
        const sh = parseServerHello(b);
        ja4s(sh, { protocol: 't' });
        ja3s(sh);
        return sh;
      },
      serverBodies,
      (sh) => sh.extensions.length,
      { factor: 0.25, constant: 0 },
    );
  });

  it('splitRecords', () => {
    assertTotal(
      (b) => splitRecords(b),
      payloads,
      (r) => r.records.length,
      { factor: 0.2, constant: 0 },
    );
  });

  it('splitHandshake (TLS and DTLS headers)', () => {
    const fragments = payloads.flatMap((p) => splitRecords(p).records.map((r) => r.fragment));
    assertTotal(
      (b) => splitHandshake(b),
      fragments,
      (r) => r.messages.length,
      { factor: 0.25, constant: 0 },
    );
    assertTotal(
      (b) => splitHandshake(b, { dtls: true, maxMessageLength: 4096 }),
      fragments,
      (r) => r.messages.length,
      { factor: 1 / 12, constant: 0 },
      150,
    );
  });

  it('splitCertificateMessage', () => {
    assertTotal(
      (b) => splitCertificateMessage(b),
      certBodies,
      (l) => l.length,
      { factor: 1 / 3, constant: 0 },
      150,
    );
  });
});
