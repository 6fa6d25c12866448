import { describe, expect, it } from 'vitest';
import { requestDecoder } from './decoders.js';

// A line as nginx writes it with the log_format of docs/ingest.md (curl over HTTP/1.1).
const NGINX = {
  msec: '1732480000.250',
  request_time: '0.050',
  remote_addr: '192.0.2.7',
  remote_port: '51234',
  server_addr: '198.51.100.1',
  server_port: '443',
  scheme: 'https',
  request_method: 'GET',
  host: 'example.test',
  request_uri: '/search?q=ja4',
  server_protocol: 'HTTP/1.1',
  status: '200',
  request_length: '78',
  bytes_sent: '612',
  http_host: 'example.test',
  http_user_agent: 'curl/8.5.0',
  http_accept: '*/*',
  http_accept_language: '',
  http_cookie: '',
  http_referer: '',
};

// A line as Caddy 2 writes it (logger http.log.access).
const CADDY = {
  level: 'info',
  ts: 1732480001.5,
  logger: 'http.log.access',
  msg: 'handled request',
  request: {
    remote_ip: '2001:db8::7',
    remote_port: '40000',
    client_ip: '2001:db8::7',
    proto: 'HTTP/2.0',
    method: 'POST',
    host: 'example.test',
    uri: '/login',
    headers: {
      Accept: ['*/*'],
      'User-Agent': ['Mozilla/5.0'],
      'Content-Type': ['application/json'],
    },
    tls: {
      resumed: false,
      version: 772,
      cipher_suite: 4865,
      proto: 'h2',
      server_name: 'example.test',
    },
  },
  bytes_read: 42,
  user_id: '',
  duration: 0.5,
  size: 17,
  status: 302,
  resp_headers: { Location: ['/'] },
};

describe('access log mapping', () => {
  it('maps an nginx escape=json line, start = msec - request_time, headers in log_format order', () => {
    const r = requestDecoder('nginx')(NGINX);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      ts_us: 1732480000_200000,
      src_ip: '192.0.2.7',
      src_port: 51234,
      dst_ip: '198.51.100.1',
      dst_port: 443,
      method: 'GET',
      path: '/search',
      query: 'q=ja4',
      http_version: 'HTTP/1.1',
      status: 200,
      bytes_in: 78,
      bytes_out: 612,
      duration_ms: 50,
      header_order: 'configured',
      headers: [
        ['Host', 'example.test'],
        ['User-Agent', 'curl/8.5.0'],
        ['Accept', '*/*'],
      ],
    });
  });

  it('names the nginx key that is missing or mistyped', () => {
    const { remote_port: _p, ...noPort } = NGINX;
    const a = requestDecoder('nginx')(noPort);
    expect(a).toMatchObject({ ok: false, bad: { kind: 'missing_field', field: 'remote_port' } });
    const b = requestDecoder('nginx')({ ...NGINX, status: 'abc' });
    expect(b).toMatchObject({ ok: false, bad: { kind: 'invalid_field', field: 'status' } });
    const c = requestDecoder('nginx')({ ...NGINX, remote_addr: 'not-an-ip' });
    expect(c).toMatchObject({ ok: false, bad: { kind: 'invalid_field', field: 'src_ip' } });
  });

  it('maps a Caddy access line; the server address comes from the file settings', () => {
    const r = requestDecoder('caddy', { dst_port: 443 })(CADDY);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      ts_us: 1732480001_000000,
      src_ip: '2001:db8::7',
      src_port: 40000,
      dst_port: 443,
      method: 'POST',
      scheme: 'https',
      path: '/login',
      http_version: 'HTTP/2.0',
      status: 302,
      bytes_in: 42,
      bytes_out: 17,
      header_order: 'sorted',
    });
    expect(r.value.headers[0]).toEqual(['Host', 'example.test']);
    expect(r.value.headers).toContainEqual(['User-Agent', 'Mozilla/5.0']);
  });

  it('rejects a Caddy line without request.remote_port', () => {
    const bad = { ...CADDY, request: { ...CADDY.request, remote_port: undefined } };
    expect(requestDecoder('caddy')(bad)).toMatchObject({
      ok: false,
      bad: { field: 'request.remote_port' },
    });
  });
});
