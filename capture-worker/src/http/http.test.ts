import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../util/hex.js';
import { ParseError } from '../util/parse-error.js';
import { HpackDecoder } from './hpack.js';
import { huffmanDecode } from './hpack-huffman.js';
import { parseHttp1RequestHead, requestBodyLength } from './http1.js';
import { HTTP2_PREFACE, Http2RequestReader } from './http2-frames.js';

const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('HTTP/1 request head', () => {
  it('parses method, target, version and ordered headers with original case', () => {
    const h = parseHttp1RequestHead(
      enc('GET /a?b=1 HTTP/1.1\r\nHost: x\r\nUser-Agent:  curl/8 \r\nX-Fold: a\r\n  b\r\n\r\nbody'),
    );
    expect(h).toEqual({
      method: 'GET',
      target: '/a?b=1',
      version: 'HTTP/1.1',
      headers: [
        ['Host', 'x'],
        ['User-Agent', 'curl/8'],
        ['X-Fold', 'a b'],
      ],
      length: 70,
    });
  });

  it('waits for more bytes on an incomplete head, rejects garbage and oversize heads', () => {
    expect(parseHttp1RequestHead(enc('GET / HTTP/1.1\r\nHost: x\r\n'))).toBeUndefined();
    expect(() => parseHttp1RequestHead(enc('\x16\x03\x01 hello\r\n\r\n'))).toThrow(ParseError);
    expect(() => parseHttp1RequestHead(enc('GET / HTTP/1.1\r\nBad Header\r\n\r\n'))).toThrow(
      /name/,
    );
    expect(() =>
      parseHttp1RequestHead(enc('GET / HTTP/1.1\r\n' + 'X: y\r\n'.repeat(100)), {
        maxHeadBytes: 256,
      }),
    ).toThrow(/longer than 256/);
    expect(() =>
      parseHttp1RequestHead(enc('GET / HTTP/1.1\r\n' + 'X: y\r\n'.repeat(10) + '\r\n'), {
        maxHeaders: 5,
      }),
    ).toThrow(/more than 5/);
  });

  it('body length for pipelining', () => {
    const head = (h: string) => parseHttp1RequestHead(enc(`POST / HTTP/1.1\r\n${h}\r\n\r\n`))!;
    expect(requestBodyLength(head('Content-Length: 12'))).toBe(12);
    expect(requestBodyLength(head('Transfer-Encoding: chunked'))).toBe('chunked');
    expect(() => requestBodyLength(head('Content-Length: -1'))).toThrow(ParseError);
  });
});

describe('HPACK (RFC 7541 Appendix C)', () => {
  it('C.3 requests without Huffman, dynamic table carried across blocks', () => {
    const d = new HpackDecoder();
    expect(d.decode(hexToBytes('828684410f7777772e6578616d706c652e636f6d'))).toEqual([
      [':method', 'GET'],
      [':scheme', 'http'],
      [':path', '/'],
      [':authority', 'www.example.com'],
    ]);
    expect(d.decode(hexToBytes('828684be58086e6f2d6361636865'))).toContainEqual([
      'cache-control',
      'no-cache',
    ]);
    expect(
      d.decode(hexToBytes('828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565')),
    ).toContainEqual(['custom-key', 'custom-value']);
    expect(d.tableSize).toBe(164);
  });

  it('C.4 Huffman strings', () => {
    expect(huffmanDecode(hexToBytes('f1e3c2e5f23a6ba0ab90f4ff'), 0, 12)).toBe('www.example.com');
    expect(huffmanDecode(hexToBytes('a8eb10649cbf'), 0, 6)).toBe('no-cache');
  });

  it('evicts by size and honours table size updates; rejects bad indexes and updates over the limit', () => {
    const d = new HpackDecoder({ maxTableSize: 64 });
    d.decode(hexToBytes('400a637573746f6d2d6b65790c637573746f6d2d76616c7565')); // 54 octets
    d.decode(hexToBytes('400a637573746f6d2d6b65790c637573746f6d2d76616c7565'));
    expect(d.tableSize).toBe(54);
    expect(() => d.decode(hexToBytes('c0'))).toThrow(/beyond the dynamic table/);
    expect(() => d.decode(hexToBytes('3fe21f'))).toThrow(/over the allowed/);
    d.decode(hexToBytes('20'));
    expect(d.tableSize).toBe(0);
    expect(() => new HpackDecoder().decode(hexToBytes('80'))).toThrow(ParseError);
  });
});

describe('HTTP/2 request reader', () => {
  it('joins HEADERS + CONTINUATION, skips padding and priority, reports trailers', () => {
    const block = hexToBytes('828684410f7777772e6578616d706c652e636f6d');
    const frame = (type: number, flags: number, stream: number, payload: number[]) => [
      0,
      0,
      payload.length,
      type,
      flags,
      0,
      0,
      0,
      stream,
      ...payload,
    ];
    const bytes = Uint8Array.from([
      ...enc(HTTP2_PREFACE),
      ...frame(4, 0, 0, []),
      ...frame(1, 0x08 | 0x20, 1, [2, 0, 0, 0, 0, 7, ...block.subarray(0, 5), 0, 0]),
      ...frame(9, 0x04, 1, [...block.subarray(5)]),
      ...frame(0, 0x01, 1, [1, 2, 3]),
      ...frame(1, 0x04 | 0x01, 1, [0x40, 1, 0x78, 1, 0x79]),
    ]);
    const r = new Http2RequestReader();
    const out = [...r.push(bytes.subarray(0, 30)), ...r.push(bytes.subarray(30))];
    expect(out).toEqual([
      {
        streamId: 1,
        initial: true,
        headers: [
          [':method', 'GET'],
          [':scheme', 'http'],
          [':path', '/'],
          [':authority', 'www.example.com'],
        ],
      },
      { streamId: 1, initial: false, headers: [['x', 'y']] },
    ]);
    expect(r.buffered).toBe(0);
  });

  it('rejects a missing preface, interleaved frames and oversize frames, then stays failed', () => {
    expect(() => new Http2RequestReader().push(enc('GET / HTTP/1.1\r\n'))).toThrow(/preface/);
    const r = new Http2RequestReader({ expectPreface: false, maxFrameSize: 16 });
    expect(() => r.push(Uint8Array.from([0, 1, 0, 0, 0, 0, 0, 0, 1]))).toThrow(/cap/);
    expect(() => r.push(new Uint8Array(0))).toThrow(ParseError);
    const i = new Http2RequestReader({ expectPreface: false });
    expect(() =>
      i.push(Uint8Array.from([0, 0, 1, 1, 0, 0, 0, 0, 1, 0x82, 0, 0, 0, 0, 0, 0, 0, 0, 3])),
    ).toThrow(/while a header block/);
  });
});
