// `ja4ws fingerprint --threads N` (capture-worker/src/cli/parallel/) prints what the single-thread
// run prints: the same records, field for field, in the same order, with tshark's stream numbers
// (the single-thread run is itself held to FoxIO's expected records and to tshark by
// reference.test.ts and the oracle tests). Checked on every capture of the reference corpus and on
// generated files big enough to be swept mid-file, with 2 and 3 threads.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionRecord } from '../../common/events/connection.js';
import { fingerprintFile } from '../../capture-worker/src/cli/fingerprint-files.js';
import { FingerprintThreads } from '../../capture-worker/src/cli/parallel/fingerprint-threads.js';
import { workerOf } from '../../capture-worker/src/cli/parallel/route.js';
import { readCaptureFile } from '../../capture-worker/src/pcap/read-file.js';
import { capturePath } from '../../capture-worker/test-fixtures/captures.js';
import {
  describeWithReference,
  referenceDir,
} from '../../capture-worker/test-fixtures/reference-corpus.js';
import { repeatCapture } from '../support/repeat-capture.js';

const ENTRY = join(import.meta.dirname, '../../main/cli/fingerprint-main.ts');
const TMP = mkdtempSync(join(tmpdir(), 'ja4-threads-'));

async function single(file: string): Promise<{ records: ConnectionRecord[]; packets: number }> {
  const records: ConnectionRecord[] = [];
  const r = await fingerprintFile(file, { ja4plus: true }, (rec) => records.push(rec));
  expect(r.error).toBeUndefined();
  return { records, packets: r.stats.packets };
}

async function threaded(
  pool: FingerprintThreads,
  file: string,
): Promise<{ records: ConnectionRecord[]; packets: number }> {
  const records: ConnectionRecord[] = [];
  const r = await pool.fingerprintFile(file, { ja4plus: true }, (rec) => records.push(rec));
  expect(r.error).toBeUndefined();
  return { records, packets: r.stats.packets };
}

/** Packets per worker as the reader deals them: a split that sends everything to one worker proves nothing. */
async function dealt(file: string, n: number): Promise<number[]> {
  const per = new Array<number>(n).fill(0);
  for await (const p of readCaptureFile(file)) per[workerOf(p.linkType, p.data, n)]!++;
  return per;
}

const pools: FingerprintThreads[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  rmSync(TMP, { recursive: true, force: true });
});

describe('fingerprint --threads: generated handshake-heavy files', () => {
  let two: FingerprintThreads;
  let three: FingerprintThreads;
  beforeAll(() => {
    two = new FingerprintThreads(2, ENTRY);
    three = new FingerprintThreads(3, ENTRY);
    pools.push(two, three);
  });

  // tls-clients x3: 13,887 packets, so the file is swept once mid-way, an hour of capture time
  // after the first copy: that sweep emits the first copy's connections while the second's are
  // open. quic-chromium x60: QUIC Initials (one connection a copy).
  for (const [name, copies] of [
    ['tls-clients.pcap', 3],
    ['quic-chromium.pcap', 60],
  ] as const) {
    it(`${name} x${copies}: 2 and 3 threads print the single-thread records in its order`, async () => {
      const file = join(TMP, `${name}-x${copies}.pcap`);
      repeatCapture(capturePath(name), file, copies);
      const one = await single(file);
      expect(one.records.length).toBeGreaterThanOrEqual(copies);
      for (const [pool, n] of [
        [two, 2],
        [three, 3],
      ] as const) {
        const per = await dealt(file, n);
        expect(per.every((c) => c > 0)).toBe(true);
        const got = await threaded(pool, file);
        expect(got.packets).toBe(one.packets);
        expect(got.records).toEqual(one.records);
      }
    });
  }
});

describeWithReference('fingerprint --threads: every reference capture', () => {
  let pool: FingerprintThreads;
  beforeAll(() => {
    pool = new FingerprintThreads(2, ENTRY);
    pools.push(pool);
  });

  it('2 threads print the single-thread records, in its order, for each capture', async () => {
    const dir = join(referenceDir(), 'pcap');
    const files = readdirSync(dir).filter((f) => /\.(pcap|pcapng|cap)$/.test(f));
    expect(files.length).toBeGreaterThan(20);
    let records = 0;
    for (const f of files) {
      const one = await single(join(dir, f));
      const got = await threaded(pool, join(dir, f));
      expect({ file: f, records: got.records }).toEqual({ file: f, records: one.records });
      records += one.records.length;
    }
    expect(records).toBeGreaterThan(100);
  });
});
