// Flat request events (fingerprints as fields, as CDN/WAF logs and JA4-enabled servers export
// them) read by `ja4ws detect` beside correlated events: field names as exporters spell them,
// time units told apart, bad lines refused by name and counted, the whole file with --window all.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { flatToCorrelated, timeToMicros } from './flat-event.js';

const CHROME = 't13d1516h2_8daaf6152771_e5627efa2ab1';
const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const T = Date.UTC(2026, 10, 24, 11, 0, 0);

describe('flat request events', () => {
  it('reads a Cloudflare-style line (ClientIP, EdgeStartTimestamp in ns, JA4, JA3)', () => {
    const r = flatToCorrelated({
      ClientIP: '198.51.100.7',
      EdgeStartTimestamp: T * 1e6,
      ClientRequestMethod: 'POST',
      ClientRequestURI: '/account/login?next=%2F',
      ClientRequestProtocol: 'HTTP/2',
      EdgeResponseStatus: 401,
      ClientRequestUserAgent: UA,
      JA4: CHROME,
      JA3: 'cd08e31494f9531f560d64c695473da9',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event.ts_us).toBe(T * 1000);
    expect(r.event.src_ip).toBe('198.51.100.7');
    expect(r.event.request).toMatchObject({
      method: 'POST',
      path: '/account/login',
      query: 'next=%2F',
      http_version: '2',
      status: 401,
    });
    expect(r.event.request!.headers).toContainEqual(['user-agent', UA]);
    expect(r.event.handshake).toMatchObject({
      ja4: CHROME,
      ja3: 'cd08e31494f9531f560d64c695473da9',
    });
  });

  it('tells epoch seconds, ms, µs and ns apart, and reads ISO 8601', () => {
    for (const v of [T / 1000, T, T * 1000, T * 1e6, new Date(T).toISOString()])
      expect(timeToMicros(v)).toBe(T * 1000);
    expect(timeToMicros('2026-11-24T11:00:00.123456Z')).toBe(T * 1000 + 123_456);
    expect(timeToMicros('yesterday')).toBeUndefined();
  });

  it('refuses a line without what detection needs, naming the field', () => {
    const miss = flatToCorrelated({ ja4: CHROME, ts: T });
    expect(miss).toEqual({ ok: false, error: expect.stringMatching(/no client address/) });
    const time = flatToCorrelated({ ja4: CHROME, client_ip: '198.51.100.1', ts: 'soon' });
    expect(time).toEqual({ ok: false, error: expect.stringMatching(/time "soon" is not/) });
    const ip = flatToCorrelated({ ja4: CHROME, client_ip: 'not-an-ip', ts: T });
    expect(ip.ok).toBe(false);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'ja4ws-flat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ja4ws detect on a flat export', () => {
  it('recognises the format, scores the whole file with --window all, counts bad lines', async () => {
    const lines: string[] = [];
    // 12 people over 3 hours (wider than the default window), 6 clients hammering /login.
    for (let p = 0; p < 12; p++)
      for (let i = 0; i < 8; i++)
        lines.push(
          JSON.stringify({
            timestamp: new Date(T - 3 * 3_600_000 + p * 900_000 + i * 37_000).toISOString(),
            client_ip: `198.51.100.${p + 1}`,
            method: 'GET',
            uri: i % 2 ? '/static/app.js' : `/p/${p * 10 + i}`,
            status: 200,
            user_agent: UA,
            ja4: CHROME,
            cookie: i > 0,
            accept_language: 'en',
            protocol: 'HTTP/2',
          }),
        );
    for (let b = 0; b < 6; b++)
      for (let i = 0; i < 10; i++)
        lines.push(
          JSON.stringify({
            timestamp: (T - 600_000 + b * 1000 + i * 3_000) / 1000,
            client_ip: `203.0.113.${b + 1}`,
            method: 'POST',
            uri: '/account/login',
            status: 401,
            user_agent: 'python-requests/2.31.0',
            ja4: 't13d1615h2_46e7e9700bed_45f260be83e2',
            ja3: 'e7d705a3286e19ea42f587b344ee6865',
          }),
        );
    lines.splice(5, 0, '{"ja4": "' + CHROME + '", "ts": 1}', 'not json', '{"nothing": 1}');
    const events = join(dir, 'waf.jsonl');
    const out = join(dir, 'scores.jsonl');
    writeFileSync(events, lines.join('\n') + '\n');
    const chunks: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((c: string) => (
      chunks.push(String(c)),
      true
    )) as typeof process.stderr.write;
    let code: number;
    try {
      code = await runCli([
        'detect',
        '--events',
        events,
        '--out',
        out,
        '--level',
        'ip',
        '--window',
        'all',
        '--min-requests',
        '3',
      ]);
    } finally {
      process.stderr.write = write;
    }
    const log = chunks.join('');
    expect(code).toBe(0);
    expect(log).toMatch(
      /recognised 156 flat request events with fingerprint fields \(ja4, ja3, \.\.\.\)/,
    );
    expect(log).toMatch(/3 bad \(json 1, schema 2, too long 0\)/);
    expect(log).toMatch(/line 6: schema: flat event: no client address/);
    expect(log).toMatch(/line 8: schema: neither a correlated event nor a flat event/);
    const scores = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { src_ip: string; score: number });
    // --window all: the people three hours back are scored too.
    expect(scores.map((s) => s.src_ip).sort()).toEqual(
      [
        ...Array.from({ length: 12 }, (_, p) => `198.51.100.${p + 1}`),
        ...Array.from({ length: 6 }, (_, b) => `203.0.113.${b + 1}`),
      ].sort(),
    );
  });
});
