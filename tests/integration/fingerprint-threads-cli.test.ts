// `ja4ws fingerprint --threads 2` as a user runs it: the installed entry (bin/ja4ws.js, the bundle,
// whose worker threads start from the bundle itself). Threads are started only for each 40 MB of
// input (capture-worker/src/cli/thread-plan.ts): a small input runs on one thread and says so; a
// big one is split and the summary names the threads. Either way stdout is the single-thread
// run's bytes. Needs `npm run build:node` (skips without; the test command builds it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { capturePath } from '../../capture-worker/test-fixtures/captures.js';
import { repeatCapture } from '../support/repeat-capture.js';

const root = resolve(import.meta.dirname, '../..');
const bundled = existsSync(join(root, 'dist/cli/fingerprint.cjs'));
const TMP = mkdtempSync(join(tmpdir(), 'ja4-threads-cli-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

function ja4ws(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/ja4ws.js'), 'fingerprint', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe.skipIf(!bundled)('ja4ws fingerprint --threads, from the bundle', () => {
  it('runs a 1 MB input on one thread, says why, and prints the single-thread bytes', () => {
    const file = capturePath('tls-clients.pcap');
    const one = ja4ws([file]);
    const two = ja4ws(['--threads', '2', file]);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(one.out.split('\n').length).toBeGreaterThan(100);
    expect(two.out).toBe(one.out);
    expect(two.err).toMatch(
      /^ja4ws fingerprint: --threads 2: one thread for 1\.0 MB of input: each thread needs 40\.0 MB to pay for its own start$/m,
    );
    expect(two.err).not.toMatch(/threads$/m);
    // --quiet: no note, no summary.
    expect(ja4ws(['-q', '--threads', '2', file]).err).toBe('');
  });

  it('splits 85 MB of input across two threads: the same bytes, as JSON lines and CSV', () => {
    // Two files of 42.5 MB: the threads serve the whole run, so together they pay for two.
    const big = join(TMP, 'tls-clients-x41.pcap');
    expect(repeatCapture(capturePath('tls-clients.pcap'), big, 41)).toBeGreaterThan(42_000_000);
    for (const format of ['jsonl', 'csv']) {
      const one = ja4ws(['--format', format, big, big]);
      const two = ja4ws(['--format', format, '--threads', '2', big, big]);
      expect(one.code).toBe(0);
      expect(two.code).toBe(0);
      expect(one.err).not.toMatch(/threads/);
      expect(two.err).toMatch(
        /^ja4ws fingerprint: read 2 files \(85\.0 MB, .*; in .* on 2 threads$/m,
      );
      expect(two.err).not.toMatch(/one thread/);
      expect(two.out.length).toBeGreaterThan(1_000_000);
      expect(two.out).toBe(one.out);
    }
  });
});
