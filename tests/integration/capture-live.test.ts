// Live capture through the supervised worker on `lo`, checked against independent tools: an HTTPS
// server on 127.0.0.1, real clients (Node https, curl, openssl s_client), a parallel tcpdump
// capture of the same traffic, Debian's tshark for JA3 and the engine itself on that file for JA4.
// Needs root (CAP_NET_RAW) like CI; skipped with the reason otherwise.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionRecord } from '../../common/events/connection.js';
import { createEngine } from '../../capture-worker/src/engine/index.js';
import { readCaptureFile } from '../../capture-worker/src/pcap/read-file.js';
import { CaptureSupervisor } from '../../main/capture/supervisor.js';
import { tsharkJa3ByPort } from '../support/tls.js';

const run = promisify(execFile);

function missingTool(): string | undefined {
  for (const t of ['tcpdump', 'tshark', 'curl', 'openssl']) {
    try {
      execFileSync('/bin/sh', ['-c', `command -v ${t}`], { stdio: 'ignore' });
    } catch {
      return t;
    }
  }
  return undefined;
}

const isRoot = process.getuid?.() === 0;
const missing = missingTool();
const skipReason = !isRoot
  ? 'live capture needs root (CAP_NET_RAW/CAP_NET_ADMIN); CI runs as root'
  : missing
    ? `${missing} is not installed`
    : '';
if (skipReason) console.log(`capture-live: skipped: ${skipReason}`);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(
  what: string,
  fn: () => T | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

let dir: string;
let server: https.Server;
let port: number;

beforeAll(async () => {
  if (skipReason) return;
  dir = mkdtempSync(join(tmpdir(), 'capture-live-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
    ],
    {
      stdio: 'ignore',
    },
  );
  server = https.createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (_req, res) => res.end('ok\n'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  if (skipReason) return;
  server.close();
  if (!process.env.CAPTURE_KEEP) rmSync(dir, { recursive: true, force: true });
});

function nodeRequest(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        servername: 'localhost',
        rejectUnauthorized: false,
        agent: false,
      },
      (res) => {
        const p = res.socket.localPort!;
        res.resume();
        res.on('end', () => resolve(p));
      },
    );
    req.on('error', reject);
  });
}

async function clientTraffic(): Promise<void> {
  await nodeRequest();
  await run('curl', [
    '-sk',
    '--max-time',
    '5',
    `https://localhost:${port}/`,
    '--resolve',
    `localhost:${port}:127.0.0.1`,
  ]);
  await run('curl', [
    '-sk',
    '--max-time',
    '5',
    '--tlsv1.2',
    '--tls-max',
    '1.2',
    '--http1.1',
    `https://127.0.0.1:${port}/`,
  ]);
  await new Promise<void>((resolve, reject) => {
    const c = spawn(
      'openssl',
      ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost'],
      { stdio: ['pipe', 'ignore', 'ignore'] },
    );
    c.stdin.end('Q\n');
    c.on('error', reject);
    c.on('close', () => resolve());
  });
}

async function startReferenceTcpdump(file: string): Promise<() => Promise<void>> {
  const td = spawn(
    'tcpdump',
    ['-i', 'lo', '-n', '-U', '--immediate-mode', '-w', file, '--', `tcp port ${port}`],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let err = '';
  await new Promise<void>((resolve, reject) => {
    td.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('listening on')) resolve();
    });
    td.on('close', () => reject(new Error(`reference tcpdump exited: ${err}`)));
  });
  return async () => {
    const closed = new Promise((r) => td.on('close', r));
    td.kill('SIGTERM');
    await closed;
  };
}

async function engineOnFile(file: string): Promise<Map<number, ConnectionRecord>> {
  const out = new Map<number, ConnectionRecord>();
  const engine = createEngine({ onRecord: (r) => out.set(r.src_port, r) });
  for await (const p of readCaptureFile(file)) engine.push(p);
  engine.finish();
  return out;
}

