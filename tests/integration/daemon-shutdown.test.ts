// SIGTERM under load: writers stream request events into the daemon's http.socket as fast as
// they can; the daemon is stopped mid-stream. It must exit within 10 s, and every request it
// accepted (its own count, logged at stop) must be in ClickHouse, raw and correlated.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../main/storage/store.js';

const root = resolve(import.meta.dirname, '../..');

function line(i: number, w: number): string {
  return `${JSON.stringify({
    time: Date.now() / 1000,
    src_ip: `198.51.100.${w + 1}`,
    src_port: 20000 + (i % 40000),
    dst_ip: '192.0.2.10',
    dst_port: 443,
    method: 'GET',
    host: 'load.example',
    path: `/w${w}/${i}`,
    http_version: '1.1',
    status: 200,
    headers: [
      ['Host', 'load.example'],
      ['User-Agent', 'load-test'],
    ],
  })}\n`;
}

/** Writes lines until the socket breaks (the daemon stopped reading); resolves with lines written. */
function blast(path: string, w: number): Promise<number> {
  return new Promise((done) => {
    let i = 0;
    const pump = () => {
      while (!s.destroyed) {
        if (!s.write(line(i++, w))) return void s.once('drain', pump);
      }
    };
    const s: Socket = connect(path, pump);
    s.on('error', () => done(i));
    s.on('close', () => done(i));
  });
}

describe('daemon shutdown under load', () => {
  it('exits within 10 s of SIGTERM with every accepted request stored', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ja4ws-shutdown-'));
    const httpSocket = join(dataDir, 'http.socket');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'main/cli/main.ts'),
        '--daemon',
        '--data-dir',
        dataDir,
        '--port',
        '0',
        '--log-level',
        'info',
      ],
      {
        cwd: root,
        env: {
          ...process.env,
          JA4WS_INGEST__HTTP_SOCKET: httpSocket,
          JA4WS_INGEST__NETWORK_SOCKET: join(dataDir, 'network.socket'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    for (let t = 0; !out.includes('daemon is running') && t < 600; t++)
      await new Promise((r) => setTimeout(r, 100));
    expect(out, err).toContain('daemon is running');

    const writers = [0, 1, 2, 3].map((w) => blast(httpSocket, w));
    await new Promise((r) => setTimeout(r, 2_000));
    const t0 = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    const stopMs = Date.now() - t0;
    const sent = (await Promise.all(writers)).reduce((a, b) => a + b, 0);

    expect(code, err.slice(-3000)).toBe(0);
    expect(stopMs).toBeLessThan(10_000);
    const stopped = err
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; accepted?: Record<string, number> })
      .find((l) => l.msg === 'stopped');
    expect(stopped, err).toBeDefined();
    const accepted = stopped!.accepted!['http.socket']!;
    expect(accepted).toBeGreaterThan(1000);
    expect(accepted).toBeLessThanOrEqual(sent);

    const store = await openStore({ kind: 'embedded', dataDir: join(dataDir, 'store') });
    try {
      const count = async (q: string) =>
        Number(
          (
            await (
              await store.client.query({ query: q, format: 'JSONEachRow' })
            ).json<{ n: string }>()
          )[0]!.n,
        );
      expect(await count('SELECT count() AS n FROM http_requests')).toBe(accepted);
      expect(
        await count(`SELECT count() AS n FROM http_logs WHERE correlation = 'request-only'`),
      ).toBe(accepted);
    } finally {
      await store.close();
    }
  }, 120_000);
});
