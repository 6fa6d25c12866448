import { describe, it } from 'vitest';
import { readJsonl } from '../tls/fixtures/load.js';
import { hexToBytes } from '../util/hex.js';
import { assertTotal } from '../util/property.js';
import { HpackDecoder } from './hpack.js';
import { parseHttp1RequestHead } from './http1.js';
import { Http2RequestReader } from './http2-frames.js';

const heads = readJsonl<{ hex: string }>(
  new URL('./fixtures/http1-requests.jsonl', import.meta.url).pathname,
)
  .slice(0, 8)
  .map((r) => hexToBytes(r.hex));
const h2 = hexToBytes(
  readJsonl<{ hex: string }>(
    new URL('./fixtures/h2-client-streams.jsonl', import.meta.url).pathname,
  )[0]!.hex,
);
// RFC 7541 C.4 (Huffman) and C.3 (raw) request blocks plus the first real block of the capture.
const blocks = [
  hexToBytes('828684418cf1e3c2e5f23a6ba0ab90f4ff'),
  hexToBytes('828684be5886a8eb10649cbf'),
  hexToBytes('828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf'),
  hexToBytes('828684410f7777772e6578616d706c652e636f6d'),
];

const chars = (h: ReadonlyArray<readonly [string, string]>): number =>
  h.reduce((n, [a, b]) => n + a.length + b.length, 0);

describe('HTTP parsers never throw anything but ParseError', () => {
  it('parseHttp1RequestHead', () => {
    assertTotal(
      (b) => parseHttp1RequestHead(b),
      heads,
      (r) => (r ? chars(r.headers) + r.headers.length : 0),
      { factor: 1, constant: 0 },
    );
  });

  it('HPACK decode (fresh decoder per input, and one shared decoder across inputs)', () => {
    // Indexed fields can repeat table entries: bound by fields (<= 1 per byte) times the largest entry.
    assertTotal(
      (b) => new HpackDecoder().decode(b),
      blocks,
      (f) => f.length + chars(f) / 4200,
      { factor: 2, constant: 1 },
    );
    const shared = new HpackDecoder({ maxTableSize: 4096 });
    assertTotal(
      (b) => shared.decode(b),
      blocks,
      (f) => f.length,
      { factor: 1, constant: 0 },
      200,
    );
  });

  it('Http2RequestReader', () => {
    const seeds = [h2.subarray(0, 1500), h2.subarray(0, 600)];
    assertTotal(
      (b) => {
        const r = new Http2RequestReader();
        const out = r.push(b.subarray(0, 100));
        out.push(...r.push(b.subarray(100)));
        return out;
      },
      seeds,
      (out) => out.length,
      { factor: 1 / 9, constant: 0 },
    );
  });
});
