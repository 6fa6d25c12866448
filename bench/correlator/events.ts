// Synthetic but realistic traffic for the correlator benchmarks: each connection is a handshake
// record (full set of fingerprint strings, as a sensor sends them) and 1-4 keep-alive requests
// with browser-like headers, client ports cycling so the tuple space looks like real NAT-less
// traffic. Records are built by JSON.parse so every string is its own allocation, as after ingest.
import type { ConnectionRecord } from '../../common/events/connection.js';
import type { HttpRequest } from '../../common/events/http-request.js';

export type BenchEvent =
  { hs: ConnectionRecord; req?: undefined } | { req: HttpRequest; hs?: undefined };

const HEADERS: [string, string][] = [
  ['Host', 'shop.example.test'],
  [
    'User-Agent',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  ],
  ['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ['Accept-Language', 'en-US,en;q=0.9'],
  ['Accept-Encoding', 'gzip, deflate, br'],
  ['Cookie', 'session=abc123; theme=dark'],
  ['Sec-Fetch-Site', 'none'],
];

export function record(i: number, tsUs: number): ConnectionRecord {
  return JSON.parse(
    JSON.stringify({
      ts_us: tsUs,
      stream: i,
      transport: 'tcp',
      src: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      src_port: 1024 + (i % 60000),
      dst: '198.51.100.1',
      dst_port: 443,
      sensor: 'lo',
      tls_server_name: 'shop.example.test',
      alpn: 'h2',
      tls_version: '13',
      cipher_count: 16,
      ja4: 't13d1516h2_8daaf6152771_02713d6af862',
      ja4_r:
        't13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_0005,000a,000b,000d,0012,0017,001b,0023,002b,002d,0033,4469,fe0d,ff01_0403,0804,0401,0503,0805,0501,0806,0601',
      ja3: 'cd08e31494f9531f560d64c695473da9',
      ja3_full:
        '771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53,0-23-65281-10-11-35-16-5-13-18-51-45-43-27-17513-65037,29-23-24,0',
      ja4t: '65495_2-4-8-1-3_65495_7',
      ja4l_c: '52_64',
    }),
  ) as ConnectionRecord;
}

/** UNIQUE_COOKIES=1: every connection has its own session cookie, so JA4H differs per connection. */
const UNIQUE = process.env.UNIQUE_COOKIES === '1';

export function request(i: number, k: number, tsUs: number): HttpRequest {
  const headers = UNIQUE
    ? HEADERS.map(([n, v]): [string, string] => [
        n,
        n === 'Cookie' ? `session=${i}; theme=dark` : v,
      ])
    : HEADERS;
  return JSON.parse(
    JSON.stringify({
      ts_us: tsUs,
      src_ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      src_port: 1024 + (i % 60000),
      dst_ip: '198.51.100.1',
      dst_port: 443,
      method: 'GET',
      scheme: 'https',
      host: 'shop.example.test',
      path: `/product/${i}/${k}`,
      http_version: '2',
      status: 200,
      bytes_out: 5120,
      duration_ms: 3,
      headers,
    }),
  ) as HttpRequest;
}

/** `conns` connections opening at `perSecond`, each with 1-4 requests within 2 s of its handshake. */
export function traffic(
  conns: number,
  perSecond: number,
  t0Us = 1_732_480_000_000_000,
): BenchEvent[] {
  return trafficSlice(0, conns, perSecond, t0Us);
}

/**
 * Connections [from, to) of the same stream, in event-time order within the slice; consecutive
 * slices concatenate to the whole stream (a request may come up to 1.2 s after a later
 * connection's handshake, well inside the reorder bound).
 */
export function trafficSlice(
  from: number,
  to: number,
  perSecond: number,
  t0Us = 1_732_480_000_000_000,
): BenchEvent[] {
  const evs: { t: number; e: BenchEvent }[] = [];
  const step = 1e6 / perSecond;
  for (let i = from; i < to; i++) {
    const ts = Math.round(t0Us + i * step);
    evs.push({ t: ts, e: { hs: record(i, ts) } });
    const n = 1 + (i % 4);
    for (let k = 0; k < n; k++) {
      const rt = ts + 20_000 + k * 400_000;
      evs.push({ t: rt + 3000, e: { req: request(i, k, rt) } });
    }
  }
  evs.sort((a, b) => a.t - b.t);
  return evs.map((x) => x.e);
}

export function machine(): string {
  return `${new Date().toISOString()}, node ${process.version}`;
}
