// The worker's intake after a restart: lines read before main's `start` are journaled at once
// (so they may be acknowledged) but processed only at `release`, after the backlog's replay, in
// the order they were read; a hold that grows past its bound stops the sockets until it ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal } from '../journal/journal.js';
import { WorkerIntake } from './intake.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const opts = (dir: string) => ({ dir, fsyncMs: 1_000, segmentBytes: 1 << 20, maxBytes: 1 << 30 });
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'ja4ws-worker-intake-'));
  dirs.push(d);
  return d;
};

describe('worker intake hold', () => {
  it('journals held lines at once and processes them after the replay, in order', () => {
    const dir = tmp();
    // A backlog from a killed worker: two lines after the checkpoint.
    const before = new Journal(opts(dir));
    before.append('http.socket', Buffer.from('old 1'));
    before.append('http.socket', Buffer.from('old 2'));
    before.writeNow();
    const journal = new Journal(opts(dir));
    const backlog = journal.takeBacklog();
    const intake = new WorkerIntake(journal);
    const seen: string[] = [];
    const sink = intake.wrap('http.socket', {
      line: (b) => seen.push(b.toString()),
      oversize: () => undefined,
    });
    const reused = Buffer.from('new 1');
    sink.line(reused);
    reused.write('XXXXX'); // the reader may reuse its buffer: the held copy must not change
    sink.line(Buffer.from('new 2'));
    expect(seen).toEqual([]);
    journal.writeNow();
    // A kill -9 now would replay the held lines too: they are in the journal.
    const probe = new Journal(opts(dir));
    expect(probe.takeBacklog().map((e) => e.line.toString())).toEqual([
      'old 1',
      'old 2',
      'new 1',
      'new 2',
    ]);
    probe.close();
    intake.replay(backlog, () => undefined);
    intake.release();
    expect(seen).toEqual(['old 1', 'old 2', 'new 1', 'new 2']);
    expect(intake.heldLines).toBe(2);
    sink.line(Buffer.from('live'));
    expect(seen.at(-1)).toBe('live');
    journal.close();
  });

  it('asks to stop reading past 16 MiB held, and to read again at release', () => {
    const events: boolean[] = [];
    const intake = new WorkerIntake(undefined, (full) => events.push(full));
    let processed = 0;
    const sink = intake.wrap('http.socket', { line: () => processed++, oversize: () => undefined });
    const mib = Buffer.alloc(1024 * 1024, 0x61);
    for (let i = 0; i < 20; i++) sink.line(mib);
    expect(events).toEqual([true]);
    expect(processed).toBe(0);
    intake.release();
    expect(processed).toBe(20);
    expect(events).toEqual([true, false]);
  });
});
