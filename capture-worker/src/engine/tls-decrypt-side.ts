// Encrypted TLS 1.3 records of a connection whose secrets are in the key log (pcapng DSB or a key
// log file): server handshake records give the Certificate (JA4X), client application records
// carry HTTP/2 (JA4H per request, as the Rust reference computes it from decrypted captures).
import { ja4h } from '../fingerprint/ja4h.js';
import { ja4x } from '../fingerprint/ja4x.js';
import { Http2RequestReader } from '../http/http2-frames.js';
import { splitCertificateMessage } from '../tls/certificate.js';
import { splitHandshake } from '../tls/handshake.js';
import { isParseError } from '../util/parse-error.js';
import type { Flow } from './flow.js';
import type { KeyLog } from './keylog.js';
import { Tls13Decryptor, tls13Suite } from './tls13-decrypt.js';

/** What the handshake told us; set by the HandshakeHandler. */
export interface TlsInfo {
  clientRandom: string;
  cipherSuite?: number;
  version?: number;
  alpn?: string;
}

interface DirDecrypt {
  main: Tls13Decryptor;
  early: Tls13Decryptor | null;
  hs: Uint8Array;
  h2: Http2RequestReader | null;
  done: boolean;
}

interface DecryptState {
  dirs: [DirDecrypt | null | undefined, DirDecrypt | null | undefined];
}

const MAX_REQUESTS = 256;
const CT_HANDSHAKE = 22;
const CT_APPLICATION_DATA = 23;
const HS_CERTIFICATE = 11;
const HS_FINISHED = 20;

function open(info: TlsInfo, keyLog: KeyLog, isClient: boolean): DirDecrypt | null {
  if (info.version !== 0x0304 || info.cipherSuite === undefined) return null;
  const suite = tls13Suite(info.cipherSuite);
  const secrets = keyLog.get(info.clientRandom);
  if (suite === undefined || secrets === undefined) return null;
  const side = isClient ? 'CLIENT' : 'SERVER';
  const hsSecret = secrets.get(`${side}_HANDSHAKE_TRAFFIC_SECRET`);
  if (hsSecret === undefined) return null;
  const early = isClient ? secrets.get('CLIENT_EARLY_TRAFFIC_SECRET') : undefined;
  return {
    main: new Tls13Decryptor(suite, hsSecret, secrets.get(`${side}_TRAFFIC_SECRET_0`)),
    // 0-RTT data uses the early secret; its records never switch keys.
    early: early !== undefined ? new Tls13Decryptor(suite, early, early) : null,
    hs: new Uint8Array(0),
    h2: null,
    done: false,
  };
}

/**
 * One encrypted record of direction `dir`. Returns false when the direction needs nothing more
 * (no keys, decryption failed, or everything the fingerprints need was seen).
 */
export function encryptedRecord(
  flow: Flow,
  isClient: boolean,
  dir: 0 | 1,
  header: Uint8Array,
  fragment: Uint8Array,
  keyLog: KeyLog,
  countParse: (code: string) => void,
): boolean {
  const info = flow.tlsInfo as TlsInfo | null;
  if (info === null || keyLog.size === 0) return false;
  const st = (flow.decrypt ??= { dirs: [undefined, undefined] }) as DecryptState;
  let d = st.dirs[dir];
  if (d === undefined) {
    d = open(info, keyLog, isClient);
    st.dirs[dir] = d;
  }
  if (d === null || d.done) return false;
  let rec = d.main.decrypt(header, fragment);
  let early = false;
  if (rec === undefined && d.early !== null && d.main.phase === 'handshake') {
    rec = d.early.decrypt(header, fragment);
    early = rec !== undefined;
  }
  if (rec === undefined) {
    countParse('tls_decrypt');
    d.done = true;
    return false;
  }
  try {
    if (rec.contentType === CT_HANDSHAKE && !early) return handshake(flow, isClient, d, rec.data);
    if (
      rec.contentType === CT_APPLICATION_DATA &&
      isClient &&
      (early || rec.phase === 'application')
    )
      return http2(flow, info, d, rec.data);
  } catch (e) {
    if (!isParseError(e)) throw e;
    countParse(e.code);
    d.done = true;
    return false;
  }
  return true;
}

function handshake(flow: Flow, isClient: boolean, d: DirDecrypt, data: Uint8Array): boolean {
  const buf = new Uint8Array(d.hs.length + data.length);
  buf.set(d.hs);
  buf.set(data, d.hs.length);
  const split = splitHandshake(buf);
  d.hs = buf.slice(split.consumed);
  for (const m of split.messages) {
    if (m.type === HS_CERTIFICATE && !isClient && flow.record.ja4x === undefined) {
      const list: string[] = [];
      const raw: string[] = [];
      for (const der of splitCertificateMessage(m.body, { tls13: true })) {
        const x = ja4x(der);
        list.push(x.ja4x);
        raw.push(x.ja4x_r);
      }
      flow.record.ja4x = list;
      flow.record.ja4x_r = raw;
    } else if (m.type === HS_FINISHED) {
      d.main.switchToApplication();
      // The server's application data is of no use to the fingerprints.
      if (!isClient) d.done = true;
      return isClient;
    }
  }
  return true;
}

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

function startsWithPreface(b: Uint8Array): boolean {
  const n = Math.min(b.length, PREFACE.length);
  for (let i = 0; i < n; i++) if (b[i] !== PREFACE[i]) return false;
  return n > 0;
}

function http2(flow: Flow, info: TlsInfo, d: DirDecrypt, data: Uint8Array): boolean {
  if (d.h2 === null) {
    // TLS 1.3 carries the chosen ALPN inside EncryptedExtensions; the client connection preface
    // says it just as well. Anything else (HTTP/1.1 over TLS) is not followed.
    if (info.alpn !== 'h2' && !startsWithPreface(data)) {
      d.done = true;
      return false;
    }
    d.h2 = new Http2RequestReader();
  }
  const rec = flow.record;
  for (const block of d.h2.push(data)) {
    if (!block.initial) continue;
    const method = block.headers.find(([n]) => n === ':method')?.[1] ?? '';
    const fp = ja4h({ method, version: 'HTTP/2', headers: block.headers });
    (rec.ja4h ??= []).push(fp.ja4h);
    (rec.ja4h_r ??= []).push(fp.ja4h_r);
    (rec.ja4h_ro ??= []).push(fp.ja4h_ro);
    if (rec.ja4h.length >= MAX_REQUESTS) {
      d.done = true;
      return false;
    }
  }
  return true;
}
