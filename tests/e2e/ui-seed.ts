// Seeds a data directory for the UI end-to-end tests, before the daemon owns it: the project's own
// captures (capture-worker/test-fixtures/captures) through the real import path (tls_handshakes), a labelled synthetic scenario of correlated
// requests ending now (http_logs; tools/traffic-gen), and one anomaly per labelled bot entity with
// the detector's row mapper. Prints a JSON summary (IPs and JA4s the tests pivot on, the captures'
// time range and the first stored day).
//   npx tsx tests/e2e/ui-seed.ts <dataDir>
import { correlatedToRow } from '../../main/storage/rows/http.js';
import { importCaptureFile } from '../../main/domain/import/operations.js';
import { generateScenario } from '../../tools/traffic-gen/scenario.js';
import { capturePath } from '../../capture-worker/test-fixtures/captures.js';
import type { CorrelatedEvent } from '../../common/events/correlated.js';
import { captureSpan, openSeedStore, seededAnomaly } from './seed-parts.js';

const PCAPS = ['tls-clients.pcap', 'tls12-h2.pcap', 'tls-keylog.pcapng', 'quic-chromium.pcap'];

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: ui-seed.ts <dataDir>');
  // The daemon keeps its embedded store in <data dir>/store (main/config/schema.ts storeConfigOf).
  const store = await openSeedStore(dataDir);
  try {
    for (const p of PCAPS) await importCaptureFile(store, capturePath(p), { ja4plus: true });
    const span = await captureSpan(store);
    const end = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;
    const { events, labels } = generateScenario({ seed: 7, humanIps: 80, botnetIps: 10, end });
    const rows = (events as unknown as CorrelatedEvent[]).map(correlatedToRow);
    for (let i = 0; i < rows.length; i += 20_000)
      await store.insert('http_logs', rows.slice(i, i + 20_000));
    const bots = labels.filter((l) => l.label === 'bot');
    const at = (end - 10 * 60_000) * 1000;
    await store.insert(
      'ml_detected_anomalies',
      bots.map((b, i) =>
        seededAnomaly({
          detectedAtUs: at + i,
          srcIp: b.src_ip,
          ja4: b.ja4,
          modelId: 'e2e-seed',
          runId: 'e2e-seed',
          score: 0.62 + (i % 10) / 50,
          reason: `labelled ${b.kind} in the synthetic scenario`,
        }),
      ),
    );
    // An earlier run flagged the first half again: the queue shows each entity once, runs 2.
    await store.insert(
      'ml_detected_anomalies',
      bots.slice(0, Math.ceil(bots.length / 2)).map((b, i) =>
        seededAnomaly({
          detectedAtUs: at - 30 * 60_000_000 + i,
          srcIp: b.src_ip,
          ja4: b.ja4,
          modelId: 'e2e-seed',
          runId: 'e2e-seed-0',
          score: 0.61,
          reason: 'labelled in an earlier run',
        }),
      ),
    );
    const curl = labels.find((l) => l.kind.includes('curl')) ?? bots[0]!;
    // The tests look at a fixed window holding the anomalies; these are the oracle counts for it.
    const from = end - 20 * 3600_000;
    const to = end + 10 * 60_000;
    const inWindow = (events as unknown as CorrelatedEvent[]).filter(
      (e) => e.ts_us >= from * 1000 && e.ts_us < to * 1000,
    );
    // The Chrome JA4 most requests in the window came with (Chromium's cipher hash), and how
    // many requests and client IPs it has there: the "who uses this JA4" flow's oracle.
    const chromeCounts = new Map<string, number>();
    // (Search's requests hold every correlated event of the table, handshake-only ones too.)
    for (const e of inWindow) {
      const ja4 = e.handshake?.ja4 ?? '';
      if (ja4.split('_')[1] === '8daaf6152771')
        chromeCounts.set(ja4, (chromeCounts.get(ja4) ?? 0) + 1);
    }
    const chromeJa4 = [...chromeCounts].sort((a, b) => b[1] - a[1])[0]![0];
    process.stdout.write(
      JSON.stringify({
        window: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
        requests: inWindow.filter((e) => e.correlation !== 'handshake-only').length,
        // The Overview counts flagged client IPs, not detections.
        anomalies: new Set(bots.map((b) => b.src_ip)).size,
        // The triage queue lists entities: (IP, JA4) pairs, each once whatever its runs.
        entities: new Set(bots.map((b) => `${b.src_ip}|${b.ja4}`)).size,
        twiceFlagged: bots
          .slice(0, Math.ceil(bots.length / 2))
          .some((b) => b.src_ip === curl.src_ip && b.ja4 === curl.ja4),
        curlIp: curl.src_ip,
        chromeJa4,
        chromeRequests: chromeCounts.get(chromeJa4),
        chromeIps: new Set(
          inWindow.filter((e) => e.handshake?.ja4 === chromeJa4).map((e) => e.src_ip),
        ).size,
        curlJa4: curl.ja4,
        // Whole minutes around the imported handshakes, and the first day anything is stored.
        captures: { from: span.from, to: span.to },
        firstDay: new Date(
          Math.min(
            span.firstMs,
            ...(events as unknown as CorrelatedEvent[]).map((e) => e.ts_us / 1000),
          ),
        )
          .toISOString()
          .slice(0, 10),
      }) + '\n',
    );
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`ui-seed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
