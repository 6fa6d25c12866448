// Seeds a data directory for the blocklist export flow, before the daemon owns it: the project's
// capture of many real clients (tls-clients.pcap) through the real import path, and three flagged
// entities of it in the triage queue (the detector's row mapper). Prints a JSON summary: the
// entities, and the captures' time range for the search.
//   npx tsx tests/e2e/blocklist-seed.ts <dataDir>
import { importCaptureFile } from '../../main/domain/import/operations.js';
import { capturePath } from '../../capture-worker/test-fixtures/captures.js';
import { captureSpan, openSeedStore, seededAnomaly } from './seed-parts.js';

// Addresses and JA4s as tshark reads them in tls-clients.pcap (tls-clients.tshark.json).
const FLAGGED = [
  { ip: '127.0.0.13', ja4: 't13d591000_a33745022dd6_1f22a2ca17c4', score: 0.91 },
  { ip: '127.0.0.18', ja4: 't13d591000_a33745022dd6_1f22a2ca17c4', score: 0.83 },
  { ip: '::1', ja4: 't13i3111h2_e8f1e7e78f70_b26ce05bbdd6', score: 0.77 },
];

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: blocklist-seed.ts <dataDir>');
  const store = await openSeedStore(dataDir);
  try {
    await importCaptureFile(store, capturePath('tls-clients.pcap'), { ja4plus: false });
    const at = (Date.now() - 10 * 60_000) * 1000;
    await store.insert(
      'ml_detected_anomalies',
      FLAGGED.map((f, i) =>
        seededAnomaly({
          detectedAtUs: at + i,
          srcIp: f.ip,
          ja4: f.ja4,
          modelId: 'e2e-blocklist',
          runId: 'e2e-blocklist',
          score: f.score,
          reason: 'seeded for the blocklist flow',
        }),
      ),
    );
    const { from, to } = await captureSpan(store);
    process.stdout.write(JSON.stringify({ flagged: FLAGGED, captures: { from, to } }) + '\n');
  } finally {
    await store.close();
  }
}

await main();
