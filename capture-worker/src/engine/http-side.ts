// Plaintext HTTP/1.x requests on a TCP direction: every request on the connection gives a JA4H
// (parsers' request-head parser + ja4h). Bodies are skipped by Content-Length; a chunked body
// ends the following of the connection (its later requests are not fingerprinted). A CONNECT
// tunnel's TLS handshake that follows on the same bytes is handed back to the TLS path.
import { ja4h } from '../fingerprint/ja4h.js';
import type { TcpStream } from '../flow/tcp-stream.js';
import { parseHttp1RequestHead, requestBodyLength } from '../http/http1.js';
import { isParseError } from '../util/parse-error.js';
import type { Flow } from './flow.js';

interface HttpState {
  skip: number;
}

/** Most requests fingerprinted per connection (keep-alive floods stay bounded). */
const MAX_REQUESTS = 256;

export function handleHttp(
  flow: Flow,
  s: TcpStream,
  countParse: (code: string) => void,
): 'tls' | undefined {
  const st = (flow.http ??= { skip: 0 }) as HttpState;
  const rec = flow.record;
  for (;;) {
    let b = s.bytes();
    if (st.skip > 0) {
      const n = Math.min(st.skip, b.length);
      s.consume(n);
      st.skip -= n;
      if (st.skip > 0) return undefined;
      b = s.bytes();
    }
    if (b.length === 0) return undefined;
    if (b.length >= 6 && b[0] === 0x16 && b[1] === 3) return 'tls';
    let head;
    let body: number | 'chunked';
    try {
      head = parseHttp1RequestHead(b);
      if (head === undefined) return undefined; // incomplete head: wait for more bytes
      body = requestBodyLength(head);
    } catch (e) {
      if (!isParseError(e)) throw e;
      countParse(e.code);
      s.close();
      return undefined;
    }
    const fp = ja4h({ method: head.method, version: head.version, headers: head.headers });
    (rec.ja4h ??= []).push(fp.ja4h);
    (rec.ja4h_r ??= []).push(fp.ja4h_r);
    (rec.ja4h_ro ??= []).push(fp.ja4h_ro);
    s.consume(head.length);
    if (body === 'chunked' || rec.ja4h.length >= MAX_REQUESTS) {
      s.close();
      return undefined;
    }
    st.skip = body;
  }
}
