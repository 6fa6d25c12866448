// The intake journal on disk: records survive a process that never closed it, the checkpoint
// deletes what is behind it, and every damaged or poisoned form is quarantined with its reason
// while the records around it still replay.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal, type JournalProblem } from './journal.js';
import { encodeRecord } from './journal-record.js';

let dir: string;
const open: Journal[] = [];
afterEach(() => {
  for (const j of open.splice(0)) j.close();
  rmSync(dir, { recursive: true, force: true });
});

function journal(problems: JournalProblem[] = []): Journal {
  const j = new Journal({
    dir,
    fsyncMs: 20,
    segmentBytes: 4096,
    maxBytes: 1024 ** 3,
    onProblem: (p) => problems.push(p),
  });
  open.push(j);
  return j;
}
const tick = () => new Promise((r) => setImmediate(r));
const lines = (j: Journal) => j.takeBacklog().map((e) => e.line.toString());

function framed(body: Buffer): Buffer {
  const h = Buffer.alloc(12);
  h.write('J4JR', 0);
  h.writeUInt32LE(body.length, 4);
  h.writeUInt32LE(crc32(body), 8);
  return Buffer.concat([h, body]);
}
const good = (seq: number) =>
  encodeRecord({ seq, source: 'http.socket', at: Date.now(), line: Buffer.from(`line ${seq}`) });

describe('intake journal', () => {
  it('replays what an unclosed (killed) journal had written, in order, raw bytes intact', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja4ws-journal-'));
    const a = journal();
    for (let i = 0; i < 100; i++) a.append('http.socket', Buffer.from(`line ${i + 1}`));
    a.append('http.socket', Buffer.from([0xff, 0xfe, 0x0a, 0x00])); // invalid UTF-8, a newline, a NUL
    await tick(); // written at the end of the turn; never closed, never fsync'd by us
    open.pop();
    const b = journal();
    const back = b.takeBacklog();
    expect(back).toHaveLength(101);
    expect(back.slice(0, 100).map((e) => e.line.toString())).toEqual(
      Array.from({ length: 100 }, (_, i) => `line ${i + 1}`),
    );
    expect([...back[100]!.line]).toEqual([0xff, 0xfe, 0x0a, 0x00]);
    expect(back.map((e) => e.seq)).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
    // Numbering continues after the backlog.
    expect(b.append('http.socket', Buffer.from('next'))).toBe(102);
  });

  it('a checkpoint ends the backlog there and deletes segments wholly behind it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja4ws-journal-'));
    const a = journal();
    for (let i = 0; i < 500; i++) {
      a.append('http.socket', Buffer.from(`line ${i + 1} ${'x'.repeat(40)}`));
      if (i % 50 === 0) await tick(); // several writes: several segments of 4 KiB
    }
    await tick();
    const before = readdirSync(dir).filter((f) => f.endsWith('.journal')).length;
    expect(before).toBeGreaterThan(3);
    a.checkpoint(400);
    const after = readdirSync(dir).filter((f) => f.endsWith('.journal')).length;
    expect(after).toBeLessThan(before);
    a.close();
    open.pop();
    const b = journal();
    const back = b.takeBacklog();
    expect(back.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 401 + i));
  });

  const poisons: Array<[string, Buffer, RegExp]> = [
    ['a header that is not JSON', framed(Buffer.from('{"q":5,"s":\nline')), /header is not JSON/],
    ['no header line', framed(Buffer.from('just bytes')), /no header line/],
    ['a sequence that is not a number', framed(Buffer.from('{"q":null,"s":"x","t":1}\nl')), /"q"/],
    ['an empty source', framed(Buffer.from('{"q":7,"s":"","t":1}\nl')), /"s"/],
  ];
  it.each(poisons)(
    'quarantines a record with %s and replays the rest of the segment',
    (_n, bad, reason) => {
      dir = mkdtempSync(join(tmpdir(), 'ja4ws-journal-'));
      writeFileSync(
        join(dir, 'jr-0000000000000001.journal'),
        Buffer.concat([good(1), good(2), bad, good(3)]),
      );
      const problems: JournalProblem[] = [];
      const j = journal(problems);
      expect(lines(j)).toEqual(['line 1', 'line 2', 'line 3']);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ kind: 'record', offset: good(1).length * 2 });
      expect(problems[0]!.reason).toMatch(reason);
      expect(readFileSync(problems[0]!.quarantined).equals(bad)).toBe(true);
      expect(j.stats().quarantined).toBe(1);
    },
  );

  it('cuts a torn or damaged tail off into quarantine and keeps the records before it', () => {
    dir = mkdtempSync(join(tmpdir(), 'ja4ws-journal-'));
    const damaged = good(3);
    damaged.writeUInt8(damaged.readUInt8(damaged.length - 2) ^ 0xff, damaged.length - 2);
    writeFileSync(
      join(dir, 'jr-0000000000000001.journal'),
      Buffer.concat([good(1), good(2), damaged, good(4)]),
    );
    writeFileSync(
      join(dir, 'jr-0000000000000005.journal'),
      Buffer.concat([good(5), good(6).subarray(0, 20)]),
    );
    const problems: JournalProblem[] = [];
    const j = journal(problems);
    expect(lines(j)).toEqual(['line 1', 'line 2', 'line 5']);
    expect(problems.map((p) => [p.kind, p.reason.replace(/ \(.*/, '')])).toEqual([
      ['tail', 'checksum mismatch'],
      ['tail', 'torn record'],
    ]);
    // Cut off: a second start finds nothing more to report.
    j.close();
    open.pop();
    const again: JournalProblem[] = [];
    journal(again);
    expect(again).toEqual([]);
  });

  it('moves a directory named like a segment aside and an unreadable checkpoint too; replays everything else', () => {
    dir = mkdtempSync(join(tmpdir(), 'ja4ws-journal-'));
    mkdirSync(join(dir, 'jr-0000000000000001.journal'));
    writeFileSync(join(dir, 'jr-0000000000000002.journal'), Buffer.concat([good(2), good(3)]));
    writeFileSync(join(dir, 'checkpoint.json'), '{"seq": "two"}');
    const problems: JournalProblem[] = [];
    const j = journal(problems);
    expect(lines(j)).toEqual(['line 2', 'line 3']);
    expect(problems.map((p) => p.kind).sort()).toEqual(['checkpoint', 'segment']);
    expect(problems.find((p) => p.kind === 'segment')!.reason).toMatch(/a directory/);
    expect(readdirSync(join(dir, 'quarantine'))).toHaveLength(2);
  });

  it('counts lines it cannot write (no space) as unjournaled and keeps the segment whole', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja4ws-journal-'));
    const errors: unknown[] = [];
    const j = new Journal({
      dir,
      fsyncMs: 20,
      segmentBytes: 4096,
      maxBytes: 300, // over budget after a few records: the cap is the "disk" here
      onError: (e) => errors.push(e),
    });
    open.push(j);
    for (let i = 0; i < 20; i++) {
      j.append('http.socket', Buffer.from(`line ${i + 1} ${'y'.repeat(50)}`));
      await tick();
    }
    const st = j.stats();
    expect(st.appended + st.unjournaled).toBe(20);
    expect(st.unjournaled).toBeGreaterThan(0);
    expect(errors.length).toBe(1); // reported once, not per line
  });
});
