// Outputs against independent truth: files on disk, a local HTTP receiver that checks the HMAC
// with its own key, the RFC 5424 / CEF escaping rules, and a receiver that never answers (the
// pipeline must not wait: the queue fills, then drops are counted).
import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CorrelatedEvent } from '../../common/events/correlated.js';
import { cef } from './cef.js';
import { OutputConfig } from './config.js';
import type { AnomalyOut, OutputEvent } from './event.js';
import { JsonlOutput, StdoutOutput } from './jsonl-output.js';
import { startOutputs } from './outputs.js';
import { rfc5424 } from './rfc5424.js';
import { WebhookOutput } from './webhook-output.js';

const correlated: CorrelatedEvent = {
  correlation: 'matched',
  ts_us: 1_733_547_600_123_456,
  src_ip: '203.0.113.7',
  src_port: 53116,
  dst_ip: '198.51.100.20',
  dst_port: 443,
  request: {
    ts_us: 1_733_547_600_123_456,
    src_ip: '203.0.113.7',
    src_port: 53116,
    method: 'GET',
    host: 'shop.example',
    path: '/a=b|c',
    http_version: '2',
    headers: [['User-Agent', 'curl/8.5.0']],
  },
  handshake: {
    ts_us: 1_733_547_600_000_000,
    stream: 0,
    transport: 'tcp',
    src: '203.0.113.7',
    src_port: 53116,
    dst: '198.51.100.20',
    dst_port: 443,
    ja4: 't13d1516h2_8daaf6152771_02713d6af862',
  },
};
const anomaly = (score: number): AnomalyOut => ({
  detected_at: '2026-12-07T04:00:00.000Z',
  entity_type: 'ip_ja4',
  src_ip: '203.0.113.7',
  ja4: 't13d1516h2_8daaf6152771_02713d6af862',
  score,
  threshold: 0.6,
  reasons: ['request rate 40x the usual', 'new "JA4"]'],
  model_id: 'm1',
  run_id: 'r1',
});
const ev = (score: number): OutputEvent => ({ type: 'anomaly', anomaly: anomaly(score) });

describe('message formats', () => {
  it('RFC 5424: PRI from facility and severity, SD values escaped, the event as JSON', () => {
    const m = rfc5424(ev(0.9), { facility: 16, appName: 'ja4ws', host: 'sensor1' });
    // local0 (16) * 8 + error (3) = 131
    expect(m.startsWith('<131>1 2026-12-07T04:00:00.000Z sensor1 ja4ws ')).toBe(true);
    expect(m).toContain(
      ' anomaly [ja4ws@32473 src="203.0.113.7" ja4="t13d1516h2_8daaf6152771_02713d6af862" score="0.900" entity="ip_ja4"] {',
    );
    const json = JSON.parse(m.slice(m.indexOf('] {') + 2)) as Record<string, unknown>;
    expect(json).toMatchObject({ type: 'anomaly', score: 0.9, src_ip: '203.0.113.7' });
    const c = rfc5424(
      { type: 'correlated', event: correlated },
      { facility: 16, appName: 'ja4ws', host: 'h' },
    );
    expect(c.startsWith('<134>1 2024-12-07T05:00:00.123Z h ja4ws ')).toBe(true);
    expect(c).toContain('path="/a=b|c"');
  });

  it('CEF: header pipes and extension equals signs escaped, CEF dictionary keys', () => {
    const line = cef({ type: 'correlated', event: correlated });
    expect(
      line.startsWith('CEF:0|ja4ws|ja4-workstation|0.1.0|correlated-matched|HTTP request|1|'),
    ).toBe(true);
    expect(line).toContain('src=203.0.113.7 spt=53116 dst=198.51.100.20 dpt=443');
    expect(line).toContain('cs1=t13d1516h2_8daaf6152771_02713d6af862 cs1Label=JA4');
    expect(line).toContain('request=shop.example/a\\=b|c');
    expect(line).toContain('requestClientApplication=curl/8.5.0');
    expect(line).toContain('rt=1733547600123');
    const a = cef(ev(0.72));
    expect(a).toContain('|anomaly-ip_ja4|Anomalous client and JA4|7|');
    expect(a).toContain('msg=request rate 40x the usual; new "JA4"]');
  });
});

