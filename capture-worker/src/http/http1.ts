// HTTP/1.x request head (RFC 9112 §2-5): request line and header fields, in wire order with the
// names' original case. Bytes are kept as latin1 so nothing is lost. Bounded: the head must end
// (empty line) within maxHeadBytes, at most maxHeaders fields. Errors: ParseError('http1_parse').
import { ParseError } from '../util/parse-error.js';
import { latin1 } from '../util/utf8.js';

export interface Http1RequestHead {
  readonly method: string;
  readonly target: string;
  /** As written, e.g. 'HTTP/1.1'. */
  readonly version: string;
  readonly headers: Array<readonly [string, string]>;
  /** Bytes of the head including the terminating empty line. */
  readonly length: number;
}

export interface Http1Options {
  maxHeadBytes?: number;
  maxHeaders?: number;
}

const TOKEN = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~") TOKEN[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TOKEN[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TOKEN[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TOKEN[c] = 1;

/** True if the bytes could start an HTTP/1 request (a token then a space), for protocol detection. */
export function looksLikeHttp1Request(b: Uint8Array): boolean {
  let i = 0;
  while (i < b.length && i < 16 && TOKEN[b[i] as number]) i++;
  return i > 0 && i < b.length && b[i] === 0x20;
}

/**
 * Parses the request head at the start of `buf`. Returns undefined when the head is not complete
 * yet (no empty line) and still within maxHeadBytes; the caller waits for more bytes.
 */
export function parseHttp1RequestHead(
  buf: Uint8Array,
  opts: Http1Options = {},
): Http1RequestHead | undefined {
  const maxHead = opts.maxHeadBytes ?? 64 * 1024;
  const maxHeaders = opts.maxHeaders ?? 200;
  const limit = Math.min(buf.length, maxHead);
  const fail = (offset: number, field: string, message: string): never => {
    throw new ParseError('http1_parse', message, { offset, field });
  };
  // Find line ends up front; stop at the empty line.
  const lines: Array<[number, number]> = [];
  let lineStart = 0;
  let headEnd = -1;
  for (let i = 0; i < limit; i++) {
    if (buf[i] !== 0x0a) continue;
    const end = i > lineStart && buf[i - 1] === 0x0d ? i - 1 : i;
    if (end === lineStart) {
      if (lines.length === 0) {
        // Leading empty lines before the request line are allowed (RFC 9112 §2.2).
        lineStart = i + 1;
        continue;
      }
      headEnd = i + 1;
      break;
    }
    lines.push([lineStart, end]);
    if (lines.length > maxHeaders + 1)
      fail(lineStart, 'headers', `more than ${maxHeaders} header fields`);
    lineStart = i + 1;
  }
  if (headEnd < 0) {
    if (buf.length >= maxHead) fail(maxHead, 'head', `request head longer than ${maxHead} bytes`);
    if (lines.length > 0) parseRequestLine(buf, lines[0] as [number, number], fail); // reject garbage early
    return undefined;
  }
  const [method, target, version] = parseRequestLine(buf, lines[0] as [number, number], fail);
  const headers: Array<readonly [string, string]> = [];
  for (let l = 1; l < lines.length; l++) {
    const [s, e] = lines[l] as [number, number];
    const first = buf[s] as number;
    if (first === 0x20 || first === 0x09) {
      // obs-fold: continuation of the previous value (RFC 9112 §5.2), joined with one space.
      const prev = headers.pop() ?? fail(s, 'header', 'folded line before any header');
      headers.push([prev[0], `${prev[1]} ${latin1(buf, s, e).trim()}`]);
      continue;
    }
    let c = s;
    while (c < e && TOKEN[buf[c] as number]) c++;
    if (c === s || c >= e || buf[c] !== 0x3a)
      fail(c, 'header.name', 'header line without a valid "name:"');
    let vs = c + 1;
    let ve = e;
    while (vs < ve && (buf[vs] === 0x20 || buf[vs] === 0x09)) vs++;
    while (ve > vs && (buf[ve - 1] === 0x20 || buf[ve - 1] === 0x09)) ve--;
    headers.push([latin1(buf, s, c), latin1(buf, vs, ve)]);
  }
  return { method, target, version, headers, length: headEnd };
}

function parseRequestLine(
  buf: Uint8Array,
  [s, e]: [number, number],
  fail: (o: number, f: string, m: string) => never,
): [string, string, string] {
  let i = s;
  while (i < e && TOKEN[buf[i] as number]) i++;
  if (i === s || buf[i] !== 0x20)
    fail(i, 'request_line.method', 'request line does not start with a method token and a space');
  const method = latin1(buf, s, i);
  // The version is the last space-separated token; a target with raw spaces (seen in the wild)
  // stays whole, as tshark reads it.
  const ts = i + 1;
  let te = e;
  while (te > ts && buf[te - 1] !== 0x20) te--;
  te--;
  if (te <= ts) fail(ts, 'request_line.target', 'request line without a target and a version');
  const version = latin1(buf, te + 1, e);
  if (!/^HTTP\/\d(\.\d)?$/.test(version))
    fail(te + 1, 'request_line.version', `bad HTTP version "${version.slice(0, 16)}"`);
  for (let k = ts; k < te; k++) {
    const c = buf[k] as number;
    if (c < 0x20 || c === 0x7f)
      fail(k, 'request_line.target', 'control character in the request target');
  }
  return [method, latin1(buf, ts, te), version];
}

/**
 * Length of the message body that follows a request head, so a caller can step to the next
 * pipelined request: Content-Length, 0 when absent, 'chunked' for Transfer-Encoding: chunked
 * (the caller then stops following the connection). Throws ParseError for a bad Content-Length.
 */
export function requestBodyLength(head: Http1RequestHead): number | 'chunked' {
  let len: number | undefined;
  for (const [name, value] of head.headers) {
    const n = name.toLowerCase();
    if (n === 'transfer-encoding' && /chunked/i.test(value)) return 'chunked';
    if (n === 'content-length') {
      if (!/^\d{1,15}$/.test(value))
        throw new ParseError('http1_parse', `bad Content-Length "${value.slice(0, 20)}"`, {
          offset: 0,
          field: 'content-length',
        });
      const v = Number(value);
      if (len !== undefined && len !== v)
        throw new ParseError('http1_parse', 'conflicting Content-Length values', {
          offset: 0,
          field: 'content-length',
        });
      len = v;
    }
  }
  return len ?? 0;
}
