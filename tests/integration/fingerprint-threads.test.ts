// `ja4ws fingerprint --threads N` (capture-worker/src/cli/parallel/) prints what the single-thread
// run prints: the same bytes (the same records, field for field, in the same order, with tshark's
// stream numbers; the single-thread run is itself held to FoxIO's expected records and to tshark by
// reference.test.ts and the oracle tests). Checked on every capture of the reference corpus (JSON
// lines and CSV) and on generated files big enough to be swept mid-file, with 2 and 3 threads.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintFile } from '../../capture-worker/src/cli/fingerprint-files.js';
import { createWriter, type OutputFormat } from '../../capture-worker/src/cli/output.js';
import { FingerprintThreads } from '../../capture-worker/src/cli/parallel/fingerprint-threads.js';
import { holedWriter } from '../../capture-worker/src/cli/parallel/lines.js';
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

interface Printed {
  text: string;
  records: number;
  packets: number;
  error?: string;
}

const errorOf = (e: unknown) => (e === undefined ? undefined : String(e));

async function single(file: string, format: OutputFormat = 'jsonl'): Promise<Printed> {
  let text = '';
  const w = createWriter(format, (s) => (text += s));
  const r = await fingerprintFile(file, { ja4plus: true }, (rec) => w.write(rec));
  w.end();
  return { text, records: r.records, packets: r.stats.packets, error: errorOf(r.error) };
}

async function threaded(
  pool: FingerprintThreads,
  file: string,
  format: OutputFormat = 'jsonl',
): Promise<Printed> {
  let text = '';
  const w = holedWriter(format, (s) => (text += s));
  const r = await pool.fingerprintFile(file, { ja4plus: true, format }, w);
  w.end();
  return { text, records: r.records, packets: r.stats.packets, error: errorOf(r.error) };
}

/** Offset of record `n` (0-based) of a classic little-endian pcap. */
function recordOffset(b: Buffer, n: number): number {
  let at = 24;
  for (let i = 0; i < n; i++) at += 16 + b.readUInt32LE(at + 8);
  return at;
}

/** Packets per thread as route.ts deals them: a split that gives everything to one thread proves nothing. */
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
    it(`${name} x${copies}: 2 and 3 threads print the single-thread bytes`, async () => {
      const file = join(TMP, `${name}-x${copies}.pcap`);
      repeatCapture(capturePath(name), file, copies);
      const one = await single(file);
      expect(one.error).toBeUndefined();
      expect(one.records).toBeGreaterThanOrEqual(copies);
      expect(one.text.split('\n').length).toBe(one.records + 1);
      for (const [pool, n] of [
        [two, 2],
        [three, 3],
      ] as const) {
        const per = await dealt(file, n);
        expect(per.every((c) => c > 0)).toBe(true);
        const got = await threaded(pool, file);
        expect(got.packets).toBe(one.packets);
        expect(got.records).toBe(one.records);
        expect(got.text).toBe(one.text);
        expect(got.error).toBeUndefined();
      }
    });
  }

  // Every thread parses the bytes itself: a bad file must stop them all at the same packet, and
  // the error is the reader's, as in the single-thread run.
  it('a file cut mid-packet and one with a corrupt record length: same bytes and the same error', async () => {
    const full = join(TMP, 'tls-clients.pcap-x3.pcap');
    repeatCapture(capturePath('tls-clients.pcap'), full, 3);
    const b = readFileSync(full);
    const cut = join(TMP, 'cut.pcap');
    writeFileSync(cut, b.subarray(0, recordOffset(b, 9000) + 40));
    const bad = Buffer.from(b);
    bad.writeUInt32LE(0x7ffffff0, recordOffset(b, 7000) + 8);
    const corrupt = join(TMP, 'corrupt.pcap');
    writeFileSync(corrupt, bad);
    for (const [file, packets, error] of [
      [cut, 9000, /truncated/],
      [corrupt, 7000, /.+/],
    ] as const) {
      const one = await single(file);
      expect(one.packets).toBe(packets);
      expect(one.error).toMatch(error);
      expect(one.records).toBeGreaterThan(0);
      const got = await threaded(two, file);
      expect(got).toEqual(one);
    }
  });
});

describe('fingerprint --threads: a worker that dies', () => {
  it('fails the file with a named error instead of waiting for it', async () => {
    const entry = join(TMP, 'exits.mjs');
    writeFileSync(entry, 'process.exit(3);\n');
    const pool = new FingerprintThreads(2, entry);
    pools.push(pool);
    const file = join(TMP, 'quic-x2.pcap');
    repeatCapture(capturePath('quic-chromium.pcap'), file, 2);
    await expect(threaded(pool, file)).rejects.toThrow('fingerprint worker 1: exited (code 3)');
  });
});

describeWithReference('fingerprint --threads: every reference capture', () => {
  let pool: FingerprintThreads;
  beforeAll(() => {
    pool = new FingerprintThreads(2, ENTRY);
    pools.push(pool);
  });

  it('2 threads print the single-thread bytes for each capture, as JSON lines and as CSV', async () => {
    const dir = join(referenceDir(), 'pcap');
    const files = readdirSync(dir).filter((f) => /\.(pcap|pcapng|cap)$/.test(f));
    expect(files.length).toBeGreaterThan(20);
    let records = 0;
    for (const f of files)
      for (const format of ['jsonl', 'csv'] as const) {
        const one = await single(join(dir, f), format);
        const got = await threaded(pool, join(dir, f), format);
        expect(one.error).toBeUndefined();
        expect({ file: f, format, text: got.text }).toEqual({ file: f, format, text: one.text });
        if (format === 'jsonl') records += one.records;
      }
    expect(records).toBeGreaterThan(100);
  });
});
