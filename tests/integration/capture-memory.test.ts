// The flow-table worst case through the real worker: 1,000,000 concurrent half-open TCP flows
// (one SYN each, generated here, never committed). The worker must stay under its configured
// memory cap, evict beyond maxFlows and count it, and deliver one record per flow without drops.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WorkerLog } from '../../common/events/worker.js';
import { CaptureSupervisor } from '../../main/capture/supervisor.js';
import { writeHalfOpenPcap } from '../../bench/capture/make-halfopen-pcap.js';

const FLOWS = 1_000_000;
const MAX_FLOWS = 100_000;
const CAP_MB = 512;

const dir = mkdtempSync(join(tmpdir(), 'capture-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('capture worker memory bound', () => {
  it(
    `1,000,000 half-open flows stay under ${CAP_MB} MB with evictions counted`,
    { timeout: 600_000 },
    async () => {
      const pcap = join(dir, 'halfopen.pcap');
      await writeHalfOpenPcap(pcap, FLOWS);
      let records = 0;
      let maxRss = 0;
      const logs: WorkerLog[] = [];
      const sup = new CaptureSupervisor({
        workers: [
          {
            name: 'mem',
            config: {
              source: 'file',
              iface: pcap,
              maxFlows: MAX_FLOWS,
              memoryCapMb: CAP_MB,
              statsIntervalMs: 500,
            },
          },
        ],
        onRecord: () => records++,
        onStats: (s) => (maxRss = Math.max(maxRss, s.rssBytes)),
        onLog: (m) => logs.push(m as WorkerLog),
      });
      await sup.start();
      const end = Date.now() + 590_000;
      while (
        !['finished', 'failed', 'backoff', 'crash-loop'].includes(sup.health()[0]!.state) &&
        Date.now() < end
      ) {
        await new Promise((r) => setTimeout(r, 200));
      }
      const h = sup.health()[0]!;
      await sup.stop();
      console.log(
        `capture-memory: peak worker RSS ${(maxRss / 1048576).toFixed(0)} MB, evicted ${h.totals.flowsEvicted}, records ${records}`,
      );
      expect(h.state).toBe('finished');
      expect(h.totals.packets).toBe(FLOWS);
      expect(h.totals.flowsEvicted).toBe(FLOWS - MAX_FLOWS);
      expect(maxRss).toBeGreaterThan(0);
      expect(maxRss).toBeLessThan(CAP_MB * 1024 * 1024);
      expect(logs.filter((l) => l.code === 'capture.memory_cap')).toEqual([]);
      // Offline input waits for main instead of dropping: every flow's record arrives.
      expect(h.totals.eventsDropped).toBe(0);
      expect(records).toBe(FLOWS);
    },
  );
});
