// Builders for correlator tests and benchmarks: a handshake record and a request event on the
// same tuple, with times in seconds for readability.
import type { ConnectionRecord } from '../../../common/events/connection.js';
import type { HttpRequest } from '../../../common/events/http-request.js';

export const CURL_JA4 = 't13d4907h2_0d8feac7bc37_7395dae3b2f3';
export const CHROME_JA4 = 't13d1516h2_8daaf6152771_02713d6af862';

export function handshake(
  tsSec: number,
  srcPort: number,
  over: Partial<ConnectionRecord> = {},
): ConnectionRecord {
  return {
    ts_us: Math.round(tsSec * 1e6),
    stream: 0,
    transport: 'tcp',
    src: '192.0.2.10',
    src_port: srcPort,
    dst: '198.51.100.1',
    dst_port: 443,
    tls_server_name: 'example.test',
    ja4: CURL_JA4,
    ja3: '375c6162a492dfbf2795909110ce8424',
    ...over,
  };
}

export function request(
  tsSec: number,
  srcPort: number,
  over: Partial<HttpRequest> = {},
): HttpRequest {
  return {
    ts_us: Math.round(tsSec * 1e6),
    src_ip: '192.0.2.10',
    src_port: srcPort,
    dst_ip: '198.51.100.1',
    dst_port: 443,
    method: 'GET',
    scheme: 'https',
    host: 'example.test',
    path: '/',
    http_version: '1.1',
    status: 200,
    headers: [
      ['Host', 'example.test'],
      ['User-Agent', 'curl/8.0'],
      ['Accept', '*/*'],
    ],
    ...over,
  };
}
