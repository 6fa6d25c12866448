// Seeds a data directory for the blocklist export flow, before the daemon owns it: the project's
// capture of many real clients (tls-clients.pcap) through the real import path, and three flagged
// entities of it in the triage queue (the detector's row mapper). Prints a JSON summary: the
// entities, and the captures' time range for the search.
//   npx tsx tests/e2e/blocklist-seed.ts <dataDir>
import { join } from 'node:path';
import { anomalyToRow } from '../../main/storage/rows/anomalies.js';
import { migrateUp } from '../../main/storage/migrations/runner.js';
import { openStore } from '../../main/storage/store.js';
import { importCaptureFile } from '../../main/domain/import/operations.js';
import { capturePath } from '../../capture-worker/test-fixtures/captures.js';

// Addresses and JA4s as tshark reads them in tls-clients.pcap (tls-clients.tshark.json).
const FLAGGED = [
  { ip: '127.0.0.13', ja4: 't13d591000_a33745022dd6_1f22a2ca17c4', score: 0.91 },
  { ip: '127.0.0.18', ja4: 't13d591000_a33745022dd6_1f22a2ca17c4', score: 0.83 },
  { ip: '::1', ja4: 't13i3111h2_e8f1e7e78f70_b26ce05bbdd6', score: 0.77 },
];

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: blocklist-seed.ts <dataDir>');
  // The daemon keeps its embedded store in <data dir>/store (main/config/schema.ts storeConfigOf).
  const store = await openStore({ kind: 'embedded', dataDir: join(dataDir, 'store') });
  try {
    await migrateUp(store);
    await importCaptureFile(store, capturePath('tls-clients.pcap'), { ja4plus: false });
    const at = (Date.now() - 10 * 60_000) * 1000;
    await store.insert(
      'ml_detected_anomalies',
      FLAGGED.map((f, i) =>
        anomalyToRow({
          detectedAtUs: at + i,
          entityType: 'ip_ja4',
          srcIp: f.ip,
          ja4: f.ja4,
          modelId: 'e2e-blocklist',
          runId: 'e2e-blocklist',
          score: f.score,
          threshold: 0.6,
          features: {},
          reasons: ['seeded for the blocklist flow'],
          state: 'new',
        }),
      ),
    );
    const [span] = await (
      await store.client.query({
        query: `SELECT toString(min(ts)) AS first, toString(max(ts)) AS last FROM tls_handshakes`,
        format: 'JSONEachRow',
      })
    ).json<{ first: string; last: string }>();
    const utc = (chTime: string) => new Date(chTime.replace(' ', 'T') + 'Z').getTime();
    process.stdout.write(
      JSON.stringify({
        flagged: FLAGGED,
        captures: {
          from: new Date(Math.floor(utc(span!.first) / 60_000) * 60_000).toISOString(),
          to: new Date(Math.ceil(utc(span!.last) / 60_000 + 1) * 60_000).toISOString(),
        },
      }) + '\n',
    );
  } finally {
    await store.close();
  }
}

await main();
