// TLS that starts after other bytes in the same TCP segment (issue 18): a proxy's "200 Connection
// established" and a STARTTLS "220 Ready" each followed at once by the ServerHello. The hellos are
// the real curl <-> nginx ones of test-fixtures/captures/tls12-h2.pcap; tshark's JA3S/JA4S of that
// capture is what the record must carry.
import { describe, expect, it } from 'vitest';
import { capturePath, tsharkView } from '../../test-fixtures/captures.js';
import { A4, B4, ether, ipv4, tcp } from '../../test-fixtures/packets.js';
import { decodePacket } from '../decode/decode.js';
import { DecodedPacket } from '../decode/decoded-packet.js';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { readCaptureFile } from '../pcap/read-file.js';
import { createEngine } from './engine.js';

const SYN = 0x02;
const ACK = 0x10;
const PSH = 0x08;
const text = (s: string) => new TextEncoder().encode(s);
const cat = (a: Uint8Array, b: Uint8Array) => {
  const o = new Uint8Array(a.length + b.length);
  o.set(a);
  o.set(b, a.length);
  return o;
};

/** The first ClientHello and ServerHello segments' payloads of tls12-h2.pcap. */
async function hellos(): Promise<{ ch: Uint8Array; sh: Uint8Array }> {
  const d = new DecodedPacket();
  let ch: Uint8Array | undefined;
  let sh: Uint8Array | undefined;
  for await (const p of readCaptureFile(capturePath('tls12-h2.pcap'))) {
    if (decodePacket(p.linkType, p.data, d) !== null || d.payloadLen < 6) continue;
    const b = d.payload();
    if (b[0] === 0x16 && b[5] === 1) ch ??= b.slice();
    if (b[0] === 0x16 && b[5] === 2) sh ??= b.slice();
  }
  return { ch: ch!, sh: sh! };
}

function run(client: Uint8Array[], server: [afterClient: number, bytes: Uint8Array][]) {
  const records: ConnectionRecord[] = [];
  const e = createEngine({ onRecord: (r) => records.push(r) });
  let t = 0;
  let cseq = 1001;
  let sseq = 5001;
  const push = (fromClient: boolean, flags: number, payload: Uint8Array = new Uint8Array(0)) => {
    const seg = fromClient
      ? tcp(40000, 443, fromClient ? cseq : sseq, sseq, flags, payload)
      : tcp(443, 40000, sseq, cseq, flags, payload);
    const data = ether(0x0800, fromClient ? ipv4(A4, B4, 6, seg) : ipv4(B4, A4, 6, seg));
    e.push({ tsSec: 1_700_000_000, tsNsec: ++t * 1000, linkType: 1, origLen: data.length, data });
    if (fromClient) cseq += payload.length;
    else sseq += payload.length;
  };
  push(true, SYN);
  cseq = 1001;
  const synAck = ether(0x0800, ipv4(B4, A4, 6, tcp(443, 40000, 5000, 1001, SYN | ACK)));
  e.push({
    tsSec: 1_700_000_000,
    tsNsec: ++t * 1000,
    linkType: 1,
    origLen: synAck.length,
    data: synAck,
  });
  push(true, ACK);
  for (const [after, s] of server) if (after === -1) push(false, PSH | ACK, s);
  for (const [i, c] of client.entries()) {
    push(true, PSH | ACK, c);
    for (const [after, s] of server) if (after === i) push(false, PSH | ACK, s);
  }
  e.finish();
  return { records, stats: e.stats() };
}

describe('TLS starting mid-segment (issue 18)', () => {
  const truth = tsharkView('tls12-h2.pcap').hellos.find((h) => h.type === 'server')!;

  it("a proxy's 200 reply and the ServerHello in one segment: JA3S/JA4S as tshark's", async () => {
    const { ch, sh } = await hellos();
    const { records, stats } = run(
      [cat(text('CONNECT fixture.test:443 HTTP/1.1\r\nHost: fixture.test:443\r\n\r\n'), ch)],
      [[0, cat(text('HTTP/1.1 200 Connection established\r\n\r\n'), sh)]],
    );
    const r = records.find((x) => x.ja4 !== undefined);
    expect(r?.ja3s).toBe(truth.ja3s);
    expect(r?.ja4s).toBe(truth.ja4s);
    expect(r?.tls_upgrade).toBe('http_connect');
    // Both directions: the ClientHello pipelined after the CONNECT request, the ServerHello after the 200.
    expect(stats.seen.tls_mid_segment).toBe(2);
  });

  it('a STARTTLS "220 Ready" and the ServerHello in one segment', async () => {
    const { ch, sh } = await hellos();
    const { records } = run(
      [text('EHLO client.test\r\n'), text('STARTTLS\r\n'), ch],
      [
        [-1, text('220 mail.test ESMTP Postfix\r\n')],
        [0, text('250-mail.test\r\n250 STARTTLS\r\n')],
        [2, cat(text('220 2.0.0 Ready to start TLS\r\n'), sh)],
      ],
    );
    const r = records.find((x) => x.ja4 !== undefined);
    expect(r?.ja4s).toBe(truth.ja4s);
    expect(r?.ja3s).toBe(truth.ja3s);
    expect(r?.tls_upgrade).toBe('smtp_starttls');
  });
});
