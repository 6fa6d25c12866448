// Syslog outputs against Debian's rsyslog as the receiver (RFC 5424 over UDP and TCP, CEF over
// TLS with the gtls driver): rsyslog's own parser splits what it received into app-name, msgid,
// structured data and message, and the test compares those with what was sent. A dead receiver
// costs errors and drops, not time.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputConfig } from '../../main/outputs/config.js';
import type { AnomalyOut } from '../../main/outputs/event.js';
import { startOutputs } from '../../main/outputs/outputs.js';
import { hasCommand, selfSignedCert } from '../support/tls.js';

const rsyslogd = ['/usr/sbin/rsyslogd', 'rsyslogd'].find((c) => existsSync(c) || hasCommand(c));
const skip = rsyslogd ? '' : 'rsyslogd missing (apt-get install rsyslog rsyslog-gnutls)';
if (skip) console.log(`outputs-rsyslog skipped: ${skip}`);

const dir = mkdtempSync(join(tmpdir(), 'ja4ws-rsyslog-'));
let proc: ChildProcess | undefined;
const ports = { udp: 0, tcp: 0, tls: 0 };

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

async function linesOf(file: string, n: number): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const lines = text.split('\n').filter(Boolean);
    if (lines.length >= n) return lines;
    await new Promise((r) => setTimeout(r, 100));
  }
  return [];
}

beforeAll(async () => {
  if (skip) return;
  ports.udp = await freePort();
  ports.tcp = await freePort();
  ports.tls = await freePort();
  const { key, cert } = selfSignedCert(dir);
  const out = (name: string) =>
    `ruleset(name="${name}") { action(type="omfile" file="${join(dir, `${name}.log`)}" template="fields") }`;
  writeFileSync(
    join(dir, 'rsyslog.conf'),
    [
      `global(workDirectory="${dir}" maxMessageSize="64k" defaultNetstreamDriverCAFile="${cert}" defaultNetstreamDriverCertFile="${cert}" defaultNetstreamDriverKeyFile="${key}")`,
      'module(load="imudp")',
      'module(load="imtcp")',
      // Fields as rsyslog parsed them, separated by a byte none of them holds.
      'template(name="fields" type="string" string="%app-name%|#|%msgid%|#|%structured-data%|#|%msg%\\n")',
      out('udp'),
      out('tcp'),
      out('tls'),
      `input(type="imudp" address="127.0.0.1" port="${ports.udp}" ruleset="udp")`,
      `input(type="imtcp" address="127.0.0.1" port="${ports.tcp}" ruleset="tcp")`,
      `input(type="imtcp" address="127.0.0.1" port="${ports.tls}" ruleset="tls" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")`,
    ].join('\n') + '\n',
  );
  proc = spawn(
    rsyslogd!,
    ['-n', '-f', join(dir, 'rsyslog.conf'), '-i', join(dir, 'rsyslogd.pid')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  for (let i = 0; i < 100 && !((await listening(ports.tcp)) && (await listening(ports.tls))); i++)
    await new Promise((r) => setTimeout(r, 100));
  if (!(await listening(ports.tls))) throw new Error(`rsyslogd did not start: ${stderr}`);
}, 20_000);

afterAll(() => {
  if (proc?.pid) proc.kill('SIGTERM');
});

const anomaly: AnomalyOut = {
  detected_at: '2026-12-07T04:00:00.000Z',
  entity_type: 'ip_ja4',
  src_ip: '203.0.113.7',
  ja4: 't13d1516h2_8daaf6152771_02713d6af862',
  score: 0.91,
  threshold: 0.6,
  reasons: ['request rate 40x the usual', 'a "quoted" reason ] with a bracket'],
  model_id: 'm1',
  run_id: 'r1',
};

describe.skipIf(skip !== '')('syslog outputs into rsyslog', () => {
  it('RFC 5424 over UDP and TCP, CEF over TLS: rsyslog parses what was sent', async () => {
    const outputs = startOutputs([
      OutputConfig.parse({ kind: 'syslog', transport: 'udp', host: '127.0.0.1', port: ports.udp }),
      OutputConfig.parse({ kind: 'syslog', transport: 'tcp', host: '127.0.0.1', port: ports.tcp }),
      OutputConfig.parse({
        kind: 'syslog',
        transport: 'tls',
        format: 'cef',
        host: '127.0.0.1',
        port: ports.tls,
        serverName: 'localhost',
        ca: join(dir, 'cert.pem'),
      }),
    ]);
    outputs.anomalies([anomaly, { ...anomaly, src_ip: '2001:db8::9', score: 0.75 }]);
    await outputs.idle();
    expect(outputs.stats().map((s) => [s.kind, s.sent, s.dropped, s.errors])).toEqual([
      ['syslog-rfc5424-udp', 2, 0, 0],
      ['syslog-rfc5424-tcp', 2, 0, 0],
      ['syslog-cef-tls', 2, 0, 0],
    ]);
    for (const t of ['udp', 'tcp'] as const) {
      const lines = await linesOf(join(dir, `${t}.log`), 2);
      expect(lines).toHaveLength(2);
      const [app, msgid, sd, msg] = lines[0]!.split('|#|');
      expect([app, msgid]).toEqual(['ja4ws', 'anomaly']);
      expect(sd).toBe(
        '[ja4ws@32473 src="203.0.113.7" ja4="t13d1516h2_8daaf6152771_02713d6af862" score="0.910" entity="ip_ja4"]',
      );
      expect(JSON.parse(msg!)).toEqual({ type: 'anomaly', ...anomaly });
      expect(lines[1]).toContain('src="2001:db8::9"');
    }
    const tls = await linesOf(join(dir, 'tls.log'), 2);
    expect(tls).toHaveLength(2);
    const [, msgid, , msg] = tls[0]!.split('|#|');
    expect(msgid).toBe('anomaly');
    expect(msg).toBe(
      'CEF:0|ja4ws|ja4-workstation|0.1.0|anomaly-ip_ja4|Anomalous client and JA4|9|rt=1796616000000 src=203.0.113.7 cs1=t13d1516h2_8daaf6152771_02713d6af862 cs1Label=JA4 cfp1=0.910 cfp1Label=score msg=request rate 40x the usual; a "quoted" reason ] with a bracket',
    );
    await outputs.close();
  }, 30_000);

  it('a dead receiver: errors and drops are counted, write() returns at once', async () => {
    const dead = await freePort();
    const outputs = startOutputs([
      OutputConfig.parse({
        kind: 'syslog',
        transport: 'tcp',
        host: '127.0.0.1',
        port: dead,
        maxQueue: 10,
      }),
    ]);
    for (let i = 0; i < 50; i++) outputs.anomalies([anomaly]);
    expect(outputs.stats()[0]!.dropped).toBeGreaterThanOrEqual(39);
    await outputs.idle();
    const s = outputs.stats()[0]!;
    expect(s.sent).toBe(0);
    expect(s.dropped).toBe(50);
    expect(s.errors).toBeGreaterThanOrEqual(1);
    expect(s.lastError).toMatch(/ECONNREFUSED/);
    await outputs.close();
  }, 30_000);
});
