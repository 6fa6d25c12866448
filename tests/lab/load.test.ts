// The lab under a short load (issue 16, point 6, functional variant): 50 new TLS connections per
// second with 3 keep-alive requests each for 10 s, from 4 addresses, through the daemon's live
// capture. Nothing may be lost or stored twice, and every request must be matched to its own
// connection. Delays are measured by the benchmark (bench/lab/load.bench.ts), never asserted here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasCommand } from '../support/tls.js';
import { labSkipReason } from './netns.js';
import { runLoad } from './load-run.js';

const missing = ['tcpdump', 'tshark', 'nginx', 'ss'].filter((t) => !hasCommand(t));
const skip = missing.length ? `missing tools: ${missing.join(', ')}` : labSkipReason();
if (skip) console.log(`lab load test skipped: ${skip}`);

describe.skipIf(skip !== '')('ground-truth lab under load', () => {
  it('50 new connections/s for 10 s: none lost, none doubled, every request matched', async () => {
    const base = mkdtempSync(join(tmpdir(), 'ja4ws-lab-load-'));
    try {
      const r = await runLoad(base, {
        source: 'tcpdump',
        rate: 50,
        seconds: 10,
        requests: 3,
        generators: 4,
        measureDelays: false,
      });
      console.log(`lab load: ${JSON.stringify(r)}`);
      expect(r.clientErrors).toBe(0);
      expect(r.connections).toBe(500);
      expect(r.requestsServed).toBe(1500);
      expect(r.lostConnections).toBe(0);
      expect(r.doubledConnections).toBe(0);
      expect(r.lostRequests).toBe(0);
      expect(r.doubledRequests).toBe(0);
      expect(r.notMatched).toBe(0);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 300_000);
});
