// The daemon's live pipeline in one process, with real parts: request events arrive on
// http.socket and a remote sensor's handshake on network.socket (real UNIX sockets); the
// correlator joins them; stop() is the SIGTERM path and must leave every accepted event stored.
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { HttpApiClient } from '../../common/api/http-client.js';
import type { ConnectionRecord } from '../../common/events/connection.js';
import { loadConfig } from '../../main/config/load.js';
import { runDaemon } from '../../main/daemon/run-daemon.js';
import { openStore } from '../../main/storage/store.js';

function sendLines(path: string, lines: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect(path, () => s.end(lines.map((l) => `${l}\n`).join('')));
    s.on('error', reject);
    s.on('close', () => resolve());
  });
}

const now = Date.now();
const handshake: ConnectionRecord = {
  ts_us: (now - 2_000) * 1000,
  stream: 0,
  transport: 'tcp',
  src: '198.51.100.7',
  src_port: 50123,
  dst: '192.0.2.10',
  dst_port: 443,
  sensor: 'remote-1',
  tls_server_name: 'shop.example',
  ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1',
  ja3: 'cd08e31494f9531f560d64c695473da9',
};
const request = (i: number) =>
  JSON.stringify({
    time: new Date(now - 1_000 + i).toISOString(),
    src_ip: '198.51.100.7',
    src_port: 50123,
    dst_ip: '192.0.2.10',
    dst_port: 443,
    method: 'GET',
    scheme: 'https',
    host: 'shop.example',
    path: `/item/${i}`,
    http_version: 'HTTP/1.1',
    status: 200,
    headers: [
      ['Host', 'shop.example'],
      ['User-Agent', 'Mozilla/5.0'],
      ['Accept-Language', 'en-US,en;q=0.9'],
    ],
  });

describe('daemon pipeline', () => {
  it('joins socket requests to a sensor handshake, reports the counters, and stores everything on stop', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ja4ws-daemon-'));
    const httpSocket = join(dataDir, 'http.socket');
    const networkSocket = join(dataDir, 'network.socket');
    const config = loadConfig({
      env: {},
      flags: { dataDir, daemon: { port: 0 }, ingest: { httpSocket, networkSocket } },
    });
    const daemon = await runDaemon(config, pino({ level: 'silent' }));
    let stopped = false;
    try {
      await sendLines(networkSocket, [JSON.stringify(handshake)]);
      await sendLines(httpSocket, [request(1), '{"broken json', request(2), request(3)]);
      const client = new HttpApiClient(daemon.url, () => daemon.token);
      let status = await client.call('sensors.status', {});
      for (let i = 0; i < 50 && status.correlator.requests_in !== 3; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = await client.call('sensors.status', {});
      }
      const http = status.ingest.find((s) => s.name === 'http.socket')!;
      expect(http.linesOk).toBe(3);
      expect(http.bad.malformed_json).toBe(1);
      expect(status.correlator.handshakes_in).toBe(1);
      expect(status.correlator.requests_in).toBe(3);
      expect(status.writers.map((w) => w.table).sort()).toEqual([
        'http_logs',
        'http_requests',
        'tcp_events',
        'tls_handshake_finals',
        'tls_handshakes',
      ]);
      // SIGTERM path: the requests are still inside their correlation window; stopping must decide
      // and store them rather than drop them.
      await daemon.stop();
      stopped = true;
    } finally {
      if (!stopped) await daemon.stop();
    }
    const store = await openStore({ kind: 'embedded', dataDir: join(dataDir, 'store') });
    try {
      const rs = await store.client.query({
        query: `SELECT correlation, path, ja4, ja4h != '' AS has_ja4h FROM http_logs WHERE correlation != 'handshake-only' ORDER BY path`,
        format: 'JSONEachRow',
      });
      const rows = await rs.json<{
        correlation: string;
        path: string;
        ja4: string;
        has_ja4h: number | boolean;
      }>();
      expect(rows.map((r) => [r.correlation, r.path, r.ja4])).toEqual(
        [1, 2, 3].map((i) => ['matched', `/item/${i}`, handshake.ja4]),
      );
      expect(rows.every((r) => Boolean(r.has_ja4h))).toBe(true);
      const hs = await store.client.query({
        query: 'SELECT tls_server_name, sensor FROM tls_handshakes',
        format: 'JSONEachRow',
      });
      expect(await hs.json()).toEqual([{ tls_server_name: 'shop.example', sensor: 'remote-1' }]);
    } finally {
      await store.close();
    }
  });
});
