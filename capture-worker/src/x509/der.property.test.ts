import { describe, it } from 'vitest';
import { ja4xFromOids } from '../fingerprint/ja4x.js';
import { splitCertificateMessage } from '../tls/certificate.js';
import { fixture, handshakeMessages } from '../tls/fixtures/load.js';
import { assertTotal } from '../util/property.js';
import { certificateOids } from './certificate.js';

const ders = fixture('certificates')
  .filter((r) => r.transport === 'tcp')
  .flatMap((r) => handshakeMessages(r))
  .filter((m) => m.type === 11)
  .flatMap((m) => splitCertificateMessage(m.body))
  .slice(0, 6);

describe('DER walker never throws anything but ParseError', () => {
  it('certificateOids on random, truncated and mutated certificates', () => {
    assertTotal(
      (b) => {
        const o = certificateOids(b);
        ja4xFromOids(o);
        return o;
      },
      ders,
      (o) => o.issuer.length + o.subject.length + o.extensions.length,
      { factor: 0.5, constant: 0 },
    );
  });
});
