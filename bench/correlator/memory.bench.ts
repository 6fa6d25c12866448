// State bytes per open connection and RSS with 1,000,000 open connections: 1,200,000 handshakes
// (no requests, all inside the 60 s window) into a correlator capped at 1,000,000; the oldest
// 200,000 are evicted, emitted as handshake-only and counted. Needs --expose-gc (re-runs itself).
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Correlator } from '../../correlation-worker/src/correlate/correlator.js';
import { machine, record } from './events.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', fileURLToPath(import.meta.url)],
    {
      stdio: 'inherit',
      env: process.env,
    },
  );
  process.exit(r.status ?? 1);
}

const CAP = Number(process.env.CAP ?? 1_000_000);
const TOTAL = Number(process.env.TOTAL ?? 1_200_000);
const T0 = 1_732_480_000_000_000;
const mb = (b: number) => (b / 1024 / 1024).toFixed(0) + ' MB';
const settle = () => {
  gc?.();
  gc?.();
  return process.memoryUsage();
};

console.log(
  `correlator memory: ${TOTAL} handshakes, cap ${CAP}; ${machine()}, ${cpus()[0]?.model}, ${cpus().length} cores shared with other work`,
);

// What one record costs by itself (it is held for the connection's life either way).
{
  const before = settle().heapUsed;
  const keep = [];
  for (let i = 0; i < 100_000; i++) keep.push(record(i, T0 + i));
  const after = settle().heapUsed;
  console.log(
    `  one ConnectionRecord (all fingerprints, parsed from JSON): ${((after - before) / keep.length).toFixed(0)} bytes`,
  );
  keep.length = 0;
}

const base = settle();
let evictedOut = 0;
const c = new Correlator(
  (e) => {
    if (e.finalized === 'evicted') evictedOut++;
  },
  { maxConnections: CAP },
);
const step = 50e6 / TOTAL; // all within 50 s: nothing expires, only the cap bites
for (let i = 0; i < TOTAL; i++) c.addHandshake(record(i, Math.round(T0 + i * step)));
const after = settle();
const open = c.stats.open_connections;
console.log(
  `  open connections ${open}, evicted ${c.stats.evicted_connections} (emitted as handshake-only: ${evictedOut})`,
);
console.log(
  `  heap used ${mb(after.heapUsed - base.heapUsed)} over baseline -> ${((after.heapUsed - base.heapUsed) / open).toFixed(0)} bytes per open connection (record included)`,
);
console.log(`  RSS ${mb(after.rss)} (baseline ${mb(base.rss)})`);