describe('JSONL file output', () => {
  it('rotates by size, keeping N files, every line whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja4ws-out-'));
    const path = join(dir, 'events.jsonl');
    const c = OutputConfig.parse({ kind: 'jsonl', path, maxBytes: 2048, files: 2 });
    const out = new JsonlOutput('t', c as Extract<OutputConfig, { kind: 'jsonl' }>);
    for (let i = 0; i < 40; i++) {
      out.write(ev(i / 100));
      await out.idle();
    }
    await out.close();
    expect(readdirSync(dir).sort()).toEqual(['events.jsonl', 'events.jsonl.1', 'events.jsonl.2']);
    expect(out.rotations).toBeGreaterThan(2);
    const lines = ['events.jsonl.2', 'events.jsonl.1', 'events.jsonl']
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean))
      .map((l) => JSON.parse(l) as { score: number });
    // The newest lines survive, in order, none cut.
    const scores = lines.map((l) => Math.round(l.score * 100));
    expect(scores.at(-1)).toBe(39);
    expect(scores).toEqual(scores.slice().sort((a, b) => a - b));
    for (const f of ['events.jsonl.1', 'events.jsonl.2'])
      expect(readFileSync(join(dir, f)).length).toBeGreaterThanOrEqual(2048);
  });

  it('rotates by age', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja4ws-out-'));
    const path = join(dir, 'events.jsonl');
    let now = 0;
    const c = OutputConfig.parse({ kind: 'jsonl', path, maxAgeSeconds: 60 });
    const out = new JsonlOutput('t', c as Extract<OutputConfig, { kind: 'jsonl' }>, () => now);
    out.write(ev(0.1));
    await out.idle();
    now = 61_000;
    out.write(ev(0.2));
    await out.idle();
    await out.close();
    expect(readFileSync(`${path}.1`, 'utf8')).toContain('"score":0.1');
    expect(readFileSync(path, 'utf8')).toContain('"score":0.2');
  });
});

describe('never blocking', () => {
  it('a receiver that never answers fills the bounded queue, then drops are counted', async () => {
    const stuck = new Writable({ write: () => undefined, highWaterMark: 1 });
    const out = new StdoutOutput('stuck', 5, stuck);
    for (let i = 0; i < 100; i++) out.write(ev(0.5));
    const s = out.stats();
    // One batch is in flight (taken off the queue), the queue holds 5, the rest are dropped.
    expect(s.queued).toBe(5);
    expect(s.dropped).toBeGreaterThanOrEqual(90);
    await out.close(10);
    expect(out.stats().queued).toBe(0);
  });
});

describe('webhook output', () => {
  it('retries a 500 with backoff, signs with HMAC-SHA256, sends a Slack-style body; minScore filters', async () => {
    const secret = 'a-secret-of-at-least-16';
    const got: { body: string; sig: string; ts: string }[] = [];
    let calls = 0;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        calls++;
        if (calls === 1) {
          res.writeHead(500).end();
          return;
        }
        got.push({
          body,
          sig: String(req.headers['x-ja4ws-signature']),
          ts: String(req.headers['x-ja4ws-timestamp']),
        });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      const outputs = startOutputs([
        OutputConfig.parse({ kind: 'webhook', url, secret, minScore: 0.7, backoffMs: 20 }),
      ]);
      outputs.anomalies([anomaly(0.5), anomaly(0.9)]);
      outputs.correlated(correlated); // webhooks take anomalies only by default
      await outputs.idle();
      const [s] = outputs.stats();
      expect(s).toMatchObject({ sent: 1, dropped: 0, errors: 0, queued: 0 });
      expect(calls).toBe(2);
      expect(got).toHaveLength(1);
      const want = `sha256=${createHmac('sha256', secret).update(`${got[0]!.ts}.${got[0]!.body}`).digest('hex')}`;
      expect(got[0]!.sig).toBe(want);
      const body = JSON.parse(got[0]!.body) as { text: string; ja4ws: { score: number } };
      expect(body.text).toMatch(
        /^ja4ws anomaly \(score 0\.90\) from 203\.0\.113\.7 with JA4 t13d1516h2/,
      );
      expect(body.ja4ws.score).toBe(0.9);
      await outputs.close();
    } finally {
      server.close();
    }
  });

  it('gives up after the retries and counts the event dropped, with the last error', async () => {
    const server = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const c = OutputConfig.parse({ kind: 'webhook', url, retries: 2, backoffMs: 5 });
      const out = new WebhookOutput('w', c as Extract<OutputConfig, { kind: 'webhook' }>);
      out.write(ev(0.9));
      await out.idle();
      expect(out.retries).toBe(2);
      expect(out.stats()).toMatchObject({ sent: 0, dropped: 1, errors: 1 });
      expect(out.stats().lastError).toMatch(/HTTP 503/);
    } finally {
      server.close();
    }
  });
});
