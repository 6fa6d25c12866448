// Packets on demand, end to end (issue 24): the daemon's capture worker watches `lo` with its
// packet store on; curl makes an HTTPS request; the connection's pcapng is downloaded through the
// API (POST /api/v1/pcap.file, what the UI's "Download pcap" calls). tshark reads the file without
// a warning and computes the stored JA3 for curl's port, and `ja4ws fingerprint` gives the stored
// JA4. Live capture needs root (CI runs as root), tcpdump, curl and tshark.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { HttpApiClient } from '../../common/api/http-client.js';
import { apiPrefix } from '../../common/api/contract.js';
import { pcapHeaders } from '../../common/api/pcap.js';
import { connectionId } from '../../common/events/connection-id.js';
import { loadConfig } from '../../main/config/load.js';
import { runDaemon, type RunningDaemon } from '../../main/daemon/run-daemon.js';
import { isoToUs } from '../../main/domain/pcap/operations.js';
import { curlLocalPorts, hasCommand, selfSignedCert, tsharkJa3ByPort } from '../support/tls.js';

const skipReason =
  process.getuid?.() !== 0
    ? 'needs root for live capture on lo'
    : !hasCommand('tcpdump') || !hasCommand('curl') || !hasCommand('tshark')
      ? 'needs tcpdump, curl and tshark'
      : '';
if (skipReason) console.log(`pcap-e2e skipped: ${skipReason}`);

let server: Server | undefined;
let daemon: RunningDaemon | undefined;

afterAll(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await daemon?.stop();
});

describe.skipIf(skipReason !== '')('pcap on demand: live capture -> API download', () => {
  it("downloads a live connection's pcapng: tshark reads it, it re-fingerprints to the stored JA4", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja4ws-e2e-pcap-'));
    const { key, cert } = selfSignedCert(dir);
    server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) =>
      res.end('ok\n'),
    );
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const config = loadConfig({
      env: {},
      flags: {
        dataDir: dir,
        daemon: { port: 0 },
        ingest: { httpSocket: false, networkSocket: false },
        capture: {
          interfaces: ['lo'],
          worker: { filter: `tcp port ${port}`, statsIntervalMs: 500, packets: { flushMs: 200 } },
        },
      },
    });
    daemon = await runDaemon(config, pino({ level: 'silent' }));
    const api = new HttpApiClient(daemon.url, () => daemon!.token);
    await vi.waitFor(
      async () => expect((await api.call('sensors.status', {})).captures[0]?.state).toBe('running'),
      { timeout: 20_000, interval: 200 },
    );
    await new Promise((r) => setTimeout(r, 500));

    const [localPort] = await curlLocalPorts(port, ['/pcap']);
    const window = {
      from: new Date(Date.now() - 600_000).toISOString(),
      to: new Date(Date.now() + 600_000).toISOString(),
    };
    let row:
      | {
          ts: string;
          src: string;
          src_port: number;
          dst: string;
          dst_port: number;
          ja4: string;
          ja3: string;
        }
      | undefined;
    await vi.waitFor(
      async () => {
        const r = await api.call('search.query', {
          window,
          filters: { ip: '127.0.0.1' },
          limit: 100,
        });
        row = r.rows.find((x) => x.src_port === localPort && x.ja4 !== '');
        expect(row).toBeDefined();
      },
      { timeout: 20_000, interval: 250 },
    );
    const id = connectionId({ ...row!, ts_us: isoToUs(row!.ts) });
    // The store indexes written packets every flushMs; wait until the handshake is in.
    await vi.waitFor(
      async () => {
        const plan = await api.call('pcap.plan', { conn: [id] });
        expect(plan.connections[0]?.packets).toBeGreaterThanOrEqual(6);
      },
      { timeout: 20_000, interval: 250 },
    );

    const res = await fetch(`${daemon.url}${apiPrefix}/pcap.file`, {
      method: 'POST',
      headers: { authorization: `Bearer ${daemon.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ conn: [id] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-pcapng');
    expect(res.headers.get(pcapHeaders.connections)).toBe('1');
    expect(res.headers.get(pcapHeaders.truncated)).toBe('0');
    const file = join(dir, 'conn.pcapng');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));

    // tshark: no warning, and its own JA3 of curl's ClientHello is the stored one.
    const t = spawnSync('tshark', ['-n', '-r', file], { encoding: 'utf8', timeout: 30_000 });
    expect(t.status).toBe(0);
    expect(
      t.stderr.split('\n').filter((l) => l.trim() !== '' && !/Running as user "root"/.test(l)),
    ).toEqual([]);
    expect((await tsharkJa3ByPort(file, port)).get(localPort!)).toBe(row!.ja3);

    // `ja4ws fingerprint` on the downloaded file: the stored JA4.
    const root = resolve(import.meta.dirname, '../..');
    const fp = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'main/cli/main.ts'), 'fingerprint', file],
      {
        encoding: 'utf8',
        cwd: root,
        timeout: 60_000,
      },
    );
    expect(fp.status, fp.stderr).toBe(0);
    const recs = fp.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { src_port: number; ja4?: string });
    expect(recs.find((r) => r.src_port === localPort)?.ja4).toBe(row!.ja4);
  }, 90_000);
});