describe.skipIf(skipReason !== '').each(['tcpdump', 'cap'] as const)(
  'live capture on lo through the %s source',
  (source) => {
    it('delivers every handshake with tshark JA3 and the engine JA4 of a parallel tcpdump capture', async () => {
      const records: ConnectionRecord[] = [];
      const sup = new CaptureSupervisor({
        workers: [
          {
            name: 'lo',
            config: { iface: 'lo', source, filter: `tcp port ${port}`, statsIntervalMs: 500 },
          },
        ],
        onRecord: (r) => records.push(r),
      });
      const pcap = join(dir, `ref-${source}.pcap`);
      const stopRef = await startReferenceTcpdump(pcap);
      sup.start();
      try {
        await waitFor('worker running', () => sup.health()[0]!.state === 'running');
        await clientTraffic();
        await sleep(300);
        await stopRef();
        const ja3 = await tsharkJa3ByPort(pcap, port);
        const ja4 = await engineOnFile(pcap);
        expect(ja3.size).toBe(4);
        const handshakes = await waitFor('a handshake record for every client connection', () => {
          const byPort = new Map<number, ConnectionRecord>();
          for (const r of records)
            if (r.ja4 !== undefined && !byPort.has(r.src_port)) byPort.set(r.src_port, r);
          return [...ja3.keys()].every((p) => byPort.has(p)) ? byPort : undefined;
        });
        for (const [p, want] of ja3) {
          const got = handshakes.get(p)!;
          expect({ port: p, ja3: got.ja3 }).toEqual({ port: p, ja3: want });
          expect(ja4.get(p)?.ja4).toBeDefined();
          expect({ port: p, ja4: got.ja4 }).toEqual({ port: p, ja4: ja4.get(p)!.ja4 });
          expect(got.dst_port).toBe(port);
          expect(got.sensor).toBe('local');
        }
        // Four different client stacks: at least three distinct fingerprints.
        expect(new Set([...handshakes.values()].map((r) => r.ja4)).size).toBeGreaterThanOrEqual(3);
        const h = sup.health()[0]!;
        expect(h.totals.invalidFrames).toBe(0);
        expect(h.totals.eventsMissing).toBe(0);
        if (source === 'tcpdump') {
          // Kernel capture stamps: each packet socket takes its own, microseconds apart on lo.
          for (const [p, r] of handshakes)
            expect(Math.abs(r.ts_us - ja4.get(p)!.ts_us)).toBeLessThan(1000);
        }
      } finally {
        await sup.stop();
      }
      const t = sup.health()[0]!;
      expect(t.state).toBe('stopped');
      expect(t.totals.packets).toBeGreaterThan(0);
      if (source === 'tcpdump') expect(t.totals.kernelDrops).toBe(0);
      else expect(t.totals.kernelDrops).toBeNull();
    });
  },
);

describe.skipIf(skipReason !== '')('worker supervision under traffic', () => {
  it('a worker killed with SIGKILL is back within 2 s, capture resumes and counters continue', async () => {
    const records: { r: ConnectionRecord; at: number }[] = [];
    const sup = new CaptureSupervisor({
      workers: [
        { name: 'lo', config: { iface: 'lo', filter: `tcp port ${port}`, statsIntervalMs: 200 } },
      ],
      onRecord: (r) => records.push({ r, at: Date.now() }),
    });
    sup.start();
    let traffic = true;
    const load = (async () => {
      while (traffic) {
        await nodeRequest().catch(() => undefined);
        await sleep(50);
      }
    })();
    try {
      await waitFor('worker running', () => sup.health()[0]!.state === 'running');
      await waitFor('events before the kill', () => records.length >= 4);
      await sleep(500);
      const before = sup.health()[0]!;
      const oldPid = before.pid!;
      const helper = before.hello!.helperPid!;
      const killedAt = Date.now();
      process.kill(oldPid, 'SIGKILL');
      const back = await waitFor(
        'worker back',
        () => {
          const h = sup.health()[0]!;
          return h.state === 'running' && h.pid !== oldPid ? h : undefined;
        },
        5000,
      );
      const downMs = Date.now() - killedAt;
      console.log(`capture-live: worker back ${downMs} ms after SIGKILL`);
      expect(downMs).toBeLessThan(2000);
      expect(back.totals.restarts).toBe(1);
      expect(back.totals.crashes).toBe(1);
      expect(back.lastExit?.signal).toBe('SIGKILL');
      // The orphaned tcpdump of the killed worker is gone.
      await waitFor(
        'old tcpdump gone',
        () => {
          try {
            process.kill(helper, 0);
            return false;
          } catch {
            return true;
          }
        },
        3000,
      );
      const n = records.length;
      await waitFor('events after the restart', () =>
        records.slice(n).some((e) => e.at > killedAt && e.r.ja4 !== undefined),
      );
      await sleep(500);
      const after = sup.health()[0]!.totals;
      expect(after.packets).toBeGreaterThan(before.totals.packets);
      expect(after.eventsReceived).toBeGreaterThan(before.totals.eventsReceived);
    } finally {
      traffic = false;
      await load;
      await sup.stop();
    }
  });

  it('an interface that does not exist fails once with a clear message, no restart loop', async () => {
    const sup = new CaptureSupervisor({
      workers: [{ config: { iface: 'nosuch0', filter: 'tcp' } }],
    });
    sup.start();
    const h = await waitFor('failed', () =>
      sup.health()[0]!.state === 'failed' ? sup.health()[0]! : undefined,
    );
    expect(h.lastError).toContain('"nosuch0" does not exist');
    expect(h.totals.restarts).toBe(0);
    await sup.stop();
  });
});
