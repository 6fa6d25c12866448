// Apache's JSON-shaped access log, from lines a real Apache 2.4.71 wrote (test-fixtures/apache).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apacheEscapesToJson, parseApacheJsonLine } from './apache.js';
import { jsonParserFor, requestDecoder } from './decoders.js';
import { detectFormat } from '../interop/detect.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test-fixtures/apache/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
const decode = requestDecoder('apache');
const parse = jsonParserFor('apache');
const events = fixture('access.json').map((l) => {
  const j = parse(Buffer.from(l));
  if (!j.ok) throw new Error(j.bad.message);
  const e = decode(j.value);
  if (!e.ok) throw new Error(e.bad.message);
  return e.value;
});

describe('Apache access log lines', () => {
  it('turns \\xhh runs into the characters their UTF-8 bytes encode, and nothing else', () => {
    expect(JSON.parse(apacheEscapesToJson(String.raw`"q\"uo\\te \xc3\xa9"`))).toBe('q"uo\\te é');
    // An escaped backslash before "x41" is a backslash and the text x41.
    expect(JSON.parse(apacheEscapesToJson(String.raw`"\\x41"`))).toBe('\\x41');
    expect(JSON.parse(apacheEscapesToJson(String.raw`"a\x01b"`))).toBe('a\u0001b');
    // Latin-1 bytes are not UTF-8: kept as U+FFFD so the line survives and the damage shows.
    expect(JSON.parse(apacheEscapesToJson(String.raw`"caf\xe9"`))).toBe('caf\ufffd');
    expect(apacheEscapesToJson('{"a":"plain"}')).toBe('{"a":"plain"}');
  });

  it('maps each recorded line to the request event the server saw', () => {
    expect(events).toHaveLength(4);
    const [garbage, control, h2, h1] = events;
    expect(garbage).toMatchObject({ method: 'GARBAGE', path: '', status: 400, scheme: 'http' });
    expect(garbage!.headers).toEqual([]);
    expect(control).toMatchObject({ method: 'GET', path: '/a"b\\c/\u0001', query: 'q' });
    expect(h2).toMatchObject({
      ts_us: 1796626475596418,
      src_ip: '127.0.0.1',
      src_port: 55056,
      dst_ip: '127.0.0.1',
      dst_port: 18443,
      scheme: 'https',
      method: 'GET',
      path: '/a%20b',
      query: 'x=1',
      http_version: 'HTTP/2.0',
      status: 404,
      bytes_in: 72,
      bytes_out: 338,
      duration_ms: 0.386,
      host: '127.0.0.1:18443',
      header_order: 'configured',
      source: 'apache',
    });
    // HTTP/2 names are lower case on the wire; absent headers ("-") are left out.
    expect(h2!.headers).toEqual([
      ['host', '127.0.0.1:18443'],
      ['user-agent', 'curl/7.88.1'],
      ['accept', '*/*'],
      ['cookie', 'sid=1'],
      ['x-t', 'q"uo\\te é'],
    ]);
    expect(h1!.headers.map(([n]) => n)).toEqual(['Host', 'User-Agent', 'Accept']);
  });

  it('refuses what is not a request, naming why', () => {
    const out = fixture('bad.json').map((l) => {
      const j = parseApacheJsonLine(Buffer.from(l));
      return j.ok ? decode(j.value) : j;
    });
    expect(out.map((r) => (r.ok ? 'ok' : `${r.bad.kind} ${r.bad.field ?? ''}`.trim()))).toEqual([
      'invalid_field request',
      'malformed_json',
      'invalid_field time',
    ]);
    const first = out[0]!;
    expect(!first.ok && first.bad.message).toMatch(/sent none \(408\)/);
  });

  it('is recognised by ja4ws import from its first line', () => {
    expect(detectFormat(fixture('access.json'), 'access.json')?.format).toBe('apache');
  });
});
