// Issue 23's proof through the daemon's API: a Zeek ssl.log and a Suricata eve.json uploaded the
// way the Import view sends them; their connections are then found in Search and in the IP
// profile, with the fingerprints the fixture lines carry.
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { HttpApiClient } from '../../common/api/http-client.js';
import { loadConfig } from '../../main/config/load.js';
import { runDaemon } from '../../main/daemon/run-daemon.js';

const fixtures = join(import.meta.dirname, '../../correlation-worker/test-fixtures/interop');
const window = { from: '2012-01-01T00:00:00.000Z', to: '2021-01-01T00:00:00.000Z' };

describe('imported Zeek and Suricata logs in Search and the IP profile', () => {
  it('uploads both, then finds their connections by address and fingerprint', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ja4ws-interop-e2e-'));
    const config = loadConfig({
      env: {},
      flags: { dataDir, daemon: { port: 0 }, ingest: { httpSocket: false, networkSocket: false } },
    });
    const daemon = await runDaemon(config, pino({ level: 'silent' }));
    try {
      const client = new HttpApiClient(daemon.url, () => daemon.token);
      for (const [name, file] of [
        ['ssl.log', 'zeek/ssl.log'],
        ['eve.json', 'suricata-eve.jsonl'],
      ] as const) {
        const up = await client.upload('import.upload', {
          name,
          body: readFileSync(join(fixtures, file)),
        });
        expect(up.jobs.map((j) => j.file)).toEqual([name]);
      }
      let jobs = (await client.call('import.jobs', {})).jobs;
      for (
        let i = 0;
        i < 100 && jobs.some((j) => j.state === 'queued' || j.state === 'running');
        i++
      ) {
        await new Promise((r) => setTimeout(r, 100));
        jobs = (await client.call('import.jobs', {})).jobs;
      }
      expect(jobs.map((j) => [j.file, j.state, j.format, j.connections, j.error])).toEqual([
        ['eve.json', 'done', 'Suricata eve.json', 5, null],
        ['ssl.log', 'done', 'Zeek ssl.log (TSV)', 2, null],
      ]);

      const zeek = await client.call('search.query', {
        window,
        source: 'handshakes',
        filters: { ip: '192.168.1.105' },
      });
      expect(zeek.rows.map((r) => [r.src, r.src_port, r.dst, r.sni, r.ja3, r.sensor])).toEqual([
        [
          '192.168.1.105',
          62045,
          '74.125.224.79',
          'ssl.gstatic.com',
          '6734f37431670b3ab4292b8f60f29984',
          'import:ssl.log',
        ],
      ]);
      const byJa4 = await client.call('search.query', {
        window,
        source: 'handshakes',
        filters: { ja4: 't13d1516h2_8daaf6152771_02713d6af862' },
      });
      expect(byJa4.rows.map((r) => [r.src, r.src_port, r.dst, r.sni, r.sensor])).toEqual([
        ['10.0.0.128', 52046, '64.233.179.94', 'www.gstatic.com', 'import:eve.json'],
      ]);
      const requests = await client.call('search.query', {
        window,
        source: 'requests',
        filters: { ip: '10.0.0.128' },
      });
      // http_logs also holds the unclaimed handshakes (handshake-only), one per TLS connection.
      expect(
        requests.rows
          .filter((r) => r.correlation !== 'handshake-only')
          .map((r) => [r.method, r.host, r.path, r.status, r.correlation]),
      ).toEqual([['GET', 'test.co.uk', '/test/file.json', 200, 'matched']]);

      const profile = await client.call('ip.profile', { ip: '10.0.0.128', window });
      // Two tls events and one quic event; the plain-HTTP flow is a TCP connection, not a handshake.
      expect(profile.totals.handshakes).toBe(3);
      expect(profile.totals.requests).toBe(1);
      expect(profile.snis.map((s) => s.value).sort()).toEqual([
        'www.google.com',
        'www.gstatic.com',
      ]);
      const zeekProfile = await client.call('ip.profile', { ip: '192.0.2.10', window });
      expect(zeekProfile.totals.handshakes).toBe(1);
      expect(JSON.stringify(zeekProfile.fingerprints)).toContain(
        'q13d0310h3_55b375c5d22e_cd85d2d88918',
      );
    } finally {
      await daemon.stop();
    }
  }, 90_000);
});
