// A followed log file while intake is paused (disk full, writers saturated): nothing is read, the
// file keeps growing, and after resume() every line is read once, from where reading stopped.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileTail } from './file-tail.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('log tail pause', () => {
  it('reads nothing while paused and everything, once, after resume', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja4ws-tail-'));
    const path = join(dir, 'access.log');
    writeFileSync(path, 'a1\n');
    const lines: string[] = [];
    const tail = new FileTail(
      { path, pollMs: 10_000, startAt: 'start', maxLineBytes: 4096 },
      { line: (b) => lines.push(b.toString()), oversize: () => undefined },
    );
    await tail.poll();
    expect(lines).toEqual(['a1']);
    tail.pause();
    for (let i = 2; i <= 500; i++) appendFileSync(path, `a${i}\n`);
    await tail.poll();
    expect(lines).toEqual(['a1']);
    tail.resume();
    await tail.poll();
    expect(lines).toEqual(Array.from({ length: 500 }, (_, i) => `a${i + 1}`));
    await tail.close();
  });
});
