// The ground-truth lab under load (issue 16, point 6): 200 new TLS connections per second, each
// with 3 keep-alive requests, for 60 s, from 4 client namespaces to nginx and the Node server,
// through the daemon's live capture (tcpdump source, then cap). Prints lost / doubled connections
// and requests against the generators' and servers' own records, and p50/p99 delay from each
// connection's SYN (lab capture) to the Live view (SSE stream) and to the store (SQL console
// polled every 500 ms). Needs root and network namespaces.
// Usage: node --import tsx bench/lab/load.bench.ts [rate] [seconds] [sources]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { labSkipReason } from '../../tests/lab/netns.js';
import { runLoad, type Percentiles } from '../../tests/lab/load-run.js';
import type { LiveSource } from '../../tests/lab/run-lab.js';

const rate = Number(process.argv[2] ?? 200);
const seconds = Number(process.argv[3] ?? 60);
const sources = (process.argv[4] ?? 'tcpdump,cap').split(',') as LiveSource[];
const skip = labSkipReason();
if (skip) {
  console.log(`lab load bench skipped: ${skip}`);
  process.exit(0);
}
// A signal ends the process through exit, whose hook removes the lab's namespaces.
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));
const fmt = (p: Percentiles | null): string =>
  p ? `${p.p50.toFixed(0)} / ${p.p99.toFixed(0)} / ${p.max.toFixed(0)} ms (n=${p.n})` : 'n/a';
console.log(
  `# ${new Date().toISOString()} ${cpus().length} x ${cpus()[0]?.model ?? '?'}; ${rate} new connections/s x 3 requests, ${seconds} s`,
);
for (const source of sources) {
  const base = mkdtempSync(join(tmpdir(), 'ja4ws-lab-bench-'));
  try {
    const r = await runLoad(base, {
      source,
      rate,
      seconds,
      requests: 3,
      generators: 4,
      measureDelays: true,
    });
    console.log(
      [
        `source ${source}: ${r.connections}/${r.planned} connections (${r.achievedRate.toFixed(1)}/s achieved, ${r.clientErrors} client errors), ${r.requestsServed} requests served`,
        `  connections: stored ${r.storedConnections}, lost ${r.lostConnections}, doubled ${r.doubledConnections}; capture kernel drops ${r.captureKernelDrops ?? 'unknown'}, worker events dropped ${r.captureEventsDropped}`,
        `  requests: stored ${r.storedRequests}, lost ${r.lostRequests}, doubled ${r.doubledRequests}, not matched ${r.notMatched}`,
        `  Live view: ${r.liveConnectionsSeen} connections seen, ${r.liveDoubled} twice; SYN -> Live p50 / p99 / max ${fmt(r.liveDelayMs)}`,
        `  SYN -> store (500 ms polls) p50 / p99 / max ${fmt(r.storeDelayMs)}; one poll took ${fmt(r.storePollMs)}`,
        `  load average at the end: ${r.loadAverage}`,
      ].join('\n'),
    );
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
